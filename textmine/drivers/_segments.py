"""Private: theme shares and impacts per segment, with tests of the differences."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.base import clone

from textmine.errors import SchemaError, TextmineError

from ._regression import bh_adjust

__all__ = ["SegmentDrivers", "fit_segments"]

_KEEP = ["theme", "n", "share", "small_base", "nps_with", "removal_impact", "removal_se", "removal_ci_low",
         "removal_ci_high", "impact_nps", "impact_se", "impact_ci_low", "impact_ci_high", "impact_pval_adj"]


@dataclass
class SegmentDrivers:
    """``to_frame()``: one row per segment x theme; ``tests``: one row per theme (share and impact differences
    between segments, BH-adjusted); ``warnings``: small bases."""

    table: pd.DataFrame
    tests: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def summary(self) -> str:
        lines = [f"{self.table['segment'].nunique()} segments x {self.tests.shape[0]} themes"]
        sig = self.tests[(self.tests["impact_pval_adj"] < 0.05) | (self.tests["share_pval_adj"] < 0.05)]
        for _, r in sig.iterrows():
            lines.append(f"  {r['theme']}: share p_adj={r['share_pval_adj']:.3g}, "
                         f"impact p_adj={r['impact_pval_adj']:.3g}")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def _heterogeneity(est: np.ndarray, se: np.ndarray) -> float:
    """Wald test that independent estimates are equal (chi-square, k-1 df)."""
    ok = np.isfinite(est) & np.isfinite(se) & (se > 0)
    if ok.sum() < 2:
        return np.nan
    e, v = est[ok], se[ok] ** 2
    wts = 1 / v
    mean = np.sum(wts * e) / wts.sum()
    q = np.sum(wts * (e - mean) ** 2)
    return float(stats.chi2.sf(q, ok.sum() - 1))


def fit_segments(analysis, frame: pd.DataFrame, segment: str, themes=None, score: str = "score",
                 weight: str | None = None, freq: str | None = None) -> SegmentDrivers:
    """Fit a clone of the driver analysis ``analysis`` (its parameters, Shapley importance off) within each
    segment and test differences between segments; see :func:`textmine.drivers.segment_drivers`."""
    if segment not in frame.columns:
        raise SchemaError(f"missing column '{segment}' (segment=)")
    min_n = analysis.get_params()["min_n"]
    parts, warns = [], []
    for seg, sub in frame.groupby(segment, sort=True, dropna=False):
        try:
            da = clone(analysis).set_params(max_shapley=0).fit(sub, themes=themes, score=score, weight=weight,
                                                               freq=freq)
        except TextmineError as exc:
            n = len(sub) if freq is None else int(pd.to_numeric(sub[freq], errors="coerce").sum())
            warns.append(f"segment {seg!r} (n={n}) skipped: {exc}")
            continue
        overall = da.result_.overall
        t = da.result_.table[_KEEP].copy()
        t.insert(0, "segment", seg)
        t.insert(1, "n_segment", overall["n"])
        t.insert(2, "n_eff", overall["n_eff"])
        t["segment_nps"] = overall["nps"]
        if overall["n"] < min_n:
            warns.append(f"segment {seg!r}: small base n={overall['n']} < min_n={min_n}")
        parts.append(t)
    if not parts:
        raise SchemaError(f"no segment of column '{segment}' could be analysed: " + "; ".join(warns))
    table = pd.concat(parts, ignore_index=True)
    small = table[table["small_base"]]
    for th, g in small.groupby("theme"):
        warns.append(f"theme {th!r}: small base in segment(s) {list(g['segment'])}")
    rows = []
    for th, g in table.groupby("theme", sort=False):
        sh = g["share"].to_numpy()
        se_sh = np.sqrt(sh * (1 - sh) / g["n_eff"].to_numpy())
        se_sh = np.where(se_sh > 0, se_sh, np.sqrt(0.25 / g["n_eff"].to_numpy()))
        rows.append({"theme": th, "n_segments": len(g), "min_n": int(g["n"].min()),
                     "share_pval": _heterogeneity(sh, se_sh),
                     "impact_pval": _heterogeneity(g["impact_nps"].to_numpy(), g["impact_se"].to_numpy()),
                     "removal_pval": _heterogeneity(g["removal_impact"].to_numpy(), g["removal_se"].to_numpy()),
                     "small_base": bool(g["small_base"].any())})
    tests = pd.DataFrame(rows)
    for c in ("share", "impact", "removal"):
        tests[f"{c}_pval_adj"] = bh_adjust(tests[f"{c}_pval"].to_numpy())
    return SegmentDrivers(table, tests, warns)
