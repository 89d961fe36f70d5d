"""Private: the three regressions on theme terms and their effects in NPS points.

Models (all with an intercept, one binary column per kept term):
- logistic P(promoter), logistic P(detractor): coefficients, SEs, p-values (as statsmodels);
  average marginal effects (discrete change) in percentage points;
- OLS on the 0-10 score;
- the effect in NPS points, 100 * (AME_promoter - AME_detractor). Its variance combines the
  delta method over both models' coefficients (their covariance from the stacked
  estimating equations) with the sampling variance of the respondents' covariates
  (Var(individual effects) / n, "unconditional" AME), so the interval targets the
  population effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ._effects import effect_sums
from ._regression import bh_adjust, columns_design, logit, ols, screen_terms

__all__ = ["ModelFit", "fit_models"]

MODELS = ("promoter", "detractor", "score", "nps")
#: L2 penalty on the logistic coefficients of a term with complete separation (an infinite
#: maximum-likelihood estimate); a Gaussian prior with sd 1 on the log-odds scale.
RIDGE = 1.0


@dataclass
class ModelFit:
    terms: pd.DataFrame  # long: one row per term x model
    dropped: dict[str, str]
    nps_effect: pd.DataFrame  # one row per kept term: ame, se, pval
    whatif: pd.DataFrame | None = None  # per kept term: change if all its mentioners were "resolved"
    n_iter: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)  # kept but ridge-stabilised terms


_TERM_COLUMNS = ["term", "theme", "kind", "n", "model", "coef", "se", "stat", "pval", "ame", "ame_se", "ci_low",
                 "ci_high", "pval_adj", "stabilised"]


def _empty_terms() -> pd.DataFrame:
    return pd.DataFrame(columns=_TERM_COLUMNS)


def _no_variation(prom, det, w, f) -> str:
    """Why the regressions cannot be fitted when every (weighted) respondent is in one NPS group, else ''."""
    used = np.asarray(w) > 0
    n = int(used.sum() if f is None else np.rint(f[used].sum()))
    for name, y in (("promoters", prom), ("detractors", det)):
        y = np.asarray(y)[used]
        if n and y.min() == y.max():
            share = "all" if y.max() == 1 else "none"
            return f"{share} of the {n} respondents are {name}, so P({name[:-1]}) has no variation to explain"
    return ""


def _nps_effect(fp, fd, E, C, sign=1.0):
    """Effect in NPS points, 100 * (AME_promoter - AME_detractor), and its standard error from the
    delta method over both models (``C``: their cross-covariance) plus covariate sampling (``E.c_var``)."""
    ap, Gp, ad, Gd = E.ame[0], E.grad[0], E.ame[1], E.grad[1]
    var_b = (np.einsum("ij,jk,ik->i", Gp, fp.cov, Gp) + np.einsum("ij,jk,ik->i", Gd, fd.cov, Gd)
             - 2 * np.einsum("ij,jk,ik->i", Gp, C, Gd))
    var = 1e4 * (np.clip(var_b, 0, None) + E.c_var)
    return sign * 100 * (ap - ad), np.sqrt(var)


def fit_models(terms: np.ndarray, names: list[str], theme_of: list[str], kind_of: list[str],
               prom, det, score, w, *, robust: bool, weighted: bool, min_mentions: int,
               alpha: float, whatif_kinds=("penalty",), freq=None) -> ModelFit:
    """The promoter, detractor and score models on the columns ``terms`` (rows: respondents, or patterns of
    identical respondents counted by ``freq``)."""
    n = len(w) if freq is None else float(np.sum(freq))
    flat = _no_variation(prom, det, w, freq)
    if flat:  # every respondent in one NPS group: the logistic models have nothing to explain
        return ModelFit(_empty_terms(), {name: f"not estimable: {flat}" for name in names}, _empty_terms()
                        .set_index("term"), None, {}, {})
    separated: list = []
    keep, dropped = screen_terms(terms, names, {"promoter": prom, "detractor": det}, min_mentions, separated,
                                   freq=freq)
    sep_cols = {j for j, _ in separated}
    notes = {names[j]: f"{reason}; ridge-stabilised (penalty {RIDGE} on its logistic coefficients)"
             for j, reason in separated}
    cov = "HC1" if (robust or weighted) else "model"
    def logits(keep):
        Xs = columns_design(terms, keep, intercept=True)
        ridge = np.r_[0.0, [RIDGE if j in sep_cols else 0.0 for j in keep]]
        return (Xs, logit(Xs, prom, w, cov=cov, ridge=ridge, freq=freq),
                logit(Xs, det, w, cov=cov, ridge=ridge, freq=freq))

    for _ in range(10):
        Xs, fp, fd = logits(keep)
        big = np.abs(np.r_[fp.coef[1:], fd.coef[1:]])
        if (fp.converged and fd.converged and (big.size == 0 or big.max() < 12)) or not keep:
            break
        worst = int(np.argmax(np.maximum(np.abs(fp.coef[1:]), np.abs(fd.coef[1:]))))
        dropped[names[keep[worst]]] = "quasi-separation: its logistic coefficient diverges"
        keep = [k for i, k in enumerate(keep) if i != worst]
    if Xs.shape[1] != 1 + len(keep):  # the last pass dropped a term: refit on the terms that are kept
        Xs, fp, fd = logits(keep)
    fo = ols(Xs, score, w, cov=cov, freq=freq)
    cols = np.arange(1, len(keep) + 1)
    kn = [names[k] for k in keep]
    counts = np.rint(np.asarray(terms.sum(axis=0) if freq is None else freq @ terms).ravel()[keep]).astype(int)
    z = stats.norm.ppf(1 - alpha / 2)
    rows = []
    wi = [i for i, k in enumerate(keep) if kind_of[k] in whatif_kinds]
    E = effect_sums([fp, fd], Xs, w, cols, on_idx=wi, freq=freq)
    for model, fit, ame, G in (("promoter", fp, E.ame[0], E.grad[0]), ("detractor", fd, E.ame[1], E.grad[1])):
        # delta-method SE of each AME (as statsmodels get_margeff(dummy=True))
        ase = np.sqrt(np.einsum("ij,jk,ik->i", G, fit.cov, G))
        rows.append(pd.DataFrame({
            "model": model, "coef": fit.coef[1:], "se": fit.se[1:], "stat": fit.coef[1:] / fit.se[1:],
            "pval": fit.pval[1:], "ame": 100 * ame, "ame_se": 100 * ase,
            "ci_low": 100 * (ame - z * ase), "ci_high": 100 * (ame + z * ase)}))
    df = max(n - (1 + len(keep)), 1)
    tq = stats.t.ppf(1 - alpha / 2, df)
    tstat = fo.coef[1:] / fo.se[1:]
    rows.append(pd.DataFrame({
        "model": "score", "coef": fo.coef[1:], "se": fo.se[1:], "stat": tstat,
        "pval": 2 * stats.t.sf(np.abs(tstat), df), "ame": fo.coef[1:], "ame_se": fo.se[1:],
        "ci_low": fo.coef[1:] - tq * fo.se[1:], "ci_high": fo.coef[1:] + tq * fo.se[1:]}))
    # cross-covariance of the two logistic models' coefficients (stacked estimating equations)
    C = fp.bread @ fp.meat(Xs, fd) @ fd.bread
    eff, se = _nps_effect(fp, fd, E, C)
    with np.errstate(invalid="ignore", divide="ignore"):
        pv = 2 * stats.norm.sf(np.abs(eff / se))
    rows.append(pd.DataFrame({
        "model": "nps", "coef": np.nan, "se": np.nan, "stat": eff / se, "pval": pv, "ame": eff,
        "ame_se": se, "ci_low": eff - z * se, "ci_high": eff + z * se}))
    for r in rows:
        r.insert(0, "term", kn)
        r.insert(1, "theme", [theme_of[k] for k in keep])
        r.insert(2, "kind", [kind_of[k] for k in keep])
        r.insert(3, "n", counts)
    long = pd.concat(rows, ignore_index=True) if keep else _empty_terms().drop(columns=["pval_adj", "stabilised"])
    long["pval_adj"] = np.nan
    for _, idx in long.groupby(["model", "kind"]).groups.items():
        long.loc[idx, "pval_adj"] = bh_adjust(long.loc[idx, "pval"].to_numpy())
    nps_effect = long[long["model"] == "nps"].set_index("term")
    whatif = None
    if wi:
        # resolving a complaint switches its term off for the respondents who have it
        ch, chse = _nps_effect(fp, fd, E.on, C, sign=-1.0)
        whatif = pd.DataFrame({"theme": [theme_of[keep[i]] for i in wi], "change": ch, "se": chse})
    long["stabilised"] = long["term"].isin(list(notes))
    return ModelFit(long, dropped, nps_effect, whatif, {"promoter": fp.n_iter, "detractor": fd.n_iter},
                    {k: v for k, v in notes.items() if k in kn})
