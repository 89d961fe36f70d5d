"""Safe cells and safe temporary files: what a spreadsheet would run as a formula is neutralised (OWASP CSV
injection), and a file is written beside its target before an atomic rename. Shared by the CSV and workbook writers."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pandas as pd

__all__ = ["safe_cell", "sanitize_frame", "temp_beside"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# a line break (\r\n as one) followed by a formula character: a spreadsheet may start a new cell there
_BREAK_THEN_FORMULA = re.compile(r"(\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029])(?=[=+\-@\t\r])")
# the cells safe_cell may change (no look-ahead, so that pandas' string methods can run it vectorised)
_NEEDS_CARE = "^[=+\\-@\t\r]|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029][=+\\-@\t\r]"


def safe_cell(value):
    """Neutralise a text cell that a spreadsheet would run as a formula (OWASP CSV injection).

    Text starting with ``= + - @``, tab or carriage return gets a leading apostrophe, and so does every line of
    it (after ``\n``, ``\r``, ``\r\n`` or a Unicode line separator) that starts with one: the apostrophe goes
    right after the break. Nothing else changes; numbers are untouched.
    """
    if not isinstance(value, str):
        return value
    value = _BREAK_THEN_FORMULA.sub(r"\1'", value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def sanitize_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are safe to open in a spreadsheet."""
    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = _safe_column(out[col])
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def _safe_column(col: pd.Series) -> pd.Series:
    """``col.map(safe_cell)``, with the regular expression run vectorised first: only the few cells that may
    start a formula go through :func:`safe_cell` (the others are returned as they are)."""
    text = col.map(lambda v: v if isinstance(v, str) else "") if col.dtype == object else col
    hit = text.astype("string[pyarrow]").str.contains(_NEEDS_CARE, regex=True).to_numpy(dtype=bool, na_value=False)
    if not hit.any():
        return col
    col = col.astype(object)
    col.loc[hit] = [safe_cell(v) for v in col.loc[hit].tolist()]
    return col


def temp_beside(path: Path, suffix: str) -> tuple[int, str]:
    """A hidden temporary file next to ``path`` (same filesystem: the final rename is atomic), with the
    permissions a plain ``open`` would give (``mkstemp`` makes it 0600, which would stay after the rename)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    return fd, tmp
