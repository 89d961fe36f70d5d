"""Private: the DriverAnalysis estimator."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sklearn.base import BaseEstimator, clone

from textmine.errors import ConfigError, check_fitted
from textmine.schemas import DRIVERS

from ._boot import one_blas_thread, removal_bootstrap, removal_stats
from ._fit import fit_models
from ._importance import relative_weights, shapley_r2, weighted_corr
from ._matrix import collapse, counted_rows, prepare, with_frequencies
from ._npsmath import groups, kish_n, mean_ci, nps_wald
from ._result import DriverResult
from ._segments import SegmentDrivers, fit_segments

__all__ = ["DriverAnalysis", "segment_drivers"]


class DriverAnalysis(BaseEstimator):
    """How each theme moves NPS, three consistent ways, each with an interval and its n.

    Parameters
    ----------
    min_n : themes (and their complement) with fewer respondents are flagged ``small_base``.
    min_mentions : a regression term needs at least this many mentions (else dropped, with a reason).
    n_boot : bootstrap resamples for removal impact and the removal what-if (0 = none).
    alpha : 1 - confidence level of every interval.
    random_state : seed of the bootstrap.
    robust : HC1 sandwich SEs in the regressions (always used when there are weights).
    max_shapley : Shapley (LMG) importance is computed when there are at most this many themes.
    kano_ratio : reward/penalty ratio above which a theme reads as delighter/must-be.
    signed : "auto" (signed when any cell is -1, 2 or 3), True or False.

    A scikit-learn estimator: the constructor stores the parameters, ``get_params`` / ``set_params`` /
    ``sklearn.base.clone`` work, and ``fit`` validates them and sets ``themes_`` and ``result_``
    (a :class:`DriverResult`).
    """

    def __init__(self, min_n: int = 30, min_mentions: int = 10, n_boot: int = 1000, alpha: float = 0.05,
                 random_state: int | None = 0, robust: bool = False, max_shapley: int = 12,
                 kano_ratio: float = 2.0, signed="auto"):
        self.min_n = min_n
        self.min_mentions = min_mentions
        self.n_boot = n_boot
        self.alpha = alpha
        self.random_state = random_state
        self.robust = robust
        self.max_shapley = max_shapley
        self.kano_ratio = kano_ratio
        self.signed = signed

    # ------------------------------------------------------------------
    def _check_params(self):
        if not 0 < self.alpha < 1:
            raise ConfigError(f"alpha={self.alpha} must be between 0 and 1")
        if int(self.n_boot) != self.n_boot or self.n_boot < 0:
            raise ConfigError(f"n_boot={self.n_boot} must be an integer >= 0")
        if self.min_mentions < 1 or self.min_n < 1:
            raise ConfigError(f"min_mentions={self.min_mentions} and min_n={self.min_n} must be >= 1")
        if self.kano_ratio < 1:
            raise ConfigError(f"kano_ratio={self.kano_ratio} must be >= 1")
        if self.signed not in ("auto", True, False):
            raise ConfigError(f"signed={self.signed!r}; expected 'auto', True or False")

    def fit(self, frame: pd.DataFrame, themes=None, score: str = "score", weight: str | None = None,
            segment: str | None = None, freq: str | None = None, members=None):
        """Fit on a respondent x theme frame; returns self with ``result_``.

        ``freq``: a column of frequency weights (whole numbers): each row stands for that many identical
        respondents, and the result is that of the expanded frame (its rows repeated in place), bootstrap included;
        ``members`` (with ``freq``): each respondent's row (its position in ``frame``), in the respondents' order,
        when that order is another one (the bootstrap draws respondents by position). Without ``freq``, identical
        respondents are collapsed the same way before fitting (same results, less work)."""
        self._check_params()
        if members is not None and (freq is None or segment is not None):
            raise ConfigError("members= lists each respondent's row of a frame of counted rows: pass freq= too, "
                              "and no segment= (each segment's respondents are then its rows repeated in place)")
        if freq is not None:  # rows standing for no respondent are not data: gone before anything is read from them
            frame, members = counted_rows(frame, freq, members)
        prep = prepare(frame, themes, score, weight, exclude=(segment, freq), signed=self.signed)
        prep = collapse(prep) if freq is None else with_frequencies(prep, frame, freq, members)
        if prep.n < 2:
            raise ConfigError(f"need at least 2 scored respondents, found {prep.n}")
        self.themes_ = prep.themes
        with one_blas_thread():
            fields = self._analyse(prep)
        segments = None if segment is None else fit_segments(
            self, frame, segment=segment, themes=prep.themes, score=score, weight=weight, freq=freq)
        self.result_ = DriverResult(**fields, segments=segments)
        return self

    def _require_fit(self):
        check_fitted(self, "call fit(frame, ...) first", "result_")

    def to_frame(self) -> pd.DataFrame:
        self._require_fit()
        return self.result_.to_frame()

    def summary(self) -> str:
        self._require_fit()
        return self.result_.summary()

    # ------------------------------------------------------------------
    def _analyse(self, prep) -> dict:
        """The fields of the :class:`DriverResult` of ``prep`` (all but ``segments``)."""
        alpha = self.alpha
        T = len(prep.themes)
        w, y, f = prep.w, prep.score, prep.f
        fw = f * w  # the weight of each row in every sum: its respondents' weights
        prom, det = groups(y)
        M = prep.mention
        sw = fw.sum()
        n_all = kish_n(w, freq=f)
        p_all, d_all = (fw @ prom) / sw, (fw @ det) / sw
        nps, nse, nlo, nhi = nps_wald(p_all, d_all, n_all, alpha)
        overall = {"n": prep.n, "n_eff": float(n_all), "nps": float(nps), "se": float(nse),
                   "ci_low": float(nlo), "ci_high": float(nhi)}

        t = pd.DataFrame({"theme": prep.themes})
        t["n"] = np.rint(f @ M).astype(int)
        t["share"] = (fw @ M) / sw
        if prep.signed:
            t["n_positive"] = np.rint(f @ prep.pos).astype(int)
            t["n_negative"] = np.rint(f @ prep.neg).astype(int)
            t["n_neutral"] = np.rint(f @ prep.neu).astype(int)
        else:  # counts that do not apply: nullable integers, never floats
            t["n_positive"] = t["n_negative"] = t["n_neutral"] = pd.array([pd.NA] * T, dtype="Int64")
        t["small_base"] = (t["n"] < self.min_n) | ((prep.n - t["n"]) < self.min_n)
        for label, mask in (("with", M > 0), ("without", M == 0)):
            mu, lo, hi = mean_ci(y, w, mask, alpha, freq=f)
            t[f"mean_{label}"], t[f"mean_{label}_ci_low"], t[f"mean_{label}_ci_high"] = mu, lo, hi
        for label, mask in (("with", M), (("without"), 1 - M)):
            mw = mask * w[:, None]
            s = f @ mw
            with np.errstate(invalid="ignore", divide="ignore"):
                v, _, lo, hi = nps_wald(((f * prom) @ mw) / s, ((f * det) @ mw) / s, kish_n(mw, axis=0, freq=f),
                                        alpha)
            t[f"nps_{label}"], t[f"nps_{label}_ci_low"], t[f"nps_{label}_ci_high"] = v, lo, hi

        # removal impact (+ the removal what-if) and their bootstrap over respondents
        N = prep.neg if prep.signed else None
        point = removal_stats(prom, det, fw, M, N)
        t["removal_impact"] = point["removal"]
        q = [alpha / 2, 1 - alpha / 2]
        boot = None
        if self.n_boot:
            rng = np.random.default_rng(self.random_state)
            boot = removal_bootstrap(prom, det, w, M, N, int(self.n_boot), rng, rows=prep.members)
            t["removal_se"] = np.nanstd(boot["removal"], axis=0, ddof=1)
            t["removal_ci_low"], t["removal_ci_high"] = np.nanquantile(boot["removal"], q, axis=0)
        else:
            t["removal_se"] = t["removal_ci_low"] = t["removal_ci_high"] = np.nan

        # regressions: mention model, and (signed) polarity model
        common = dict(prom=prom, det=det, score=y, w=w, robust=self.robust, weighted=prep.weighted,
                      min_mentions=self.min_mentions, alpha=alpha, freq=prep.freq)
        names = list(prep.themes)
        mfit = fit_models(M, names, names, ["impact"] * T, **common)
        nps_rows = mfit.terms[mfit.terms["model"] == "nps"].set_index("theme")
        sc_rows = mfit.terms[mfit.terms["model"] == "score"].set_index("theme")
        t["impact_nps"] = t["theme"].map(nps_rows["ame"])
        t["impact_se"] = t["theme"].map(nps_rows["ame_se"])
        t["impact_ci_low"] = t["theme"].map(nps_rows["ci_low"])
        t["impact_ci_high"] = t["theme"].map(nps_rows["ci_high"])
        t["impact_pval"] = t["theme"].map(nps_rows["pval"])
        t["impact_pval_adj"] = t["theme"].map(nps_rows["pval_adj"])
        t["impact_score"] = t["theme"].map(sc_rows["coef"])
        t["impact_score_se"] = t["theme"].map(sc_rows["se"])
        t["impact_score_pval_adj"] = t["theme"].map(sc_rows["pval_adj"])
        terms = [mfit.terms.assign(spec="mention")]
        dropped = {f"{k} (mention)": v for k, v in mfit.dropped.items()}
        stabilised = {f"{k} (mention)": v for k, v in mfit.notes.items()}
        whatif_model = None
        if prep.signed:
            P, Ng, Nu = prep.pos, prep.neg, prep.neu
            X = np.hstack([P, Ng, Nu])
            tn = [f"{th}+" for th in names] + [f"{th}-" for th in names] + [f"{th}0" for th in names]
            kinds = ["reward"] * T + ["penalty"] * T + ["neutral"] * T
            pfit = fit_models(X, tn, names * 3, kinds, **common)
            terms.append(pfit.terms.assign(spec="polarity"))
            dropped.update({f"{k} (polarity)": v for k, v in pfit.dropped.items()
                            if not k.endswith("0") or "too rare" not in v})
            stabilised.update({f"{k} (polarity)": v for k, v in pfit.notes.items()})
            pn = pfit.terms[pfit.terms["model"] == "nps"]
            ps = pfit.terms[pfit.terms["model"] == "score"]
            for kind in ("reward", "penalty"):
                r = pn[pn["kind"] == kind].set_index("theme")
                t[f"{kind}_nps"] = t["theme"].map(r["ame"])
                t[f"{kind}_se"] = t["theme"].map(r["ame_se"])
                t[f"{kind}_ci_low"] = t["theme"].map(r["ci_low"])
                t[f"{kind}_ci_high"] = t["theme"].map(r["ci_high"])
                t[f"{kind}_pval"] = t["theme"].map(r["pval"])
                t[f"{kind}_pval_adj"] = t["theme"].map(r["pval_adj"])
                t[f"{kind}_score"] = t["theme"].map(ps[ps["kind"] == kind].set_index("theme")["coef"])
            whatif_model = pfit.whatif
            imp_X, imp_groups_of = X, names * 3
        else:
            for kind in ("reward", "penalty"):
                for c in ("nps", "se", "ci_low", "ci_high", "pval", "pval_adj", "score"):
                    t[f"{kind}_{c}"] = np.nan
            imp_X, imp_groups_of = M, names
        t["kano"] = self._kano(t, prep.signed)

        # relative importance on the NPS outcome (+100 promoter, 0 passive, -100 detractor)
        ynps = 100 * (prom - det)
        ok = np.ptp(imp_X, axis=0) > 0  # no n x k temporary, unlike std
        t["rel_weight"] = np.nan
        t["rel_weight_pct"] = np.nan
        t["shapley"] = np.nan
        r2 = np.nan
        if ok.any() and np.std(ynps) > 0:
            R, r = weighted_corr(imp_X if ok.all() else imp_X[:, ok], ynps, fw)
            raw = relative_weights(R, r)
            of = np.array(imp_groups_of)[ok]
            per = pd.Series(raw).groupby(of).sum()
            r2 = float(raw.sum())
            t["rel_weight"] = t["theme"].map(per).fillna(0.0)
            t["rel_weight_pct"] = 100 * t["rel_weight"] / r2 if r2 > 0 else np.nan
            present = [th for th in names if th in set(of)]
            if len(present) <= self.max_shapley:
                grp = [list(np.flatnonzero(of == th)) for th in present]
                sh = shapley_r2(R, r, grp)
                t["shapley"] = t["theme"].map(dict(zip(present, sh)))
        note = {}
        for k, v in list(dropped.items()) + list(stabilised.items()):
            th = k.rsplit(" (", 1)[0].rstrip("+-0") if k.endswith("(polarity)") else k.rsplit(" (", 1)[0]
            note.setdefault(th, []).append(f"{k}: {v}")
        t["note"] = t["theme"].map(lambda th: "; ".join(note.get(th, [])))

        self._boot_ = boot
        return dict(
            table=DRIVERS.conform(t), terms=pd.concat(terms, ignore_index=True), dropped=dropped, overall=overall,
            signed=prep.signed, weighted=prep.weighted, alpha=alpha, n_boot=int(self.n_boot),
            rejects=prep.rejects, r2=r2, stabilised=stabilised,
            whatif_point=point["whatif"] if prep.signed else None,
            whatif_boot=boot["whatif"] if prep.signed and boot is not None else None,
            whatif_model=whatif_model if prep.signed else None)

    def _kano(self, t: pd.DataFrame, signed: bool) -> list[str]:
        """Penalty-reward contrast: must-be, delighter, performance, or indifferent."""
        if not signed:
            return ["n/a"] * len(t)
        out = []
        k = self.kano_ratio
        for _, r in t.iterrows():
            rew = max(r["reward_nps"], 0) if np.isfinite(r["reward_nps"]) else 0.0
            pen = max(-r["penalty_nps"], 0) if np.isfinite(r["penalty_nps"]) else 0.0
            rs = np.isfinite(r["reward_pval_adj"]) and r["reward_pval_adj"] < self.alpha and r["reward_nps"] > 0
            ps = np.isfinite(r["penalty_pval_adj"]) and r["penalty_pval_adj"] < self.alpha and r["penalty_nps"] < 0
            if not (rs or ps):
                out.append("indifferent")
            elif ps and (not rs or pen > k * rew):
                out.append("must-be")
            elif rs and (not ps or rew > k * pen):
                out.append("delighter")
            else:
                out.append("performance")
        return out


def segment_drivers(frame: pd.DataFrame, segment: str, themes=None, score: str = "score",
                    weight: str | None = None, analysis: DriverAnalysis | None = None, **params) -> SegmentDrivers:
    """Fit the driver analysis within each segment and test differences between segments.

    Each segment is fitted by a ``sklearn.base.clone`` of ``analysis`` (a :class:`DriverAnalysis`; default
    ``DriverAnalysis()``) with ``params`` set on it, Shapley importance off. Share differences: Wald test on
    shares with Kish effective bases; impact and removal differences: Wald heterogeneity test on the
    per-segment estimates and SEs. P-values are Benjamini-Hochberg adjusted across themes. Small segments and
    themes are warned about.
    """
    est = DriverAnalysis() if analysis is None else clone(analysis)
    return fit_segments(est.set_params(**params), frame, segment=segment, themes=themes, score=score,
                        weight=weight)
