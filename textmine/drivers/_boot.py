"""Private: removal impact and its bootstrap, vectorised with matrix products.

Every resample is a row of multiplicities (how often each respondent is drawn); the sums
that removal impact needs are one matrix product of those rows with a respondent x
(2 + 2T [+ 2T]) table of weighted (promoter - detractor) and base indicators per theme.
"""

from __future__ import annotations

import numpy as np

from ._matrix import first_seen, row_key
from ._npsmath import bootstrap_counts

__all__ = ["patterns", "removal_stats", "removal_bootstrap", "one_blas_thread"]


def one_blas_thread():
    """Context in which BLAS/LAPACK use one thread.

    Every product here is either small (k x k solves, k <= a few hundred) or a single pass over
    the data; with more threads OpenBLAS spins waiting for its workers, which on a shared
    2-core machine cost 10-20 times the CPU of the work itself (a 151 x 151 solve: 0.2 s
    instead of 0.3 ms; the bootstrap product: 12.8 s of CPU instead of 0.7 s).
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _design(prom, det, w, M, N=None, dtype=np.float32):
    """Respondent x (2 + 2T [+ 2T]) table whose column sums give removal impact (see _from_sums)."""
    n, T = M.shape
    wy = (w * (prom - det)).astype(dtype)[:, None]
    ww = w.astype(dtype)[:, None]
    Z = np.empty((n, 2 + (4 if N is not None else 2) * T), dtype=dtype)
    Z[:, 0:1], Z[:, 1:2] = wy, ww
    blocks = [M, N] if N is not None else [M]
    for i, B in enumerate(blocks):
        o = 2 + 2 * T * i
        np.multiply(B, wy, out=Z[:, o:o + T], casting="unsafe")
        np.multiply(B, ww, out=Z[:, o + T:o + 2 * T], casting="unsafe")
    return Z


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
    """Point estimates (float64): the same sums as :func:`_design` columns, as matrix-vector products."""
    wy = w * (prom - det)
    parts = [[wy.sum(), w.sum()], wy @ M, w @ M]
    if N is not None:
        parts += [wy @ N, w @ N]
    S = np.concatenate([np.ravel(p) for p in parts])[None, :]
    return {k: v[0] for k, v in _from_sums(S, M.shape[1], N is not None).items()}


def patterns(prom, det, w, M, N=None):
    """The distinct respondents: ``(g, first)`` where ``g[i]`` is respondent i's pattern (its promoter and
    detractor flags, weight and rows of ``M`` and ``N``) and ``first`` the first respondent of each pattern, in
    order of first appearance. Removal impact depends on the data only through the count of each pattern."""
    mats = [np.asarray(prom)[:, None], np.asarray(det)[:, None]] + [np.asarray(B) for B in (M, N) if B is not None]
    small = all(((B == 0) | (B == 1)).all() for B in mats)  # indicators: one byte each (else their float bytes)
    first, g = first_seen(row_key(np.asarray(w, np.float64)[:, None], *[B.astype(np.uint8 if small else np.float64)
                                                                       for B in mats]))
    return g, first


def removal_bootstrap(prom, det, w, M, N, n_boot: int, rng: np.random.Generator,
                      chunk: int = 100, max_cells: int = 20_000_000, rows=None) -> dict[str, np.ndarray]:
    """Bootstrap draws (n_boot rows) of the statistics of :func:`removal_stats`.

    Resamples are drawn ``chunk`` at a time, fewer when ``chunk x n`` would pass ``max_cells`` (each cell
    costs 8 bytes of draws and counts): up to 200k respondents the draws are those of ``chunk=100``;
    at 1M respondents the blocks take 160 MB instead of 800 MB. Each resample's draws are counted per
    :func:`patterns` (respondents with the same data), so the sums are products with a patterns x columns table
    instead of a respondents x columns one: the same resamples, far less memory and work when respondents repeat
    (a few thousand patterns for 1M respondents of unweighted data).

    ``rows``: when the arrays hold rows that stand for several respondents each (frequency weights), ``rows[i]``
    is respondent i's row; the resamples are then those of the respondents, in that order.
    """
    T = M.shape[1]
    g, first = patterns(prom, det, w, M, N)
    n = len(w)
    if rows is not None:  # respondents -> their rows -> the rows' patterns
        rows = np.asarray(rows)
        n, g = len(rows), g[rows]
    chunk = max(1, min(int(chunk), int(max_cells) // max(n, 1)))
    Z = _design(prom[first], det[first], w[first], M[first], N[first] if N is not None else None)
    parts: dict[str, list] = {}
    for C in bootstrap_counts(rng, n, n_boot, chunk, groups=(g, len(first))):
        for k, v in _from_sums(C @ Z, T, N is not None).items():
            parts.setdefault(k, []).append(v)
    return {k: np.concatenate(v, axis=0) for k, v in parts.items()}
