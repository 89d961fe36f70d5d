"""Clauses that only evaluate are told apart from clauses about something."""

import pandas as pd
import pytest

from textmine.text import evaluation_only, is_no_content, to_clauses

ONLY_JUDGE = ["很好", "太棒了", "好评", "失望", "垃圾", "一般般", "非常满意", "东西不错", "总体还可以", "体验很差",
              "五星好评", "还行吧", "不错不错", "超赞！", "不太满意", "挺好的", "推荐购买"]
ABOUT_SOMETHING = ["物流很快", "客服态度很好", "质量不错", "用了没几天就坏了", "发货很快", "价格便宜", "下次还来"]


def _clauses(texts):
    return to_clauses(pd.DataFrame({"respondent_id": range(len(texts)), "text": texts}))


def test_judging_clauses_are_evaluations_and_content():
    c = _clauses(ONLY_JUDGE)
    assert len(c) == len(ONLY_JUDGE)
    assert not c["no_content"].any()
    assert evaluation_only(c).all(), list(c.loc[~evaluation_only(c), "text"])


def test_clauses_about_an_aspect_or_event_are_not():
    c = _clauses(ABOUT_SOMETHING)
    assert not evaluation_only(c).any(), list(c.loc[evaluation_only(c), "text"])


@pytest.mark.parametrize("text", ["/", "无", "不知道", "henhao"])
def test_no_content_is_never_an_evaluation(text):
    c = _clauses([text])
    assert is_no_content(text) and not evaluation_only(c).any()


def test_the_lexicon_decides():
    from textmine.text import Lexicons

    c = _clauses(["给力"])
    assert evaluation_only(c).all()
    assert not evaluation_only(c, Lexicons(evaluation={"好": "judge"})).any()


def test_wishes_that_name_nothing_are_evaluations_and_wishes_about_something_are_not():
    wishes = ["希望改进", "希望继续保持", "继续加油", "希望你们越做越好", "祝你们越来越好", "再接再厉"]
    asks = ["希望物流快一点", "希望改进物流", "希望客服提升", "建议增加人工客服", "商家不错"]
    c = _clauses(wishes + asks)
    assert len(c) == len(wishes + asks)
    flags = evaluation_only(c)
    assert list(flags[: len(wishes)]) == [True] * len(wishes)
    assert not any(flags[len(wishes):])
