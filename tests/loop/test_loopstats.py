import numpy as np
import pytest
from scipy import stats
from sklearn.metrics import roc_auc_score

from textmine.errors import ConfigError
from textmine.loop._loopstats import (check_alpha, delong_auc, fisher_p, katz_ratio, mean_ci, newcombe_diff,
                                      slope_test, trend_test, wilson)
from textmine.nps import proportion_ci


def test_wilson_is_the_one_proportion_interval_and_nan_on_empty_bases():
    rate, lo, hi = wilson([3, 0, 5], [10, 0, 5])
    ref_lo, ref_hi = proportion_ci(3, 10)
    assert (rate[0], lo[0], hi[0]) == pytest.approx((0.3, float(ref_lo), float(ref_hi)))
    assert np.isnan([rate[1], lo[1], hi[1]]).all()
    assert hi[2] == pytest.approx(1.0) and lo[2] < 1


def test_newcombe_hybrid_score_interval_matches_the_published_example():
    # Newcombe (1998), Statistics in Medicine 17:873, example (a): 56/70 - 48/80, method 10: 0.0524 to 0.3339
    d, lo, hi = newcombe_diff(56, 70, 48, 80)
    assert float(d) == pytest.approx(0.2)
    assert (float(lo), float(hi)) == pytest.approx((0.0524, 0.3339), abs=5e-5)


def test_katz_ratio_follows_its_formula_and_stays_finite_with_a_zero_count():
    rr, lo, hi = katz_ratio(30, 100, 10, 100)
    se = np.sqrt(1 / 30 - 1 / 100 + 1 / 10 - 1 / 100)
    z = stats.norm.ppf(0.975)
    assert float(rr) == pytest.approx(3.0)
    assert (float(lo), float(hi)) == pytest.approx((3 * np.exp(-z * se), 3 * np.exp(z * se)))
    rr0, lo0, hi0 = katz_ratio(0, 50, 5, 50)
    assert float(rr0) == 0 and 0 < float(lo0) < float(hi0) < np.inf
    assert np.isnan(katz_ratio(1, 0, 1, 10)[0])


def test_katz_interval_covers_the_true_ratio_in_a_seeded_simulation():
    rng = np.random.default_rng(4)
    k1, k0 = rng.binomial(400, 0.3, 400), rng.binomial(400, 0.1, 400)
    _, lo, hi = katz_ratio(k1, 400, k0, 400)
    assert 0.90 <= np.mean((lo <= 3) & (3 <= hi)) <= 0.99


def test_fisher_p_is_scipys_and_nan_for_an_empty_group():
    p = fisher_p([8, 1], [10, 0], [2, 1], [10, 5])
    assert p[0] == pytest.approx(stats.fisher_exact([[8, 2], [2, 8]]).pvalue)
    assert np.isnan(p[1])


def test_mean_ci_is_the_t_interval():
    x = np.array([3, 7, 8, 9, 10, 6, 5])
    m, lo, hi = mean_ci(x)
    ref = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert (m, lo, hi) == pytest.approx((x.mean(), *ref))
    assert np.isnan(mean_ci([4])[1]) and np.isnan(mean_ci([])[0])


def _delong_bruteforce(pos, neg):
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    return psi.mean(), np.sqrt(v10.var(ddof=1) / len(pos) + v01.var(ddof=1) / len(neg))


def test_delong_auc_matches_sklearn_and_the_pairwise_definition_with_ties():
    rng = np.random.default_rng(0)
    s = rng.integers(0, 11, 300)
    y = rng.random(300) < 0.1 + 0.05 * s
    out = delong_auc(s, y)
    auc, se = _delong_bruteforce(s[y].astype(float), s[~y].astype(float))
    assert out["auc"] == pytest.approx(roc_auc_score(y, s))
    assert (out["auc"], out["se"]) == pytest.approx((auc, se))
    assert out["ci_low"] < out["auc"] < out["ci_high"]
    assert (out["n_events"], out["n_non_events"]) == (int(y.sum()), int((~y).sum()))
    assert np.isnan(delong_auc([1, 2, 3], [0, 0, 0])["auc"])


def test_trend_test_is_cochran_armitage():
    x, k, n = np.array([0, 1, 2, 3]), np.array([40, 30, 20, 15]), np.array([100, 100, 100, 100])
    out = trend_test(x, k, n)
    # Cochran-Armitage chi-square = N r^2 over individuals (r: Pearson correlation of bin score and outcome)
    xi = np.repeat(x, n)
    yi = np.concatenate([np.r_[np.ones(a), np.zeros(b - a)] for a, b in zip(k, n)])
    r = np.corrcoef(xi, yi)[0, 1]
    assert out["pval"] == pytest.approx(stats.chi2.sf(len(xi) * r ** 2, 1))
    assert out["slope"] == pytest.approx(np.polyfit(xi, yi, 1)[0])
    assert out["ci_low"] < out["slope"] < out["ci_high"] < 0
    assert np.isnan(trend_test([1], [1], [2])["slope"])


def test_slope_test_is_least_squares_with_a_t_interval():
    x = np.repeat(np.arange(4), 25)
    y = 8 - 0.5 * x + np.random.default_rng(1).normal(0, 1, x.size)
    out = slope_test(x, y)
    fit = stats.linregress(x, y)
    assert out["slope"] == pytest.approx(fit.slope) and out["pval"] == pytest.approx(fit.pvalue)
    assert out["ci_low"] < -0.5 < out["ci_high"]


@pytest.mark.parametrize("alpha", [0, 1, 1.5, True, "0.05"])
def test_alpha_outside_0_1_is_an_error_naming_it(alpha):
    with pytest.raises(ConfigError, match="alpha=.* must be between 0 and 1"):
        check_alpha(alpha)
