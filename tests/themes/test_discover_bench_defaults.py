"""The defaults chosen by benchmarks/bench_themes.py (see benchmarks/results/themes_quality.json) and the small
behaviour changes that came with them."""

import numpy as np
import pytest
from scipy import sparse
from sklearn.metrics import adjusted_rand_score

from textmine.themes import ThemeDiscoverer, class_tfidf
from textmine.themes._discover import auto_min_cluster_size


def test_defaults_are_the_benchmarked_ones():
    p = ThemeDiscoverer().get_params()
    assert (p["cluster_selection_method"], p["min_samples"], p["merge_threshold"], p["reassign_threshold"],
            p["reduction"], p["n_components"], p["min_cluster_size"], p["max_themes"]) == (
        "leaf", None, 0.7, 0.3, "pca", 16, None, None)


@pytest.mark.parametrize("n, expected", [(100, 10), (9181, 10), (12707, 13), (20000, 20), (64000, 64),
                                         (500000, 100)])
def test_auto_min_cluster_size_is_a_tenth_of_a_percent_within_10_and_100(n, expected):
    assert auto_min_cluster_size(n) == expected


def test_default_merges_a_split_theme_back_and_leaves_most_noise_out(planted):
    X, tokens, texts, truth = planted
    d = ThemeDiscoverer(method="hdbscan").fit(X, texts=texts, tokens=tokens)
    unmerged = ThemeDiscoverer(method="hdbscan", merge_threshold=None).fit(X, texts=texts, tokens=tokens)
    m = truth >= 0
    assert d.min_cluster_size_ == 10
    # leaf selection with min_samples=1 splits one planted theme in two; the 0.7 merge joins it again
    assert (unmerged.n_themes_, d.n_themes_) == (4, 3)
    assert adjusted_rand_score(truth[m], d.labels_[m]) == pytest.approx(1.0)
    assert (d.labels_[m] >= 0).all()
    assert (d.labels_[~m] == -1).sum() >= 12  # of the 15 planted noise points, at most 3 join a theme


def test_reassigned_mask_marks_the_moved_outliers(planted):
    X, tokens, _, _ = planted
    strict = ThemeDiscoverer(reassign_threshold=None).fit(X, tokens=tokens)
    d = ThemeDiscoverer().fit(X, tokens=tokens)
    assert strict.reassigned_.dtype == bool and not strict.reassigned_.any()
    assert d.reassigned_.sum() == d.n_reassigned_ > 0
    assert ((strict.labels_ == -1) & (d.labels_ >= 0) == d.reassigned_).all()
    assert (d.similarity_[d.reassigned_] >= 0.3).all()


def test_fit_without_texts_or_tokens_gives_unnamed_themes(planted):
    X, _, _, _ = planted
    d = ThemeDiscoverer(min_cluster_size=15).fit(X)
    assert d.n_themes_ == 3
    assert d.keywords_ == [[], [], []]
    assert d.labels_text_ == ["(unnamed)"] * 3
    assert d.themes_["label"].tolist() == ["(unnamed)"] * 3


def test_class_tfidf_with_only_stop_words_is_empty_not_an_error():
    M, vocab = class_tfidf([["的", "了"], ["的"]], np.array([0, 1]), 2, stop_words={"的", "了"})
    assert vocab == []
    assert sparse.issparse(M) and M.shape == (2, 0)
