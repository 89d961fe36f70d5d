"""Template data of the report's views over time and across segments: theme trends, the decomposition of the
last NPS change, sentiment per theme, segments (NPS, theme share and net sentiment heatmaps) and NPS by period.

The figures come from ``_views`` (pure functions of an analysis); here they become chart specs (``_charts``) and
tables in the reader's language.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._charts import ChartSet
from ._html import fmt_int, fmt_num, fmt_p, fmt_pct, level, table
from ._views import change_decomposition, nps_trend, theme_segments, theme_sentiment, theme_trends

__all__ = ["trends_section", "change_section", "sentiment_section", "segments_section", "periods_section"]


def _signed(v) -> str:
    return fmt_num(v, signed=True)


def _trend_chart(tr: pd.DataFrame, title: str, charts: ChartSet, t: dict):
    if not len(tr):
        return None
    periods = tr.drop_duplicates("period").sort_values("start")
    x = periods["period"].tolist()
    partial = periods["partial"].fillna(False).astype(bool).tolist()
    series = []
    for theme, sub in tr.groupby("theme", sort=False):
        sub = sub.set_index("period").reindex(x)
        marks = ["rise" if s and d == "rise" else "fall" if s and d == "fall" else ""
                 for s, d in zip(sub["sig"].fillna(False), sub["direction"].fillna(""))]
        has = sub["n"].fillna(0).to_numpy(float) > 0
        series.append({"name": str(sub["name"].dropna().iloc[0]) if sub["name"].notna().any() else str(theme),
                       "values": np.where(has, sub["share"], np.nan), "lo": np.where(has, sub["ci_low"], np.nan),
                       "hi": np.where(has, sub["ci_high"], np.nan), "n": sub["n"].to_numpy(float), "marks": marks,
                       "trend": next((v for v in sub["trend"] if v in ("rise", "fall")), "")})
    return charts.multiline(x, series, title=title, partial=partial, percent=True)


def trends_section(a, t: dict, charts: ChartSet):
    """Complaint and praise shares of the top themes per period, significant changes marked; None without dates."""
    if a.periods is None:
        return None
    lvl = level(a)
    comp = theme_trends(a, kind="complaint", top=6)
    praise = theme_trends(a, kind="praise", top=6)
    if not len(comp) and not len(praise):
        return None
    rows = []
    for kind, tr in ((t["complaint"], comp), (t["praise"], praise)):
        if not len(tr):
            continue
        tr = tr.sort_values(["theme", "start"])
        for theme, sub in tr.groupby("theme", sort=False):
            name = sub["name"].iloc[0]
            prev = sub.shift(1)
            for (_, r), (_, p) in zip(sub.iterrows(), prev.iterrows()):
                if bool(r["sig"]):
                    rows.append({"name": name, "kind": kind, "what": f"{p['period']} → {r['period']}",
                                 "from": p["share"], "to": r["share"], "change": r["change"], "p": r["pval_adj"],
                                 "dir": t["t_rise"] if r["direction"] == "rise" else t["t_fall"]})
            last = sub.iloc[-1]
            if last["trend"] in ("rise", "fall"):
                first = sub[sub["n"] > 0].iloc[0]
                rows.append({"name": name, "kind": kind, "what": f"{t['t_trend']}: {first['period']} → {last['period']}",
                             "from": first["share"], "to": last["share"], "change": last["share"] - first["share"],
                             "p": last["trend_pval_adj"], "dir": t["t_rise"] if last["trend"] == "rise" else t["t_fall"]})
    f = pd.DataFrame(rows, columns=["name", "kind", "what", "from", "to", "change", "p", "dir"])
    cols = [("name", t["theme"], None), ("kind", t["dr_polarity"], None), ("what", t["period"], None),
            ("dir", t["change"], None), ("from", t["t_from"], fmt_pct), ("to", t["t_to"], fmt_pct),
            ("change", t["change"], lambda v: fmt_num(100 * v, signed=True) + " pp" if np.isfinite(v) else "–"),
            ("p", t["p_bh"], fmt_p)]
    return {"complaint": _trend_chart(comp, t["t_complaint"], charts, t),
            "praise": _trend_chart(praise, t["t_praise"], charts, t),
            "note": t["t_note"].format(level=lvl),
            "table": table(f, cols, table_id="t-trends", caption=t["t_table"])}


def change_section(a, t: dict, charts: ChartSet):
    """The last NPS change split by theme; None when there are not two periods with enough respondents."""
    if a.periods is None:
        return None
    d = change_decomposition(a)
    if d is None or not len(d):
        return None
    at = d.attrs
    lvl = level(a)
    names = d["name"].where(d["theme"] != "(no theme)", t["no_theme"])
    rows = [{"label": nm, "value": v, "lo": lo, "hi": hi, "n": nb + na}
            for nm, v, lo, hi, nb, na in zip(names, d["contribution"], d["ci_low"], d["ci_high"], d["n_before"],
                                             d["n_after"])]
    title = t["ch_title"].format(before=at["before"], after=at["after"], total=_signed(at["total"]), level=lvl,
                                 lo=_signed(at["total_ci_low"]), hi=_signed(at["total_ci_high"]))
    chart = charts.bars(rows[:15], title=title, unit=f" {t['pts']}", xname=t["points"])
    f = d.assign(name=names)
    cols = [("name", t["theme"], None), ("contribution", t["contribution"], _signed), ("ci_low", t["ci_low"], _signed),
            ("ci_high", t["ci_high"], _signed), ("mix", t["mix"], _signed), ("rate", t["rate"], _signed),
            ("share_before", f"{t['share']} {at['before']}", fmt_pct), ("share_after", f"{t['share']} {at['after']}",
                                                                        fmt_pct),
            ("n_before", f"n {at['before']}", fmt_int), ("n_after", f"n {at['after']}", fmt_int)]
    return {"chart": chart, "table": table(f, cols, table_id="t-change", caption=title)}


def sentiment_section(a, t: dict, charts: ChartSet) -> dict:
    s = theme_sentiment(a)
    s = s[s["n"] > 0].head(20)
    series = [{"name": k, "label": t[k], "values": s[f"share_{k}"], "counts": s[k]}
              for k in ("praise", "neutral", "complaint")]
    chart = charts.stack(s["name"], series, s["n"], s["net"], s["net_ci_low"], s["net_ci_high"],
                         title=t["se_title"])
    return {"chart": chart, "note": t["se_note"].format(level=level(a))}


def segments_section(a, t: dict, charts: ChartSet):
    """Per segment column: NPS by level, theme share and net sentiment heatmaps; one table of both."""
    if a.segments is None or not len(a.segments):
        return None
    f = a.segments.to_frame()
    ts = theme_segments(a, top=12)
    out = []
    for seg, sub in f.groupby("segment", sort=False):
        rows = [{"label": lv, "value": v, "lo": lo, "hi": hi, "n": n, "small": s}
                for lv, v, lo, hi, n, s in zip(sub["level"], sub["nps"], sub["ci_low"], sub["ci_high"], sub["n"],
                                               sub["small_base"])]
        nps = charts.bars(rows, title=t["sg_nps"].format(seg=seg), unit=f" {t['pts']}", xname=t["points"])
        h = ts[ts["segment"] == seg]
        heat = net = None
        if len(h):
            x = list(dict.fromkeys(h["level"]))
            y = list(dict.fromkeys(h["theme"]))
            ynames = [h.loc[h["theme"] == th, "name"].iloc[0] for th in y]
            cells = [(x.index(r.level), y.index(r.theme), r.share, r.sig, r.n, r.k, r.ci_low, r.ci_high, r.diff,
                      r.pval_adj, r.small_base) for r in h.itertuples()]
            heat = charts.heat(x, ynames, cells, title=t["sg_heat"].format(seg=seg))
            ncells = [(x.index(r.level), y.index(r.theme), r.net, False, r.k, r.k, np.nan, np.nan, np.nan, np.nan,
                       r.small_base) for r in h.itertuples()]
            net = charts.heat(x, ynames, ncells, title=t["sg_net"].format(seg=seg), percent=False, signed=True,
                              vmin=-1.0, vmax=1.0)
        out.append({"nps": nps, "heat": heat, "net": net})
    cols = [("segment", t["segment"], None), ("level", t["level"], None), ("n", t["n"], fmt_int),
            ("nps", t["nps"], _signed), ("ci_low", t["ci_low"], fmt_num), ("ci_high", t["ci_high"], fmt_num),
            ("diff", t["vs_rest"], _signed), ("pval_adj", t["p_bh"], fmt_p)]
    return {"charts": out, "table": table(f, cols, table_id="t-seg", caption=t["sg_note"],
                                          row_class=lambda r: "small" if r["small_base"] else "")}


def periods_section(a, t: dict, charts: ChartSet):
    """NPS per period as a line with its interval band, partial periods shaded; None without dates."""
    if a.periods is None or not len(a.periods):
        return None
    f = nps_trend(a)
    f = f[f["n"] > 0]
    if not len(f):
        return None
    lvl = level(a)
    marks = ["rise" if p < a.nps.alpha and c > 0 else "fall" if p < a.nps.alpha and c < 0 else ""
             for p, c in zip(f["pval_adj"].fillna(1), f["change"].fillna(0))]
    chart = charts.line(f["period"].tolist(), [{"name": t["nps"], "values": f["nps"], "lo": f["ci_low"],
                                                "hi": f["ci_high"], "n": f["n"].to_numpy(float), "marks": marks}],
                        title=t["p_title"].format(level=lvl), partial=f["partial"].tolist(), signed=True,
                        yname=t["points"])
    f = f.assign(flag=[t["partial"] if p else "" for p in f["partial"]])
    cols = [("period", t["period"], None), ("n", t["n"], fmt_int), ("nps", t["nps"], _signed),
            ("ci_low", t["ci_low"], fmt_num), ("ci_high", t["ci_high"], fmt_num), ("change", t["change"], _signed),
            ("pval_adj", t["p_bh"], fmt_p), ("flag", "", None)]
    return {"chart": chart, "table": table(f, cols, table_id="t-per", caption=t["p_note"],
                                           row_class=lambda r: "small" if r["small_base"] else "")}
