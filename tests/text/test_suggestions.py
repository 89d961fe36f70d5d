"""Suggestion cues (textmine/text/_suggestions.py): a clause that asks for something is a suggestion; evaluations
and recommendations that share its words (应该不错, 最好的, 建议购买) are not."""

import numpy as np
import pytest

from textmine.errors import ConfigError
from textmine.text import Lexicons, is_suggestion, normalize, suggestion_cue, suggestion_flags


@pytest.mark.parametrize("text, cue", [
    ("希望物流快一点", "希望"),
    ("建议增加门店", "建议"),
    ("期待下次合作", "期待"),
    ("要是能包邮就好了", "要是能包邮就好了"),  # the longest cue, a frame, wins
    ("如果首次安装免费就好了", "如果首次安装免费就好了"),
    ("能不能便宜点", "能不能"),
    ("如果能送货上门就更好了", "如果能"),
    ("你们应该多培训员工", "应该多"),
    ("最好提前打电话", "最好"),
    ("可以便宜点吗", "可以便宜点吗"),
    ("麻烦快点发货", "麻烦"),
    ("但是 增加门店吧", "增加"),
    ("客服请尽快回复", "请尽快"),
    ("多送一点赠品", "多送一点"),
    ("希望能改进", "希望"),
    ("Please add Apple Pay", "Please"),
    ("It would be nice to have a dark mode", "would be nice"),
    ("I hope delivery gets faster", "hope"),
])
def test_requests_wishes_and_expectations_are_suggestions(text, cue):
    assert suggestion_cue(text) == cue
    assert is_suggestion(text)


@pytest.mark.parametrize("text", [
    "应该不错",             # "should be good": an evaluation
    "应该是正品",           # a guess
    "这是我买过最好的空调",  # "the best": praise
    "服务最好",             # praise at the clause's end
    "建议购买",             # "recommend buying": praise for other buyers
    "建议大家入手",
    "推荐给朋友",
    "建议别去",             # advice to other buyers, not a request to the company
    "退货太麻烦了",          # "a hassle": a complaint
    "价格增加了",            # a change that happened, not an imperative
    "超出期待",              # "beyond expectations": praise
    "请问什么时候发货",       # a question
    "主要是能让长辈凉快",     # 要是能 inside 主要是能
    "物流很快",
    "",
    "It should be fine",
    "very pleased with it",
])
def test_evaluations_and_recommendations_are_not(text):
    assert suggestion_cue(text) == ""
    assert not is_suggestion(text)


def test_traditional_text_is_found_once_normalised():
    assert is_suggestion(normalize("希望物流快一點")) and is_suggestion(normalize("建議增加門店"))


def test_flags_are_one_bool_per_text_missing_ones_false():
    flags = suggestion_flags(["希望快点", None, "很好", "希望快点"])
    assert flags.dtype == np.bool_ and flags.tolist() == [True, False, False, True]


def test_a_lexicon_of_ones_own_adds_cues_and_refuses_unknown_kinds():
    mine = Lexicons(extra={"suggestion": {"求": "lead"}})
    assert suggestion_cue("求包邮", mine) == "求" and suggestion_cue("求包邮") == ""
    with pytest.raises(ConfigError, match=r"unknown kinds \['wish'\]; allowed: cue, lead, frame, not"):
        suggestion_cue("希望快点", Lexicons(suggestion={"希望": "wish"}))
