"""Choosing survey columns by name, or from common header spellings when not given."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from ..errors import SchemaError
from ._scores import parse_score

__all__ = ["resolve_column", "guess_score_column", "guess_text_column", "guess_column", "header_is_plausible",
           "score_candidates", "show_column", "show_columns"]

SCORE_HINTS = ("推荐", "nps", "评分", "打分", "分数", "score", "likelihood", "likely", "recommend", "rating")
TEXT_HINTS = ("原因", "意见", "建议", "评论", "反馈", "理由", "为什么", "comment", "verbatim", "reason",
              "feedback", "why", "answer", "回答", "内容", "text", "open")
ID_HINTS = ("respondent", "编号", "答卷", "序号", "id")
DATE_HINTS = ("date", "日期", "时间", "提交", "time", "submitted", "created")


# Column names are echoed in messages only when the first row reads like a header: a header-less file turns its
# first respondent into "column names", and an answer must never reach an error or a log.
_NAME_SHOWN = 24  # characters of one column name shown
_NAMES_SHOWN = 8  # column names listed at most
_NUMBERISH = re.compile(r"^[+-]?[\d.,:/ -]+%?$")
_DATE = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}")
_SENTENCE = re.compile(r"[，。！!；;…\x00-\x1f\x7f-\x9f]")


def _header_like(name: str) -> bool:
    s = name.strip()
    if not s or s.startswith("Unnamed: "):
        return True
    return not (len(s) > 60 or _SENTENCE.search(s) or _NUMBERISH.match(s) or _DATE.match(s)
                or parse_score(s)[0] is not None)


def header_is_plausible(columns) -> bool:
    """Whether column names read like a header (no number, score, date, sentence or long text among them)."""
    return all(_header_like(str(c)) for c in columns)


def _short(name) -> str:
    s = str(name)
    return repr(s if len(s) <= _NAME_SHOWN else s[:_NAME_SHOWN - 1] + "…")


def show_columns(columns) -> str:
    """The column names for a message ("columns: 'a', 'b'"): a few, truncated, none when the first row is not a
    header ("5 columns (names not shown: …)")."""
    cols = list(columns)
    if not header_is_plausible(cols):
        return (f"{len(cols)} columns (names not shown: the first row does not look like a header; "
                "is the header row missing?)")
    shown = ", ".join(_short(c) for c in cols[:_NAMES_SHOWN])
    return "columns: " + shown + (f", … ({len(cols)} columns)" if len(cols) > _NAMES_SHOWN else "")


def show_column(name, columns) -> str:
    """One column for a message: its name (truncated) when the header is plausible, else its position."""
    cols = list(columns)
    if header_is_plausible(cols):
        return _short(name)
    return f"number {cols.index(name) + 1} of {len(cols)} (the first row does not look like a header)"


def header_matches(header: str, hints: Sequence[str]) -> bool:
    """True when the header contains one of ``hints`` (case-folded; the hint 'id' only as a whole word)."""
    h = str(header).strip().lower()
    for hint in hints:
        if hint == "id":
            # 'id' only as a whole word: avoid matching 'valid', 'paid', 'android'
            if re.search(r"(^|[^a-z])id($|[^a-z])", h):
                return True
        elif hint in h:
            return True
    return False


def resolve_column(frame: pd.DataFrame, name: str, role: str) -> str:
    """Return ``name`` if it is a column of ``frame``, else raise a SchemaError listing the columns."""
    if name in frame.columns:
        return name
    # tolerate surrounding whitespace and case in headers
    folded = {str(c).strip().lower(): c for c in frame.columns}
    key = str(name).strip().lower()
    if key in folded:
        return folded[key]
    raise SchemaError(f"missing column {_short(name)} (the {role} column); the file has "
                      f"{show_columns(frame.columns)}")


def _score_like_share(series: pd.Series) -> float:
    values = series.dropna().head(500)
    if len(values) == 0:
        return 0.0
    ok = sum(parse_score(v)[0] is not None for v in values)
    return ok / len(values)


def score_candidates(frame: pd.DataFrame) -> list[str]:
    """Columns that could hold the score: headers naming it and, among several, those with mostly 0-10 values."""
    named = [c for c in frame.columns if header_matches(c, SCORE_HINTS) and not header_matches(c, TEXT_HINTS)]
    # one header that names the score is taken as is (its bad cells become rejects); among several,
    # keep those whose values mostly parse as 0-10 scores
    return named if len(named) <= 1 else [c for c in named if _score_like_share(frame[c]) >= 0.5]


def guess_score_column(frame: pd.DataFrame) -> str:
    """Pick the score column from common headers; values must mostly parse as 0–10 scores."""
    candidates = score_candidates(frame)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise SchemaError(
            "could not find the score column: expected a header containing one of "
            f"{', '.join(SCORE_HINTS)} with 0-10 values; found "
            f"{show_columns(frame.columns)}; name it with score=... (CLI: --score)"
        )
    raise SchemaError(
        f"several columns could be the score: {', '.join(show_column(c, frame.columns) for c in candidates)}; "
        "choose one with score=... (CLI: --score)"
    )


def guess_text_column(frame: pd.DataFrame, exclude: Sequence[str] = ()) -> str | None:
    """Pick the open-answer column from common headers; None when there is no candidate."""
    named = [c for c in frame.columns if c not in exclude and header_matches(c, TEXT_HINTS)]
    if len(named) > 1:
        # prefer columns that hold text rather than numbers or codes
        wordy = [c for c in named if _score_like_share(frame[c]) < 0.5]
        named = wordy or named
    if len(named) <= 1:
        return named[0] if named else None
    raise SchemaError(
        f"several columns could be the open answer: {', '.join(show_column(c, frame.columns) for c in named)}; "
        "choose one with text=... (CLI: --text)"
    )


def guess_column(frame: pd.DataFrame, hints: Sequence[str], exclude: Sequence[str] = ()) -> str | None:
    """Pick an optional column (id, date) when exactly one header matches; None otherwise."""
    named = [c for c in frame.columns if c not in exclude and header_matches(c, hints)]
    return named[0] if len(named) == 1 else None
