"""Vector helpers: clause vectors as distinct rows plus an index give the same bits as one vector per clause."""

import numpy as np

from textmine.themes._linalg import RowVectors, row_mean, stable_dot, stable_nearest, take_rows


def _pair(n_distinct=50, n=400, d=24, seed=0):
    rng = np.random.default_rng(seed)
    U = rng.normal(size=(n_distinct, d)).astype(np.float32)
    inv = rng.integers(0, n_distinct, size=n)
    return U, inv


def test_row_vectors_index_like_the_full_matrix():
    U, inv = _pair()
    X, R = U[inv], RowVectors(U, inv)
    assert R.shape == X.shape and len(R) == len(X)
    rows = np.array([5, 3, 3, 399])
    assert np.array_equal(R[rows], X[rows])
    assert np.array_equal(R[inv == 7], X[inv == 7])
    sub = take_rows(R, rows)
    assert isinstance(sub, RowVectors) and np.array_equal(sub[np.arange(4)], X[rows])
    assert np.array_equal(take_rows(X, rows), X[rows])


def test_stable_dot_and_nearest_are_the_same_bits_for_row_vectors(monkeypatch):
    import textmine.themes._linalg as linalg

    monkeypatch.setattr(linalg, "_BLOCK", 64)  # several blocks
    U, inv = _pair()
    C = np.random.default_rng(1).normal(size=(6, U.shape[1]))
    X = U[inv]
    full = stable_dot(X, C)
    assert np.array_equal(stable_dot(RowVectors(U, inv), C), full)
    best, nearest = stable_nearest(RowVectors(U, inv), C)
    assert best.dtype == np.float32
    assert np.array_equal(best, full.max(axis=1)) and np.array_equal(nearest, full.argmax(axis=1))
    assert np.array_equal(stable_dot(RowVectors(U, inv), C[0]), stable_dot(X, C[0]))


def test_row_mean_is_the_same_bits_as_the_mean_of_the_gathered_rows(monkeypatch):
    import textmine.themes._linalg as linalg

    monkeypatch.setattr(linalg, "_MEAN_ROWS", 16)  # summed 16 rows at a time
    U, inv = _pair(n=1000)
    X = U[inv]
    for rows in (inv % 3 == 0, np.arange(999), np.array([4, 2]), np.flatnonzero(inv < 20)):
        want = X[rows].mean(axis=0)
        assert want.dtype == np.float32
        assert np.array_equal(row_mean(X, rows), want)
        assert np.array_equal(row_mean(RowVectors(U, inv), rows), want)
