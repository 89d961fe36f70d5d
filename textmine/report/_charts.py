"""Chart specifications for the report: plain data that ``assets/report.js`` turns into Apache ECharts charts.

Python decides what is drawn (values, intervals, n, titles, significance marks); the bundled script decides how.
Every spec is JSON: missing values are ``None``. Kinds: ``bars`` (horizontal bars with interval whiskers),
``line`` (lines over periods with interval bands, significant changes and partial periods marked), ``heat``
(a theme × level heatmap), ``stack`` (praise / neutral / complaint per theme) and ``kano`` (the penalty / reward
map with the class boundaries).
"""

from __future__ import annotations

import json
import math

import numpy as np

__all__ = ["ChartSet", "num", "to_json"]


def num(v):
    """A JSON number, or None for missing / infinite values."""
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return round(f, 6) if math.isfinite(f) else None


def to_json(obj) -> str:
    """JSON safe to put inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left as such."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class ChartSet:
    """The charts of one report: ``add`` returns what the template needs (id, title, height)."""

    def __init__(self):
        self.specs: dict[str, dict] = {}

    def _add(self, kind: str, title: str, height: int, **spec) -> dict:
        cid = f"c{len(self.specs) + 1}"
        self.specs[cid] = {"kind": kind, "title": title, **spec}
        return {"id": cid, "title": title, "height": int(height)}

    def bars(self, rows, *, title: str, xname: str = "", percent: bool = False, signed: bool = True,
             unit: str = ""):
        """Horizontal bars with whiskers; each row: label, value, lo, hi, n, small."""
        rows = [{"label": str(r["label"]), "value": num(r["value"]), "lo": num(r.get("lo")), "hi": num(r.get("hi")),
                 "n": None if r.get("n") is None else int(r["n"]), "small": bool(r.get("small", False))}
                for r in rows if num(r["value"]) is not None]
        if not rows:
            return None
        return self._add("bars", title, 90 + 26 * len(rows), rows=rows, xname=xname, percent=percent,
                         signed=signed, unit=unit)

    def line(self, x, series, *, title: str, partial=(), percent: bool = False, signed: bool = False,
             yname: str = "", unit: str = ""):
        """Lines over ``x`` (period labels); each series: name, values, lo, hi, n, marks ("rise"/"fall"/"")."""
        if not len(x) or not series:
            return None
        out = [{"name": str(s["name"]), "values": [num(v) for v in s["values"]],
                "lo": [num(v) for v in s["lo"]] if s.get("lo") is not None else None,
                "hi": [num(v) for v in s["hi"]] if s.get("hi") is not None else None,
                "n": [None if v is None or not np.isfinite(v) else int(v) for v in s["n"]],
                "marks": [m or "" for m in s.get("marks", [""] * len(x))], "trend": s.get("trend") or ""}
               for s in series]
        partial = [bool(p) for p in partial] or [False] * len(x)
        return self._add("line", title, 380, x=[str(v) for v in x], series=out, partial=partial, percent=percent,
                         signed=signed, yname=yname, unit=unit)

    def multiline(self, x, series, *, title: str, partial=(), percent: bool = True):
        """Small multiples: one panel per series (a theme), each with its band and marks, one shared y scale."""
        if not len(x) or not series:
            return None
        spec = self.line(x, series, title=title, partial=partial, percent=percent)
        cid = spec["id"]
        self.specs[cid]["kind"] = "multiline"
        spec["height"] = 60 + 175 * -(-len(series) // (3 if len(series) > 4 else max(1, len(series))))
        return spec

    def heat(self, x, y, cells, *, title: str, percent: bool = True, signed: bool = False, vmin=0.0, vmax=None):
        """A heatmap; each cell: (xi, yi, value, sig, n, k, lo, hi, diff, pval_adj, small)."""
        if not len(x) or not len(y):
            return None
        cells = [[int(c[0]), int(c[1]), num(c[2]), int(bool(c[3])), int(c[4]), None if c[5] is None else int(c[5]),
                  num(c[6]), num(c[7]), num(c[8]), num(c[9]), int(bool(c[10]))] for c in cells]
        vals = [c[2] for c in cells if c[2] is not None]
        if vmax is None:
            vmax = max(vals + [0.01])
        return self._add("heat", title, 110 + 24 * len(y), x=[str(v) for v in x], y=[str(v) for v in y],
                         cells=cells, percent=percent, signed=signed, min=num(vmin), max=num(vmax), kcol=True)

    def stack(self, labels, series, n, net, net_lo, net_hi, *, title: str):
        """Stacked shares per theme; each series: name (praise/neutral/complaint), label, values, counts."""
        if not len(labels):
            return None
        return self._add("stack", title, 100 + 26 * len(labels), labels=[str(v) for v in labels],
                         series=[{"name": s["name"], "label": s["label"], "values": [num(v) for v in s["values"]],
                                  "counts": [int(v) for v in s["counts"]]} for s in series],
                         n=[int(v) for v in n], net=[num(v) for v in net], net_lo=[num(v) for v in net_lo],
                         net_hi=[num(v) for v in net_hi])

    def kano(self, points, *, title: str, xname: str, yname: str, k: float, classes: dict):
        """The penalty / reward map; each point: label, x (penalty), y (reward), n, cls (Kano class).

        The dashed lines are the boundaries of the class rule where both effects count: reward = k × penalty and
        penalty = k × reward (in the quadrant where complaints hurt and praise helps)."""
        pts = [{"label": str(p["label"]), "x": num(p["x"]), "y": num(p["y"]), "n": int(p["n"]), "cls": p["cls"]}
               for p in points if num(p["x"]) is not None and num(p["y"]) is not None]
        if not pts:
            return None
        xs, ys = [p["x"] for p in pts] + [0.0], [p["y"] for p in pts] + [0.0]
        pad_x, pad_y = 0.12 * (max(xs) - min(xs) or 1), 0.12 * (max(ys) - min(ys) or 1)
        xmin, xmax, ymin, ymax = min(xs) - pad_x, max(xs) + pad_x, min(ys) - pad_y, max(ys) + pad_y
        lines = []
        for slope in (k, 1 / k):  # reward = slope × (−penalty), from the origin to the plot's edge
            x_end = max(xmin, -ymax / slope)
            lines.append([[0, 0], [num(x_end), num(-slope * x_end)]])
        return self._add("kano", title, 440, points=pts, xname=xname, yname=yname, k=k, classes=classes,
                         lines=lines, xmin=num(xmin), xmax=num(xmax), ymin=num(ymin), ymax=num(ymax))
