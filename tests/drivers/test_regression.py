import numpy as np
import pytest

sm = pytest.importorskip("statsmodels.api")

from textmine.drivers._regression import ame_binary, bh_adjust, logit, ols, screen_terms


@pytest.fixture
def data():
    rng = np.random.default_rng(3)
    n = 800
    X = np.column_stack([np.ones(n), (rng.random((n, 3)) < [0.3, 0.2, 0.5]).astype(float)])
    eta = -0.5 + X[:, 1:] @ np.array([1.0, -0.8, 0.4])
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    score = np.clip(np.round(6 + X[:, 1:] @ np.array([1.5, -1.0, 0.3]) + rng.normal(0, 2, n)), 0, 10)
    w = rng.uniform(0.5, 2.0, n)
    return X, y, score, w


def test_logit_matches_statsmodels(data):
    X, y, _, _ = data
    mine = logit(X, y)
    ref = sm.Logit(y, X).fit(disp=0)
    assert mine.converged
    np.testing.assert_allclose(mine.coef, ref.params, rtol=0, atol=1e-8)
    np.testing.assert_allclose(mine.se, ref.bse, rtol=1e-7)
    np.testing.assert_allclose(mine.pval, ref.pvalues, rtol=1e-6)


def test_logit_robust_matches_statsmodels(data):
    X, y, _, _ = data
    mine = logit(X, y, cov="HC1")
    ref = sm.Logit(y, X).fit(disp=0, cov_type="HC0")
    np.testing.assert_allclose(mine.se, ref.bse, rtol=1e-6)


def test_weighted_logit_point_estimates_match_glm_freq_weights(data):
    X, y, _, w = data
    mine = logit(X, y, w, cov="HC1")
    ref = sm.GLM(y, X, family=sm.families.Binomial(), var_weights=w).fit()
    np.testing.assert_allclose(mine.coef, ref.params, atol=1e-8)


def test_ame_matches_statsmodels_margeff(data):
    X, y, _, _ = data
    fit = logit(X, y)
    ame, G = ame_binary(fit, X, np.ones(len(y)), np.array([1, 2, 3]))
    se = np.sqrt(np.einsum("ij,jk,ik->i", G, fit.cov, G))
    ref = sm.Logit(y, X).fit(disp=0).get_margeff(dummy=True)
    np.testing.assert_allclose(ame, ref.margeff, rtol=1e-7)
    np.testing.assert_allclose(se, ref.margeff_se, rtol=1e-5)


def test_ols_matches_statsmodels(data):
    X, _, score, _ = data
    mine = ols(X, score)
    ref = sm.OLS(score, X).fit()
    np.testing.assert_allclose(mine.coef, ref.params, atol=1e-10)
    np.testing.assert_allclose(mine.se, ref.bse, rtol=1e-9)
    hc = ols(X, score, cov="HC1")
    np.testing.assert_allclose(hc.se, sm.OLS(score, X).fit(cov_type="HC1").bse, rtol=1e-9)


def test_wls_matches_statsmodels_with_hc1(data):
    X, _, score, w = data
    mine = ols(X, score, w, cov="HC1")
    ref = sm.WLS(score, X, weights=w).fit(cov_type="HC1")
    np.testing.assert_allclose(mine.coef, ref.params, atol=1e-10)
    np.testing.assert_allclose(mine.se, ref.bse, rtol=1e-8)


def test_bh_adjust_matches_statsmodels():
    from statsmodels.stats.multitest import multipletests

    p = np.array([0.01, 0.04, 0.03, 0.2, np.nan, 0.005])
    ok = np.isfinite(p)
    out = bh_adjust(p)
    np.testing.assert_allclose(out[ok], multipletests(p[ok], method="fdr_bh")[1])
    assert np.isnan(out[4])


def test_screen_terms_reports_rare_separated_and_collinear():
    n = 200
    a = np.zeros(n); a[:50] = 1
    rare = np.zeros(n); rare[:3] = 1
    sep = np.zeros(n); sep[100:130] = 1
    dup = a.copy()
    b = np.zeros(n); b[50:90] = 1
    comb = a + b  # a linear combination of a and b
    X = np.column_stack([a, rare, sep, dup, b, comb])
    y = np.zeros(n); y[::3] = 1; y[100:130] = 1
    keep, dropped = screen_terms(X, ["a", "rare", "sep", "dup", "b", "comb"], {"promoter": y}, 10)
    assert keep == [0, 4]
    assert dropped["rare"].startswith("too rare: 3 mentions")
    assert dropped["sep"] == "separation: all of its 30 mentioners are promoters"
    assert dropped["dup"] == "collinear: identical to 'a'"
    assert dropped["comb"].startswith("collinear")
