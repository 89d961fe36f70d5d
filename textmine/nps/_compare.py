"""NPS per segment and per period, with differences, z-tests and Benjamini–Hochberg adjustment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import ConfigError, SchemaError
from ._core import _check_alpha, _validate_scores, interval_from_counts

__all__ = ["segment_nps", "period_nps", "NPSTable", "bh_adjust", "PERIODS"]

PERIODS = {"month": "M", "quarter": "Q", "week": "W", "year": "Y"}
_STAT_COLS = ["n", "promoters", "passives", "detractors", "nps", "se", "ci_low", "ci_high"]


def bh_adjust(pvals) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values, by :func:`scipy.stats.false_discovery_control`.

    The one BH adjustment in textmine. NaN or infinite entries stay NaN and are not counted in the family.
    """
    p = np.asarray(pvals, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if ok.any():
        out[ok] = stats.false_discovery_control(p[ok], method="bh")
    return out


@dataclass
class NPSTable:
    """A table of NPS results (per segment or per period) with stable column names."""

    frame: pd.DataFrame
    kind: str
    alpha: float
    min_n: int

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    def to_records(self) -> list[dict]:
        recs = self.frame.to_dict(orient="records")
        out = [{k: _plain(v) for k, v in r.items()} for r in recs]
        for r in out:
            for k in ("n", "promoters", "passives", "detractors"):
                if isinstance(r.get(k), float) and r[k].is_integer():
                    r[k] = int(r[k])
        return out

    def summary(self) -> str:
        if self.frame.empty:
            return f"no {self.kind}s"
        level = int(round(100 * (1 - self.alpha)))
        key = ["segment", "level"] if self.kind == "segment" else ["period"]
        delta = "diff" if self.kind == "segment" else "change"
        lines = [f"NPS by {self.kind} ({level}% CI; {delta} " +
                 ("vs the rest of the sample" if self.kind == "segment" else "from the previous period") +
                 "; p adjusted by Benjamini-Hochberg)"]
        for r in self.frame.itertuples(index=False):
            label = " / ".join(str(getattr(r, k)) for k in key)
            d = getattr(r, delta)
            dtxt = "" if pd.isna(d) else f"  {delta} {d:+.1f} (p_adj {r.pval_adj:.3f})"
            flag = "  [small base]" if r.small_base else ""
            lines.append(f"  {label:<24} n={_fmt(r.n):>6}  NPS {r.nps:+6.1f} [{r.ci_low:+.1f}, {r.ci_high:+.1f}]"
                         f"{dtxt}{flag}")
        return "\n".join(lines)

    def __len__(self) -> int:
        return len(self.frame)


def _plain(v):
    if isinstance(v, (np.floating, np.integer, np.bool_)):
        v = v.item()
    if isinstance(v, float) and np.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    return v


def _fmt(n):
    return str(int(n)) if float(n).is_integer() else f"{n:.1f}"


def level_codes(values, missing: str = "(missing)") -> tuple[np.ndarray, list]:
    """The levels of a segment column as text, sorted (a missing value is the level ``missing``), and each row's
    level as a number into them: the levels ``values.astype(object).where(notna, missing).astype(str)`` gives,
    without a string per row (at 10M respondents that conversion alone took over 1 GB)."""
    codes, uniques = pd.factorize(values if isinstance(values, pd.Series) else pd.Series(values))
    labels = [str(u) for u in np.asarray(uniques, dtype=object)]
    levels = sorted(set(labels) | ({missing} if (codes < 0).any() else set()), key=str)
    at = {lev: i for i, lev in enumerate(levels)}
    lut = np.array([at[lab] for lab in labels] + [at.get(missing, -1)], dtype=np.int32)
    return lut[codes], levels  # code -1 (missing) takes the last entry


def _group_counts(scores: np.ndarray, weights: np.ndarray | None, keys: np.ndarray, levels):
    rows = []
    for lev in levels:
        m = keys == lev
        s = scores[m]
        w = None if weights is None else weights[m]
        if w is None:
            n, prom, pas, det = float(m.sum()), float((s >= 9).sum()), float(((s >= 7) & (s <= 8)).sum()), float((s <= 6).sum())
            neff = n
        else:
            n, prom, pas, det = w.sum(), w[s >= 9].sum(), w[(s >= 7) & (s <= 8)].sum(), w[s <= 6].sum()
            neff = n ** 2 / (w ** 2).sum() if n > 0 else 0.0
        rows.append((n, prom, pas, det, neff))
    return np.array(rows, dtype=float).reshape(-1, 5)


def _adjusted_se(counts) -> np.ndarray:
    """Adjusted-Wald standard error (points) of each row of counts: the one every z-test here uses."""
    n, prom, _, det, neff = counts.T
    return interval_from_counts(n, prom, det, method="wald_adjusted", n_eff=neff)[1]


def _diff_test(nps_a, se_a, nps_b, se_b, alpha):
    z_crit = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(np.square(se_a) + np.square(se_b))
        diff = nps_a - nps_b
        z = diff / se
        p = 2 * stats.norm.sf(np.abs(z))
    return diff, diff - z_crit * se, diff + z_crit * se, z, p


def _frame_inputs(frame, score, weight):
    if score not in frame.columns:
        raise SchemaError(f"missing column {score!r} (the score column); columns: {', '.join(map(repr, frame.columns))}")
    s = _validate_scores(frame[score].to_numpy())
    w = None
    if weight is not None:
        if weight not in frame.columns:
            raise SchemaError(f"missing column {weight!r} (the weight column)")
        w = frame[weight].to_numpy(dtype=float)
    return s, w


def _stats_frame(counts, alpha, method, min_n):
    n, prom, pas, det, neff = counts.T
    nps, se, lo, hi = interval_from_counts(n, prom, det, alpha=alpha, method=method, n_eff=neff)
    return pd.DataFrame({"n": n, "promoters": prom, "passives": pas, "detractors": det, "nps": nps,
                         "se": se, "ci_low": lo, "ci_high": hi, "small_base": neff < min_n})


def segment_nps(frame: pd.DataFrame, segments: str | Sequence[str], *, score: str = "score",
                weight: str | None = None, alpha: float = 0.05, method: str = "wald_adjusted",
                min_n: int = 30) -> NPSTable:
    """NPS per level of one or more segment columns, each compared with the rest of the sample.

    Columns: ``segment, level, n, promoters, passives, detractors, nps, se, ci_low, ci_high, diff,
    diff_ci_low, diff_ci_high, z, pval, pval_adj, small_base``. ``diff`` is the level's NPS minus the NPS of
    everyone else; the z-test uses adjusted-Wald variances; p-values are adjusted by Benjamini–Hochberg
    within each segment column (one family per question).
    """
    _check_alpha(alpha)
    if isinstance(segments, str):
        segments = [segments]
    s, w = _frame_inputs(frame, score, weight)
    parts = []
    for seg in segments:
        if seg not in frame.columns:
            raise SchemaError(f"missing column {seg!r} (a segment column); columns: {', '.join(map(repr, frame.columns))}")
        keys, levels = level_codes(frame[seg])
        counts = _group_counts(s, w, keys, range(len(levels)))
        total = _group_counts(s, w, np.zeros(len(s)), [0.0])[0]
        if w is None:
            rest = total[None, :] - counts
        else:
            rest = np.array([_group_counts(s[keys != lev], w[keys != lev], np.zeros((keys != lev).sum()), [0.0])[0]
                             for lev in range(len(levels))])
        out = _stats_frame(counts, alpha, method, min_n)
        rest_stats = _stats_frame(rest, alpha, method, min_n)
        diff, dlo, dhi, z, p = _diff_test(out["nps"].to_numpy(), _adjusted_se(counts),
                                          rest_stats["nps"].to_numpy(), _adjusted_se(rest), alpha)
        if len(levels) < 2:
            diff = dlo = dhi = z = p = np.full(len(levels), np.nan)
        out.insert(0, "level", levels)
        out.insert(0, "segment", seg)
        out["diff"], out["diff_ci_low"], out["diff_ci_high"], out["z"], out["pval"] = diff, dlo, dhi, z, p
        out["pval_adj"] = bh_adjust(p)
        parts.append(out)
    cols = ["segment", "level", *_STAT_COLS, "diff", "diff_ci_low", "diff_ci_high", "z", "pval", "pval_adj", "small_base"]
    table = pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)
    return NPSTable(table, "segment", alpha, min_n)


