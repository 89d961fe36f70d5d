import numpy as np
from scipy import sparse
from scipy.special import expit

from textmine.drivers._effects import effect_sums
from textmine.drivers._regression import logit


def _data():
    rng = np.random.default_rng(5)
    n = 300
    X = np.column_stack([np.ones(n), (rng.random((n, 3)) < [0.3, 0.2, 0.5]).astype(float)])
    yp = (rng.random(n) < expit(-0.5 + X[:, 1:] @ np.array([1.0, -0.8, 0.4]))).astype(float)
    yd = (rng.random(n) < expit(-1.0 + X[:, 1:] @ np.array([-0.6, 0.9, 0.1]))).astype(float)
    w = rng.uniform(0.5, 2.0, n)
    return X, w, logit(X, yp, w), logit(X, yd, w)


def _naive(fit, X, w, j, on=None):
    """The per-respondent definition: p(x_j = 1) - p(x_j = 0), weighted mean (over all of w)."""
    X1, X0 = X.copy(), X.copy()
    X1[:, j], X0[:, j] = 1.0, 0.0
    d = expit(X1 @ fit.coef) - expit(X0 @ fit.coef)
    W = w if on is None else w * on
    return np.sum(W * d) / np.sum(w), d


def test_effect_sums_equal_the_per_respondent_definition_and_do_not_depend_on_blocks():
    X, w, fp, fd = _data()
    cols = np.array([1, 2, 3])
    big = effect_sums([fp, fd], X, w, cols, on_idx=[2])
    for block in (7, 64):
        small = effect_sums([fp, fd], sparse.csr_matrix(X), w, cols, on_idx=[2], block=block)
        for a, b in ((big, small), (big.on, small.on)):
            np.testing.assert_allclose(np.array(a.ame), np.array(b.ame), rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(np.array(a.grad), np.array(b.grad), rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(a.c_var, b.c_var, rtol=1e-10)
    for m, fit in enumerate((fp, fd)):
        for i, j in enumerate(cols):
            assert abs(big.ame[m][i] - _naive(fit, X, w, j)[0]) < 1e-14
    # the "on" part sums only over the respondents who have the term (here column 3)
    ref_on = _naive(fp, X, w, 3, on=X[:, 3])[0]
    assert abs(big.on.ame[0][0] - ref_on) < 1e-14
    # variance of the weighted mean of the respondents' effect differences (Kish n - 1)
    c = _naive(fp, X, w, 2)[1] - _naive(fd, X, w, 2)[1]
    mu = np.sum(w * c) / np.sum(w)
    n_eff = np.sum(w) ** 2 / np.sum(w**2)
    ref_var = np.sum(w * (c - mu) ** 2) / np.sum(w) / (n_eff - 1)
    np.testing.assert_allclose(big.c_var[1], ref_var, rtol=1e-9)
