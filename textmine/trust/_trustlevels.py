"""Can a segment's scores be trusted? Mismatch rate, share of 10s and score heaping per level, each against the rest.

Three signs a reviewer looks for in a store, an agent or a channel whose scores were asked for ("please give us a
10"), filled in, or misread:

- **mismatch rate** — of the level's judged respondents (promoters and detractors whose answer praises or complains,
  :func:`respondent_mismatch`), the share whose score contradicts the answer. Coaching a detractor into a 9-10 while
  the complaint stays in the text raises exactly this.
- **share of 10s** — the share of the level's scores that are exactly 10. Coaching raises it too; on its own it is
  also what a genuinely better store shows, so it reads together with the mismatch rate.
- **heaping** — of the level's scores on 0, 1, 4, 5, 6, 9 or 10, the share on the round scores 0, 5 and 10: round
  numbers against their neighbours, the digit-preference reading of Whipple's index with the rest of the survey as the
  reference instead of a uniform spread (NPS scores are not uniform). Scores typed in by staff, or answered without
  thought, pile on 10, 5 and 0.

Each is compared with everyone not in the level by a **one-sided Fisher exact test** (the hypergeometric upper tail:
the chance of at least this many mismatches, 10s, round scores among the level's respondents if they were drawn from
the survey at random). One-sided because the question a reviewer acts on is "higher than elsewhere": a level with
fewer mismatches than the rest is no finding, and a two-sided test would spend half the error rate on it. Exact
because mismatch rates are a few percent and levels a few hundred respondents — expected counts of a handful, where the
two-proportion z-test's normal tail is too optimistic; Fisher's conditional test holds its level at any size
(conservatively). Intervals are Wilson's (:func:`textmine.nps.proportion_ci`).

All p-values — three tests per level, every level of every segment column — form one Benjamini–Hochberg family
(:func:`textmine.nps.bh_adjust`); a level is ``flagged`` when any of its adjusted p-values is below ``fdr``. A level
of fewer than ``min_n`` respondents is reported with its rates and intervals but not tested (p-values NaN, never
flagged, the reason in ``note``); so is the only level of a segment (there is no rest to compare it with).

Counts are of respondents, unweighted: the question is whether the answers collected can be taken at face value, not
what the population thinks, so survey weights do not enter.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import ConfigError, SchemaError
from ..nps import bh_adjust, level_codes, proportion_ci
from ..schemas import TRUST
from ._mismatch import scores_of
from ._trustresult import TrustResult

__all__ = ["segment_trust", "TESTS", "ROUND_SCORES", "NEIGHBOUR_SCORES"]

#: the round scores and their neighbours that the heaping share compares
ROUND_SCORES, NEIGHBOUR_SCORES = (0, 5, 10), (1, 4, 6, 9)
#: each test: its key in ``note``, its rate column, its p-value column, what a flag means
TESTS = (("mismatch", "mismatch_rate", "pval_mismatch", "mismatch rate higher than the rest"),
         ("share_10", "share_10", "pval_10", "more 10s than the rest"),
         ("heaping", "heaping", "pval_heaping", "more heaping on 0/5/10 than the rest"))
_MISSING = "(missing)"
_BASES = {"n_judged": "judged answers", "n": "scores", "heap_base": "scores on 0, 1, 4, 5, 6, 9 or 10"}


def fisher_greater(k, n, k_all, n_all) -> np.ndarray:
    """One-sided Fisher exact p-value that ``k`` of ``n`` is a higher share than the rest (``k_all - k`` of
    ``n_all - n``), vectorised: P(X ≥ k) for X hypergeometric (population ``n_all`` with ``k_all`` successes,
    ``n`` drawn) — the same number as ``scipy.stats.fisher_exact(..., alternative="greater")``. NaN where the level or
    the rest is empty."""
    k, n, k_all, n_all = (np.asarray(a, dtype=np.int64) for a in (k, n, k_all, n_all))
    p = stats.hypergeom.sf(k - 1, n_all, k_all, n)
    return np.where((n > 0) & (n_all - n > 0), np.clip(p, 0.0, 1.0), np.nan)


def _mismatch_columns(frame, mismatch, ids_needed) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(mismatch, judged) as boolean arrays aligned with ``frame``, or (None, None) without mismatch data."""
    if mismatch is None:
        return None, None
    if isinstance(mismatch, str):
        if mismatch not in frame.columns:
            raise SchemaError(f"missing column {mismatch!r} (the mismatch column); columns: "
                              f"{', '.join(map(repr, frame.columns))}")
        flags = frame[mismatch]
        judged = frame["judged"] if "judged" in frame.columns else None
    elif isinstance(mismatch, pd.DataFrame):
        for col in ("respondent_id", "mismatch"):
            if col not in mismatch.columns:
                raise SchemaError(f"the mismatch table lacks the column {col!r} (pass what respondent_mismatch returns)")
        if not ids_needed:
            raise SchemaError("missing column 'respondent_id' in the survey frame: it joins the mismatch table")
        table = mismatch.assign(respondent_id=mismatch["respondent_id"].astype(str)).drop_duplicates("respondent_id")
        table = table.set_index("respondent_id")
        keys = frame["respondent_id"].astype(str)
        absent = int((~keys.isin(table.index)).sum())
        if absent:
            raise SchemaError(f"{absent} respondents of the survey frame have no row in the mismatch table; build it "
                              "with respondent_mismatch(mentions, frame) on this frame")
        flags = keys.map(table["mismatch"])
        judged = keys.map(table["judged"]) if "judged" in table.columns else None
    else:
        flags = pd.Series(np.asarray(mismatch))
        if len(flags) != len(frame):
            raise ConfigError(f"mismatch has {len(flags)} values for {len(frame)} respondents; pass one per row of "
                              "the frame, a column name, or the table respondent_mismatch returns")
        judged = None
    if flags.isna().any() or not set(pd.unique(flags)) <= {True, False}:
        raise SchemaError("mismatch flags must be True or False for every respondent; found other or missing values")
    flags = flags.to_numpy(dtype=bool)
    judged = np.ones(len(flags), dtype=bool) if judged is None else judged.fillna(False).to_numpy(dtype=bool)
    return flags, judged | flags


