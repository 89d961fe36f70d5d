"""Reading the tables of the closed-loop analyses: contact logs, surveys with ids, ids, dates and yes/no flags.

Every cell is checked, and a cell that cannot be used is an error naming the column, how many rows fail, the
first such row and, when it cannot be an answer (short, no sentence), the value itself: survey answers never
reach a message. Ids are compared as text, stripped, ``12.0`` read as ``12`` (as :func:`textmine.io.read_survey`
reads them).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, SchemaError
from ..io import Survey, header_matches, read_survey, read_table, resolve_column, show_columns

__all__ = ["read_frame", "guess_role", "clean_ids", "require_ids", "parse_dates", "parse_flags",
           "read_contacts", "load_survey", "survey_rejects", "source_name", "safe_example"]

ID_HINTS = ("respondent", "customer", "客户", "用户", "会员", "编号", "id")
DATE_HINTS = ("invit", "sent", "contact", "date", "日期", "时间", "邀请", "发送")
RESPONDED_HINTS = ("respond", "response", "answered", "completed", "回复", "应答", "作答", "回答", "是否")
YES = {"1", "1.0", "true", "t", "yes", "y", "是", "已回复", "回复", "已作答", "作答", "已完成", "完成", "responded",
       "completed", "answered"}
NO = {"0", "0.0", "false", "f", "no", "n", "否", "未回复", "没回复", "未作答", "未完成", "not responded",
      "no response", "not answered"}
_SAFE = re.compile(r"^[0-9A-Za-z _:/.\-+年月日时分秒TZ#]{1,25}$")


def source_name(path_or_frame) -> str:
    """How a message names an input: the file's name, or ``<DataFrame>``."""
    return "<DataFrame>" if isinstance(path_or_frame, (pd.DataFrame, Survey)) else repr(Path(path_or_frame).name)


def read_frame(path_or_frame, *, sheet=None, encoding=None) -> pd.DataFrame:
    """A raw table with every cell as found: :func:`textmine.io.read_table` of a path, or a copy of a frame."""
    if isinstance(path_or_frame, pd.DataFrame):
        frame = path_or_frame.copy()
        frame.columns = [str(c).strip() for c in frame.columns]
    else:
        frame, _ = read_table(os.fspath(path_or_frame), sheet=sheet, encoding=encoding)
    if len(frame) == 0:
        raise InputError(f"{source_name(path_or_frame)} has no data rows; expected one row per record")
    return frame


def guess_role(frame: pd.DataFrame, given, hints, role: str, option: str, exclude=()) -> str:
    """The column for ``role``: ``given`` when named (checked), else the one header that contains a hint."""
    if given is not None:
        return resolve_column(frame, given, role)
    named = [c for c in frame.columns if c not in exclude and header_matches(str(c), hints)]
    if len(named) == 1:
        return named[0]
    found = ("several columns could be it: " + ", ".join(repr(str(c))[:30] for c in named)) if named else \
        f"the file has {show_columns(frame.columns)}"
    raise SchemaError(f"could not choose the {role} column ({found}); name it with {option}=... (CLI: --{option})")


def safe_example(value) -> str:
    """A cell for a message: itself when short and plainly not an answer (digits, latin letters, date
    separators), else only its length."""
    s = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value).strip()
    return repr(s) if _SAFE.match(s) else f"a value of {len(s)} characters, not shown"


def clean_ids(values) -> np.ndarray:
    """Ids as stripped text (``12.0`` → ``12``; missing → ``""``)."""
    out = []
    for v in np.asarray(values, dtype=object):
        s = "" if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else str(v).strip()
        if s.endswith(".0") and s[:-2].isdigit():
            s = s[:-2]
        out.append(s)
    return np.array(out, dtype=object)


def _fail_rows(what: str, bad: np.ndarray, values, column: str, source: str, expected: str) -> None:
    rows = np.flatnonzero(bad)
    first = int(rows[0])
    raise InputError(f"{len(rows)} of {len(bad)} rows of {source} have {what} in column {column!r} (first: row "
                     f"{first + 1}, {safe_example(np.asarray(values, dtype=object)[first])}); expected {expected}")


def require_ids(values, column: str, source: str) -> np.ndarray:
    ids = clean_ids(values)
    missing = ids == ""
    if missing.any():
        _fail_rows("no id", missing, values, column, source, "an id in every row")
    return ids


