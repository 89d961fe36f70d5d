"""Writing a workbook for a reader: number formats by column kind, real dates, widths from the shown content, an
autofilter and a frozen header on every sheet, bar charts where asked, and no formula in any cell."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..schemas import KINDS
from ._safe import safe_cell, sanitize_frame
from ._safe import temp_beside as _temp_beside

__all__ = ["EXCEL_MAX_ROWS", "write_excel"]

#: rows of an Excel worksheet, the header included
EXCEL_MAX_ROWS = 1_048_576
#: rows read to size a column
_WIDTH_SAMPLE = 200


def write_excel(tables: dict, path, *, max_rows: int = EXCEL_MAX_ROWS - 1, overflow_note: str | None = None,
                chunk_rows: int = 50_000, kinds: dict | None = None, charts: dict | None = None) -> Path:
    """Write ``{sheet name: DataFrame}`` to one workbook: frozen header, autofilter, widths, safe text cells.

    ``kinds`` (``{sheet: {column: kind}}``, :data:`textmine.schemas.KINDS`) gives each column its number format
    (percent, one or two decimals, p-values with ``<0.001``, whole counts, dates); datetime columns are written
    as real Excel dates either way. A column's width comes from its header and its first 200 cells as they are
    shown (a CJK character counts double). ``charts`` (``{sheet: {"category": col, "value": col, "title": str,
    "top": k}}``) puts a bar chart of the first ``k`` rows beside the table.

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
    kinds, charts = kinds or {}, charts or {}
    try:
        wb = xlsxwriter.Workbook(tmp, {"constant_memory": True, "strings_to_formulas": False,
                                       "strings_to_urls": False, "strings_to_numbers": False})
        header = wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "top"})
        formats = {k: wb.add_format({"num_format": f}) for k, (f, _, _) in KINDS.items() if f}
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
            _write_sheet(wb, str(name)[:31], frame, header, formats, kinds.get(name, {}), charts.get(name),
                         min(len(frame), max_rows), chunk_rows)
        wb.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _write_sheet(wb, sheet: str, frame: pd.DataFrame, header, formats: dict, kinds: dict, chart, n: int,
                 chunk_rows: int) -> None:
    ws = wb.add_worksheet(sheet)
    ws.freeze_panes(1, 0)
    col_kinds = [_kind(frame[c], kinds.get(c)) for c in frame.columns]
    for i, col in enumerate(frame.columns):
        shown = [_shown(v, col_kinds[i]) for v in frame[col].head(_WIDTH_SAMPLE).tolist()]
        width = max([_display_width(str(col)) + 2] + [_display_width(s) for s in shown])  # +2: the filter arrow
        ws.set_column(i, i, min(max(8, width + 2), 60), formats.get(col_kinds[i]))
    for i, col in enumerate(frame.columns):
        ws.write_string(0, i, safe_cell(str(col)), header)
    if len(frame.columns):
        ws.autofilter(0, 0, n, len(frame.columns) - 1)
    for start in range(0, n, chunk_rows):
        part = sanitize_frame(frame.iloc[start:min(start + chunk_rows, n)])
        cols = [_cells(part.iloc[:, j], col_kinds[j]) for j in range(part.shape[1])]
        writers = [_writer(ws, k, formats.get(k)) for k in col_kinds]
        for r, row in enumerate(zip(*cols), start=start + 1):
            for c, v in enumerate(row):
                if v is not None and v != "":  # missing and empty text: an empty cell
                    writers[c](r, c, v)
    if chart and n:
        _add_chart(wb, ws, sheet, frame, chart, min(n, int(chart.get("top", 10))))


def _kind(col: pd.Series, kind: str | None) -> str:
    if pd.api.types.is_datetime64_any_dtype(col):
        return "date"
    return kind or ("number" if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
                    else "text")


def _cells(col: pd.Series, kind: str) -> list:
    """Python values of a column, missing values as None; dates as datetimes."""
    if kind == "date":
        col = col if pd.api.types.is_datetime64_any_dtype(col) else pd.to_datetime(col, errors="coerce")
        return [None if pd.isna(v) else v.to_pydatetime() for v in col]
    values = col.astype(object).tolist()
    missing = col.isna().to_numpy()
    if missing.any():
        values = [None if m else v for v, m in zip(values, missing)]
    return values


def _writer(ws, kind: str, fmt):
    if kind == "date":
        return lambda r, c, v: ws.write_datetime(r, c, v, fmt)
    return lambda r, c, v: _write_cell(ws, r, c, v)


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
    elif isinstance(v, (dt.datetime, dt.date)):
        ws.write_datetime(r, c, v)
    else:  # lists, …: their text, made safe
        ws.write_string(r, c, safe_cell(str(v)))


def _shown(v, kind: str) -> str:
    """A cell as the workbook shows it (for its column's width)."""
    if v is None or (isinstance(v, float) and not np.isfinite(v)) or v is pd.NA:
        return ""
    try:
        if kind == "share":
            return f"{float(v):.1%}"
        if kind == "points":
            return f"{float(v):.1f}"
        if kind == "decimal":
            return f"{float(v):.2f}"
        if kind == "pvalue":
            return "<0.001" if float(v) < 0.001 else f"{float(v):.3f}"
        if kind == "count":
            return f"{float(v):,.0f}"
        if kind == "date":
            return "2026-01-01"
    except (TypeError, ValueError):
        pass
    return str(v)


def _add_chart(wb, ws, sheet: str, frame: pd.DataFrame, spec: dict, k: int) -> None:
    """A horizontal bar chart of the first ``k`` rows (``value`` by ``category``), right of the table."""
    cols = list(frame.columns)
    cat, val = cols.index(spec["category"]), cols.index(spec["value"])
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({"name": spec.get("title", ""), "categories": [sheet, 1, cat, k, cat],
                      "values": [sheet, 1, val, k, val], "data_labels": {"value": True, "num_format": "0%"},
                      "fill": {"color": spec.get("color", "#4472C4")}})
    chart.set_title({"name": spec.get("title", ""), "name_font": {"size": 11}})
    chart.set_x_axis({"name": spec.get("x_title", spec["value"]), "num_format": "0%", "min": 0})
    chart.set_y_axis({"reverse": True})  # the first row on top
    chart.set_legend({"none": True})
    chart.set_size({"width": 640, "height": 60 + 24 * k})
    ws.insert_chart(1, len(cols) + 1, chart)


def _display_width(s: str) -> int:
    # CJK characters take two columns
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s[:80])