def _level_keys(frame: pd.DataFrame, seg: str) -> tuple[np.ndarray, list]:
    """(each row's level as a number, the levels as text, sorted): ``nps.level_codes``."""
    return level_codes(frame[seg], _MISSING)


def _counts(codes: np.ndarray, levels: list, indicators: dict) -> dict:
    """Per level, the sum of each boolean indicator (same order as ``levels``)."""
    return {name: np.bincount(codes[v], minlength=len(levels)).astype(np.int64) for name, v in indicators.items()}


def segment_trust(frame: pd.DataFrame, segments: str | Sequence[str], mismatch=None, *, score: str = "score",
                  alpha: float = 0.05, fdr: float = 0.05, min_n: int = 30) -> TrustResult:
    """Score–text trust per level of each segment column, each level against the rest of the survey.

    Parameters
    ----------
    frame : DataFrame
        The survey frame (``Survey.frame``): the 0-10 ``score``, the ``segments`` columns and ``respondent_id``
        (to join a mismatch table).
    segments : str or list of str
        The columns whose levels are compared (store, agent, channel …); a missing value is the level "(missing)".
    mismatch : DataFrame, str, array of bool, or None
        What :func:`respondent_mismatch` returned (joined on ``respondent_id``; its ``judged`` column is the base
        of the rate), or the name of a boolean column of ``frame``, or one flag per row (the base is then every
        respondent). None: the mismatch columns are NaN and only 10s and heaping are tested.
    alpha : float
        1 - the intervals' confidence level (0.05: 95%). Column names do not depend on it.
    fdr : float
        The false discovery rate at which a level is flagged (Benjamini–Hochberg over every test).
    min_n : int
        Levels of fewer respondents are reported but not tested.

    Returns
    -------
    TrustResult: ``to_frame()`` (the columns of :data:`textmine.schemas.TRUST`, one row per segment level),
    ``flagged()``, ``summary()``, and ``overall`` (the survey's own rates).
    """
    for name, value in (("alpha", alpha), ("fdr", fdr)):
        if not (isinstance(value, (int, float)) and 0 < value < 1):
            raise ConfigError(f"{name}={value!r} must be between 0 and 1 (e.g. 0.05)")
    if isinstance(min_n, bool) or not isinstance(min_n, (int, np.integer)) or min_n < 1:
        raise ConfigError(f"min_n={min_n!r} must be an integer >= 1 (respondents a level needs to be tested)")
    segments = [segments] if isinstance(segments, str) else list(segments)
    for seg in segments:
        if seg not in frame.columns:
            raise SchemaError(f"missing column {seg!r} (a segment column); columns: "
                              f"{', '.join(map(repr, frame.columns))}")
    scores = scores_of(frame, score)
    flags, judged = _mismatch_columns(frame, mismatch, "respondent_id" in frame.columns)
    has_mismatch = flags is not None
    if not has_mismatch:
        flags = judged = np.zeros(len(scores), dtype=bool)
    indicators = {"n": np.ones(len(scores), dtype=bool), "n_judged": judged, "mismatches": flags & judged,
                  "tens": scores == 10, "heap_base": np.isin(scores, ROUND_SCORES + NEIGHBOUR_SCORES),
                  "heap": np.isin(scores, ROUND_SCORES)}
    total = {k: int(v.sum()) for k, v in indicators.items()}
    parts = [_segment_rows(seg, _level_keys(frame, seg), indicators, total, alpha, min_n, has_mismatch)
             for seg in segments]
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(TRUST.names))
    table = _adjust(table, fdr)
    overall = _overall(total, alpha, has_mismatch)
    return TrustResult(TRUST.conform(table[list(TRUST.names)]), overall, alpha, fdr, min_n)


