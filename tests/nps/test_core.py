import numpy as np
import pytest

from textmine.errors import ConfigError, ScoreError
from textmine.nps import nps_groups, nps_score


def test_groups_boundaries():
    assert nps_groups(range(11)).tolist() == ["detractor"] * 7 + ["passive"] * 2 + ["promoter"] * 2


def test_nps_and_adjusted_wald_interval_hand_computed():
    # 50 promoters, 30 passives, 20 detractors: NPS = 30.
    # adjusted: n'=103, p'=50.75/103, d'=20.75/103 -> centre 29.126, half-width 15.075
    r = nps_score([10] * 50 + [8] * 30 + [3] * 20)
    assert (r.n, r.promoters, r.passives, r.detractors) == (100, 50, 30, 20)
    assert r.nps == pytest.approx(30.0)
    # se is the adjusted-Wald one the interval uses (issue 15: it was the plain-Wald 7.810, so nps_score
    # disagreed with the drivers and the segment z-tests, which always used the adjusted 7.692)
    pa, da = 50.75 / 103, 20.75 / 103
    assert r.se == pytest.approx(100 * np.sqrt((pa + da - (pa - da) ** 2) / 103))
    assert r.se == pytest.approx(7.6915, abs=1e-4)
    assert r.ci_low == pytest.approx(14.0511, abs=1e-3)
    assert r.ci_high == pytest.approx(44.2013, abs=1e-3)
    assert not r.small_base


def test_plain_wald_interval():
    r = nps_score([10] * 50 + [8] * 30 + [3] * 20, method="wald")
    half = 1.959964 * 100 * np.sqrt((0.7 - 0.09) / 100)
    assert r.ci_low == pytest.approx(30 - half, abs=1e-4)
    assert r.ci_high == pytest.approx(30 + half, abs=1e-4)


def test_small_sample_interval_and_flag():
    r = nps_score([10, 9, 9, 8, 10, 0, 6, 3])
    assert r.nps == pytest.approx(12.5)
    assert r.ci_low == pytest.approx(-42.578, abs=1e-3)
    assert r.ci_high == pytest.approx(60.760, abs=1e-3)
    assert r.small_base
    assert not nps_score([10] * 8, min_n=5).small_base


def test_all_promoters_interval_stays_inside_bounds():
    r = nps_score([10] * 20)
    assert r.nps == 100
    assert -100 <= r.ci_low < 100 and r.ci_high <= 100
    assert r.ci_high - r.ci_low > 5  # the adjusted interval does not collapse to a point


def test_bootstrap_interval_is_close_to_wald_and_seeded():
    scores = np.random.default_rng(1).integers(0, 11, 2000)
    a = nps_score(scores, method="bootstrap", n_boot=4000, random_state=3)
    b = nps_score(scores, method="bootstrap", n_boot=4000, random_state=3)
    w = nps_score(scores, method="wald")
    assert (a.ci_low, a.ci_high) == (b.ci_low, b.ci_high)
    assert a.ci_low == pytest.approx(w.ci_low, abs=0.6)
    assert a.ci_high == pytest.approx(w.ci_high, abs=0.6)


def test_weighted_nps_uses_effective_n():
    scores = [10, 10, 0, 8]
    r = nps_score(scores, weights=[1, 1, 2, 0])
    assert r.nps == pytest.approx(0.0)
    assert r.n_eff == pytest.approx(16 / 6)
    assert nps_score(scores, weights=[1, 1, 1, 1]).ci_low == pytest.approx(nps_score(scores).ci_low)


def test_errors_name_the_bad_values():
    with pytest.raises(ScoreError, match=r"scores must be integers 0-10; found \[11.0\]"):
        nps_score([1, 11])
    with pytest.raises(ScoreError, match="no scores"):
        nps_score([])
    with pytest.raises(ConfigError, match="alpha=1.5 must be between 0 and 1"):
        nps_score([1], alpha=1.5)
    with pytest.raises(ConfigError, match="method='exact' is not known; choose one of wald_adjusted, wald, bootstrap"):
        nps_score([1], method="exact")


def test_result_frame_and_summary_columns_do_not_depend_on_alpha():
    a = nps_score([10, 0, 8] * 20).to_frame()
    b = nps_score([10, 0, 8] * 20, alpha=0.1).to_frame()
    assert list(a.columns) == list(b.columns)
    assert {"n", "nps", "ci_low", "ci_high", "se", "small_base"} <= set(a.columns)
    assert nps_score([10, 0, 8] * 20, alpha=0.1).summary().startswith("NPS +0.0 (90% CI")