def period_nps(frame: pd.DataFrame, *, date: str = "date", period: str = "month", score: str = "score",
               weight: str | None = None, alpha: float = 0.05, method: str = "wald_adjusted",
               min_n: int = 30) -> NPSTable:
    """NPS per period (``month``, ``quarter``, ``week`` or ``year``) with the change from the previous period.

    Columns: ``period, start, n, promoters, passives, detractors, nps, se, ci_low, ci_high, change,
    change_ci_low, change_ci_high, z, pval, pval_adj, small_base``. Rows without a date are left out and
    counted in ``NPSTable.frame.attrs['undated']``. Empty periods between the first and last are listed with n=0.
    """
    _check_alpha(alpha)
    if period not in PERIODS:
        raise ConfigError(f"period={period!r} is not known; choose one of {', '.join(PERIODS)}")
    if date not in frame.columns:
        raise SchemaError(f"missing column {date!r} (the date column); columns: {', '.join(map(repr, frame.columns))}")
    s, w = _frame_inputs(frame, score, weight)
    dates = pd.to_datetime(frame[date], errors="coerce")
    dated = dates.notna().to_numpy()
    cols = ["period", "start", *_STAT_COLS, "change", "change_ci_low", "change_ci_high", "z", "pval", "pval_adj",
            "small_base"]
    if not dated.any():
        empty = pd.DataFrame(columns=cols)
        empty.attrs["undated"] = int((~dated).sum())
        return NPSTable(empty, "period", alpha, min_n)
    per = dates[dated].dt.to_period(PERIODS[period])
    levels = pd.period_range(per.min(), per.max(), freq=PERIODS[period])
    keys = per.array.asi8  # the periods' ordinals: no Period object per row
    counts = _group_counts(s[dated], None if w is None else w[dated], keys, list(levels.asi8))
    out = _stats_frame(counts, alpha, method, min_n)
    se_adj = _adjusted_se(counts)
    nps = out["nps"].to_numpy()
    diff = np.full(len(levels), np.nan)
    dlo, dhi, z, p = diff.copy(), diff.copy(), diff.copy(), diff.copy()
    if len(levels) > 1:
        d, lo, hi, zz, pp = _diff_test(nps[1:], se_adj[1:], nps[:-1], se_adj[:-1], alpha)
        empty_pair = (counts[1:, 0] == 0) | (counts[:-1, 0] == 0)
        for arr, src in ((diff, d), (dlo, lo), (dhi, hi), (z, zz), (p, pp)):
            arr[1:] = np.where(empty_pair, np.nan, src)
    out.insert(0, "start", [lv.start_time for lv in levels])
    out.insert(0, "period", [str(lv) for lv in levels])
    out["change"], out["change_ci_low"], out["change_ci_high"], out["z"], out["pval"] = diff, dlo, dhi, z, p
    out["pval_adj"] = bh_adjust(p)
    out = out[cols]
    out.attrs["undated"] = int((~dated).sum())
    return NPSTable(out, "period", alpha, min_n)
