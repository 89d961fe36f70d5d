"""Private: removal impact and its bootstrap, vectorised with matrix products.

Every resample is a row of multiplicities (how often each respondent is drawn); the sums
that removal impact needs are one matrix product of those rows with a respondent x
(2 + 2T [+ 2T]) table of weighted (promoter - detractor) and base indicators per theme.
"""

from __future__ import annotations

import numpy as np

from ._npsmath import bootstrap_counts

__all__ = ["removal_stats", "removal_bootstrap"]


def _design(prom, det, w, M, N=None, dtype=np.float64):
    wy, ww = w * (prom - det), w
    cols = [wy[:, None], ww[:, None], M * wy[:, None], M * ww[:, None]]
    if N is not None:
        cols += [N * wy[:, None], N * ww[:, None]]
    return np.hstack(cols).astype(dtype, copy=False)


def _from_sums(S: np.ndarray, T: int, has_neg: bool) -> dict[str, np.ndarray]:
    """Statistics from summed columns; S is (b, 2 + 2T [+ 2T]). All NPS in points.

    Columns: weighted (promoter - detractor), weight; the same over each theme's mentioners;
    then over each theme's negative mentioners.
    """
    S = S.astype(np.float64, copy=False)
    Y, W = S[:, 0:1], S[:, 1:2]
    Ym, Wm = S[:, 2:2 + T], S[:, 2 + T:2 + 2 * T]
    with np.errstate(invalid="ignore", divide="ignore"):
        nps_all = 100 * Y / W
        nps_non = 100 * (Y - Ym) / (W - Wm)
        out = {"nps_all": nps_all[:, 0], "nps_non": nps_non, "removal": nps_all - nps_non}
        if has_neg:
            o = 2 + 2 * T
            Yn, Wn = S[:, o:o + T], S[:, o + T:o + 2 * T]
            nps_neg = 100 * Yn / Wn
            # all complainers resolved: they take the NPS of the theme's non-mentioners
            out["whatif"] = np.where(Wn > 0, (Wn / W) * (nps_non - nps_neg), 0.0)
    return out


def removal_stats(prom, det, w, M, N=None) -> dict[str, np.ndarray]:
    """Point estimates (float64)."""
    S = _design(prom, det, w, M, N).sum(axis=0)[None, :]
    return {k: v[0] for k, v in _from_sums(S, M.shape[1], N is not None).items()}


def removal_bootstrap(prom, det, w, M, N, n_boot: int, rng: np.random.Generator,
                      chunk: int = 50) -> dict[str, np.ndarray]:
    """Bootstrap draws (n_boot rows) of the statistics of :func:`removal_stats`."""
    T = M.shape[1]
    Z = _design(prom, det, w, M, N, dtype=np.float32)
    parts: dict[str, list] = {}
    for C in bootstrap_counts(rng, len(w), n_boot, chunk):
        for k, v in _from_sums(C @ Z, T, N is not None).items():
            parts.setdefault(k, []).append(v)
    return {k: np.concatenate(v, axis=0) for k, v in parts.items()}
