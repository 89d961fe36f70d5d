"""NPS groups, the NPS and its confidence interval."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats

from ..errors import ConfigError, ScoreError

__all__ = ["PROMOTER", "PASSIVE", "DETRACTOR", "GROUPS", "nps_groups", "nps_score", "NPSResult", "proportion_ci",
           "nps_counts", "METHODS", "interval_from_counts", "nps_interval"]

PROMOTER, PASSIVE, DETRACTOR = "promoter", "passive", "detractor"
GROUPS = (PROMOTER, PASSIVE, DETRACTOR)
METHODS = ("wald_adjusted", "wald", "bootstrap")


def nps_groups(scores) -> np.ndarray:
    """0–6 detractor, 7–8 passive, 9–10 promoter. Scores must be integers 0–10."""
    s = _validate_scores(scores)
    out = np.full(s.shape, PASSIVE, dtype=object)
    out[s <= 6] = DETRACTOR
    out[s >= 9] = PROMOTER
    return out


def _validate_scores(scores) -> np.ndarray:
    s = np.asarray(scores)
    if s.dtype == object:
        try:
            s = s.astype(float)
        except (TypeError, ValueError):
            raise ScoreError("scores must be numbers 0-10; found non-numeric values "
                             "(read the file with textmine.read_survey to parse spelled scores)") from None
    s = s.astype(float)
    if np.isnan(s).any():
        raise ScoreError(f"scores must not be missing; found {int(np.isnan(s).sum())} missing values")
    if ((s < 0) | (s > 10) | (s != np.round(s))).any():
        bad = s[(s < 0) | (s > 10) | (s != np.round(s))]
        raise ScoreError(f"scores must be integers 0-10; found {bad[:5].tolist()}")
    return s.astype(np.int64)


def nps_counts(scores, weights=None) -> tuple[float, float, float, float, float]:
    """Return ``(n, promoters, passives, detractors, n_eff)``; weighted sums when ``weights`` is given.

    ``n_eff`` is Kish's effective sample size, ``(Σw)² / Σw²`` (equal to n without weights).
    """
    s = _validate_scores(scores)
    if weights is None:
        n = float(s.size)
        return n, float((s >= 9).sum()), float(((s >= 7) & (s <= 8)).sum()), float((s <= 6).sum()), n
    w = np.asarray(weights, dtype=float)
    if w.shape != s.shape:
        raise ConfigError(f"weights must have one value per score: {w.shape[0]} weights for {s.shape[0]} scores")
    if (w < 0).any() or not np.isfinite(w).all():
        raise ConfigError("weights must be finite and ≥ 0")
    total = w.sum()
    n_eff = total ** 2 / (w ** 2).sum() if total > 0 else 0.0
    return (float(total), float(w[s >= 9].sum()), float(w[(s >= 7) & (s <= 8)].sum()),
            float(w[s <= 6].sum()), float(n_eff))


def nps_interval(p_share, d_share, n_eff, *, alpha: float = 0.05, method: str = "wald_adjusted"):
    """NPS in points, its standard error and ``1 - alpha`` interval from the shares of promoters and detractors.

    The one definition of the NPS interval in textmine (nps, drivers and the report all call it). Arrays
    broadcast; ``n_eff`` is the number of respondents (Kish's effective n with weights); NaN where it is 0.

    ``wald``: Var(p − d) = (p + d − (p − d)²)/n, interval ``nps ± z·se``. ``wald_adjusted`` (default; Rocks
    2016, after Agresti–Caffo): add ¾ of a respondent to promoters and to detractors and 3 to n,
    n' = n + 3, p' = (n·p + ¾)/n', d' = (n·d + ¾)/n', se = 100·√((p' + d' − (p' − d')²)/n'), interval
    ``100·(p' − d') ± z·se``. The estimate stays ``100·(p − d)``; ``se`` is the one the interval (and every
    z-test on NPS) uses, so that it never collapses to 0 at NPS ±100. Returns ``(nps, se, ci_low, ci_high)``.
    """
    if method not in ("wald", "wald_adjusted"):
        raise ConfigError(f"method={method!r} is not an analytic interval; choose 'wald' or 'wald_adjusted'")
    p = np.asarray(p_share, dtype=float)
    d = np.asarray(d_share, dtype=float)
    n = np.asarray(n_eff, dtype=float)
    z = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        nps = 100.0 * (p - d)
        if method == "wald":
            centre = nps
            se = 100.0 * np.sqrt((p + d - np.square(p - d)) / n)
        else:
            na = n + 3.0
            pa = (n * p + 0.75) / na
            da = (n * d + 0.75) / na
            centre = 100.0 * (pa - da)
            se = 100.0 * np.sqrt((pa + da - np.square(pa - da)) / na)
        lo = np.clip(centre - z * se, -100.0, 100.0)
        hi = np.clip(centre + z * se, -100.0, 100.0)
    empty = ~(n > 0)
    return tuple(np.where(empty, np.nan, a) for a in (nps, se, lo, hi))


def interval_from_counts(n, prom, det, *, alpha=0.05, method="wald_adjusted", n_eff=None):
    """NPS (points), its standard error and interval from (weighted) counts: :func:`nps_interval` of the
    shares ``prom / n`` and ``det / n`` with ``n_eff`` respondents (``n`` without weights). Vectorised."""
    n = np.asarray(n, dtype=float)
    neff = n if n_eff is None else np.asarray(n_eff, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.asarray(prom, dtype=float) / n
        d = np.asarray(det, dtype=float) / n
    return nps_interval(p, d, neff, alpha=alpha, method=method)


@dataclass(frozen=True)
class NPSResult:
    """The NPS of one group of respondents.

    ``nps`` is 100 × (share of promoters − share of detractors); ``se`` its standard error in points, the one
    the interval uses (adjusted Wald by default; plain Wald for ``wald`` and ``bootstrap``);
    ``ci_low``/``ci_high`` the ``1 − alpha`` interval by ``method`` (see :func:`nps_interval`). Counts are
    weighted sums when weights were given (``n_eff`` is then Kish's effective n). ``small_base`` is True when ``n < min_n``.
    """

    n: float
    promoters: float
    passives: float
    detractors: float
    nps: float
    se: float
    ci_low: float
    ci_high: float
    method: str = "wald_adjusted"
    alpha: float = 0.05
    n_eff: float = float("nan")
    small_base: bool = False

    @property
    def weighted(self) -> bool:
        """True when the counts are weighted sums that differ from a head count (``n_eff`` is not ``n``)."""
        return bool(np.isfinite(self.n_eff) and not np.isclose(self.n_eff, self.n))

    @property
    def pct_promoters(self) -> float:
        return 100 * self.promoters / self.n if self.n else float("nan")

    @property
    def pct_detractors(self) -> float:
        return 100 * self.detractors / self.n if self.n else float("nan")

    @property
    def pct_passives(self) -> float:
        return 100 * self.passives / self.n if self.n else float("nan")

    def to_dict(self) -> dict:
        d = asdict(self)
        for k, v in d.items():
            if isinstance(v, (np.floating, np.integer, np.bool_)):
                d[k] = v.item()
        for k in ("n", "promoters", "passives", "detractors", "n_eff"):
            if float(d[k]).is_integer():  # unweighted counts print as integers
                d[k] = int(d[k])
        return d

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([self.to_dict()])

    def summary(self) -> str:
        level = int(round(100 * (1 - self.alpha)))
        flag = "  [small base]" if self.small_base else ""
        n = _fmt_n(self.n)
        if self.weighted:
            n += f" weighted, effective n={self.n_eff:.1f} (Kish)"
        return (f"NPS {self.nps:+.1f} ({level}% CI {self.ci_low:+.1f} to {self.ci_high:+.1f}, {self.method}); "
                f"n={n}: promoters {self.pct_promoters:.1f}%, passives {self.pct_passives:.1f}%, "
                f"detractors {self.pct_detractors:.1f}%{flag}")


def _fmt_n(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:.1f}"


def nps_score(scores, *, weights=None, alpha: float = 0.05, method: str = "wald_adjusted",
              n_boot: int = 2000, random_state=0, min_n: int = 30) -> NPSResult:
    """The NPS of ``scores`` (integers 0–10) with its confidence interval.

    Parameters
    ----------
    weights : array, optional
        Survey weights; the NPS is weighted and the interval uses Kish's effective sample size.
    alpha : float
        1 − confidence level (default 0.05 → 95%).
    method : {'wald_adjusted', 'wald', 'bootstrap'}
        Interval method. ``bootstrap`` draws ``n_boot`` multinomial resamples (percentile interval).
    min_n : int
        Bases below this are flagged ``small_base``.
    """
    _check_alpha(alpha)
    if method not in METHODS:
        raise ConfigError(f"method={method!r} is not known; choose one of {', '.join(METHODS)}")
    n, prom, pas, det, n_eff = nps_counts(scores, weights)
    if n <= 0:
        raise ScoreError("no scores to compute an NPS from: expected at least one 0-10 score, found none")
    if method == "bootstrap":
        if n_boot < 100:
            raise ConfigError(f"n_boot={n_boot} must be ≥ 100 for a bootstrap interval")
        nps, se, _, _ = interval_from_counts(n, prom, det, alpha=alpha, method="wald", n_eff=n_eff)
        rng = np.random.default_rng(random_state)
        m = max(int(round(n_eff)), 1)
        draws = rng.multinomial(m, [prom / n, pas / n, det / n], size=n_boot)
        boot = 100 * (draws[:, 0] - draws[:, 2]) / m
        lo, hi = np.quantile(boot, [alpha / 2, 1 - alpha / 2])
    else:
        nps, se, lo, hi = interval_from_counts(n, prom, det, alpha=alpha, method=method, n_eff=n_eff)
    return NPSResult(n=n, promoters=prom, passives=pas, detractors=det, nps=float(nps), se=float(se),
                     ci_low=float(lo), ci_high=float(hi), method=method, alpha=alpha, n_eff=n_eff,
                     small_base=bool(n_eff < min_n))


def _check_alpha(alpha):
    if not 0 < alpha < 1:
        raise ConfigError(f"alpha={alpha} must be between 0 and 1 (e.g. 0.05 for 95% intervals)")


def proportion_ci(k, n, *, alpha: float = 0.05):
    """Wilson score interval for a proportion ``k / n`` (vectorised); NaN where ``n == 0``.

    The one Wilson interval in textmine. Written here rather than called: statsmodels' ``proportion_confint``
    is not a required dependency (only the tests use it, as the oracle), and scipy's
    ``binomtest(k, n).proportion_ci(method="wilson")`` takes one integer count at a time, while theme shares
    are whole columns and, with survey weights, non-integer.
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    z = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z ** 2 / n
        centre = (p + z ** 2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
