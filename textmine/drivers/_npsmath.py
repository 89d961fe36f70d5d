"""Private, vectorised NPS arithmetic for driver analysis.

Kept local to :mod:`textmine.drivers` so the bootstrap stays fast; the public definitions
live in :mod:`textmine.nps` and these agree with them (adjusted Wald: n' = n + 3,
p' = (nP + 3/4) / n', d' = (nD + 3/4) / n', Var = (p' + d' - (p' - d')^2) / n').

With survey weights the counts become weighted shares and n the Kish effective size
``(sum w)^2 / sum w^2``.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = ["groups", "nps_wald", "mean_ci", "kish_n", "bootstrap_counts"]


def groups(score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Promoter (9-10) and detractor (0-6) indicators as float arrays."""
    score = np.asarray(score, dtype=float)
    return (score >= 9).astype(float), (score <= 6).astype(float)


def kish_n(w: np.ndarray, axis=None) -> np.ndarray:
    """Kish effective sample size ``(sum w)^2 / sum w^2`` (0 where there is no weight)."""
    s1 = np.sum(w, axis=axis)
    s2 = np.sum(np.square(w), axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(s2 > 0, np.square(s1) / np.where(s2 > 0, s2, 1.0), 0.0)


def nps_wald(p_share, d_share, n_eff, alpha: float = 0.05):
    """NPS in points with adjusted-Wald interval; arrays broadcast.

    ``p_share``/``d_share`` are (weighted) shares of promoters/detractors among ``n_eff``
    respondents. Returns ``(nps, se, ci_low, ci_high)``; NaN where ``n_eff`` is 0.
    """
    p_share = np.asarray(p_share, dtype=float)
    d_share = np.asarray(d_share, dtype=float)
    n_eff = np.asarray(n_eff, dtype=float)
    z = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_adj = n_eff + 3.0
        pa = (n_eff * p_share + 0.75) / n_adj
        da = (n_eff * d_share + 0.75) / n_adj
        var = (pa + da - np.square(pa - da)) / n_adj
        se = 100.0 * np.sqrt(var)
        centre = 100.0 * (pa - da)
        nps = 100.0 * (p_share - d_share)
        low = np.clip(centre - z * se, -100.0, 100.0)
        high = np.clip(centre + z * se, -100.0, 100.0)
    empty = n_eff <= 0
    nps, se, low, high = (np.where(empty, np.nan, a) for a in (nps, se, low, high))
    return nps, se, low, high


def mean_ci(y: np.ndarray, w: np.ndarray, mask: np.ndarray, alpha: float = 0.05):
    """Weighted mean of ``y`` per column of boolean ``mask`` (n x k) with a t interval.

    The standard error uses the weighted variance and the Kish effective size.
    Returns arrays ``(mean, ci_low, ci_high)`` of length k.
    """
    m = mask.astype(float) * w[:, None]
    sw = m.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (m * y[:, None]).sum(axis=0) / sw
        var = (m * np.square(y[:, None] - mean[None, :])).sum(axis=0) / sw
        n_eff = kish_n(m, axis=0)
        se = np.sqrt(var * n_eff / np.maximum(n_eff - 1, 1e-12) / n_eff)
        t = stats.t.ppf(1 - alpha / 2, np.maximum(n_eff - 1, 1))
        low, high = mean - t * se, mean + t * se
    bad = n_eff < 2
    return mean, np.where(bad, np.nan, low), np.where(bad, np.nan, high)


def bootstrap_counts(rng: np.random.Generator, n: int, n_boot: int, chunk: int = 64):
    """Yield blocks of nonparametric-bootstrap multiplicities, shape (b, n), float32.

    Each row is the number of times each respondent is drawn in one resample of size n
    (multinomial): one ``bincount`` per resample, whose n counters stay in cache (a single
    ``bincount`` over the whole block is 2-3 times slower at n = 100k).
    """
    dt = np.int32 if n < 2**31 else np.int64
    done = 0
    while done < n_boot:
        b = min(chunk, n_boot - done)
        idx = rng.integers(0, n, size=(b, n), dtype=dt)
        counts = np.empty((b, n), dtype=np.float32)
        for r in range(b):
            counts[r] = np.bincount(idx[r], minlength=n)
        yield counts
        done += b
