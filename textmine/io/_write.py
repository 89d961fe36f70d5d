"""Writing tables safely: no formula injection in CSV or Excel, atomic replacement of files."""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from ._safe import safe_cell, sanitize_frame
from ._safe import temp_beside as _temp_beside
from ._workbook import EXCEL_MAX_ROWS, write_excel

__all__ = ["safe_cell", "sanitize_frame", "round_for_csv", "write_csv", "write_excel", "write_table",
           "atomic_write_text", "atomic_write_bytes", "atomic_dir", "EXCEL_MAX_ROWS", "CSV_OPTIONS", "TABLE_FORMATS"]

def round_for_csv(frame: pd.DataFrame, kinds: dict | None) -> pd.DataFrame:
    """``frame`` with each column shown as its display kind (:data:`textmine.schemas.KINDS`) says for CSV: shares
    4 decimals, NPS points 2, other decimals 4, p-values 4 significant digits, counts whole (a weighted count 2
    decimals), dates ``YYYY-MM-DD``. Ids, text and undeclared columns are left as they are."""
    if not kinds:
        return frame
    out = frame.copy()
    for col in out.columns:
        kind, s = kinds.get(col), out[col]
        if kind == "date":
            d = _dates(s)
            out[col] = d.dt.strftime("%Y-%m-%d").astype(object).where(d.notna(), None)
        elif kind in _DECIMALS and pd.api.types.is_float_dtype(s):
            out[col] = s.round(_DECIMALS[kind])
        elif kind == "pvalue" and pd.api.types.is_float_dtype(s):
            out[col] = [float(f"{x:.4g}") for x in s.to_numpy(dtype=float, na_value=np.nan)]
        elif kind == "count" and pd.api.types.is_float_dtype(s):
            v = s.to_numpy(dtype=float, na_value=np.nan)
            known = v[np.isfinite(v)]
            out[col] = s.astype("Int64") if np.all(known == np.round(known)) else s.round(2)
    return out


#: CSV decimals of the float kinds (KINDS in textmine.schemas says the same to a reader)
_DECIMALS = {"share": 4, "points": 2, "decimal": 4}


def _dates(s: pd.Series) -> pd.Series:
    return s if pd.api.types.is_datetime64_any_dtype(s) else pd.to_datetime(s, errors="coerce")


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


def write_csv(frame: pd.DataFrame, path, *, bom: bool = True, chunk_rows: int = 100_000,
              kinds: dict | None = None) -> Path:
    """Write a table as CSV, UTF-8 with a BOM by default so that Excel shows Chinese correctly.

    ``kinds`` (``{column: display kind}``, :data:`textmine.schemas.KINDS`) rounds floats to the precision a reader
    needs (:func:`round_for_csv`); without it numbers are written in full.

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
                part = sanitize_frame(round_for_csv(frame.iloc[start:start + chunk_rows], kinds))
                fh.write(part.to_csv(header=start == 0, **CSV_OPTIONS))
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
