import pytest

from textmine.classify import suggest
from textmine.errors import ConfigError


def test_suggest_lists_n_distinct_non_empty(fitted):
    texts = ["东西收到了", "物流还行吧", "", "东西收到了", "价格客服都不错", "快递很快", "质量一般", "包装很好",
             "客服还可以吧", "发票开了"]
    t = suggest(fitted, texts, n=5)
    assert len(t) == 5 and t["rank"].tolist() == [1, 2, 3, 4, 5]
    assert t["row"].is_unique and 2 not in set(t["row"]) and not {0, 3} <= set(t["row"])  # no empty, no repeat
    assert t["uncertainty"].between(0, 1).all()
    assert list(t.columns) == ["rank", "row", "id", "uncertainty", "suggested", "probabilities", "text", "labels"]


def test_suggest_prefers_uncertain(fitted):
    t = suggest(fitted, ["快递第二天就到了", "还可以吧"], n=1, diversity=0.0)
    assert t["row"].tolist() == [1]  # a training answer is certain; a vague one is not


def test_suggest_validates(fitted):
    with pytest.raises(ConfigError, match="n=0 must be a positive integer"):
        suggest(fitted, ["a"], n=0)
    with pytest.raises(ConfigError, match="diversity=2 must be between 0 and 1"):
        suggest(fitted, ["a"], diversity=2)


def test_suggest_masks_personal_data_by_default(fitted):
    texts = ["快递员电话13812345678打不通", "客服邮箱 help@example.com 没人回"]
    masked = suggest(fitted, texts, n=2)
    assert not masked["text"].str.contains("13812345678|help@example.com").any()
    assert masked["text"].str.contains("<PHONE>").any() and masked["text"].str.contains("<EMAIL>").any()
    plain = suggest(fitted, texts, n=2, mask=False)
    assert set(plain["text"]) == set(texts)
    assert masked["row"].tolist() == plain["row"].tolist()  # the model scores the answers as written either way
