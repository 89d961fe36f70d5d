"""Reading survey exports: CSV/TSV (any common encoding), XLSX, SPSS .sav, Parquet, or a DataFrame."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import InputError, SchemaError, ScoreError
from ._columns import (ID_HINTS, guess_column, guess_score_column, guess_text_column, resolve_column,
                       score_candidates, show_column)
from ._formats import SUPPORTED_FORMATS, header_names, read_table
from ._scores import parse_score
from ._survey import FRAME_COLUMNS, REJECT_COLUMNS, Survey

__all__ = ["read_survey", "read_table", "SUPPORTED_FORMATS"]


def read_survey(path_or_frame, *, text=None, score=None, id=None, date=None,
                segments: Sequence[str] = (), sheet=None, encoding=None, score_required: bool = True,
                weight=None, first_row: int = 1) -> Survey:
    """Read a survey export into a :class:`Survey`.

    Parameters
    ----------
    path_or_frame : path or DataFrame
        CSV/TSV (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16; detected), XLSX, SPSS .sav or Parquet.
    text, score, id, date : str, optional
        Column names (``text=False``: read no open answer, e.g. for NPS alone). ``score`` and ``text`` are
        guessed from common headers when not given (the choice is reported in ``notes``); ``id`` and ``date``
        are guessed only when exactly one header matches.
    segments : sequence of str
        Columns to keep as segments (SPSS value labels are applied).
    sheet : str or int, optional
        Excel sheet by name or 0-based index (default: the first).
    encoding : str, optional
        Force a text encoding for CSV/TSV.
    score_required : bool, default True
        ``False`` when the scores are optional (theme discovery needs none): if ``score`` is not given and no
        header names a score column, every row is read as a respondent with ``score`` NaN and ``nps_group``
        None, ``columns["score"]`` is None and a note says so. A score column that is named or found is used as
        usual (its unusable cells are rejects).
    weight : str, optional
        Survey weight column: kept as ``frame["weight"]`` (float, finite, >= 0) and named in
        ``columns["weight"]``. A row whose weight is missing, not a number, negative or infinite is a reject
        with its reason, as a row with an unusable score is.

    first_row : int, default 1
        The number of the first data row (``row``, and the ids of rows without one): a partition of a larger
        export passes its first row's number in the whole export.

    Every input row ends in ``frame`` or in ``rejects`` with its reason. Empty answers stay in ``frame``
    (they count for NPS) with ``empty_text=True``.

    Raises :class:`~textmine.errors.InputError` (or its subclasses ``SchemaError``, ``ScoreError``) for any
    file that cannot be read as a survey; messages name columns only when the first row reads like a header.
    """
    if isinstance(path_or_frame, pd.DataFrame):
        raw, facts, source = path_or_frame.copy(), {"encoding": None, "value_labels": {}}, "<DataFrame>"
        raw.columns = header_names(raw.columns)
    else:
        raw, facts = read_table(path_or_frame, sheet=sheet, encoding=encoding)
        source = str(path_or_frame)
    if len(raw.columns) == 0:
        raise InputError(f"{source!r} has no columns; expected a header row with a score column")
    if len(raw) == 0:
        raise InputError(f"{source!r} has a header row but no data rows; expected one row per respondent")
    notes: list[str] = []
    cols = _choose_columns(raw, notes, text=text, score=score, id=id, date=date, score_required=score_required)
    score_col, text_col, id_col, date_col = cols["score"], cols["text"], cols["id"], cols["date"]
    if isinstance(segments, str):
        segments = [segments]
    seg_cols = [resolve_column(raw, s, "segment") for s in segments]
    weight_col = None
    if weight is not None:
        weight_col = cols["weight"] = resolve_column(raw, weight, "weight")
        if "weight" in seg_cols:
            raise SchemaError("a segment column is named 'weight', the name the weight column takes in the "
                              "survey: rename that segment column or weigh by it under another name")

    labels = facts["value_labels"]
    n_read = len(raw)
    rows = np.arange(first_row, first_row + n_read)
    ids = _respondent_ids(raw, id_col, rows)
    scores, good, rejects = _usable_scores(raw, score_col, labels.get(score_col), rows, ids)
    if weight_col is not None:
        weights, good, rejects = _usable_weights(raw, weight_col, good, rejects, rows, ids)
        scores = scores[weights[1]]

    frame = pd.DataFrame({"row": rows[good], "respondent_id": np.asarray(ids, dtype=object)[good], "score": scores})
    if score_col is None:
        frame["nps_group"] = pd.Series([None] * len(frame), dtype=object)
    else:
        from ..nps import nps_groups  # layer-1 sibling, pure statistics

        frame["nps_group"] = nps_groups(frame["score"].to_numpy())
    if text_col is not None:
        texts = [_text_value(v) for v in raw[text_col].to_numpy()[good]]
    else:
        texts = [""] * int(good.sum())
    frame["text"] = pd.Series(texts, dtype=object)
    frame["empty_text"] = [t.strip() == "" for t in texts]
    n_empty = int(frame["empty_text"].sum())
    if text_col is not None and n_empty:
        notes.append(f"{n_empty} respondents left the answer empty: they count for NPS, not for text mining")
    if weight_col is not None:
        frame["weight"] = weights[0]
    frame["date"] = _parse_dates(raw[date_col], good, notes, rows) if date_col is not None else pd.NaT
    dup = frame["respondent_id"].duplicated(keep=False).to_numpy()
    frame["duplicate_id"] = dup
    if id_col is not None and dup.any():
        dup_ids = frame.loc[dup, "respondent_id"].unique()
        shown = ", ".join(_safe_value(i) for i in dup_ids[:5]) + (" …" if len(dup_ids) > 5 else "")
        notes.append(f"{int(dup.sum())} rows share {len(dup_ids)} duplicate respondent ids ({shown}); "
                     "kept and flagged in column duplicate_id")
    for col in seg_cols:
        values = raw[col].to_numpy()[good]
        vl = labels.get(col)
        if vl:
            values = np.array([_label(vl, v) for v in values], dtype=object)
        frame[col] = pd.Series([_segment_value(v) for v in values], dtype=object)
    frame = frame[list(FRAME_COLUMNS) + (["weight"] if weight_col is not None else []) + seg_cols]
    frame = frame.reset_index(drop=True)

    return Survey(frame=frame, rejects=rejects, source=source, encoding=facts["encoding"], columns=cols,
                  segments=seg_cols, notes=notes, n_read=n_read)


#: the note of a survey read without a score column (score_required=False)
NO_SCORE_NOTE = "no score column found: respondents have no score and no NPS group"


def _choose_columns(raw: pd.DataFrame, notes: list, *, text, score, id, date, score_required) -> dict:
    """The role → column mapping (score, text, id, date), guessed where not given; guesses go to ``notes``."""
    if score is not None:
        score_col = resolve_column(raw, score, "score")
    elif not score_required and not score_candidates(raw):
        score_col = None
        notes.append(NO_SCORE_NOTE)
    else:
        score_col = guess_score_column(raw)
        notes.append(f"score column chosen from headers: {show_column(score_col, raw.columns)}")
    if text is False:
        text_col = None
    elif text is None:
        text_col = guess_text_column(raw, exclude=[score_col])
        notes.append(f"text column chosen from headers: {show_column(text_col, raw.columns)}" if text_col
                     else "no open-answer column found: text mining is not possible without text=...")
    else:
        text_col = resolve_column(raw, text, "text")
    id_col = resolve_column(raw, id, "id") if id is not None else guess_column(raw, ID_HINTS, [score_col, text_col])
    if id is None and id_col is not None:
        notes.append(f"respondent id column chosen from headers: {show_column(id_col, raw.columns)}")
    date_col = resolve_column(raw, date, "date") if date is not None else None
    return {"score": score_col, "text": text_col, "id": id_col, "date": date_col}


def _usable_scores(raw: pd.DataFrame, score_col, value_labels, rows, ids):
    """(scores of the usable rows, mask of usable rows, rejects table); all rows usable without a score column."""
    if score_col is None:
        return np.full(len(raw), np.nan), np.ones(len(raw), dtype=bool), pd.DataFrame(columns=list(REJECT_COLUMNS))
    parsed = _parse_scores(raw[score_col], value_labels)
    good = np.array([s is not None for s, _ in parsed], dtype=bool)
    reject_records = [
        {"row": int(rows[i]), "respondent_id": ids[i], "column": score_col,
         "value": _safe_value(raw[score_col].iloc[i]), "reason": parsed[i][1]}
        for i in np.flatnonzero(~good)
    ]
    rejects = pd.DataFrame(reject_records, columns=list(REJECT_COLUMNS))
    if good.sum() == 0:
        reasons = rejects["reason"].value_counts().to_dict()
        raise ScoreError(
            f"no usable 0-10 score in column {show_column(score_col, raw.columns)} ({len(raw)} rows; "
            f"reasons: {reasons}); check the score column (CLI: --score)"
        )
    scores = np.array([s for s, _ in parsed], dtype=object)[good].astype(np.int64)
    return scores, good, rejects


#: why a row's weight cannot be used (``rejects.reason``)
WEIGHT_REASONS = {"missing": "missing weight", "text": "weight is not a number", "negative": "negative weight",
                  "infinite": "weight is not finite"}


def _usable_weights(raw: pd.DataFrame, weight_col, good, rejects, rows, ids):
    """``((weights of the usable rows, which of the rows usable by score stay), mask of usable rows, rejects)``:
    a row usable by its score whose weight is missing, not a number, negative or infinite becomes a reject with
    that reason; no usable weight at all is an error naming the column and the reasons."""
    cells = raw[weight_col]
    text = None if pd.api.types.is_numeric_dtype(cells) else pd.Series([_text_value(v).strip() for v in cells],
                                                                        dtype=object)
    w = pd.to_numeric(text if text is not None else cells, errors="coerce").to_numpy(dtype=float)
    missing = (text == "").to_numpy() if text is not None else cells.isna().to_numpy()
    reason = np.full(len(raw), "", dtype=object)
    reason[np.isnan(w) & ~missing] = WEIGHT_REASONS["text"]
    reason[missing] = WEIGHT_REASONS["missing"]
    reason[np.isinf(w)] = WEIGHT_REASONS["infinite"]
    reason[w < 0] = WEIGHT_REASONS["negative"]
    bad = good & (reason != "")
    if bad.any():
        extra = pd.DataFrame([{"row": int(rows[i]), "respondent_id": ids[i], "column": weight_col,
                               "value": _safe_value(cells.iloc[i]), "reason": reason[i]} for i in np.flatnonzero(bad)],
                             columns=list(REJECT_COLUMNS))
        rejects = extra if not len(rejects) else pd.concat([rejects, extra], ignore_index=True)
        rejects = rejects.sort_values("row", kind="stable").reset_index(drop=True)
    keep = good & ~bad
    if not keep.any() or not w[keep].sum() > 0:
        found = pd.Series(reason[bad]).value_counts().to_dict() if bad.any() else {}
        what = f"{int(bad.sum())} of {int(good.sum())} rows have an unusable weight {found}" if bad.any() \
            else f"every weight of the {int(good.sum())} usable rows is 0"
        raise InputError(f"no usable survey weight in column {show_column(weight_col, raw.columns)}: {what}; "
                         "expected numbers >= 0 (not all 0): check the weight column (CLI: --weight)")
    return (w[keep], keep[good]), keep, rejects


def _label(value_labels: dict, v):
    try:
        return value_labels.get(v, v)
    except TypeError:  # an unhashable cell
        return v


def _respondent_ids(raw: pd.DataFrame, id_col, rows) -> list[str]:
    if id_col is None:
        return [str(r) for r in rows]
    out = []
    for v, r in zip(raw[id_col].to_numpy(), rows):
        s = _text_value(v).strip()
        if s.endswith(".0") and s[:-2].isdigit():  # numeric ids read as floats (Excel, SPSS)
            s = s[:-2]
        out.append(s if s else f"row{r}")
    return out


def _parse_scores(series: pd.Series, value_labels: dict | None):
    if value_labels:
        # SPSS often codes 0-10 as 1-11 with labels "0 - 不可能" … "10 - 极有可能": trust the labels
        # when every label parses as a score.
        parsed_labels = {code: parse_score(lab)[0] for code, lab in value_labels.items()}
        if all(v is not None for v in parsed_labels.values()):
            out = []
            for v in series.to_numpy():
                if v in parsed_labels:
                    out.append((parsed_labels[v], None))
                else:
                    out.append(parse_score(v))
            return out
    return [parse_score(v) for v in series.to_numpy()]


def _text_value(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and np.isnan(v):
        return ""
    if v is pd.NA or v is pd.NaT:
        return ""
    return str(v)


def _segment_value(v):
    s = _text_value(v).strip()
    if s.endswith(".0") and s[:-2].lstrip("-").isdigit():
        s = s[:-2]
    return s if s else "(missing)"


def _safe_value(v) -> str:
    """The original score cell as text, truncated: scores are not verbatims, but cap what is echoed."""
    s = _text_value(v)
    return s if len(s) <= 40 else s[:37] + "..."


def _parse_dates(series: pd.Series, good, notes, rows):
    values = series.to_numpy()[good]
    parsed = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce", format="mixed")
    empty = np.array([_text_value(v).strip() == "" for v in values])
    bad = parsed.isna().to_numpy() & ~empty
    if bad.any():
        bad_rows = rows[good][bad]
        shown = ", ".join(map(str, bad_rows[:5])) + (" …" if len(bad_rows) > 5 else "")
        notes.append(f"{int(bad.sum())} rows have an unparseable date (rows {shown}); kept without a period")
    if empty.any():
        notes.append(f"{int(empty.sum())} rows have no date; kept without a period")
    return parsed.to_numpy()
