"""Building blocks of the self-contained HTML report: escaped tables, inline SVG charts, one small script.

No external scripts, fonts or styles: the page opens offline. Every text is HTML-escaped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

__all__ = ["esc", "table", "interval_chart", "scatter_chart", "nice_ticks", "page", "fmt_num", "fmt_pct", "fmt_p"]

FONT_STACK = ('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", '
              '"WenQuanYi Micro Hei", "Source Han Sans SC", sans-serif')


def esc(value) -> str:
    """HTML-escape any value (verbatims included)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def fmt_num(v, digits=1, signed=False) -> str:
    if v is None or (isinstance(v, (float, np.floating)) and not np.isfinite(v)):
        return "–"
    return f"{v:+.{digits}f}" if signed else f"{v:.{digits}f}"


def fmt_pct(v, digits=1) -> str:
    if v is None or (isinstance(v, (float, np.floating)) and not np.isfinite(v)):
        return "–"
    return f"{100 * v:.{digits}f}%"


def fmt_p(v) -> str:
    if v is None or (isinstance(v, (float, np.floating)) and not np.isfinite(v)):
        return "–"
    return "<0.001" if v < 0.001 else f"{v:.3f}"


def table(frame: pd.DataFrame, columns: Sequence[tuple[str, str, Callable | None]], *, table_id: str,
          caption: str = "", filterable: bool = False, row_class: Callable | None = None) -> str:
    """A sortable table. ``columns`` = (column, header, formatter); numbers sort by their raw value."""
    head = "".join(f'<th data-col="{i}" title="sort">{esc(h)}</th>' for i, (_, h, _) in enumerate(columns))
    body = []
    for _, row in frame.iterrows():
        cells = []
        for col, _, fmt in columns:
            v = row.get(col)
            raw = v if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) else None
            shown = esc(fmt(v)) if fmt else esc(v)  # formatters return text ("<0.001" too)
            key = f' data-v="{float(raw)}"' if raw is not None and np.isfinite(float(raw)) else ""
            cells.append(f"<td{key}>{shown}</td>")
        cls = f' class="{row_class(row)}"' if row_class else ""
        body.append(f"<tr{cls}>{''.join(cells)}</tr>")
    filt = (f'<input class="filter" type="search" placeholder="筛选 / filter" data-table="{table_id}">'
            if filterable else "")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f'{filt}<table class="data sortable" id="{table_id}">{cap}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def interval_chart(rows: Sequence[dict], *, title: str, unit: str = "", zero: bool = True, width: int = 720,
                   color_by_sign: bool = True, percent: bool = False) -> str:
    """Horizontal bars with interval whiskers. Each row: label, value, lo, hi, n (optional), note (optional)."""
    rows = [r for r in rows if r.get("value") is not None and np.isfinite(r["value"])]
    if not rows:
        return f'<p class="muted">{esc(title)}: nothing to show.</p>'
    scale = 100 if percent else 1
    vals = [scale * v for r in rows for v in (r["value"], r.get("lo", r["value"]), r.get("hi", r["value"]))
            if v is not None and np.isfinite(v)]
    lo_v, hi_v = min(vals + ([0] if zero else [])), max(vals + ([0] if zero else []))
    if hi_v - lo_v < 1e-9:
        hi_v = lo_v + 1
    pad = 0.05 * (hi_v - lo_v)
    lo_v, hi_v = lo_v - pad, hi_v + pad
    left, right, row_h, top = 230, 90, 26, 30
    plot_w = width - left - right
    height = top + row_h * len(rows) + 24

    def x(v):
        return left + (scale * v - lo_v) / (hi_v - lo_v) * plot_w

    parts = [f'<svg class="chart" role="img" aria-label="{esc(title)}" viewBox="0 0 {width} {height}" '
             f'width="100%" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="8" y="16" class="ctitle">{esc(title)}</text>']
    if zero and lo_v < 0 < hi_v:
        parts.append(f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{top - 6}" y2="{height - 20}" class="zero"/>')
    for i, r in enumerate(rows):
        y = top + i * row_h
        v = r["value"]
        cls = ("pos" if v >= 0 else "neg") if color_by_sign else "neu"
        x0, x1 = sorted((x(0) if zero else left, x(v)))
        label = str(r["label"])
        short = label if len(label) <= 16 else label[:15] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 16}" class="lab" text-anchor="end"><title>{esc(label)}</title>'
                     f'{esc(short)}</text>')
        parts.append(f'<rect x="{x0:.1f}" y="{y + 5}" width="{max(x1 - x0, 1):.1f}" height="{row_h - 10}" '
                     f'class="bar {cls}"><title>{esc(label)}: {scale * v:.1f}{unit}</title></rect>')
        lo, hi = r.get("lo"), r.get("hi")
        if lo is not None and hi is not None and np.isfinite(lo) and np.isfinite(hi):
            ym = y + row_h / 2
            parts.append(f'<line x1="{x(lo):.1f}" x2="{x(hi):.1f}" y1="{ym}" y2="{ym}" class="ci"/>'
                         f'<line x1="{x(lo):.1f}" x2="{x(lo):.1f}" y1="{ym - 5}" y2="{ym + 5}" class="ci"/>'
                         f'<line x1="{x(hi):.1f}" x2="{x(hi):.1f}" y1="{ym - 5}" y2="{ym + 5}" class="ci"/>')
        shown = f"{scale * v:+.1f}" if color_by_sign else f"{scale * v:.1f}"  # signed where the sign matters
        note = f"{shown}{unit}" + (f"  n={int(r['n'])}" if r.get("n") is not None else "")
        if r.get("small"):
            note += " ⚠"
        parts.append(f'<text x="{width - right + 6}" y="{y + 16}" class="val">{esc(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def scatter_chart(points: Sequence[dict], *, title: str, xlabel: str, ylabel: str, width: int = 720,
                  height: int = 420, corner_notes: Sequence[str] = ()) -> str:
    """A labelled scatter (penalty/reward map). Each point: label, x, y, size (optional).

    ``corner_notes``: optional texts for the top-left, top-right, bottom-left and bottom-right corners.
    """
    pts = [p for p in points if np.isfinite(p["x"]) and np.isfinite(p["y"])]
    if not pts:
        return f'<p class="muted">{esc(title)}: nothing to show.</p>'
    m = 60
    xs, ys = [p["x"] for p in pts] + [0], [p["y"] for p in pts] + [0]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    x0, x1 = (x0 - 1, x1 + 1) if x1 - x0 < 1e-9 else (x0 - 0.08 * (x1 - x0), x1 + 0.08 * (x1 - x0))
    y0, y1 = (y0 - 1, y1 + 1) if y1 - y0 < 1e-9 else (y0 - 0.08 * (y1 - y0), y1 + 0.08 * (y1 - y0))

    def px(v):
        return m + (v - x0) / (x1 - x0) * (width - 2 * m)

    def py(v):
        return height - m - (v - y0) / (y1 - y0) * (height - 2 * m)

    smax = max((p.get("size") or 1) for p in pts)
    parts = [f'<svg class="chart" role="img" aria-label="{esc(title)}" viewBox="0 0 {width} {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg"><text x="8" y="20" class="ctitle">{esc(title)}</text>',
             f'<line x1="{px(0):.1f}" x2="{px(0):.1f}" y1="{m - 10}" y2="{height - m}" class="zero"/>',
             f'<line x1="{m}" x2="{width - m}" y1="{py(0):.1f}" y2="{py(0):.1f}" class="zero"/>',
             f'<text x="{width / 2}" y="{height - 12}" text-anchor="middle" class="lab">{esc(xlabel)}</text>',
             f'<text x="15" y="{height / 2}" transform="rotate(-90 15 {height / 2})" text-anchor="middle" '
             f'class="lab">{esc(ylabel)}</text>']
    for v in nice_ticks(x0, x1):
        parts.append(f'<line x1="{px(v):.1f}" x2="{px(v):.1f}" y1="{height - m}" y2="{height - m + 4}" '
                     f'class="zero"/><text x="{px(v):.1f}" y="{height - m + 16}" text-anchor="middle" '
                     f'class="tick">{v:g}</text>')
    for v in nice_ticks(y0, y1):
        parts.append(f'<line x1="{m - 4}" x2="{m}" y1="{py(v):.1f}" y2="{py(v):.1f}" class="zero"/>'
                     f'<text x="{m - 6}" y="{py(v) + 3:.1f}" text-anchor="end" class="tick">{v:g}</text>')
    if corner_notes:
        tl, tr, bl, br = (list(corner_notes) + ["", "", "", ""])[:4]
        for txt, xx, yy, anchor in ((tl, m + 4, m + 4, "start"), (tr, width - m - 4, m + 4, "end"),
                                    (bl, m + 4, height - m - 6, "start"), (br, width - m - 4, height - m - 6, "end")):
            if txt:
                parts.append(f'<text x="{xx}" y="{yy}" text-anchor="{anchor}" class="quad">{esc(txt)}</text>')
    radius = {id(p): 4 + 10 * math.sqrt((p.get("size") or 1) / smax) for p in pts}
    # boxes (x0, x1, y0, y1) already taken: every dot, then each label as it is placed
    taken = [(px(p["x"]) - radius[id(p)], px(p["x"]) + radius[id(p)], py(p["y"]) - radius[id(p)],
              py(p["y"]) + radius[id(p)]) for p in pts]
    labels = []
    for p in sorted(pts, key=lambda p: -(p.get("size") or 1)):
        r, cx, cy = radius[id(p)], px(p["x"]), py(p["y"])
        label = str(p["label"])[:14]
        w = sum(11 if ord(ch) > 0x2E80 else 6 for ch in label)
        spots = [(cx + r + 3, cy + 4), (cx - r - 3 - w, cy + 4), (cx - w / 2, cy - r - 4), (cx - w / 2, cy + r + 12),
                 (cx + r + 3, cy + 17), (cx + r + 3, cy - 9), (cx - r - 3 - w, cy + 17), (cx - r - 3 - w, cy - 9)]
        spots = [(lx, ly) for lx, ly in spots if lx >= 2 and lx + w <= width - 2] or spots[:1]

        def clash(lx, ly):
            return sum(1 for x0_, x1_, y0_, y1_ in taken if lx < x1_ and lx + w > x0_ and ly - 10 < y1_ and ly + 2 > y0_)

        lx, ly = min(spots, key=lambda s: clash(*s))  # the first spot with the fewest overlaps
        taken.append((lx, lx + w, ly - 10, ly + 2))
        labels.append(f'<text x="{lx:.1f}" y="{ly:.1f}" class="lab small">{esc(label)}</text>')
    for p in pts:
        parts.append(f'<circle cx="{px(p["x"]):.1f}" cy="{py(p["y"]):.1f}" r="{radius[id(p)]:.1f}" class="dot">'
                     f'<title>{esc(p["label"])}: {p["x"]:.1f}, {p["y"]:.1f}</title></circle>')
    parts.extend(labels)
    parts.append("</svg>")
    return "".join(parts)


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (about ``n`` of them)."""
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        return []
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    start = math.ceil(lo / step) * step
    return [round(start + i * step, 10) for i in range(int((hi - start) / step) + 1)]


_CSS = """
body{font-family:%s;margin:0;color:#1f2933;background:#f7f8fa;line-height:1.5}
header{background:#143d59;color:#fff;padding:20px 32px}header h1{margin:0;font-size:24px}
header p{margin:4px 0 0;opacity:.85}
main{max-width:1100px;margin:0 auto;padding:16px 32px 48px}
section{background:#fff;border-radius:8px;padding:16px 24px;margin:16px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h2{font-size:19px;margin:4px 0 12px;color:#143d59}h3{font-size:16px;margin:14px 0 6px}
.kpis{display:flex;gap:16px;flex-wrap:wrap}.kpi{flex:1;min-width:150px;background:#eef3f7;border-radius:6px;padding:10px 14px}
.kpi b{display:block;font-size:26px}.kpi span{font-size:13px;color:#52606d}
table.data{border-collapse:collapse;width:100%%;font-size:13px;margin:6px 0 12px}
table.data th{background:#eef3f7;text-align:left;padding:6px;cursor:pointer;white-space:nowrap;position:sticky;top:0}
table.data th.asc::after{content:" ▲"}table.data th.desc::after{content:" ▼"}
table.data td{border-top:1px solid #e4e7eb;padding:5px 6px;vertical-align:top}
tr.small td{color:#9aa5b1}caption{text-align:left;color:#52606d;padding:4px 0}
.two{display:grid;grid-template-columns:1fr 1fr;gap:20px}@media(max-width:900px){.two{grid-template-columns:1fr}}
svg.chart{max-width:100%%;height:auto;font-family:inherit}
.ctitle{font-size:14px;font-weight:600;fill:#143d59}.lab{font-size:12px;fill:#323f4b}.small{font-size:11px}
.val{font-size:11px;fill:#52606d}.bar.pos{fill:#2f855a}.bar.neg{fill:#c53030}.bar.neu{fill:#3e7cb1}
.ci{stroke:#1f2933;stroke-width:1.4}.zero{stroke:#9aa5b1;stroke-dasharray:3 3}.dot{fill:#3e7cb1;fill-opacity:.6;stroke:#143d59}
.quote{margin:2px 0 2px 12px;color:#323f4b;font-size:13px}.quote::before{content:"“"}.quote::after{content:"”"}
.theme{border-left:4px solid #3e7cb1;padding:4px 12px;margin:10px 0}.muted{color:#7b8794}.warn{color:#b7791f}
.filter{margin:4px 0;padding:4px 8px;border:1px solid #cbd2d9;border-radius:4px;width:260px}
details summary{cursor:pointer;color:#143d59}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px;margin:4px 0 12px}
.card{position:relative;border:1px solid #e4e7eb;border-top:4px solid #c53030;border-radius:6px;padding:10px 14px 8px 52px}
.card h3{margin:2px 0 8px}.card .rank{position:absolute;left:12px;top:10px;width:28px;height:28px;border-radius:50%%;
background:#c53030;color:#fff;font-weight:700;text-align:center;line-height:28px}
.card .stat{margin:4px 0;font-size:14px}.card .stat b{font-size:16px}.ci-text{color:#52606d;font-size:12px}
.card .quotes{margin-top:8px;border-top:1px dashed #e4e7eb;padding-top:6px;font-size:12px}
.note{color:#52606d;font-size:13px}.qlab{margin:6px 0 0;font-size:12px;color:#7b8794}.tick{font-size:10px;fill:#7b8794}.quad{font-size:11px;fill:#9aa5b1}
""" % FONT_STACK

_JS = """
document.querySelectorAll('table.sortable th').forEach(function(th){th.addEventListener('click',function(){
 var table=th.closest('table'),tb=table.tBodies[0],i=+th.dataset.col,asc=!th.classList.contains('asc');
 table.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc')});th.classList.add(asc?'asc':'desc');
 var rows=Array.prototype.slice.call(tb.rows);
 var num=rows.some(function(r){return r.cells[i]&&r.cells[i].dataset.v!==undefined});rows.sort(function(a,b){var x=a.cells[i],y=b.cells[i];
  var u=x.dataset.v,v=y.dataset.v;
  if(num){if(u===undefined||v===undefined)return (u===undefined)-(v===undefined);var c=(+u)-(+v);}
  else{var c=x.textContent.localeCompare(y.textContent,'zh');}
  return asc?c:-c});rows.forEach(function(r){tb.appendChild(r)});});});
document.querySelectorAll('input.filter').forEach(function(inp){inp.addEventListener('input',function(){
 var q=inp.value.toLowerCase(),t=document.getElementById(inp.dataset.table);
 Array.prototype.forEach.call(t.tBodies[0].rows,function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none'})});});
"""


def page(title: str, subtitle: str, sections: Sequence[tuple[str, str, str]], lang: str = "zh-CN") -> str:
    """The whole document. ``sections`` = (anchor id, heading, inner HTML); ``lang`` its language tag."""
    nav = " · ".join(f'<a href="#{esc(a)}" style="color:#fff">{esc(h)}</a>' for a, h, _ in sections)
    body = "".join(f'<section id="{esc(a)}"><h2>{esc(h)}</h2>{inner}</section>' for a, h, inner in sections)
    return (f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{esc(title)}</title><style>{_CSS}</style></head><body>'
            f'<header><h1>{esc(title)}</h1><p>{esc(subtitle)}</p><p style="font-size:13px">{nav}</p></header>'
            f'<main>{body}</main><script>{_JS}</script></body></html>')
