"""Writing tables safely: no formula injection in CSV or Excel, atomic replacement of files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

__all__ = ["safe_cell", "sanitize_frame", "write_csv", "write_excel", "atomic_write_text"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise a text cell that a spreadsheet would run as a formula (OWASP CSV injection).

    Text starting with ``= + - @``, tab or carriage return gets a leading apostrophe. Numbers are untouched.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def sanitize_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are safe to open in a spreadsheet."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_cell)
    return out


def atomic_write_text(path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` through a temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_csv(frame: pd.DataFrame, path, *, bom: bool = True) -> Path:
    """Write a table as CSV, UTF-8 with a BOM by default so that Excel shows Chinese correctly."""
    text = sanitize_frame(frame).to_csv(index=False)
    return atomic_write_text(path, ("\ufeff" if bom else "") + text)


def write_excel(tables: dict, path) -> Path:
    """Write ``{sheet name: DataFrame}`` to one workbook: frozen header, sensible widths, safe text cells."""
    from openpyxl.utils import get_column_letter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".xlsx")
    os.close(fd)
    try:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in tables.items():
                sheet = str(name)[:31]
                sanitize_frame(frame).to_excel(writer, sheet_name=sheet, index=False)
                ws = writer.sheets[sheet]
                ws.freeze_panes = "A2"
                for i, col in enumerate(frame.columns, start=1):
                    sample = [str(col)] + [str(v) for v in frame[col].head(200).tolist()]
                    width = max(_display_width(s) for s in sample)
                    ws.column_dimensions[get_column_letter(i)].width = min(max(8, width + 2), 60)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _display_width(s: str) -> int:
    # CJK characters take two columns
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s[:80])
