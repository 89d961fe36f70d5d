"""The interval methods of the closed-loop analyses, each a well-known one, vectorised where it helps.

Rates use the Wilson interval (:func:`textmine.nps.proportion_ci`); a ratio of two rates the Katz log interval;
a difference of two rates Newcombe's hybrid score interval (his method 10, built from the two Wilson intervals);
a mean the t interval; the area under the ROC curve DeLong's variance (midranks, so tied 0-10 scores are
handled); a trend in rates over ordered bins the Cochran–Armitage test. Nothing here depends on ``alpha`` for
its names: every function returns estimates and the ``1 - alpha`` interval ends.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from ..errors import ConfigError
from ..nps import proportion_ci

__all__ = ["check_alpha", "wilson", "katz_ratio", "newcombe_diff", "fisher_p", "mean_ci", "delong_auc",
           "trend_test", "slope_test", "z_value"]


def check_alpha(alpha) -> float:
    """``alpha`` strictly between 0 and 1, else a ConfigError naming the value."""
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ConfigError(f"alpha={alpha!r} must be between 0 and 1 (e.g. 0.05 for 95% intervals)")
    return float(alpha)


def z_value(alpha: float) -> float:
    return float(stats.norm.ppf(1 - alpha / 2))


def wilson(k, n, alpha: float = 0.05):
    """``(rate, ci_low, ci_high)``: the share ``k / n`` with its Wilson interval; NaN where ``n == 0``."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(n > 0, k / n, np.nan)
    lo, hi = proportion_ci(k, n, alpha=alpha)
    return rate, np.where(n > 0, lo, np.nan), np.where(n > 0, hi, np.nan)


def katz_ratio(k1, n1, k0, n0, alpha: float = 0.05):
    """``(ratio, ci_low, ci_high)`` of the rates ``k1/n1`` over ``k0/n0``, Katz log interval:
    ``exp(log RR ± z·sqrt(1/k1 − 1/n1 + 1/k0 − 1/n0))``. A zero count gets 0.5 added to both of its cells
    (Haldane), so that the interval stays finite; NaN where either base is 0."""
    k1, n1, k0, n0 = (np.asarray(a, dtype=float) for a in (k1, n1, k0, n0))
    zero = (k1 == 0) | (k0 == 0)
    a, b = np.where(zero, k1 + 0.5, k1), np.where(zero, n1 + 0.5, n1)
    c, d = np.where(zero, k0 + 0.5, k0), np.where(zero, n0 + 0.5, n0)
    z = z_value(alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        rr = np.where((n1 > 0) & (n0 > 0) & (k0 > 0), (k1 / n1) / (k0 / n0), np.nan)
        log_rr = np.log((a / b) / (c / d))
        se = np.sqrt(1 / a - 1 / b + 1 / c - 1 / d)
        lo, hi = np.exp(log_rr - z * se), np.exp(log_rr + z * se)
    empty = ~((n1 > 0) & (n0 > 0))
    return tuple(np.where(empty, np.nan, x) for x in (rr, lo, hi))


def newcombe_diff(k1, n1, k0, n0, alpha: float = 0.05):
    """``(diff, ci_low, ci_high)`` of ``k1/n1 − k0/n0``: Newcombe's hybrid score interval (1998, method 10),
    ``d − sqrt((p1 − l1)² + (u0 − p0)²)`` to ``d + sqrt((u1 − p1)² + (p0 − l0)²)`` with the Wilson ends
    ``l, u`` of each rate. NaN where either base is 0."""
    p1, l1, u1 = wilson(k1, n1, alpha)
    p0, l0, u0 = wilson(k0, n0, alpha)
    d = p1 - p0
    return d, d - np.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2), d + np.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)


def fisher_p(k1, n1, k0, n0) -> np.ndarray:
    """Two-sided Fisher exact p-value of each 2×2 table (events and non-events in two groups); NaN where a
    group is empty."""
    k1, n1, k0, n0 = (np.atleast_1d(np.asarray(a, dtype=float)).astype(np.int64) for a in (k1, n1, k0, n0))
    out = np.full(k1.shape, np.nan)
    for i in range(k1.size):
        if n1[i] > 0 and n0[i] > 0:
            out[i] = stats.fisher_exact([[k1[i], n1[i] - k1[i]], [k0[i], n0[i] - k0[i]]]).pvalue
    return out