def _segment_rows(seg, keyed, indicators, total, alpha, min_n, has_mismatch) -> pd.DataFrame:
    codes, levels = keyed
    c = _counts(codes, levels, indicators)
    out = pd.DataFrame({"segment": seg, "level": levels, "n": c["n"], "n_judged": c["n_judged"],
                        "mismatches": c["mismatches"]})
    small = c["n"] < min_n
    alone = len(levels) < 2
    tested = ~small & ~alone
    pairs = (("mismatch_rate", "ci_low", "ci_high", "pval_mismatch", "mismatches", "n_judged"),
             ("share_10", "share_10_ci_low", "share_10_ci_high", "pval_10", "tens", "n"),
             ("heaping", "heaping_ci_low", "heaping_ci_high", "pval_heaping", "heap", "heap_base"))
    notes = [[] for _ in levels]
    for rate, lo, hi, pval, k, base in pairs:
        kk, nn = c[k], c[base]
        with np.errstate(divide="ignore", invalid="ignore"):
            out[rate] = np.where(nn > 0, kk / np.maximum(nn, 1), np.nan)
            rest_n = total[base] - nn
            out[f"{rate}_rest"] = np.where(rest_n > 0, (total[k] - kk) / np.maximum(rest_n, 1), np.nan)
        out[lo], out[hi] = proportion_ci(kk, nn, alpha=alpha)
        p = fisher_greater(kk, nn, total[k], total[base])
        out[pval] = np.where(tested, p, np.nan)
        if rate == "mismatch_rate" and not has_mismatch:  # no flags given: nothing to count, NA rather than 0
            for col in ("n_judged", "mismatches", rate, lo, hi, f"{rate}_rest", pval):
                out[col] = np.nan
            continue
        for i in np.flatnonzero(tested & ~np.isfinite(p)):
            notes[i].append(f"{rate} not tested: no {_BASES[base]} {'in the level' if nn[i] == 0 else 'in the rest'}")
    for i in np.flatnonzero(small):
        notes[i].insert(0, f"not tested: n={int(c['n'][i])} < min_n={min_n}")
    for i in np.flatnonzero(alone & ~small):
        notes[i].insert(0, "not tested: the only level of its segment")
    out["small_base"] = small
    out["note"] = ["; ".join(n) for n in notes]
    return out


def _adjust(table: pd.DataFrame, fdr: float) -> pd.DataFrame:
    """Benjamini–Hochberg over every p-value of the table (one family), ``pval_adj``, ``flagged`` and the notes."""
    cols = [pval for _, _, pval, _ in TESTS]
    p = table[cols].to_numpy(dtype=float)
    adj = bh_adjust(p.ravel()).reshape(p.shape) if p.size else p
    for j, col in enumerate(cols):
        table[f"{col}_adj"] = adj[:, j]
    smallest = np.where(np.isfinite(adj), adj, np.inf).min(axis=1, initial=np.inf)
    table["pval_adj"] = np.where(np.isfinite(smallest), smallest, np.nan)
    hits = np.isfinite(adj) & (adj < fdr)
    table["flagged"] = hits.any(axis=1)
    notes = table["note"].tolist()
    for i in np.flatnonzero(table["flagged"].to_numpy(bool)):
        why = "flagged: " + ", ".join(t[3] for t, hit in zip(TESTS, hits[i]) if hit)
        notes[i] = why + ("; " + notes[i] if notes[i] else "")
    table["note"] = notes
    return table


def _overall(total: dict, alpha: float, has_mismatch: bool) -> dict:
    """The survey's own rates with their Wilson intervals (the reference every level is compared with)."""
    out = {"n": total["n"], "n_judged": total["n_judged"] if has_mismatch else None,
           "mismatches": total["mismatches"] if has_mismatch else None}
    for rate, k, base in (("mismatch_rate", "mismatches", "n_judged"), ("share_10", "tens", "n"),
                          ("heaping", "heap", "heap_base")):
        if rate == "mismatch_rate" and not has_mismatch:
            out.update({rate: None, f"{rate}_ci_low": None, f"{rate}_ci_high": None})
            continue
        lo, hi = proportion_ci(total[k], total[base], alpha=alpha)
        rate_value = total[k] / total[base] if total[base] else float("nan")
        out.update({rate: float(rate_value), f"{rate}_ci_low": float(lo), f"{rate}_ci_high": float(hi)})
    return out
