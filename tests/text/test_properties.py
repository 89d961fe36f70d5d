"""Property tests for the text stage: ``to_clauses`` on arbitrary unicode and on very long answers."""

import re
import time

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textmine.errors import TextmineError
from textmine.text import split_clauses, to_clauses

_PIECES = [
    "物流很快", "但是", "客服態度太差", "不過", "價格便宜", "，", "。", "！！", "？", "…", "~", "、", "；", ":", "：",
    ".", " ", "\u3000", "\n", "\r\n", "\t", "<br/>", "&nbsp;", "&amp;", "&#20013;", "<b>", "👍", "😡", "🇨🇳",
    "👨\u200d👩\u200d👧", "1️⃣", "ｉＰｈｏｎｅ　１５", "１３８１２３４５６７８", "138 1234 5678", "QQ：12345678",
    "张三@例子.公司", "a@b.com", "https://x.cn/a?b=1", "/", "-", "无", "N/A", "e\u0301", "\u0301", "שלום",
    "مرحبا", "\u202e", "\u200b", "\x00", "\x07", "\x1b[31m", "\ufeff", "ﬁ", "㊙", "Ⅻ", "𠀀𪚥", "丽", "\uf900",
]
_answer = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(_PIECES), max_size=12).map("".join),
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)), max_size=10).map("".join),
)
_answer_cell = st.one_of(_answer, _answer, _answer, st.none(), st.integers(), st.floats(), st.just(float("nan")))
_CONTENT = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


_PARTS: dict = {}


def _parts() -> dict:
    """The lexicons, tokenizer and scorer, built once for all examples (building them is the slow part)."""
    if not _PARTS:
        from textmine.text import ChineseTokenizer, Lexicons, SentimentScorer

        lex = Lexicons()
        tok = ChineseTokenizer(lexicons=lex)
        _PARTS.update(lexicons=lex, tokenizer=tok, scorer=SentimentScorer(lex, tok))
    return _PARTS


def _as_text(cell) -> str:
    return "" if cell is None or cell != cell else str(cell)


def _check_table(out, answers, *, masked: bool):
    answers = [_as_text(a) for a in answers]
    assert len(out) >= len(answers)
    assert out["clause_id"].tolist() == list(range(len(out)))
    for rid, rows in out.groupby("respondent_id", sort=False):
        answer = answers[rid]
        assert rows["clause_index"].tolist() == list(range(len(rows)))
        pos = 0
        for start, end, original in zip(rows["start"], rows["end"], rows["original"]):
            assert 0 <= pos <= start <= end <= len(answer)
            pos = end
            if not masked:
                assert original == answer[start:end]
    content = out[~out["no_content"]]
    for text in content["text"]:
        assert text and _CONTENT.search(text), text
    assert sorted(set(out["respondent_id"])) == list(range(len(answers)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=st.lists(_answer_cell, min_size=1, max_size=6), masked=st.booleans())
def test_to_clauses_on_arbitrary_unicode(answers, masked):
    frame = pd.DataFrame({"respondent_id": range(len(answers)), "text": pd.Series(answers, dtype=object)})
    try:
        out = to_clauses(frame, mask_pii=masked, **_parts())
    except TextmineError:
        return
    _check_table(out, answers, masked=masked)


@settings(max_examples=150, deadline=None)
@given(answer=_answer)
def test_split_clauses_spans_map_back(answer):
    pos = 0
    for c in split_clauses(answer):
        assert 0 <= pos <= c.start < c.end <= len(answer)
        assert answer[c.start:c.end] == c.original
        pos = c.end


def _long(kind: str, n: int = 100_000) -> str:
    import random

    rng = random.Random(7)
    if kind == "mixed":
        parts, size = [], 0
        while size < n:
            parts.append(rng.choice(_PIECES))
            size += len(parts[-1])
        return "".join(parts)[:n]
    if kind == "one clause":
        return ("物流很快客服态度好价格便宜" * (n // 13 + 1))[:n]
    if kind == "spaced digits":
        return " ".join(rng.choice("0123456789") for _ in range(n // 2))
    if kind == "emoji":
        return "👍😡" * (n // 2)
    if kind == "at signs":
        return ("名字@例子" * (n // 5 + 1))[:n]
    if kind == "random":
        return "".join(chr(rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x4E00, 0x9FA5),
                                       rng.randrange(0x1F300, 0x1F64F), rng.randrange(0x0300, 0x036F)]))
                       for _ in range(n))
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["mixed", "one clause", "spaced digits", "emoji", "at signs", "random"])
def test_a_100k_character_answer_finishes_in_seconds(kind):
    answer = _long(kind)
    masked = kind != "mixed"  # the default (masked) path, and once the offsets against the raw text
    t0 = time.perf_counter()
    out = to_clauses(pd.DataFrame({"respondent_id": [0], "text": [answer]}), mask_pii=masked, **_parts())
    elapsed = time.perf_counter() - t0
    assert elapsed < 5, f"{kind}: {elapsed:.1f} s"
    _check_table(out, [answer], masked=masked)
    assert out["end"].iloc[-1] <= len(answer) == 100_000 - (kind == "spaced digits")
