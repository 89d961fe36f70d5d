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


def test_class_tfidf_counts_as_count_vectorizer_does():
    """Counting each distinct clause once, times its frequency, gives CountVectorizer's matrix and vocabulary."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    from textmine.themes import class_tfidf
    from textmine.themes._naming import _terms

    tokens = [["物流", "很", "快"], ["客服", "态度"], ["物流", "很", "快"], ["价格", "便宜"], ["客服", "态度"],
              ["的"], ["物流", "慢"], ["价格", "贵", "的"]] * 3
    labels = np.array([0, 1, 0, 2, 1, -1, 0, 2] * 3)
    M, vocab = class_tfidf(tokens, labels, 4, stop_words={"的", "很"})
    docs = [[t for t, lab in zip(tokens, labels) if lab == c] for c in range(4)]
    cv = CountVectorizer(analyzer=lambda g: [w for toks in g for w in _terms(toks, {"的", "很"}, True)])
    counts = cv.fit_transform(docs).astype(float)
    assert vocab == cv.get_feature_names_out().tolist()  # every term occurs at least twice here
    row_sums = np.asarray(counts.sum(axis=1)).ravel()
    row_sums[row_sums == 0] = 1
    freq = np.asarray(counts.sum(axis=0)).ravel()
    want = sparse.diags(1 / row_sums) @ counts @ sparse.diags(np.log(1 + counts.sum() / 4 / freq))
    assert np.array_equal(M.toarray(), want.toarray())
    assert class_tfidf([["的"]], np.array([0]), 1, stop_words={"的"})[1] == []
