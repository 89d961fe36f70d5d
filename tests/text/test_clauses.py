import dataclasses

import pytest

from textmine.errors import ConfigError
from textmine.text import Clause, split_clauses


def spans(text, **kw):
    return [(c.text, c.start, c.end, c.contrast) for c in split_clauses(text, **kw)]


def test_issue_example_offsets_into_original():
    text = "物流很快，但是客服態度太差了！！"
    clauses = split_clauses(text)
    assert [(c.text, c.start, c.end, c.contrast) for c in clauses] == [
        ("物流很快", 0, 4, False),
        ("但是客服态度太差了", 5, 14, True),
    ]
    for c in clauses:
        assert text[c.start:c.end] == c.original
    assert clauses[1].original == "但是客服態度太差了"


def test_clause_is_frozen_dataclass():
    c = split_clauses("很好")[0]
    assert isinstance(c, Clause)
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.text = "x"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("好吃。送餐快！下次还点", ["好吃", "送餐快", "下次还点"]),
        ("好吃.送餐快!下次还点?嗯嗯;价格便宜", ["好吃", "送餐快", "下次还点", "嗯嗯", "价格便宜"]),
        ("环境好\n服务好\r\n价格公道", ["环境好", "服务好", "价格公道"]),
        ("好吃 实惠 送餐快", ["好吃", "实惠", "送餐快"]),
        ("优点：屏幕大", ["优点", "屏幕大"]),
        ("价格3.5元，时间10:30送到", ["价格3.5元", "时间10:30送到"]),
        ("服务、味道、环境都很好", ["服务、味道、环境都很好"]),
    ],
)
def test_split_on_full_and_half_width_punctuation_and_newlines(text, expected):
    assert [c.text for c in split_clauses(text)] == expected


@pytest.mark.parametrize(
    "marker", ["但是", "但", "不过", "可是", "然而", "只是", "就是", "却", "不過", "卻"]
)
def test_contrast_markers_split_without_punctuation(marker):
    text = f"味道不错{marker}有点咸"
    out = split_clauses(text, normalizer=str)
    assert [(c.original, c.contrast) for c in out] == [("味道不错", False), (f"{marker}有点咸", True)]


def test_concession_then_contrast():
    assert spans("虽然价格有点贵，但是质量很好") == [
        ("虽然价格有点贵", 0, 7, False),
        ("但是质量很好", 8, 14, True),
    ]


@pytest.mark.parametrize(
    "text",
    ["不但好吃而且便宜", "这个价格不过分", "冷却效果很好", "就是好吃", "但愿下次更好", "也就是说还行"],
)
def test_non_contrast_uses_of_markers_do_not_split(text):
    out = split_clauses(text, normalizer=str)
    assert [c.original for c in out] == [text]
    assert not out[0].contrast


def test_short_fragments_are_attached():
    # a one-character fragment at the start goes to the next clause, later ones to the previous
    assert spans("嗯，味道不错", normalizer=str) == [("嗯，味道不错", 0, 6, False)]
    assert spans("味道不错，好", normalizer=str) == [("味道不错，好", 0, 6, False)]
    # a bare marker goes to the next clause and keeps the contrast
    assert spans("味道不错，但是，太贵了", normalizer=str) == [
        ("味道不错", 0, 4, False),
        ("但是，太贵了", 5, 11, True),
    ]
    # a dangling marker at the end stays with its clause
    assert spans("很好，但是", normalizer=str) == [("很好，但是", 0, 5, False)]


def test_min_chars_parameter():
    assert len(split_clauses("好，行，棒", min_chars=1)) == 3
    assert len(split_clauses("好，行，棒", min_chars=2)) == 1
    with pytest.raises(ConfigError, match="min_chars=-1 must be >= 0"):
        split_clauses("好", min_chars=-1)


def test_urls_and_emails_are_not_split():
    out = split_clauses("详情 https://a.example.com/x?y=1 很好用。联系 a.b@qq.com")
    assert [c.text for c in out] == ["详情 <URL> 很好用", "联系 <EMAIL>"]


def test_html_breaks_split_and_entities_removed():
    assert [c.text for c in split_clauses("服务很好<br/>价格公道&nbsp;&nbsp;下次再来")] == [
        "服务很好",
        "价格公道",
        "下次再来",
    ]


def test_empty_blank_and_emoji_only():
    assert split_clauses("") == []
    assert split_clauses("   \n ") == []
    assert split_clauses(None) == []
    assert spans("👍👍👍") == [("👍👍👍", 0, 3, False)]
    assert spans("👍👍", normalizer=str) == [("👍👍", 0, 2, False)]


def test_first_clause_never_contrast():
    out = split_clauses("但是太贵了")
    assert [(c.text, c.contrast) for c in out] == [("但是太贵了", False)]


def test_custom_markers():
    out = split_clauses("味道不错而且便宜", markers={"而且": "contrast"}, normalizer=str)
    assert [c.original for c in out] == ["味道不错", "而且便宜"]


def test_full_width_text_offsets():
    text = "ｉＰｈｏｎｅ　１５很好用，但是電池不行"
    out = split_clauses(text)
    assert [c.text for c in out] == ["iPhone 15很好用", "但是电池不行"]
    assert [text[c.start:c.end] for c in out] == [c.original for c in out]
