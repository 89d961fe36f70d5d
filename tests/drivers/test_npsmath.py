import numpy as np
import pytest

from textmine.drivers._npsmath import bootstrap_counts, groups, kish_n, mean_ci, nps_wald


def test_groups():
    p, d = groups(np.array([0, 6, 7, 8, 9, 10]))
    assert p.tolist() == [0, 0, 0, 0, 1, 1]
    assert d.tolist() == [1, 1, 0, 0, 0, 0]


def test_adjusted_wald_by_hand():
    # n=10, 5 promoters, 2 detractors: n'=13, p'=5.75/13, d'=2.75/13
    nps, se, lo, hi = nps_wald(0.5, 0.2, 10.0)
    pa, da = 5.75 / 13, 2.75 / 13
    se_ref = 100 * np.sqrt((pa + da - (pa - da) ** 2) / 13)
    assert nps == pytest.approx(30.0)
    assert se == pytest.approx(se_ref)
    assert lo == pytest.approx(100 * (pa - da) - 1.959963984540054 * se_ref)
    assert hi == pytest.approx(100 * (pa - da) + 1.959963984540054 * se_ref)


def test_wald_empty_group_is_nan():
    nps, se, lo, hi = nps_wald(np.array([0.0]), np.array([0.0]), np.array([0.0]))
    assert np.isnan(nps[0]) and np.isnan(lo[0])


def test_kish():
    assert kish_n(np.ones(7)) == pytest.approx(7)
    assert kish_n(np.array([1.0, 3.0])) == pytest.approx(16 / 10)


def test_mean_ci_unweighted_is_t_interval():
    y = np.array([1.0, 2.0, 3.0, 4.0, 10.0])
    m, lo, hi = mean_ci(y, np.ones(5), np.ones((5, 1), bool))
    from scipy import stats
    ref = stats.t.interval(0.95, 4, loc=y.mean(), scale=stats.sem(y))
    assert m[0] == pytest.approx(4.0)
    assert (lo[0], hi[0]) == pytest.approx(ref)


def test_bootstrap_counts_are_resamples():
    rng = np.random.default_rng(0)
    blocks = list(bootstrap_counts(rng, 30, 70, chunk=32))
    assert [b.shape for b in blocks] == [(32, 30), (32, 30), (6, 30)]
    assert all((b.sum(axis=1) == 30).all() for b in blocks)


def test_intervals_agree_with_textmine_nps():
    nps_mod = pytest.importorskip("textmine.nps")
    scores = np.array([10] * 5 + [8] * 3 + [2] * 2 + [9, 6, 0, 7])
    ref = nps_mod.nps_score(scores)
    p, d = groups(scores)
    nps, _, lo, hi = nps_wald(p.mean(), d.mean(), float(len(scores)))
    assert (float(nps), float(lo), float(hi)) == pytest.approx((ref.nps, ref.ci_low, ref.ci_high))
