"""Building blocks of the HTML report: number formats for a reader, sortable tables as template data, and the
Jinja2 environment (autoescaping on) with the bundled assets.

Nothing here writes HTML by string formatting: the templates in ``templates/`` do, and Jinja2 escapes every value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

__all__ = ["table", "fmt_num", "fmt_pct", "fmt_p", "fmt_int", "level", "environment", "assets"]


def level(a) -> int:
    """The run's confidence level in percent (95 for alpha = 0.05), as every label of the report shows it."""
    return int(round(100 * (1 - a.nps.alpha)))


def _missing(v) -> bool:
    return v is None or (isinstance(v, (float, np.floating)) and not np.isfinite(v))


def fmt_num(v, digits=1, signed=False) -> str:
    if _missing(v):
        return "–"
    return f"{v:+.{digits}f}" if signed else f"{v:.{digits}f}"


def fmt_pct(v, digits=1) -> str:
    if _missing(v):
        return "–"
    return f"{100 * v:.{digits}f}%"


def fmt_p(v) -> str:
    if _missing(v):
        return "–"
    return "<0.001" if v < 0.001 else f"{v:.3f}"


def fmt_int(v) -> str:
    if _missing(v):
        return "–"
    return f"{int(v):,}"


def table(frame: pd.DataFrame, columns: Sequence[tuple[str, str, Callable | None]], *, table_id: str,
          caption: str = "", filterable: bool = False, row_class: Callable | None = None) -> dict:
    """A sortable table for the template's ``table`` macro. ``columns`` = (column, header, formatter); numeric
    cells carry their raw value as the sort key (``data-v``), missing values none (they sort last)."""
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for col, _, fmt in columns:
            v = row.get(col)
            raw = v if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) else None
            key = float(raw) if raw is not None and np.isfinite(float(raw)) else None
            text = fmt(v) if fmt else ("" if _missing(v) else str(v))
            cells.append({"text": text, "v": key})
        rows.append({"cls": row_class(row) if row_class else "", "cells": cells})
    return {"id": table_id, "caption": caption, "filterable": filterable, "cols": [h for _, h, _ in columns],
            "rows": rows}


@lru_cache(maxsize=1)
def assets() -> dict:
    """The report's CSS, its script and the bundled Apache ECharts (package data, read once)."""
    root = resources.files("textmine.report") / "assets"
    return {"css": (root / "report.css").read_text(encoding="utf-8"),
            "js": (root / "report.js").read_text(encoding="utf-8"),
            "echarts": (root / "echarts.min.js").read_text(encoding="utf-8")}


@lru_cache(maxsize=1)
def environment():
    """The Jinja2 environment of the report templates, autoescaping every value."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("textmine.report", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False)
