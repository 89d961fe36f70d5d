"""Reading coded and uncoded answer files (:func:`read_answers`, :func:`read_label_file`) and finding which
columns hold the answers and the labels: named by the caller, else found by
their header — the answers as :func:`textmine.read_survey` finds them (原因, 推荐原因, comment …), the labels by
:data:`LABEL_HINTS` (标签, label, codes …)."""

from __future__ import annotations

import pandas as pd

# the header guessing of read_survey
from ..io import guess_text_column, resolve_column, show_columns

__all__ = ["TEXT_NAMES", "LABEL_NAMES", "LABEL_HINTS", "POLARITY_NAMES", "text_column", "label_column",
           "polarity_column", "id_column", "read_answers", "read_label_file"]

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



def read_answers(path, text: str | None = None, id: str | None = None) -> tuple[list[str], list[str]]:
    """(texts, ids) of an uncoded table, as ``textmine classify`` and ``suggest`` read it: the text column named by
    ``text`` or found by :func:`text_column`; ids from the ``id`` column, else 1-based row numbers. A file with no
    recognisable text column raises a SchemaError that lists its headers."""
    from pathlib import Path

    from ..errors import SchemaError

    path = Path(path)
    df = read_label_file(path)
    col = text_column(df, text)
    if col is None:
        raise SchemaError(f"no text column found in {path.name!r} among {show_columns(df.columns)}: expected a "
                          "header such as text, 原因 or comment; name it with --text COL")
    id = id_column(df, id)
    texts = ["" if v is None else str(v) for v in df[col].tolist()]
    ids = [str(v) for v in df[id].tolist()] if id is not None else [str(i + 1) for i in range(len(df))]
    return texts, ids


def read_label_file(path) -> pd.DataFrame:
    """A labels file by :func:`textmine.io.read_table`; a CSV is always comma-separated (a ';' inside a labels
    cell must not be taken for the separator), a TSV tab-separated."""
    from pathlib import Path

    from ..io import read_table

    p = Path(path)
    return read_table(p, sep="," if p.suffix.lower() == ".csv" else None)[0]
