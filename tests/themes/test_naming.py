"""Theme labels name what customers talk about, never how they judge it."""

import pytest

from textmine.themes import make_label
from textmine.themes._naming import TermNamer, default_namer

# keyword lists whose old labels were "好 · 棒", "说 · 过来" ...: nothing in them names an aspect
NOTHING_TO_NAME = [["好", "棒"], ["说", "过来"], ["中午", "去"], ["人", "两个"], ["槽", "吐"], ["henhao", "good"],
                   ["阿", "恩"], ["发", "打"], ["看好", "呦"], ["喜欢", "不错"], ["知道", "还可以"], ["评", "追"],
                   ["开始", "刚"], ["元", "很多"], ["失望"]]


@pytest.fixture(scope="module")
def namer():
    return default_namer()


@pytest.mark.parametrize("keywords", NOTHING_TO_NAME)
def test_opinion_function_time_and_number_words_never_name_a_theme(keywords, namer):
    assert make_label(keywords, namer=namer) == "(unnamed)"


@pytest.mark.parametrize("keywords, label", [
    (["辣", "吃", "味道", "辣味"], "味道 · 辣味"),
    (["客服", "态度", "客服态度"], "客服 · 态度"),
    (["上菜快", "速度"], "上菜 · 速度"),  # the opinion is cut from the aspect phrase
    (["价格", "高", "总体", "性价比"], "价格 · 性价比"),  # magnitude and generic words are skipped
    (["元", "价格", "便宜"], "价格"),
    (["customer service", "nice"], "customer service"),
    (["漏水", "安装"], "安装"),  # an aspect noun comes before a problem word
])
def test_labels_are_aspect_phrases(keywords, label, namer):
    assert make_label(keywords, namer=namer) == label


def test_problem_words_name_a_theme_when_no_noun_does(namer):
    assert make_label(["闪退", "卡顿"], namer=namer) == "闪退 · 卡顿"
    assert make_label(["掉色", "起球"], namer=namer) == "掉色 · 起球"


def test_without_a_namer_the_label_is_the_first_keywords():
    assert make_label(["好", "棒", "好"]) == "好 · 棒"


def test_the_namer_reads_the_lexicons_it_is_given():
    from textmine.text import Lexicons

    plain = TermNamer()
    assert plain.head("小哥") == "小哥"
    custom = TermNamer(Lexicons(extra={"stopwords": ["小哥"]}))
    assert custom.head("小哥") == ""
