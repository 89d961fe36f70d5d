import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from textmine.errors import ConfigError, NotFittedError
from textmine.themes import ThemeDiscoverer


def test_recovers_planted_themes_named_by_their_words(planted):
    X, tokens, texts, truth = planted
    d = ThemeDiscoverer(min_cluster_size=15, stop_words={"的", "很"}).fit(X, texts=texts, tokens=tokens)
    assert d.n_themes_ == 3
    m = truth >= 0
    assert adjusted_rand_score(truth[m], d.labels_[m]) > 0.95
    # numbered by size: the largest planted theme (delivery) is theme 0
    assert set(d.keywords_[0][:4]) <= {"物流", "很快", "快递", "到货", "物流很快", "很快物流", "快递到货", "到货快递"} | set(
        a + b for a in ["物流", "很快", "快递", "到货"] for b in ["物流", "很快", "快递", "到货"])
    assert "的" not in " ".join(sum(d.keywords_, []))  # stop words removed for naming
    assert d.themes_.columns.tolist() == ["theme", "label", "keywords", "n", "share", "parent"]
    assert d.themes_["n"].tolist() == sorted(d.themes_["n"].tolist(), reverse=True)
    for t in range(3):
        assert 1 <= len(d.quotes_[t]) <= 5
        assert all(d.labels_[i] == t for i in d.quotes_[t])
        qtexts = [texts[i] for i in d.quotes_[t]]
        assert len(set(qtexts)) == len(qtexts)  # no repeated quote


def test_same_seed_same_result(planted):
    X, tokens, texts, _ = planted
    a = ThemeDiscoverer(min_cluster_size=15).fit(X, texts=texts, tokens=tokens)
    b = ThemeDiscoverer(min_cluster_size=15).fit(X, texts=texts, tokens=tokens)
    assert (a.labels_ == b.labels_).all()
    assert a.labels_text_ == b.labels_text_


def test_outliers_reported_and_reassigned_only_when_close(planted):
    X, tokens, texts, truth = planted
    strict = ThemeDiscoverer(min_cluster_size=15, reassign_threshold=None).fit(X, tokens=tokens)
    loose = ThemeDiscoverer(min_cluster_size=15, reassign_threshold=0.2).fit(X, tokens=tokens)
    assert strict.n_reassigned_ == 0
    assert strict.unassigned_share_ == pytest.approx(strict.n_outliers_hdbscan_ / len(X))
    moved = (strict.labels_ == -1) & (loose.labels_ >= 0)
    assert moved.sum() == loose.n_reassigned_ > 0
    assert (loose.similarity_[moved] >= 0.2).all()
    assert loose.unassigned_share_ == pytest.approx(strict.unassigned_share_ - moved.mean())


def test_sampled_fit_assigns_the_rest(planted):
    X, tokens, texts, truth = planted
    d = ThemeDiscoverer(min_cluster_size=10, max_fit_samples=150).fit(X, tokens=tokens)
    m = truth >= 0
    assert adjusted_rand_score(truth[m], d.labels_[m]) > 0.9


def test_predict_and_errors(planted):
    X, tokens, _, truth = planted
    with pytest.raises(NotFittedError, match="not fitted"):
        ThemeDiscoverer().predict(X)
    with pytest.raises(ConfigError, match="min_cluster_size=1 must be ≥ 2"):
        ThemeDiscoverer(min_cluster_size=1).fit(X)
    with pytest.raises(ConfigError, match="reduction='tsne' is not known"):
        ThemeDiscoverer(reduction="tsne").fit(X)
    d = ThemeDiscoverer(min_cluster_size=15).fit(X, tokens=tokens)
    pred = d.predict(X[truth >= 0])
    assert (pred == d.labels_[truth >= 0]).mean() > 0.95
