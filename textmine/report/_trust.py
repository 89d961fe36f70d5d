"""The report's "can these scores be trusted?" section: score–text mismatch overall and per segment level.

Built from ``Analysis.trust`` (:func:`textmine.trust.segment_trust`) and ``Analysis.mismatch``; figures only,
never an answer's text (the drill-down shows answers, masked).
"""

from __future__ import annotations

import numpy as np

from ._charts import ChartSet
from ._html import fmt_int, fmt_p, fmt_pct, level, table

__all__ = ["trust_section"]


def trust_section(a, t: dict, charts: ChartSet):
    """Overall mismatch rate with its interval and n; per segment level the mismatch rate as bars with whiskers,
    and one table of the three tests (flagged levels first). None when the analysis has no trust figures."""
    tr = getattr(a, "trust", None)
    if tr is None:
        return None
    o, lvl = tr.overall, level(a)
    kinds = a.mismatch["kind"].value_counts() if getattr(a, "mismatch", None) is not None else {}
    head = None
    if o.get("mismatch_rate") is not None:
        head = t["tr_overall"].format(rate=fmt_pct(o["mismatch_rate"]), lo=fmt_pct(o["mismatch_rate_ci_low"]),
                                      hi=fmt_pct(o["mismatch_rate_ci_high"]), level=lvl,
                                      n=fmt_int(o["n_judged"]), k=fmt_int(o["mismatches"]),
                                      prom=fmt_int(int(kinds.get("promoter_complains", 0))),
                                      det=fmt_int(int(kinds.get("detractor_praises", 0))))
    f = tr.to_frame()
    if not len(f):
        return {"head": head, "charts": [], "table": None, "flagged": 0, "note": t["tr_note"]}
    out = []
    for seg, sub in f.groupby("segment", sort=False):
        rows = [{"label": lv, "value": v, "lo": lo, "hi": hi, "n": n, "small": bool(s)}
                for lv, v, lo, hi, n, s in zip(sub["level"], sub["mismatch_rate"], sub["ci_low"], sub["ci_high"],
                                               sub["n_judged"], sub["small_base"])]
        out.append(charts.bars(rows, title=t["tr_chart"].format(seg=seg, level=lvl), percent=True, signed=False,
                               xname=t["tr_rate"]))
    f = f.assign(flag=np.where(f["flagged"].astype(bool), "⚑ " + t["tr_review"], ""))
    f = f.sort_values(["flagged", "pval_adj"], ascending=[False, True], kind="stable", na_position="last")
    cols = [("segment", t["segment"], None), ("level", t["level"], None), ("n", t["n"], fmt_int),
            ("n_judged", t["tr_judged"], fmt_int), ("mismatch_rate", t["tr_rate"], fmt_pct), ("ci_low", t["ci_low"], fmt_pct),
            ("ci_high", t["ci_high"], fmt_pct), ("mismatch_rate_rest", t["tr_rest"], fmt_pct),
            ("share_10", t["tr_10"], fmt_pct), ("share_10_rest", t["tr_rest"], fmt_pct),
            ("heaping", t["tr_heap"], fmt_pct), ("heaping_rest", t["tr_rest"], fmt_pct),
            ("pval_adj", t["p_bh"], fmt_p), ("flag", "", None)]
    return {"head": head, "charts": [c for c in out if c], "flagged": int(f["flagged"].astype(bool).sum()),
            "table": table(f, cols, table_id="t-trust", caption=t["tr_caption"],
                           row_class=lambda r: "small" if r["small_base"] else ""),
            "note": t["tr_note"]}
