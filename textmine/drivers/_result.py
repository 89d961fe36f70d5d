"""Private: the result object of a driver analysis."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from textmine.errors import ConfigError

__all__ = ["DriverResult"]


@dataclass(frozen=True, eq=False)
class DriverResult:
    """Theme drivers of NPS: descriptives, removal impact, regression impact, importance, Kano.

    Built once by :class:`DriverAnalysis` and read-only after. ``to_frame()`` has one row per theme and
    stable column names; ``terms`` has one row per regression term x model (promoter, detractor, score,
    nps); ``overall`` the NPS of all respondents (n, n_eff, nps, se, ci_low, ci_high); ``dropped`` and
    ``stabilised`` the terms left out of the regressions or kept with a ridge penalty, with the reason;
    ``rejects`` the input rows not analysed; ``r2`` the explained variance shared by ``rel_weight``;
    ``segments`` a :class:`SegmentDrivers` when fitted with ``segment=``. ``whatif_point``,
    ``whatif_boot`` and ``whatif_model`` hold what :meth:`what_if` needs (signed mentions only).
    """

    table: pd.DataFrame
    terms: pd.DataFrame
    dropped: dict[str, str]
    overall: dict
    signed: bool
    weighted: bool
    alpha: float
    n_boot: int
    rejects: pd.DataFrame
    r2: float = float("nan")
    segments: object | None = None
    stabilised: dict = field(default_factory=dict)
    whatif_point: np.ndarray | None = field(default=None, repr=False)
    whatif_boot: np.ndarray | None = field(default=None, repr=False)
    whatif_model: pd.DataFrame | None = field(default=None, repr=False)

    def to_frame(self) -> pd.DataFrame:
        """One row per theme (a copy)."""
        return self.table.copy()

    def kano(self) -> pd.DataFrame:
        """The Kano reading from penalty vs reward (needs signed mentions)."""
        cols = ["theme", "reward_nps", "reward_pval_adj", "penalty_nps", "penalty_pval_adj", "kano"]
        return self.table[cols].copy()

    def what_if(self, theme=None, resolved: float = 0.5, method: str = "removal") -> pd.DataFrame:
        """NPS if a share ``resolved`` of a theme's complaints (negative mentions) were resolved.

        ``method="removal"``: resolved complainers take the NPS of the respondents who do not
        mention the theme; interval from the bootstrap. ``method="model"``: their negative
        term is switched off in the two logistic models; delta-method interval. Either way the
        change is proportional to ``resolved``.
        """
        if not 0 <= resolved <= 1:
            raise ConfigError(f"resolved={resolved} must be between 0 and 1")
        if not self.signed:
            raise ConfigError("what_if needs signed mentions (negative mentions are the complaints); "
                              "the analysis was fitted on unsigned 0/1 mentions")
        themes = list(self.table["theme"])
        sel = themes if theme is None else ([theme] if isinstance(theme, str) else list(theme))
        unknown = [t for t in sel if t not in themes]
        if unknown:
            raise ConfigError(f"unknown theme(s) {unknown}; known: {themes}")
        nps = self.overall["nps"]
        q = [self.alpha / 2, 1 - self.alpha / 2]
        if method == "removal":
            idx = [themes.index(t) for t in sel]
            ch = resolved * self.whatif_point[idx]
            if self.whatif_boot is not None and self.whatif_boot.size:
                lo, hi = resolved * np.nanquantile(self.whatif_boot[:, idx], q, axis=0)
            else:
                lo = hi = np.full(len(idx), np.nan)
        elif method == "model":
            m = self.whatif_model.set_index("theme") if self.whatif_model is not None else pd.DataFrame(
                columns=["change", "se"])
            ch = np.array([resolved * m["change"].get(t, np.nan) for t in sel])
            se = np.array([resolved * m["se"].get(t, np.nan) for t in sel])
            z = stats.norm.ppf(1 - self.alpha / 2)
            lo, hi = ch - z * se, ch + z * se
        else:
            raise ConfigError(f"method={method!r}; expected 'removal' or 'model'")
        return pd.DataFrame({"theme": sel, "resolved": resolved, "method": method, "nps": nps,
                             "nps_after": nps + ch, "change": ch, "ci_low": lo, "ci_high": hi})

    def summary(self, top: int = 10) -> str:
        """A short plain-text summary (no verbatims)."""
        t = self.table
        a = self.overall
        lines = [
            f"Driver analysis: n={a['n']} respondents{' (weighted)' if self.weighted else ''}, "
            f"NPS {a['nps']:.1f} [{a['ci_low']:.1f}, {a['ci_high']:.1f}], {len(t)} themes "
            f"({'signed' if self.signed else 'unsigned'} mentions), {self.n_boot} bootstrap resamples, "
            f"{100 * (1 - self.alpha):.0f}% intervals",
        ]
        if len(self.rejects):
            lines.append(f"{len(self.rejects)} rows rejected (see rejects)")
        key = t.reindex(t["removal_impact"].abs().sort_values(ascending=False).index).head(top)
        lines.append(f"{'theme':<20}{'n':>7}{'share':>7}{'removal':>9}{'ci':>16}{'impact':>8}{'p_adj':>8}  kano")
        for _, r in key.iterrows():
            flag = " (small base)" if r["small_base"] else ""
            lines.append(
                f"{str(r['theme'])[:19]:<20}{int(r['n']):>7}{r['share']:>7.1%}{r['removal_impact']:>9.1f}"
                f"  [{r['removal_ci_low']:>5.1f},{r['removal_ci_high']:>5.1f}]{r['impact_nps']:>8.1f}"
                f"{r['impact_pval_adj']:>8.3f}  {r['kano']}{flag}")
        if self.stabilised:
            lines.append("Ridge-stabilised (separation): " + "; ".join(self.stabilised))
        if self.dropped:
            lines.append("Not in the regressions: " + "; ".join(f"{k}: {v}" for k, v in self.dropped.items()))
        return "\n".join(lines)
