"""The report's "does the loop close?" section: survey cadence and fatigue, panel transitions and conversion by
theme, and whether promoters refer — from ``Analysis.loop`` (:meth:`textmine.Analysis.close_loop`).

Every rate with its n and interval, every comparison with its interval and adjusted p; figures only, never an
answer's text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._charts import ChartSet
from ._html import fmt_int, fmt_num, fmt_p, fmt_pct, level, table

__all__ = ["loop_section"]

#: theme rows of the conversion table shown per transition (lowest p first), besides every significant one
CONVERSION_ROWS = 6


def loop_section(a, t: dict, charts: ChartSet):
    """``{"cadence": …, "panel": …, "referrals": …}`` for the parts the analysis has; None without any."""
    loop = getattr(a, "loop", None) or {}
    if not loop:
        return None
    lvl = level(a)
    out = {"cadence": None, "panel": None, "referrals": None}  # the template asks for each part
    if "cadence" in loop:
        out["cadence"] = _cadence(loop["cadence"], t, charts, lvl)
    if "panel" in loop:
        out["panel"] = _panel(loop["panel"], t, lvl)
    if "referrals" in loop:
        out["referrals"] = _referrals(loop["referrals"], t, charts, lvl)
    out["unmatched"] = t["lp_unmatched"].format(parts=t["lp_join"].join(
        t["lp_unmatched_part"].format(part=t[f"lp_part_{k}"], n=out[k]["unmatched"]) for k in loop if out.get(k)))
    return out


def _group(t: dict, g: str) -> str:
    return t.get(g, g)


def _bar_rows(labels, f, value: str, lo: str, hi: str, n: str) -> list:
    """``ChartSet.bars`` rows: one per label, the value with its interval and n from ``f``'s columns (grey where
    ``f`` flags a small base)."""
    small = f["small_base"] if "small_base" in f.columns else [False] * len(f)
    return [{"label": lb, "value": v, "lo": a, "hi": b, "n": k, "small": bool(sm)}
            for lb, v, a, b, k, sm in zip(labels, f[value], f[lo], f[hi], f[n], small)]


def _cadence(r, t, charts: ChartSet, lvl: int) -> dict:
    f, tr = r.table, r.trends
    w = r.settings["windows"][0]
    first = f[f["window"] == f"invitations_{w}d"]
    rate = charts.bars(_bar_rows(first["bin"], first, "rate", "ci_low", "ci_high", "invitations"),
                       title=t["lp_cad_rate"].format(w=w, level=lvl), percent=True, signed=False,
                       xname=t["lp_resp_rate"])
    nps = charts.bars(_bar_rows(first["bin"], first, "nps", "nps_ci_low", "nps_ci_high", "n_scored"),
                      title=t["lp_cad_nps"].format(w=w, level=lvl), xname=t["nps"])
    head = None
    rows = tr[tr["window"] == f"invitations_{w}d"].set_index("measure")
    if {"response_rate", "score"} <= set(rows.index):
        rr, sc = rows.loc["response_rate"], rows.loc["score"]
        head = t["lp_cad_head"].format(
            w=w, slope=fmt_num(100 * rr["slope"], signed=True), lo=fmt_num(100 * rr["ci_low"], signed=True),
            hi=fmt_num(100 * rr["ci_high"], signed=True), p=fmt_p(rr["pval"]), n=fmt_int(rr["n"]),
            s=fmt_num(sc["slope"], 2, signed=True), slo=fmt_num(sc["ci_low"], 2, signed=True),
            shi=fmt_num(sc["ci_high"], 2, signed=True), sp=fmt_p(sc["pval"]), sn=fmt_int(sc["n"]), level=lvl)
    over = t["lp_cad_over"].format(k=fmt_int(r.counts["over_contacted"]), limit=r.settings["limit"],
                                   days=r.settings["limit_days"], contacts=fmt_int(r.counts["contacts"]))
    shown = f[f["window"] != f"invitations_{r.settings['windows'][-1]}d"] if len(r.settings["windows"]) > 1 else f
    shown = shown.assign(bin=shown["bin"].replace({"first": t["lp_first"]}),
                         by=shown["window"].map(lambda x: t["lp_cad_since"] if x == "days_since_last"
                                                else t["lp_cad_prev"].format(w=x.split("_")[1][:-1])))
    cols = [("by", t["lp_cad_by"], None), ("bin", t["lp_bin"], None), ("invitations", t["lp_invitations"], fmt_int),
            ("rate", t["lp_resp_rate"], fmt_pct), ("ci_low", t["ci_low"], fmt_pct),
            ("ci_high", t["ci_high"], fmt_pct), ("n_scored", t["n"], fmt_int),
            ("mean_score", t["lp_mean"], lambda v: fmt_num(v, 2)),
            ("nps", t["nps"], lambda v: fmt_num(v, signed=True)),
            ("nps_ci_low", t["ci_low"], lambda v: fmt_num(v, signed=True)),
            ("nps_ci_high", t["ci_high"], lambda v: fmt_num(v, signed=True))]
    return {"head": head, "over": over, "charts": [c for c in (rate, nps) if c],
            "table": table(shown, cols, table_id="t-cadence", caption=t["lp_cad_caption"].format(level=lvl),
                           row_class=lambda row: "small" if row["small_base"] else ""),
            "unmatched": fmt_int(len(r.unmatched))}


def _panel(r, t, lvl: int) -> dict:
    heads = [t["lp_pn_change"].format(n=fmt_int(c.n), waves=c.waves, a=fmt_num(c.nps_from, signed=True),
                                      b=fmt_num(c.nps_to, signed=True), d=fmt_num(c.change, signed=True),
                                      lo=fmt_num(c.ci_low, signed=True), hi=fmt_num(c.ci_high, signed=True), level=lvl)
             for c in r.nps_change.itertuples(index=False)]
    tr = r.transitions.assign(f=lambda x: x["from"].map(lambda g: _group(t, g)),
                              to_=lambda x: x["to"].map(lambda g: _group(t, g)))
    tcols = [("waves", t["lp_waves"], None), ("f", t["lp_from"], None), ("to_", t["lp_to"], None),
             ("n", t["n"], fmt_int), ("n_from", t["lp_n_from"], fmt_int), ("share", t["share"], fmt_pct),
             ("ci_low", t["ci_low"], fmt_pct), ("ci_high", t["ci_high"], fmt_pct)]
    conv = r.conversion
    fixed = [t["lp_pn_fixed"].format(themes=c.theme.replace(";", t["lp_join"]), a=fmt_pct(c.rate_with),
                                     na=fmt_int(c.n_with),
                                     b=fmt_pct(c.rate_without), nb=fmt_int(c.n_without),
                                     d=fmt_num(100 * c.diff, signed=True), lo=fmt_num(100 * c.diff_ci_low, signed=True),
                                     hi=fmt_num(100 * c.diff_ci_high, signed=True), p=fmt_p(c.pval_adj), level=lvl)
             for c in conv[(conv["kind"] == "fixed") & (conv["transition"] == "detractor_to_promoter")]
             .itertuples(index=False)]
    themes = conv[conv["kind"] == "theme"]
    parts = [g.sort_values("pval", kind="stable").pipe(
        lambda s: s[(np.arange(len(s)) < CONVERSION_ROWS) | (s["pval_adj"] <= 0.05)])
        for _, g in themes.groupby("transition", sort=False)]
    shown = pd.concat(parts) if parts else themes
    shown = shown.assign(tr=shown["transition"].map(lambda x: " → ".join(_group(t, g) for g in x.split("_to_"))))
    ccols = [("tr", t["lp_transition"], None), ("theme", t["theme"], None), ("n_with", t["lp_n_with"], fmt_int),
             ("rate_with", t["lp_with"], fmt_pct), ("n_without", t["lp_n_without"], fmt_int),
             ("rate_without", t["lp_without"], fmt_pct),
             ("diff", t["lp_diff"], lambda v: fmt_num(100 * v, signed=True)),
             ("diff_ci_low", t["ci_low"], lambda v: fmt_num(100 * v, signed=True)),
             ("diff_ci_high", t["ci_high"], lambda v: fmt_num(100 * v, signed=True)), ("pval_adj", t["p_bh"], fmt_p)]
    return {"heads": heads, "fixed": fixed,
            "transitions": table(tr, tcols, table_id="t-transitions", caption=t["lp_pn_caption"].format(level=lvl)),
            "conversion": table(shown, ccols, table_id="t-conversion",
                                caption=t["lp_conv_caption"].format(level=lvl, k=CONVERSION_ROWS),
                                row_class=lambda row: "small" if row["small_base"] else "") if len(shown) else None,
            "unmatched": fmt_int(len(r.unmatched))}


def _referrals(r, t, charts: ChartSet, lvl: int) -> dict:
    f = r.table
    groups = f[f["group"] != "all"]
    chart = charts.bars(_bar_rows([_group(t, g) for g in groups["group"]], groups, "rate", "ci_low", "ci_high", "n"),
                        title=t["lp_ref_chart"].format(level=lvl), percent=True, signed=False, xname=t["lp_rate"])
    p = f.set_index("group").loc["promoter"]
    auc = r.auc
    figs = t["lp_ref_figs"].format(
        rr=fmt_num(p["rate_ratio"], 1), rr_lo=fmt_num(p["rr_ci_low"], 1), rr_hi=fmt_num(p["rr_ci_high"], 1),
        auc=fmt_num(auc.get("auc"), 2), auc_lo=fmt_num(auc.get("ci_low"), 2), auc_hi=fmt_num(auc.get("ci_high"), 2),
        share=fmt_pct(p["rate"]), share_lo=fmt_pct(p["ci_low"]), share_hi=fmt_pct(p["ci_high"]), n=fmt_int(p["n"]),
        level=lvl)
    shown = f.assign(g=f["group"].map(lambda g: _group(t, g)))
    cols = [("g", t["group"], None), ("n", t["n"], fmt_int), ("referrers", t["lp_referrers"], fmt_int),
            ("rate", t["lp_rate"], fmt_pct), ("ci_low", t["ci_low"], fmt_pct), ("ci_high", t["ci_high"], fmt_pct),
            ("rate_ratio", t["lp_rr"], lambda v: fmt_num(v, 2)), ("rr_ci_low", t["ci_low"], lambda v: fmt_num(v, 2)),
            ("rr_ci_high", t["ci_high"], lambda v: fmt_num(v, 2))]
    return {"verdict": t.get(f"lp_ref_{r.verdict_code}", r.verdict), "figs": figs, "chart": chart,
            "table": table(shown, cols, table_id="t-referrals", caption=t["lp_ref_caption"].format(level=lvl)),
            "unmatched": fmt_int(len(r.unmatched))}
