"""Which columns of a coded or uncoded file hold the answers and the labels: named by the caller, else found by
their header — the answers as :func:`textmine.read_survey` finds them (原因, 推荐原因, comment …), the labels by
:data:`LABEL_HINTS` (标签, label, codes …)."""

from __future__ import annotations

import pandas as pd

# the header guessing of read_survey; textmine.io does not re-export it yet
from ..io._columns import guess_text_column, resolve_column

__all__ = ["TEXT_NAMES", "LABEL_NAMES", "LABEL_HINTS", "POLARITY_NAMES", "text_column", "label_column",
           "polarity_column", "id_column"]

#: headers taken as they are before any guessing (the usual names in coded data sets)
TEXT_NAMES = ("text", "content", "review", "answer", "verbatim", "comment", "clause")
LABEL_NAMES = ("labels", "label", "codes", "code", "themes", "theme", "subject", "subjects")
POLARITY_NAMES = ("polarity", "sentiment", "sentiment_value")
#: parts of a header that mark a labels column
LABEL_HINTS = ("标签", "标注", "编码", "类别", "分类", "主题", "label", "code", "theme", "categor")


def _exact(frame: pd.DataFrame, names) -> str | None:
    lower = {str(c).strip().lower(): c for c in frame.columns}
    return next((lower[n] for n in names if n in lower), None)


def _is_label_header(header) -> bool:
    h = str(header).strip().lower()
    return any(hint in h for hint in LABEL_HINTS)


def _is_zero_one(series: pd.Series) -> bool:
    v = pd.to_numeric(series, errors="coerce")
    return bool(v.notna().any() and v.dropna().isin([0, 1]).all())


def text_column(frame: pd.DataFrame, given: str | None = None) -> str | None:
    """The answers' column: ``given``, else a usual name (text, content …), else read_survey's guess among the
    headers that do not name labels; None when nothing fits. Ambiguous headers raise a SchemaError."""
    if given is not None:
        return resolve_column(frame, given, "text")
    found = _exact(frame, TEXT_NAMES)
    if found is not None:
        return found
    return guess_text_column(frame, exclude=[c for c in frame.columns if _is_label_header(c)])


def label_column(frame: pd.DataFrame, given: str | None = None, exclude=()) -> str | None:
    """The labels' column (labels separated in one cell, or one label per row): ``given``, else a usual name
    (labels, label, codes …), else the one header holding a label hint (标签, 类别 …) whose cells are not 0/1
    (a 0/1 column is one label of the wide format); None when nothing fits."""
    if given is not None:
        return resolve_column(frame, given, "labels")
    found = _exact(frame, LABEL_NAMES)
    if found is not None:
        return found
    named = [c for c in frame.columns if c not in exclude and _is_label_header(c) and not _is_zero_one(frame[c])]
    return named[0] if len(named) == 1 else None


def polarity_column(frame: pd.DataFrame, given: str | None = None) -> str | None:
    if given is not None:
        return resolve_column(frame, given, "polarity")
    return _exact(frame, POLARITY_NAMES)


def id_column(frame: pd.DataFrame, given: str | None = None) -> str | None:
    """The respondent id column when named; guessed ids are not used (row numbers are the default)."""
    return resolve_column(frame, given, "id") if given is not None else None

