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
