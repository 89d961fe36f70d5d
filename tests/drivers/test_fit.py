"""End-to-end oracle checks: the terms table equals statsmodels on the same design."""

import numpy as np
import pandas as pd
import pytest

sm = pytest.importorskip("statsmodels.api")

from textmine.drivers import DriverAnalysis


def _design(df, themes):
    codes = df[themes].to_numpy()
    pos = np.isin(codes, (1, 3)).astype(float)
    neg = np.isin(codes, (-1, 3)).astype(float)
    neu = (codes == 2).astype(float)
    return sm.add_constant(np.hstack([pos, neg, neu]))


def test_polarity_model_matches_statsmodels(survey):
    themes = ["t0", "t1", "t2"]
    r = DriverAnalysis(n_boot=0, min_mentions=1).fit(survey, themes=themes).result_
    X = _design(survey, themes)
    y = survey["score"].to_numpy()
    terms = r.terms[r.terms["spec"] == "polarity"]
    prom = terms[terms["model"] == "promoter"]
    ref = sm.Logit((y >= 9).astype(float), X).fit(disp=0)
    np.testing.assert_allclose(prom["coef"], ref.params[1:], atol=1e-7)
    np.testing.assert_allclose(prom["se"], ref.bse[1:], rtol=1e-6)
    me = ref.get_margeff(dummy=True)
    np.testing.assert_allclose(prom["ame"], 100 * me.margeff, rtol=1e-6)
    np.testing.assert_allclose(prom["ame_se"], 100 * me.margeff_se, rtol=1e-5)
    det = terms[terms["model"] == "detractor"]
    refd = sm.Logit((y <= 6).astype(float), X).fit(disp=0)
    np.testing.assert_allclose(det["se"], refd.bse[1:], rtol=1e-6)
    sc = terms[terms["model"] == "score"]
    refo = sm.OLS(y.astype(float), X).fit()
    np.testing.assert_allclose(sc["coef"], refo.params[1:], atol=1e-9)
    np.testing.assert_allclose(sc["se"], refo.bse[1:], rtol=1e-8)
    np.testing.assert_allclose(sc["pval"], refo.pvalues[1:], rtol=1e-6, atol=1e-12)
    # the NPS effect is the difference of the two AMEs, in points
    nps = terms[terms["model"] == "nps"]
    np.testing.assert_allclose(nps["ame"], 100 * (me.margeff - refd.get_margeff(dummy=True).margeff), rtol=1e-6)
    t = r.to_frame().set_index("theme")
    assert t.loc["t0", "reward_nps"] == pytest.approx(nps["ame"].iloc[0])
    assert t.loc["t0", "penalty_nps"] == pytest.approx(nps["ame"].iloc[3])


def test_weighted_models_match_statsmodels(survey):
    themes = ["t0", "t1"]
    df = survey.assign(t0=(survey.t0 != 0).astype(int), t1=(survey.t1 != 0).astype(int))
    r = DriverAnalysis(n_boot=0).fit(df, themes=themes, weight="wt").result_
    X = sm.add_constant(df[themes].to_numpy().astype(float))
    y = df["score"].to_numpy().astype(float)
    sc = r.terms[r.terms["model"] == "score"]
    ref = sm.WLS(y, X, weights=df["wt"]).fit(cov_type="HC1")
    np.testing.assert_allclose(sc["coef"], ref.params[1:], atol=1e-9)
    np.testing.assert_allclose(sc["se"], ref.bse[1:], rtol=1e-8)
    prom = r.terms[r.terms["model"] == "promoter"]
    refp = sm.GLM((y >= 9).astype(float), X, family=sm.families.Binomial(), var_weights=df["wt"]).fit()
    np.testing.assert_allclose(prom["coef"], refp.params[1:], atol=1e-7)


def test_small_coverage_smoke():
    """30 simulated surveys: the analytic intervals cover the true NPS effect most of the time."""
    rng = np.random.default_rng(0)
    share, a, b, c, d = 0.3, -0.4, 0.6, -1.2, -0.5
    from scipy.special import expit
    true_eff = 100 * ((expit(a + b) - expit(a)) - (expit(c + d) - expit(c)))
    true_with = 100 * (expit(a + b) - expit(c + d))
    hit_eff = hit_with = 0
    for _ in range(30):
        x = (rng.random(600) < share).astype(int)
        u = rng.random(600)
        p, q = expit(a + b * x), expit(c + d * x)
        score = np.where(u < p, 10, np.where(u > 1 - q, 3, 8))
        t = DriverAnalysis(n_boot=0).fit(pd.DataFrame({"score": score, "A": x})).result_.to_frame().iloc[0]
        hit_eff += t["impact_ci_low"] <= true_eff <= t["impact_ci_high"]
        hit_with += t["nps_with_ci_low"] <= true_with <= t["nps_with_ci_high"]
    assert hit_eff >= 25 and hit_with >= 25


def test_quasi_separation_is_dropped_with_a_note_and_no_linalg_warning():
    import warnings

    rng = np.random.default_rng(1)
    n = 400
    a = (rng.random(n) < 0.3).astype(int)
    b = (rng.random(n) < 0.3).astype(int)
    score = np.where(rng.random(n) < 0.5, 10, 3)
    score[(a == 1) & (b == 0)] = 10  # A without B: all promoters
    score[(a == 0) & (b == 1)] = 3  # B without A: all detractors -> jointly separated, no single term is
    df = pd.DataFrame({"score": score, "A": a, "B": b})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the ill-conditioned Newton steps used to warn once per step
        r = DriverAnalysis(n_boot=0).fit(df, themes=["A", "B"]).result_
    assert r.dropped == {"B (mention)": "quasi-separation: its logistic coefficient diverges"}
    t = r.to_frame().set_index("theme")
    assert np.isfinite(t.loc["A", "impact_nps"]) and np.isnan(t.loc["B", "impact_nps"])
