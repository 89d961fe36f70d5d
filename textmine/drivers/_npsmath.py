"""Private, vectorised arithmetic for driver analysis: groups, Kish n, means, bootstrap counts.

The NPS interval is not defined here: ``nps_wald`` is :func:`textmine.nps.nps_interval` (adjusted Wald), the
one definition shared with ``textmine.nps`` and the report.

With survey weights the counts become weighted shares and n the Kish effective size
``(sum w)^2 / sum w^2``.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from textmine.nps import nps_interval

__all__ = ["groups", "nps_wald", "mean_ci", "kish_n", "bootstrap_counts"]


def groups(score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Promoter (9-10) and detractor (0-6) indicators as float arrays."""
    score = np.asarray(score, dtype=float)
    return (score >= 9).astype(float), (score <= 6).astype(float)


def _freq(w: np.ndarray, freq) -> np.ndarray:
    """``freq`` (one frequency per row) shaped to multiply ``w`` (a vector, or a rows x k matrix)."""
    f = np.asarray(freq, dtype=float)
    return f if np.ndim(w) == 1 else f[:, None]


def kish_n(w: np.ndarray, axis=None, freq=None) -> np.ndarray:
    """Kish effective sample size ``(sum w)^2 / sum w^2`` (0 where there is no weight). ``freq``: each row stands
    for that many identical respondents (frequency weights), so the sums run over respondents."""
    if freq is None:
        s1 = np.sum(w, axis=axis)
        s2 = np.sum(np.square(w), axis=axis)
    else:
        fw = _freq(w, freq) * w
        s1, s2 = np.sum(fw, axis=axis), np.sum(fw * w, axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(s2 > 0, np.square(s1) / np.where(s2 > 0, s2, 1.0), 0.0)


def nps_wald(p_share, d_share, n_eff, alpha: float = 0.05):
    """``(nps, se, ci_low, ci_high)`` by :func:`textmine.nps.nps_interval` (adjusted Wald), alpha positional."""
    return nps_interval(p_share, d_share, n_eff, alpha=alpha)


def mean_ci(y: np.ndarray, w: np.ndarray, mask: np.ndarray, alpha: float = 0.05, freq=None):
    """Weighted mean of ``y`` per column of boolean ``mask`` (n x k) with a t interval.

    The standard error uses the weighted variance and the Kish effective size.
    Returns arrays ``(mean, ci_low, ci_high)`` of length k. ``freq``: frequency weights (as :func:`kish_n`).
    """
    m = mask.astype(float) * w[:, None]
    f = m if freq is None else m * _freq(m, freq)  # the linear weights: w, times each row's frequency
    sw = f.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (f * y[:, None]).sum(axis=0) / sw
        var = (f * np.square(y[:, None] - mean[None, :])).sum(axis=0) / sw
        n_eff = kish_n(m, axis=0, freq=freq)
        se = np.sqrt(var * n_eff / np.maximum(n_eff - 1, 1e-12) / n_eff)
        t = stats.t.ppf(1 - alpha / 2, np.maximum(n_eff - 1, 1))
        low, high = mean - t * se, mean + t * se
    bad = n_eff < 2
    return mean, np.where(bad, np.nan, low), np.where(bad, np.nan, high)


def bootstrap_counts(rng: np.random.Generator, n: int, n_boot: int, chunk: int = 64, groups=None):
    """Yield blocks of nonparametric-bootstrap multiplicities, shape (b, n), float32.

    Each row is the number of times each respondent is drawn in one resample of size n
    (multinomial): one ``bincount`` per resample, whose n counters stay in cache (a single
    ``bincount`` over the whole block is 2-3 times slower at n = 100k).

    ``groups`` = (g, k): respondent i belongs to group ``g[i]`` of ``k`` (respondents whose data are the same);
    each row then counts the draws per group, shape (b, k): the same resamples (the same draws from ``rng``),
    summed over the members of each group.
    """
    dt = np.int32 if n < 2**31 else np.int64
    g, k = groups if groups is not None else (None, n)
    done = 0
    while done < n_boot:
        b = min(chunk, n_boot - done)
        idx = rng.integers(0, n, size=(b, n), dtype=dt)
        counts = np.empty((b, k), dtype=np.float32)
        for r in range(b):
            counts[r] = np.bincount(idx[r] if g is None else g[idx[r]], minlength=k)
        yield counts
        done += b