def parse_dates(values, column: str, source: str) -> np.ndarray:
    """Dates (datetime64[ns], floored to the day); a missing or unparseable one is an error naming the column,
    the count, the first row and the value when it is safe to show."""
    series = pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(series):
        parsed = pd.to_datetime(series)
        text = series.astype(str)
    else:
        text = pd.Series([("" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())
                          for v in series], dtype=object)
        norm = text.str.replace(r"(\d)\s*[年月]\s*", r"\1-", regex=True).str.replace(r"(\d)\s*日", r"\1",
                                                                                      regex=True)
        norm = norm.str.replace(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})", r"\1-\2-\3", regex=True)
        # a time zone is dropped: the day is the one written (mixed offsets would not parse together)
        norm = norm.str.replace(r"(\d:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|[+-]\d{2}:?\d{2})$", r"\1", regex=True)
        norm = norm.where(norm != "", None)
        parsed = pd.to_datetime(norm, errors="coerce", format="ISO8601")  # fast; the rest one by one
        retry = parsed.isna().to_numpy() & norm.notna().to_numpy()
        if retry.any():
            parsed = parsed.astype("datetime64[ns]")
            parsed[retry] = pd.to_datetime(norm[retry], errors="coerce", format="mixed").astype("datetime64[ns]")
    missing = (text.str.strip() == "").to_numpy() | series.isna().to_numpy()
    if missing.any():
        _fail_rows("no date", missing, series, column, source, "a date in every row")
    bad = parsed.isna().to_numpy()
    if bad.any():
        _fail_rows("a date that does not parse", bad, series, column, source, "dates like 2026-05-01")
    parsed = parsed.dt.tz_localize(None) if getattr(parsed.dt, "tz", None) is not None else parsed
    return parsed.dt.floor("D").to_numpy()


def parse_flags(values, column: str, source: str) -> np.ndarray:
    """Yes/no cells as booleans (1/0, true/false, yes/no, y/n, 是/否, 已回复/未回复 …); anything else is an
    error naming the column, the count and the first row."""
    cells = np.asarray(values, dtype=object)
    text = [("" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip().lower()) for v in cells]
    out = np.array([t in YES for t in text], dtype=bool)
    bad = np.array([t not in YES and t not in NO for t in text], dtype=bool)
    if bad.any():
        _fail_rows("a value that is not yes/no", bad, cells, column, source,
                   "yes/no, 1/0, true/false or 是/否 in every row")
    return out


def read_contacts(contacts, *, id=None, date=None, responded=None, sheet=None, encoding=None):
    """The contact log as ``(frame, columns)``: one row per invitation with ``row`` (1-based data row),
    ``respondent_id`` (text), ``invited`` (the day) and ``responded`` (bool), sorted by id and day; ``columns``
    maps each role to the column read."""
    raw = read_frame(contacts, sheet=sheet, encoding=encoding)
    src = source_name(contacts)
    id_col = guess_role(raw, id, ID_HINTS, "id", "id")
    date_col = guess_role(raw, date, DATE_HINTS, "invitation date", "date", exclude=[id_col])
    resp_col = guess_role(raw, responded, RESPONDED_HINTS, "responded", "responded", exclude=[id_col, date_col])
    frame = pd.DataFrame({
        "row": np.arange(1, len(raw) + 1),
        "respondent_id": require_ids(raw[id_col].to_numpy(), id_col, src),
        "invited": parse_dates(raw[date_col].to_numpy(), date_col, src),
        "responded": parse_flags(raw[resp_col].to_numpy(), resp_col, src),
    })
    frame = frame.sort_values(["respondent_id", "invited", "row"], kind="stable").reset_index(drop=True)
    return frame, {"id": id_col, "date": date_col, "responded": resp_col}


def load_survey(survey, *, id=None, score=None, date=None, sheet=None, encoding=None, option="survey_id",
                role="survey") -> Survey:
    """A :class:`textmine.io.Survey` with a respondent id column (a Survey passes through): read with no open
    answer; a survey without an id column is an error (nothing could be linked)."""
    if isinstance(survey, Survey):
        s = survey
    else:
        s = read_survey(survey, id=id, score=score, date=date, text=False, sheet=sheet, encoding=encoding)
    if s.columns.get("id") is None:
        raise SchemaError(f"the {role} {source_name(survey)} has no respondent id column to link by; name it with "
                          f"{option}=... (CLI: --{option.replace('_', '-')})")
    return s


def survey_rejects(survey: Survey, source: str) -> pd.DataFrame:
    """The survey's rejected rows as unmatched rows (``source, row, respondent_id, reason``)."""
    r = survey.rejects
    return pd.DataFrame({"source": source, "row": r["row"].astype("int64"), "respondent_id": r["respondent_id"],
                         "reason": "not analysed: " + r["reason"].astype(str)})
