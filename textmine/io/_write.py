"""Writing tables safely: no formula injection in CSV or Excel, atomic replacement of files."""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["safe_cell", "sanitize_frame", "write_csv", "write_excel", "write_table", "atomic_write_text",
           "atomic_write_bytes", "atomic_dir", "EXCEL_MAX_ROWS", "CSV_OPTIONS", "TABLE_FORMATS"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# a line break (\r\n as one) followed by a formula character: a spreadsheet may start a new cell there
_BREAK_THEN_FORMULA = re.compile(r"(\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029])(?=[=+\-@\t\r])")


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
            out[col] = out[col].map(safe_cell)
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def _temp_beside(path: Path, suffix: str) -> tuple[int, str]:
    """A hidden temporary file next to ``path`` (same filesystem: the final rename is atomic), with the
    permissions a plain ``open`` would give (``mkstemp`` makes it 0600, which would stay after the rename)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    return fd, tmp


def atomic_write_text(path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` through a temporary file and an atomic rename (no newline translation)."""
    return atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_beside(path, ".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@contextmanager
def atomic_dir(path):
    """Build a folder in a hidden temporary folder beside ``path`` and move it into place when the block ends.

    Yields the temporary folder. On success an existing ``path`` is replaced (it is moved aside, the new folder
    renamed in, the old one removed), so a reader sees the old folder or the new one, never a half-written one;
    on an error the temporary folder is removed and ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o777 & ~mask)
    try:
        yield tmp
        old = None
        if path.exists():
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old"))
            os.replace(path, old / path.name)
        try:
            os.replace(tmp, path)
        except BaseException:
            if old is not None:
                os.replace(old / path.name, path)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


#: how write_csv quotes: every text field (so that one holding a lone \r, which Python's csv leaves bare under a
#: "\n" line terminator, is quoted too); numbers and booleans bare
CSV_OPTIONS = {"index": False, "quoting": csv.QUOTE_NONNUMERIC, "lineterminator": "\n"}


def write_csv(frame: pd.DataFrame, path, *, bom: bool = True, chunk_rows: int = 100_000) -> Path:
    """Write a table as CSV, UTF-8 with a BOM by default so that Excel shows Chinese correctly.

    Text fields are quoted (``"..."``, quotes doubled), so that line breaks, quotes and commas stay inside
    their cell for every reader; numbers and booleans are bare; lines end with ``\n``. Cells are sanitised
    (:func:`safe_cell`) and written ``chunk_rows`` at a time (the same bytes as one ``to_csv`` call, without
    holding the whole file as one string), through a temporary file and an atomic rename.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_beside(path, ".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            if bom:
                fh.write("\ufeff")
            if len(frame) == 0:
                fh.write(sanitize_frame(frame).to_csv(**CSV_OPTIONS))
            for start in range(0, len(frame), chunk_rows):
                part = sanitize_frame(frame.iloc[start:start + chunk_rows])
                fh.write(part.to_csv(header=start == 0, **CSV_OPTIONS))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


#: rows of an Excel worksheet, the header included
EXCEL_MAX_ROWS = 1_048_576


def write_excel(tables: dict, path, *, max_rows: int = EXCEL_MAX_ROWS - 1, overflow_note: str | None = None,
                chunk_rows: int = 50_000) -> Path:
    """Write ``{sheet name: DataFrame}`` to one workbook: frozen header, sensible widths, safe text cells.

    Written with xlsxwriter row by row (memory does not grow with the table). Text cells are sanitised as in
    CSV and always written as text, never as formulas or links. A table longer than ``max_rows`` (Excel holds
    1,048,575 data rows per sheet) keeps its first ``max_rows`` rows, and a first sheet ``notes`` says which
    tables were cut and by how much; ``overflow_note`` (e.g. where the full tables are) is added to it.
    """
    import xlsxwriter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_beside(path, ".xlsx")
    os.close(fd)
    cut = {str(name)[:31]: len(f) for name, f in tables.items() if len(f) > max_rows}
    try:
        wb = xlsxwriter.Workbook(tmp, {"constant_memory": True, "strings_to_formulas": False,
                                       "strings_to_urls": False, "strings_to_numbers": False})
        header = wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "top"})
        if cut:
            ws = wb.add_worksheet("notes")
            ws.set_column(0, 0, 110)
            lines = [f"Sheet '{name}' holds the first {max_rows:,} of {n:,} rows (an Excel sheet holds at most "
                     f"{EXCEL_MAX_ROWS - 1:,})." for name, n in cut.items()]
            if overflow_note:
                lines.append(overflow_note)
            for i, line in enumerate(lines):
                ws.write_string(i, 0, safe_cell(line))
        for name, frame in tables.items():
            sheet = str(name)[:31]
            ws = wb.add_worksheet(sheet)
            ws.freeze_panes(1, 0)
            for i, col in enumerate(frame.columns):
                sample = [str(col)] + [str(v) for v in frame[col].head(200).tolist()]
                width = max(_display_width(s) for s in sample)
                ws.set_column(i, i, min(max(8, width + 2), 60))
            for i, col in enumerate(frame.columns):
                ws.write_string(0, i, safe_cell(str(col)), header)
            n = min(len(frame), max_rows)
            for start in range(0, n, chunk_rows):
                part = sanitize_frame(frame.iloc[start:min(start + chunk_rows, n)])
                cols = [_cells(part.iloc[:, j]) for j in range(part.shape[1])]
                for r, row in enumerate(zip(*cols), start=start + 1):
                    for c, v in enumerate(row):
                        if v is not None and v != "":  # missing and empty text: an empty cell
                            _write_cell(ws, r, c, v)
        wb.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


#: the table files write_table writes, by suffix
TABLE_FORMATS = (".csv", ".xlsx", ".parquet", ".json")


def write_table(frame: pd.DataFrame, path, *, sheet: str | None = None) -> Path:
    """Write one table by the suffix of ``path``: ``.csv`` (:func:`write_csv`), ``.xlsx`` (:func:`write_excel`,
    one sheet named ``sheet`` or after the file), ``.parquet`` or ``.json`` (records). Every format goes through
    a temporary file and an atomic rename; CSV and Excel cells are neutralised (:func:`safe_cell`)."""
    from ..errors import InputError

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_csv(frame, path)
    if suffix == ".xlsx":
        return write_excel({sheet or path.stem[:31] or "table": frame}, path)
    if suffix == ".parquet":
        import io as _io

        buf = _io.BytesIO()
        frame.to_parquet(buf, index=False)
        return atomic_write_bytes(path, buf.getvalue())
    if suffix == ".json":
        return atomic_write_text(path, frame.to_json(orient="records", force_ascii=False, indent=1))
    raise InputError(f"cannot write {path.name!r}: expected a table file ending in {', '.join(TABLE_FORMATS)}")


def _cells(col: pd.Series) -> list:
    """Python values of a column, missing values as None."""
    values = col.astype(object).tolist()
    missing = col.isna().to_numpy()
    if missing.any():
        values = [None if m else v for v, m in zip(values, missing)]
    return values


def _write_cell(ws, r: int, c: int, v) -> None:
    if isinstance(v, str):
        ws.write_string(r, c, v)
    elif isinstance(v, (bool, np.bool_)):
        ws.write_boolean(r, c, bool(v))
    elif isinstance(v, (int, float, np.integer, np.floating)):
        if np.isfinite(v):
            ws.write_number(r, c, v)
        else:
            ws.write_string(r, c, str(float(v)))
    else:  # lists, timestamps, …: their text, made safe
        ws.write_string(r, c, safe_cell(str(v)))


def _display_width(s: str) -> int:
    # CJK characters take two columns
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s[:80])
