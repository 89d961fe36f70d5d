"""The cadence page: response rate and NPS by group as dot-and-whisker charts in inline SVG.

One self-contained HTML file (no script, no network) from a Jinja2 template with autoescaping: every chart has
its axes, tick labels, the interval of each point and each group's n. Only group labels and numbers are shown.
"""

from __future__ import annotations

import math

import jinja2
import numpy as np
import pandas as pd

__all__ = ["cadence_html", "chart"]

W, H, LEFT, RIGHT, TOP, BOTTOM = 460, 250, 56, 16, 34, 58

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Survey cadence and fatigue</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}
h1{font-size:20px} h2{font-size:16px;margin-top:28px} p{max-width:60em}
.row{display:flex;flex-wrap:wrap;gap:12px} svg{background:#fafafa;border:1px solid #ddd}
text{font-size:11px;fill:#333} .title{font-size:13px;font-weight:600} .axis{stroke:#888} .grid{stroke:#e4e4e4}
.dot{fill:#2f6db5} .small{fill:#b0b0b0} .whisker{stroke:#2f6db5;stroke-width:2} .ref{stroke:#c44;stroke-dasharray:4 3}
</style></head><body>
<h1>Survey cadence and fatigue</h1>
<p>{{ counts.invitations }} invitations to {{ counts.contacts }} contacts, {{ counts.responses }} answered;
{{ counts.linked }} answers linked to a survey score. Dots are estimates, whiskers {{ level }}% intervals
(response rate: Wilson; NPS: adjusted Wald); grey dots are small bases. Each group's n is under its label.</p>
{% for section in sections %}
<h2>{{ section.title }}</h2>
<div class="row">{% for c in section.charts %}
<svg width="{{ c.w }}" height="{{ c.h }}" viewBox="0 0 {{ c.w }} {{ c.h }}" role="img" aria-label="{{ c.title }}">
<text class="title" x="{{ c.left }}" y="18">{{ c.title }}</text>
{% for t in c.yticks %}<line class="grid" x1="{{ c.left }}" x2="{{ c.right }}" y1="{{ t.y }}" y2="{{ t.y }}"/>
<text x="{{ c.left - 6 }}" y="{{ t.y + 4 }}" text-anchor="end">{{ t.label }}</text>{% endfor %}
{% if c.ref is not none %}<line class="ref" x1="{{ c.left }}" x2="{{ c.right }}" y1="{{ c.ref }}" y2="{{ c.ref }}"/>{% endif %}
<line class="axis" x1="{{ c.left }}" x2="{{ c.left }}" y1="{{ c.top }}" y2="{{ c.bottom }}"/>
<line class="axis" x1="{{ c.left }}" x2="{{ c.right }}" y1="{{ c.bottom }}" y2="{{ c.bottom }}"/>
<text x="14" y="{{ (c.top + c.bottom) / 2 }}" transform="rotate(-90 14 {{ (c.top + c.bottom) / 2 }})"
 text-anchor="middle">{{ c.ylabel }}</text>
{% for p in c.points %}
<text x="{{ p.x }}" y="{{ c.bottom + 16 }}" text-anchor="middle">{{ p.label }}</text>
<text x="{{ p.x }}" y="{{ c.bottom + 30 }}" text-anchor="middle">n={{ p.n }}</text>
{% if p.y is not none %}{% if p.lo is not none %}<line class="whisker" x1="{{ p.x }}" x2="{{ p.x }}" y1="{{ p.lo }}" y2="{{ p.hi }}"/>{% endif %}
<circle class="{{ 'small' if p.small else 'dot' }}" cx="{{ p.x }}" cy="{{ p.y }}" r="5"><title>{{ p.tip }}</title></circle>{% endif %}
{% endfor %}
<text x="{{ (c.left + c.right) / 2 }}" y="{{ c.h - 6 }}" text-anchor="middle">{{ c.xlabel }}</text>
</svg>{% endfor %}</div>
{% endfor %}
</body></html>
"""

_TITLES = {"days_since_last": "days since the previous invitation"}


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    span = hi - lo if hi > lo else 1.0
    step = 10 ** math.floor(math.log10(span / n))
    for m in (1, 2, 2.5, 5, 10):
        if span / (m * step) <= n:
            step *= m
            break
    start = math.floor(lo / step) * step
    return [round(start + i * step, 10) for i in range(int(math.ceil((hi - start) / step)) + 1)]


def chart(title: str, labels, est, lo, hi, ns, small, *, ylabel: str, xlabel: str, scale: float = 1.0,
          fmt: str = "{:.1f}", ref: float | None = None) -> dict:
    """The geometry of one dot-and-whisker chart (values times ``scale`` on the y axis; ``ref`` a dashed line)."""
    vals = np.array([v for v in (*est, *lo, *hi) if v is not None and np.isfinite(v)], dtype=float) * scale
    if ref is not None:
        vals = np.append(vals, ref)
    ticks = _nice_ticks(float(vals.min()), float(vals.max())) if vals.size else [0.0, 1.0]
    y0, y1 = ticks[0], ticks[-1] if ticks[-1] > ticks[0] else ticks[0] + 1
    top, bottom, left, right = TOP, H - BOTTOM, LEFT, W - RIGHT

    def y(v):
        return None if v is None or not np.isfinite(v) else round(bottom - (v * scale - y0) / (y1 - y0) *
                                                                  (bottom - top), 1)
    step = (right - left) / max(len(labels), 1)
    points = []
    for i, lab in enumerate(labels):
        e, a, b = est[i], lo[i], hi[i]
        tip = (f"{lab}: {fmt.format(e * scale)} [{fmt.format(a * scale)}, {fmt.format(b * scale)}], n={ns[i]}"
               if e is not None and np.isfinite(e) and np.isfinite(a) else f"{lab}: n={ns[i]}")
        points.append({"x": round(left + step * (i + 0.5), 1), "y": y(e), "lo": y(a) if np.isfinite(a) else None,
                       "hi": y(b), "label": lab, "n": int(ns[i]), "small": bool(small[i]), "tip": tip})
    return {"w": W, "h": H, "left": left, "right": right, "top": top, "bottom": bottom, "title": title,
            "ylabel": ylabel, "xlabel": xlabel, "points": points,
            "yticks": [{"y": y(t / scale), "label": fmt.format(t)} for t in ticks if y0 <= t <= y1],
            "ref": y(ref / scale) if ref is not None else None}


def cadence_html(table: pd.DataFrame, alpha: float, counts: dict) -> str:
    """The cadence page for a :class:`CadenceResult` table."""
    sections = []
    for window, part in table.groupby("window", sort=False):
        what = _TITLES.get(window, f"invitations in the previous {window.split('_')[1][:-1]} days")
        labels, small = part["bin"].tolist(), part["small_base"].tolist()
        rate = chart("Response rate", labels, part["rate"].tolist(), part["ci_low"].tolist(),
                     part["ci_high"].tolist(), part["invitations"].tolist(), small, ylabel="response rate (%)",
                     xlabel=what, scale=100)
        nps = chart("NPS of the answers", labels, part["nps"].tolist(), part["nps_ci_low"].tolist(),
                    part["nps_ci_high"].tolist(), part["n_scored"].tolist(), small, ylabel="NPS", xlabel=what,
                    ref=0.0)
        sections.append({"title": "By " + what, "charts": [rate, nps]})
    env = jinja2.Environment(autoescape=True)
    return env.from_string(_PAGE).render(sections=sections, counts=counts, level=int(round(100 * (1 - alpha))))
