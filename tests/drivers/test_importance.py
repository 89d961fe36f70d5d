import numpy as np
import pytest

from textmine.drivers._importance import relative_weights, shapley_r2, weighted_corr


def test_orthogonal_predictors_get_squared_correlations():
    R = np.eye(3)
    r = np.array([0.5, 0.3, 0.1])
    np.testing.assert_allclose(relative_weights(R, r), r**2)
    np.testing.assert_allclose(shapley_r2(R, r, [[0], [1], [2]]), r**2)


def test_two_correlated_predictors_shapley_by_hand():
    rho, r1, r2 = 0.4, 0.5, 0.3
    R = np.array([[1, rho], [rho, 1]])
    r = np.array([r1, r2])
    full = (r1**2 + r2**2 - 2 * rho * r1 * r2) / (1 - rho**2)
    sh = shapley_r2(R, r, [[0], [1]])
    assert sh[0] == pytest.approx(0.5 * (r1**2 + full - r2**2))
    assert sh.sum() == pytest.approx(full)
    assert relative_weights(R, r).sum() == pytest.approx(full)


def test_weighted_corr_equals_numpy_unweighted():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3))
    y = X @ [1, 0.5, 0] + rng.normal(size=50)
    R, r = weighted_corr(X, y, np.ones(50))
    C = np.corrcoef(np.column_stack([X, y]), rowvar=False)
    np.testing.assert_allclose(R, C[:3, :3])
    np.testing.assert_allclose(r, C[:3, 3])


def test_weighted_corr_blocks_and_sparse_path_equal_the_weighted_formula():
    rng = np.random.default_rng(1)
    n = 1000
    dense = rng.normal(size=(n, 3))
    indicators = (rng.random((n, 4)) < 0.1).astype(float)  # mostly zero: the sparse path
    y = rng.normal(size=n)
    w = rng.uniform(0.5, 2.0, n)
    for X in (dense, indicators):
        Z = np.column_stack([X, y])
        mu = w @ Z / w.sum()
        C = ((Z - mu) * w[:, None]).T @ (Z - mu) / w.sum()
        C = C / np.sqrt(np.outer(np.diag(C), np.diag(C)))
        R, r = weighted_corr(X, y, w, block=128)  # 8 row blocks for the dense input
        np.testing.assert_allclose(R, C[:-1, :-1], atol=1e-12)
        np.testing.assert_allclose(r, C[:-1, -1], atol=1e-12)
