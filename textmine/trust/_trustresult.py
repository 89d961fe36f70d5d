"""The result of a score–text trust analysis: one row per segment level, with the survey's own rates beside it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["TrustResult"]


@dataclass(frozen=True, eq=False)
class TrustResult:
    """Score–text trust per segment level (:func:`segment_trust`), read-only once built.

    ``frame`` has the columns of :data:`textmine.schemas.TRUST` (names stable, independent of ``alpha``);
    ``overall`` the survey's own ``n, n_judged, mismatches, mismatch_rate, share_10, heaping`` with their
    ``_ci_low``/``_ci_high`` (mismatch entries None when no mismatch flags were given). Holds counts and rates
    only, never an answer's text.
    """

    frame: pd.DataFrame
    overall: dict
    alpha: float
    fdr: float
    min_n: int

    def to_frame(self) -> pd.DataFrame:
        """One row per segment level (``trust.csv``)."""
        return self.frame.copy()

    def flagged(self) -> pd.DataFrame:
        """The levels whose scores are to be reviewed, most significant first."""
        f = self.frame[self.frame["flagged"].to_numpy(bool)]
        return f.sort_values(["pval_adj", "segment", "level"], kind="stable").reset_index(drop=True)

    def to_records(self) -> list[dict]:
        """The rows as plain dicts (NaN as None), for JSON."""
        return [{k: _plain(v) for k, v in r.items()} for r in self.frame.to_dict(orient="records")]

    @property
    def n_tests(self) -> int:
        """The p-values in the Benjamini–Hochberg family."""
        return int(np.isfinite(self.frame[["pval_mismatch", "pval_10", "pval_heaping"]].to_numpy(float)).sum())

    def summary(self, top: int | None = 20) -> str:
        """A few lines for a reader: the survey's rates, then the flagged levels (at most ``top``; None: all) and how
        many levels were tested."""
        level = int(round(100 * (1 - self.alpha)))
        o = self.overall
        lines = [f"Score-text trust by segment ({level}% Wilson intervals; one-sided Fisher exact tests against the "
                 f"rest, Benjamini-Hochberg over {self.n_tests} tests, FDR {self.fdr:g})"]
        parts = [f"n={o['n']:,}"]
        if o.get("mismatch_rate") is not None:
            parts.append(f"mismatch {_pct(o['mismatch_rate'])} [{_pct(o['mismatch_rate_ci_low'])}, "
                         f"{_pct(o['mismatch_rate_ci_high'])}] of {o['n_judged']:,} judged")
        parts.append(f"10s {_pct(o['share_10'])}, heaping {_pct(o['heaping'])}")
        lines.append("  overall: " + ", ".join(parts))
        f = self.flagged()
        shown = f if top is None else f.head(top)
        for r in shown.itertuples(index=False):
            mism = "" if pd.isna(r.mismatch_rate) else (f"mismatch {_pct(r.mismatch_rate)} [{_pct(r.ci_low)}, "
                                                         f"{_pct(r.ci_high)}] vs {_pct(r.mismatch_rate_rest)}  ")
            lines.append(f"  {r.segment} / {r.level}: n={r.n:,}  {mism}10s {_pct(r.share_10)} vs "
                         f"{_pct(r.share_10_rest)}  p_adj {_p(r.pval_adj)}  [{r.note}]")
        if len(f) > len(shown):
            lines.append(f"  … and {len(f) - len(shown)} more flagged levels")
        untested = int(self.frame["pval_adj"].isna().sum())
        lines.append(f"  {len(f)} of {len(self.frame)} levels flagged for review; {untested} not tested "
                     f"(fewer than {self.min_n} respondents, or the only level)")
        return "\n".join(lines)

    def __len__(self) -> int:
        return len(self.frame)


def _pct(x) -> str:
    return "n/a" if x is None or pd.isna(x) else f"{100 * float(x):.1f}%"


def _p(p) -> str:
    return "n/a" if pd.isna(p) else ("<0.001" if p < 0.001 else f"{p:.3f}")


def _plain(v):
    if isinstance(v, (np.floating, np.integer, np.bool_)):
        v = v.item()
    if isinstance(v, float) and np.isnan(v):
        return None
    return v