def mean_ci(values, alpha: float = 0.05) -> tuple[float, float, float]:
    """``(mean, ci_low, ci_high)`` with the t interval; NaN ends below 2 values (and the mean at 0)."""
    x = np.asarray(values, dtype=float)
    n = x.size
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    m = float(x.mean())
    if n < 2:
        return m, float("nan"), float("nan")
    half = float(stats.t.ppf(1 - alpha / 2, n - 1) * x.std(ddof=1) / np.sqrt(n))
    return m, m - half, m + half


def delong_auc(scores, labels, alpha: float = 0.05) -> dict:
    """The area under the ROC curve of ``scores`` for the binary ``labels`` (1 = event) with DeLong's variance
    (DeLong, DeLong & Clarke-Pearson 1988; placement values from midranks, so ties count one half) and a Wald
    interval clipped to [0, 1]. Returns ``auc, se, ci_low, ci_high, pval`` (against 0.5), ``n_events``,
    ``n_non_events``; NaN figures without both classes."""
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels).astype(bool)
    pos, neg = s[y], s[~y]
    m, n = pos.size, neg.size
    out = {"auc": np.nan, "se": np.nan, "ci_low": np.nan, "ci_high": np.nan, "pval": np.nan,
           "n_events": int(m), "n_non_events": int(n)}
    if m == 0 or n == 0:
        return out
    all_ranks = stats.rankdata(np.concatenate([pos, neg]))
    r_pos, r_neg = stats.rankdata(pos), stats.rankdata(neg)
    auc = (all_ranks[:m].sum() - m * (m + 1) / 2) / (m * n)
    v10 = (all_ranks[:m] - r_pos) / n  # share of non-events each event outranks (ties one half)
    v01 = 1 - (all_ranks[m:] - r_neg) / m  # share of events that outrank each non-event
    var = (np.var(v10, ddof=1) / m if m > 1 else 0.0) + (np.var(v01, ddof=1) / n if n > 1 else 0.0)
    se = float(np.sqrt(var))
    z = z_value(alpha)
    out.update(auc=float(auc), se=se, ci_low=float(max(auc - z * se, 0.0)), ci_high=float(min(auc + z * se, 1.0)))
    if se > 0:
        out["pval"] = float(2 * stats.norm.sf(abs(auc - 0.5) / se))
    return out


def trend_test(x, k, n, alpha: float = 0.05) -> dict:
    """Linear trend of the rates ``k/n`` over ordered bins scored ``x``: the least-squares slope of the rate per
    unit of ``x`` (weighted by ``n``) with a Wald interval from the binomial variances, and the two-sided
    Cochran–Armitage p-value. Returns ``slope, ci_low, ci_high, pval``; NaN with fewer than two bins."""
    x, k, n = (np.asarray(a, dtype=float) for a in (x, k, n))
    keep = n > 0
    x, k, n = x[keep], k[keep], n[keep]
    out = {"slope": np.nan, "ci_low": np.nan, "ci_high": np.nan, "pval": np.nan}
    if x.size < 2 or np.ptp(x) == 0:
        return out
    total = n.sum()
    xbar = (n * x).sum() / total
    pbar = k.sum() / total
    sxx = (n * (x - xbar) ** 2).sum()
    t = (k * (x - xbar)).sum()
    slope = t / sxx
    p = k / n
    se = np.sqrt((n * p * (1 - p) * (x - xbar) ** 2).sum()) / sxx
    z = z_value(alpha)
    out.update(slope=float(slope), ci_low=float(slope - z * se), ci_high=float(slope + z * se))
    null_var = pbar * (1 - pbar) * sxx
    if null_var > 0:
        out["pval"] = float(2 * stats.norm.sf(abs(t) / np.sqrt(null_var)))
    return out


def slope_test(x, y, alpha: float = 0.05) -> dict:
    """The ordinary least-squares slope of ``y`` on ``x`` with its t interval and p-value (``scipy.stats.
    linregress``); NaN with fewer than three points or a constant ``x``."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    out = {"slope": np.nan, "ci_low": np.nan, "ci_high": np.nan, "pval": np.nan}
    if x.size < 3 or np.ptp(x) == 0:
        return out
    fit = stats.linregress(x, y)
    half = float(stats.t.ppf(1 - alpha / 2, x.size - 2) * fit.stderr)
    out.update(slope=float(fit.slope), ci_low=float(fit.slope - half), ci_high=float(fit.slope + half),
               pval=float(fit.pvalue))
    return out
