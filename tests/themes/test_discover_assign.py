"""ThemeDiscoverer.assign: the rule fit uses for clauses outside its clustered sample, for new clauses."""

import numpy as np
import pytest

from textmine.errors import NotFittedError
from textmine.themes import UNASSIGNED, ThemeDiscoverer


def test_assign_reproduces_the_labels_of_clauses_outside_the_sample(planted):
    X, tokens, _, _ = planted
    d = ThemeDiscoverer(min_cluster_size=10, max_fit_samples=150).fit(X, tokens=tokens)
    in_sample = np.zeros(len(X), dtype=bool)
    in_sample[np.sort(np.random.default_rng(0).choice(len(X), 150, replace=False))] = True
    labels, sims = d.assign(X[~in_sample])
    assert np.array_equal(labels, d.labels_[~in_sample])
    assert np.allclose(sims[labels >= 0], d.similarity_[~in_sample][labels >= 0])
    assert d.member_floor_.shape == (d.n_themes_,)


def test_assign_threshold_is_the_lower_of_floor_and_reassign_threshold(planted):
    X, tokens, _, _ = planted
    d = ThemeDiscoverer(min_cluster_size=10, reassign_threshold=0.3).fit(X, tokens=tokens)
    d.member_floor_ = np.full(d.n_themes_, 0.9)
    c = d.centroids_[0]
    other = np.linalg.svd(np.vstack([d.centroids_, np.zeros_like(c)]))[2][-1]  # orthogonal to every centroid
    v_in = 0.35 * c + np.sqrt(1 - 0.35 ** 2) * other    # cosine 0.35 to theme 0: over 0.3, under the floor
    v_out = 0.25 * c + np.sqrt(1 - 0.25 ** 2) * other   # cosine 0.25: under both
    labels, sims = d.assign(np.vstack([v_in, v_out]).astype(np.float32))
    assert labels.tolist() == [0, UNASSIGNED]
    assert sims == pytest.approx([0.35, 0.25], abs=1e-5)


def test_assign_before_fit_is_a_clear_error():
    with pytest.raises(NotFittedError, match="not fitted"):
        ThemeDiscoverer().assign(np.ones((2, 4)))
