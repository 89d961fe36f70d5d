"""No discovered theme holds more than max_share of the clustered clauses."""

import numpy as np
import pytest

from textmine.errors import ConfigError
from textmine.themes import ThemeDiscoverer
from textmine.themes._granularity import split_large


def _one_giant(rng, d=16):
    """A broad cloud of 600 clauses (one aspect said many ways) next to two small tight themes."""
    giant = rng.normal(size=d) * 3 + rng.normal(size=(600, d))
    small = [c + 0.2 * rng.normal(size=(60, d)) for c in rng.normal(size=(2, d)) * 4]
    return np.vstack([giant] + small).astype(np.float32)


def test_split_large_caps_every_theme_at_the_share():
    rng = np.random.default_rng(0)
    X = _one_giant(rng)
    labels = np.r_[np.zeros(600, int), np.ones(60, int), np.full(60, 2)]
    labels[:30] = -1  # unassigned clauses are left alone
    out = split_large(X, labels, 0.2)
    assert (out[:30] == -1).all()
    sizes = np.bincount(out[out >= 0])
    assert sizes.max() <= 0.2 * len(out) * 1.3  # k-means parts are near the cap, not above it by much
    assert len(sizes) > 3
    assert (out[600:660] == 1).all() and (out[660:] == 2).all()  # small themes untouched


def test_split_large_respects_max_themes_and_none():
    labels = np.r_[np.zeros(600, int), np.ones(60, int), np.full(60, 2)]
    X = _one_giant(np.random.default_rng(1))
    assert len(np.unique(split_large(X, labels, 0.2, max_themes=4))) == 4
    assert (split_large(X, labels, None) == labels).all()


def test_discoverer_has_no_theme_above_max_share():
    X = _one_giant(np.random.default_rng(2))
    disc = ThemeDiscoverer(min_cluster_size=20, reduction="none", merge_threshold=None, max_share=0.2).fit(X)
    sizes = np.bincount(disc.labels_[disc.labels_ >= 0])
    assert sizes.max() / sizes.sum() <= 0.25
    giant = ThemeDiscoverer(min_cluster_size=20, reduction="none", merge_threshold=None, max_share=None).fit(X)
    plain = np.bincount(giant.labels_[giant.labels_ >= 0])
    assert plain.max() / plain.sum() > 0.5  # without the cap the broad cloud is one theme


@pytest.mark.parametrize("bad", [0, -0.1, 1.5])
def test_max_share_is_checked(bad):
    with pytest.raises(ConfigError, match="max_share"):
        ThemeDiscoverer(max_share=bad).fit(np.random.default_rng(0).normal(size=(50, 4)))


def test_parents_group_only_related_themes_and_are_named_by_what_they_share():
    from textmine.themes._granularity import parent_groups

    rng = np.random.default_rng(3)
    base = rng.normal(size=(2, 16))
    service = [base[0] + 0.3 * rng.normal(size=16) for _ in range(3)]
    lone = [base[1]]
    C = np.vstack(service + lone)
    C /= np.linalg.norm(C, axis=1, keepdims=True)
    keywords = [["客服", "态度"], ["客服电话", "客服", "占线"], ["客服", "回复"], ["物流", "速度"]]
    parents, names = parent_groups(C, keywords, ["态度", "客服电话", "回复", "物流"], min_similarity=0.5)
    assert parents[3] == -1  # an unrelated theme gets no parent, least of all the largest theme
    assert len(set(parents[:3])) == 1 and parents[0] >= 0
    assert names[parents[0]] == "客服"
    none, _ = parent_groups(C, keywords, ["a", "b", "c", "d"], min_similarity=0.999)
    assert (none == -1).all()


def test_discovered_parents_are_names_or_none(planted):
    from textmine.themes import discover_themes
    import pandas as pd

    X, tokens, texts, truth = planted
    n = len(X)
    clauses = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(n)], "clause_id": np.arange(n), "text": texts,
                            "tokens": tokens, "sentiment": 0.0, "no_content": truth == -1})
    resp = pd.DataFrame({"respondent_id": clauses["respondent_id"], "score": 8, "nps_group": "passive"})
    res = discover_themes(clauses, X, resp, discoverer=ThemeDiscoverer(min_cluster_size=15))
    assert all(t.parent is None or isinstance(t.parent, str) for t in res.codebook)
    assert all(t.parent is None for t in res.codebook)  # three unrelated planted topics: no parent at all


def test_a_parents_name_does_not_depend_on_the_hash_seed():
    """Two children sharing two words equally often: the tie goes the same way in every process (it followed
    Python's string hashing, so a parent's name changed between two runs of one survey)."""
    import subprocess
    import sys

    code = ("import numpy as np; from textmine.themes._granularity import parent_groups; "
            "C = np.array([[1, 0], [1, 0.01]], dtype=np.float32); "
            "print(parent_groups(C, [['router', 'home', 'wifi'], ['home', 'router', 'speed']], ['a', 'b'])[1][0])")
    names = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)}).stdout.strip()
             for seed in range(6)}
    assert names == {"router"}  # the first of the tied words in the first child's keywords
