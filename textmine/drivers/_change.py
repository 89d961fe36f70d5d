"""Private: exact shift-share decomposition of an NPS change into theme contributions.

Themes overlap, so each respondent's NPS contribution (+100 promoter, 0 passive, -100
detractor) is split equally among the themes it mentions; respondents mentioning none form
the "(no theme)" bucket. With ``s_g`` the (weighted, fractional) share of bucket g and
``N_g`` its NPS, NPS = sum_g s_g N_g exactly, and the change between periods is

    dNPS = sum_g [ ds_g (N̄_g - N̄) + dN_g s̄_g ]      (bars: mean of the two periods)

``mix`` (share moved towards a bucket better or worse than average) plus ``rate`` (the
bucket's own NPS moved) — contributions that sum exactly to the total change.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from textmine.errors import ConfigError, SchemaError

from ._matrix import prepare
from ._boot import one_blas_thread
from ._npsmath import bootstrap_counts, groups

__all__ = ["ChangeDecomposition", "decompose_change", "NO_THEME"]

NO_THEME = "(no theme)"


@dataclass
class ChangeDecomposition:
    """Per-theme contributions to an NPS change; ``to_frame()`` rows sum to ``total_``."""

    table: pd.DataFrame
    nps_before_: float
    nps_after_: float
    total_: float
    total_ci_: tuple[float, float]
    n_before_: int
    n_after_: int

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def summary(self) -> str:
        lines = [f"NPS {self.nps_before_:.1f} (n={self.n_before_}) -> {self.nps_after_:.1f} "
                 f"(n={self.n_after_}): change {self.total_:+.1f} "
                 f"[{self.total_ci_[0]:+.1f}, {self.total_ci_[1]:+.1f}]"]
        for _, r in self.table.reindex(self.table["contribution"].abs().sort_values(ascending=False).index).iterrows():
            lines.append(f"  {str(r['theme'])[:24]:<25}{r['contribution']:+7.2f}  (mix {r['mix']:+.2f}, "
                         f"rate {r['rate']:+.2f})  [{r['ci_low']:+.2f}, {r['ci_high']:+.2f}]")
        return "\n".join(lines)


def _alloc(M: np.ndarray) -> np.ndarray:
    k = M.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        A = np.where(k > 0, M / np.where(k > 0, k, 1), 0.0)
    return np.hstack([A, (k == 0).astype(float)])


def _parts(S: np.ndarray, G: int):
    """From summed columns [w a y (G) | w a (G) | w] -> shares (b,G), nps (b,G)."""
    num, den, W = S[:, :G], S[:, G:2 * G], S[:, 2 * G:2 * G + 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        nps = np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)
    return den / W, nps


def _contrib(s0, n0, s1, n1):
    tot0, tot1 = (s0 * n0).sum(axis=-1, keepdims=True), (s1 * n1).sum(axis=-1, keepdims=True)
    sbar, nbar, totbar = (s0 + s1) / 2, (n0 + n1) / 2, (tot0 + tot1) / 2
    mix = (s1 - s0) * (nbar - totbar)
    rate = (n1 - n0) * sbar
    return mix, rate, (tot1 - tot0)[..., 0]


def decompose_change(frame: pd.DataFrame, period: str, before, after, themes=None, score: str = "score",
                     weight: str | None = None, n_boot: int = 1000, alpha: float = 0.05,
                     random_state: int | None = 0) -> ChangeDecomposition:
    """Decompose NPS(after) - NPS(before) exactly into per-theme contributions with bootstrap intervals."""
    if period not in frame.columns:
        raise SchemaError(f"missing column '{period}' (period=)")
    sel = {}
    for name, val in (("before", before), ("after", after)):
        sub = frame[frame[period] == val]
        if len(sub) == 0:
            raise ConfigError(f"{name}={val!r}: no rows with that value in column '{period}'")
        sel[name] = prepare(sub, themes, score, weight, exclude=(period,), signed=False)
    if sel["before"].themes != sel["after"].themes:
        raise SchemaError("the two periods found different theme columns; pass themes=[...]")
    names = sel["before"].themes + [NO_THEME]
    G = len(names)
    Zs, pts = [], []
    for key in ("before", "after"):
        p = sel[key]
        prom, det = groups(p.score)
        y = 100 * (prom - det)
        A = _alloc(p.mention)
        Z = np.hstack([A * (p.w * y)[:, None], A * p.w[:, None], p.w[:, None]])
        Zs.append(Z)
        pts.append(_parts(Z.sum(axis=0)[None, :], G))
    (s0, n0), (s1, n1) = pts
    mix, rate, total = _contrib(s0, n0, s1, n1)
    contrib = mix + rate
    lo = hi = np.full(G, np.nan)
    tci = (np.nan, np.nan)
    if n_boot:
        rng = np.random.default_rng(random_state)
        draws = []
        with one_blas_thread():
            for Z in Zs:
                Zf = Z.astype(np.float32)
                draws.append(np.vstack([C @ Zf for C in bootstrap_counts(rng, len(Z), n_boot)]).astype(float))
        b0, b1 = _parts(draws[0], G), _parts(draws[1], G)
        bm, br, bt = _contrib(*b0, *b1)
        q = [alpha / 2, 1 - alpha / 2]
        lo, hi = np.nanquantile(bm + br, q, axis=0)
        tci = tuple(float(v) for v in np.nanquantile(bt, q))
    table = pd.DataFrame({
        "theme": names, "share_before": s0[0], "share_after": s1[0], "nps_before": n0[0],
        "nps_after": n1[0], "mix": mix[0], "rate": rate[0], "contribution": contrib[0],
        "ci_low": lo, "ci_high": hi})
    for key, col in (("before", "n_before"), ("after", "n_after")):
        M = sel[key].mention
        table[col] = np.r_[M.sum(axis=0), (M.sum(axis=1) == 0).sum()].astype(int)
    return ChangeDecomposition(table, float((s0 * n0).sum()), float((s1 * n1).sum()), float(total[0]), tci,
                               len(sel["before"].score), len(sel["after"].score))
