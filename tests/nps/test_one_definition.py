"""One definition per statistic (issue 15): the NPS interval, the Wilson interval and Benjamini–Hochberg live in
textmine.nps and match a hand computation and statsmodels."""

import numpy as np
import pytest
from scipy import stats

from textmine.nps import bh_adjust, interval_from_counts, nps_interval, nps_score, proportion_ci, segment_nps

Z = stats.norm.ppf(0.975)


@pytest.fixture
def scores200():
    return np.random.default_rng(0).integers(0, 11, 200)


def test_adjusted_wald_on_200_scores_by_hand(scores200):
    prom, det = int((scores200 >= 9).sum()), int((scores200 <= 6).sum())
    na = 203
    pa, da = (prom + 0.75) / na, (det + 0.75) / na
    se = 100 * np.sqrt((pa + da - (pa - da) ** 2) / na)
    r = nps_score(scores200)
    assert r.se == pytest.approx(se, rel=1e-12)
    assert r.se == pytest.approx(5.7799, abs=1e-4)  # not the plain-Wald 5.8266 nps_score used to report
    assert r.ci_low == pytest.approx(100 * (pa - da) - Z * se, rel=1e-12)
    assert r.ci_high == pytest.approx(100 * (pa - da) + Z * se, rel=1e-12)
    assert r.nps == pytest.approx(100 * (prom - det) / 200)


def test_plain_wald_on_200_scores_by_hand(scores200):
    p, d = (scores200 >= 9).mean(), (scores200 <= 6).mean()
    r = nps_score(scores200, method="wald")
    assert r.se == pytest.approx(100 * np.sqrt((p + d - (p - d) ** 2) / 200), rel=1e-12)
    assert r.se == pytest.approx(5.8266, abs=1e-4)


def test_counts_shares_and_drivers_give_the_same_interval(scores200):
    from textmine.drivers._npsmath import nps_wald

    prom, det = (scores200 >= 9).sum(), (scores200 <= 6).sum()
    a = interval_from_counts(200, prom, det)
    b = nps_interval(prom / 200, det / 200, 200)
    c = nps_wald(prom / 200, det / 200, 200.0)
    r = nps_score(scores200)
    np.testing.assert_allclose(a, b, rtol=1e-14)
    np.testing.assert_allclose(b, c, rtol=0)
    assert (r.nps, r.se, r.ci_low, r.ci_high) == pytest.approx(tuple(map(float, b)), rel=1e-14)


def test_empty_group_is_nan_everywhere():
    assert all(np.isnan(v) for v in nps_interval(0.0, 0.0, 0.0))
    assert all(np.isnan(v) for v in interval_from_counts(0, 0, 0))


def test_segment_z_test_uses_the_reported_adjusted_se():
    import pandas as pd

    f = pd.DataFrame({"score": [10] * 40 + [8] * 30 + [0] * 10 + [10] * 10 + [8] * 10 + [0] * 30,
                      "g": ["a"] * 80 + ["b"] * 50})
    t = segment_nps(f, "g").to_frame()
    se = np.sqrt(t.loc[0, "se"] ** 2 + t.loc[1, "se"] ** 2)
    assert t.loc[0, "z"] == pytest.approx(t.loc[0, "diff"] / se)


def test_wilson_matches_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    k = np.array([0, 1, 7, 50, 199, 200])
    lo, hi = proportion_ci(k, 200, alpha=0.1)
    ref_lo, ref_hi = proportion_confint(k, 200, alpha=0.1, method="wilson")
    np.testing.assert_allclose(lo, ref_lo, atol=1e-12)
    np.testing.assert_allclose(hi, ref_hi, atol=1e-12)
    r = stats.binomtest(7, 200).proportion_ci(method="wilson")
    assert proportion_ci(7, 200) == pytest.approx((r.low, r.high), abs=1e-12)


def test_bh_matches_statsmodels():
    from statsmodels.stats.multitest import multipletests

    p = np.random.default_rng(3).uniform(0, 0.2, 30)
    np.testing.assert_allclose(bh_adjust(p), multipletests(p, method="fdr_bh")[1], rtol=1e-12)
    out = bh_adjust([0.01, np.nan, 0.04, np.inf])
    assert np.isnan(out[1]) and np.isnan(out[3])
    np.testing.assert_allclose(out[[0, 2]], multipletests([0.01, 0.04], method="fdr_bh")[1])
