"""The removal bootstrap counts each resample's draws per pattern of identical respondents: the same resamples and
the same statistics as counting them per respondent."""

import numpy as np
import pytest

from textmine.drivers._boot import _design, _from_sums, patterns, removal_bootstrap
from textmine.drivers._npsmath import bootstrap_counts


def _data(n=3000, T=6, seed=4, weighted=False):
    rng = np.random.default_rng(seed)
    score = rng.integers(0, 11, n)
    prom, det = (score >= 9).astype(float), (score <= 6).astype(float)
    M = (rng.random((n, T)) < 0.2).astype(float)
    N = M * (rng.random((n, T)) < 0.5)
    w = rng.choice([0.5, 1.0, 2.0], n) if weighted else np.ones(n)
    return prom, det, w, M, N


def test_patterns_group_identical_respondents_in_order_of_first_appearance():
    prom = np.array([1., 0, 1, 0, 1]); det = np.array([0., 1, 0, 1, 0]); w = np.ones(5)
    M = np.array([[1., 0], [0, 1], [1, 0], [0, 1], [1, 1]])
    g, first = patterns(prom, det, w, M)
    assert g.tolist() == [0, 1, 0, 1, 2] and first.tolist() == [0, 1, 4]
    g, _ = patterns(prom, det, np.array([1., 1, 2, 1, 1]), M)  # a different weight is a different pattern
    assert g.tolist() == [0, 1, 2, 1, 3]


@pytest.mark.parametrize("weighted", [False, True])
def test_bootstrap_on_patterns_equals_the_bootstrap_on_respondents(weighted):
    prom, det, w, M, N = _data(weighted=weighted)
    got = removal_bootstrap(prom, det, w, M, N, 150, np.random.default_rng(9), chunk=40)
    Z = _design(prom, det, w, M, N)  # the respondents x columns table, one row per respondent
    want: dict = {}
    for C in bootstrap_counts(np.random.default_rng(9), len(w), 150, 40):
        for k, v in _from_sums(C.astype(np.float64) @ Z.astype(np.float64), M.shape[1], True).items():
            want.setdefault(k, []).append(v)
    assert set(got) == set(want)
    for k in got:
        np.testing.assert_allclose(got[k], np.concatenate(want[k]), rtol=1e-9, atol=1e-9, err_msg=k)
    assert len(patterns(prom, det, w, M, N)[1]) < len(w) / 3  # and there were far fewer patterns than respondents
