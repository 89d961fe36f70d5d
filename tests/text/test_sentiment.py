import pickle

import pytest

from textmine.text import (
    Lexicons,
    SentimentScorer,
    answer_sentiment,
    clause_sentiment,
    is_no_content,
    split_clauses,
)


@pytest.fixture(scope="module")
def scorer():
    return SentimentScorer()


def test_range_and_sign(scorer):
    for text in ["很好", "太差了", "物流", ""]:
        assert -1.0 <= scorer.clause(text) <= 1.0
    assert scorer.clause("很好吃") > 0
    assert scorer.clause("难吃") < 0
    assert scorer.clause("物流") == 0.0
    assert scorer.clause("") == 0.0


def test_negation_flips(scorer):
    assert scorer.clause("好") > 0 > scorer.clause("不好")
    assert scorer.clause("满意") > 0 > scorer.clause("不满意")
    assert scorer.clause("推荐") > 0 > scorer.clause("不推荐")
    assert scorer.clause("贵") < 0 < scorer.clause("不贵")


def test_negation_scope_with_degree(scorer):
    # 不太好 (not very good) is mildly negative; 太不好 (too not-good) strongly negative
    mild, strong = scorer.clause("不太好"), scorer.clause("太不好")
    assert strong < mild < 0
    assert scorer.clause("不是很好") < 0
    assert scorer.clause("不是很好") > scorer.clause("很不好")


def test_double_negation_is_mildly_positive(scorer):
    assert 0 < scorer.clause("不是不好") < scorer.clause("好")
    assert scorer.clause("没有不满意") > 0


def test_degree_adverbs_intensify_and_soften(scorer):
    assert scorer.clause("非常满意") > scorer.clause("满意") > scorer.clause("比较满意") > 0
    assert scorer.clause("特别差") < scorer.clause("差") < scorer.clause("有点差") < 0


def test_hmm_glued_phrases_still_scored(scorer):
    assert scorer.clause("很赞") > scorer.clause("赞") > 0


def test_negator_out_of_scope(scorer):
    # the negator is more than three tokens before the opinion word
    assert scorer.clause("没有 我 觉得 这 家 好") > 0


def test_contrast_rule_overall_answer(scorer):
    clauses = split_clauses("物流很快，但是客服態度太差了！！")
    assert clauses[0].contrast is False and clauses[1].contrast is True
    assert scorer.answer(clauses) < 0
    # the same two clauses without the marker weigh the same
    assert scorer.answer([(0.8, False), (-0.8, False)]) == 0.0
    assert scorer.answer([(0.8, False), (-0.8, True)]) == pytest.approx((0.8 - 1.6) / 3)
    assert scorer.answer("价格有点贵，但是质量非常好") > 0


def test_answer_ignores_neutral_clauses(scorer):
    assert scorer.answer([(0.0, False), (0.5, False)]) == 0.5
    assert scorer.answer([]) == 0.0
    assert scorer.answer("") == 0.0


def test_module_functions():
    assert clause_sentiment("很满意") > 0
    assert answer_sentiment("送餐太慢了，饭都凉了") < 0


def test_custom_lexicons(tmp_path):
    lex = Lexicons(extra={"positive": {"绝绝子": 2.0}})
    assert SentimentScorer(lex).clause("绝绝子") > 0.9
    assert SentimentScorer().clause("绝绝子") == 0.0


def test_scorer_pickle(scorer):
    scorer.clause("好")
    clone = pickle.loads(pickle.dumps(scorer))
    assert clone.clause("很好") == scorer.clause("很好")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("无", True),
        ("没有。", True),
        ("还行吧", False),  # an evaluation: the overall theme (整体评价), not no-content
        ("挺好的！", False),
        ("不知道!!", True),
        ("没意见", True),
        ("N/A", True),
        ("😀😀", True),
        ("", True),
        (None, True),
        ("<PHONE>", True),
        ("13800138000", True),
        ("物流很快", False),
        ("没有送餐具", False),
        # placeholders a shop platform writes when the customer left the box empty
        ("此用户未及时填写评价内容", True),
        ("您没有填写内容，默认好评", True),
        ("评价方未及时做出评价,系统默认好评!", True),
        ("默认好评，但是空调噪音大", False),
    ],
)
def test_is_no_content(text, expected):
    assert is_no_content(text) is expected


def test_negation_of_a_verb_does_not_flip_a_later_adjective(scorer):
    # 没 negates 遇到, not 慢: "never met such a slow courier" is a complaint
    assert scorer.clause("从来没遇到这么慢的快递") < 0
    assert scorer.clause("不怎么满意") < 0


@pytest.mark.parametrize(
    "text, sign",
    [
        # cost aspects: more is worse
        ("油耗太高", -1), ("油耗有点高", -1), ("油耗偏高", -1), ("油耗很低", 1), ("油耗不高", 1),
        ("高油耗", -1), ("低油耗", 1), ("噪音大", -1), ("噪音很小", 1), ("噪音不大", 1), ("胎噪有点大", -1),
        ("售后费用太高", -1),
        # benefit aspects: more is better
        ("动力不足", -1), ("动力很足", 1), ("空间大", 1), ("后排空间有点小", -1), ("大空间", 1), ("续航短", -1),
        ("量太少", -1), ("分量足", 1), ("保值率高", 1),
        # no aspect: the magnitude word alone says nothing; other opinions are untouched
        ("个子高", 0), ("服务态度很好", 1), ("质量很差", -1), ("有异响", -1),
    ],
)
def test_aspect_and_magnitude_read_together(scorer, text, sign):
    p = scorer.clause(text)
    assert (p > 0) - (p < 0) == sign, (text, p)


def test_aspects_lexicon_roles_are_checked():
    from textmine.errors import ConfigError
    from textmine.text import Lexicons, SentimentScorer

    with pytest.raises(ConfigError, match="unknown role"):
        SentimentScorer(lexicons=Lexicons(aspects={"油耗": "expensive"})).clause("油耗高")
    # a user's own aspects replace the shipped list
    s = SentimentScorer(lexicons=Lexicons(aspects={"等待": "cost", "长": "more"}))
    assert s.clause("等待长") < 0
    assert s.clause("等待的时间很长") == 0.0  # two words (的, 时间) between: not paired


def test_an_aspect_pairs_with_the_magnitude_after_it_before_the_one_before_it(scorer):
    # 大 belongs to 声音 (not an aspect); 空间 pairs with 小 after it, not with 大 before it
    assert scorer.clause("声音大空间小") < 0
