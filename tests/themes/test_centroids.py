"""ThemeDiscoverer.fit on (U, inverse): the same themes as on one vector per clause, from less memory."""

import numpy as np
import pytest

from textmine.errors import ConfigError
from textmine.themes import ThemeDiscoverer, survey_discoverer
from textmine.themes._centroids import fit_input, member_floors, theme_centroids


def _repeated(planted):
    """The planted clauses, each repeated 1-3 times in a shuffled order, as (U, inverse) and as U[inverse]."""
    X, tokens, texts, _ = planted
    rng = np.random.default_rng(3)
    inv = rng.permutation(np.repeat(np.arange(len(X)), rng.integers(1, 4, size=len(X))))
    return X, inv, [tokens[i] for i in inv], [texts[i] for i in inv]


@pytest.mark.parametrize("make", [lambda: survey_discoverer(), lambda: ThemeDiscoverer(method="hdbscan")])
def test_fit_on_distinct_rows_and_an_index_equals_fit_on_every_row(planted, make):
    U, inv, tokens, texts = _repeated(planted)
    a = make().fit(U[inv], texts=texts, tokens=tokens)
    b = make().fit((U, inv), texts=texts, tokens=tokens)
    assert a.n_themes_ >= 2
    for name in ("labels_", "similarity_", "centroids_", "member_floor_", "reassigned_"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.keywords_ == b.keywords_ and a.labels_text_ == b.labels_text_ and a.quotes_ == b.quotes_
    assert b.n_features_in_ == U.shape[1]
    assert [np.array_equal(x, y) for x, y in zip(a.secondary_, b.secondary_)] == [True] * 3


def test_fit_input_checks_the_pair():
    U = np.ones((3, 4), dtype=np.float32)
    with pytest.raises(ConfigError, match="inverse holds rows outside U"):
        fit_input((U, np.array([0, 3])), lambda A: A)
    with pytest.raises(ConfigError, match="must be \\(U, inverse\\); found 3 items"):
        fit_input((U, np.array([0]), None), lambda A: A)
    with pytest.raises(ConfigError, match="2-D U and a 1-D inverse"):
        fit_input((U[0], np.array([0])), lambda A: A)
    X, usable = fit_input((np.vstack([U[:2], np.zeros((1, 4), np.float32)]), np.array([2, 0, 0])), lambda A: A)
    assert usable.tolist() == [False, True, True] and np.allclose(X[np.array([1])], 0.5)


def test_centroids_and_member_floors():
    X = np.array([[1, 0], [1, 0], [0, 1], [0, 2]], dtype=np.float32)
    C = theme_centroids(X, np.array([0, 1, 2, 3]), np.array([0, 0, 1, -1]), 2)
    assert np.allclose(C, [[1, 0], [0, 1]])
    assert theme_centroids(X, np.arange(4), np.full(4, -1), 0).shape == (0, 2)
    sims = np.array([[1.0, 0.0], [0.5, 0.0], [0.0, 0.9]])
    assert np.allclose(member_floors(sims, np.arange(3), np.array([0, 0, 1]), 2), [0.525, 0.9])
    assert member_floors(sims, np.arange(3), np.full(3, -1), 0).shape == (0,)
