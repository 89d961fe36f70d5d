import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from textmine.themes import SURVEY_SETTINGS, ThemeDiscoverer, survey_discoverer
from textmine.themes._aspect_units import aspect_labels, aspect_phrases, group_units


@pytest.mark.parametrize("tokens, phrase", [
    (["服务员", "态度"], "服务员态度"),  # a noun run: its last two words
    (["上菜", "太慢"], "上菜"),
    (["停车"], "停车"),  # a verb that names an activity stands in when no noun does
    (["用", "几天"], ""),  # an event with no aspect word: left to the nearest-theme rule
    (["中午", "去"], ""),  # time words and generic verbs never name an aspect
    (["两个", "人"], ""),
    (["价格"], "价格"),
    (["发货", "拖", "几天"], "发货"),
])
def test_aspect_phrase_is_the_first_run_of_aspect_words(tokens, phrase):
    assert aspect_phrases([tokens]) == [phrase]


def _units_data(seed=0):
    """Three aspects, each said with two phrases whose vectors lie near the aspect's centre, a little apart
    (cosine about 0.8); a few phrase-less clauses."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(3, 24))
    offsets = rng.normal(size=(3, 2, 24)) * 0.45
    phrases = [("物流", "快递"), ("客服", "售后"), ("价格", "性价比")]
    X, toks, truth = [], [], []
    for t, pair in enumerate(phrases):
        for i in range(90):
            X.append(centres[t] + offsets[t, i % 2] + 0.15 * rng.normal(size=24))
            toks.append([pair[i % 2], "很"])
            truth.append(t)
    for _ in range(9):
        X.append(rng.normal(size=24))
        toks.append(["觉得"])
        truth.append(-1)
    X = np.asarray(X, dtype=np.float32)
    return X / np.linalg.norm(X, axis=1, keepdims=True), toks, np.asarray(truth)


def test_group_units_joins_the_phrases_of_one_aspect_and_keeps_aspects_apart():
    X, toks, truth = _units_data()
    labels = group_units(X, aspect_phrases(toks), min_count=3, similarity=0.5, min_size=10)
    m = truth >= 0
    assert adjusted_rand_score(truth[m], labels[m]) == pytest.approx(1.0)
    assert (labels[~m] == -1).all()  # no aspect phrase: not grouped here
    # a cut too strict for two phrases to meet keeps each phrase a theme of its own
    strict = group_units(X, aspect_phrases(toks), min_count=3, similarity=0.999, min_size=10)
    assert strict.max() + 1 == 6


def test_aspects_method_is_the_same_for_every_seed_and_recovers_planted_aspects():
    X, toks, truth = _units_data()
    runs = [ThemeDiscoverer(random_state=s).fit(X, tokens=toks) for s in (0, 1, 7)]
    assert all((r.labels_ == runs[0].labels_).all() for r in runs)
    m = truth >= 0
    assert runs[0].n_themes_ == 3
    assert adjusted_rand_score(truth[m], runs[0].labels_[m]) == pytest.approx(1.0)


def test_max_share_splits_a_large_theme_along_its_phrases():
    X, toks, truth = _units_data()
    d = ThemeDiscoverer(max_share=0.2, min_cluster_size=10).fit(X, tokens=toks)
    sizes = np.bincount(d.labels_[d.labels_ >= 0])
    assert sizes.max() <= 0.2 * sizes.sum() + 1e-9
    # the parts follow the phrases: every part holds clauses of one phrase only
    ph = np.array(aspect_phrases(toks))
    for t in range(d.n_themes_):
        assert len(set(ph[(d.labels_ == t) & (truth >= 0)])) == 1


def test_max_themes_dissolves_the_smallest_themes_into_their_neighbours():
    X, toks, truth = _units_data()
    labels, joined, _ = aspect_labels(X, toks, similarity=0.999, min_size=10, merge=lambda Xs, lab: lab,
                                   join_threshold=-1.0, max_share=None, max_themes=4)
    assert labels.max() + 1 == 4
    assert (labels >= 0).all() and joined.sum() == 9 + 2 * 45  # the phrase-less clauses and two dissolved phrases


def test_survey_discoverer_applies_the_survey_settings_and_overrides():
    d = survey_discoverer(max_themes=12)
    assert d.get_params()["max_themes"] == 12
    assert {k: d.get_params()[k] for k in SURVEY_SETTINGS} == SURVEY_SETTINGS


def test_unknown_method_is_refused_with_the_choices():
    X, toks, _ = _units_data()
    with pytest.raises(Exception, match="method='kmeans' is not known; choose one of aspects, hdbscan"):
        ThemeDiscoverer(method="kmeans").fit(X, tokens=toks)


def test_a_clause_naming_two_aspects_mentions_both_themes():
    from textmine.themes._aspect_units import aspect_runs, secondary_mentions

    assert aspect_runs([["停车", "方便", "价格", "实惠"], ["服务员", "态度", "好", "服务员", "态度"]]) == \
        [["停车", "价格"], ["服务员态度"]]
    rows, themes = secondary_mentions(np.array([0, 1, -1]), [["物流", "快", "客服"], ["客服"], ["价格", "贵", "物流"]],
                                      {"物流": 0, "客服": 1})
    assert rows.tolist() == [0, 2] and themes.tolist() == [1, 0]  # never the clause's own theme twice


def test_discovered_secondary_mentions_point_at_other_themes():
    X, toks, truth = _units_data()
    toks = [list(t) for t in toks]
    toks[0] = toks[0] + ["客服"]  # ("物流 很 客服": 很 ends the first run) a delivery clause that also names the service aspect
    d = ThemeDiscoverer().fit(X, tokens=toks)
    rows, themes, sims = d.secondary_
    assert rows.tolist() == [0]
    assert themes[0] == d.unit_themes_["客服"] != d.labels_[0]
    assert -1 <= sims[0] <= 1


def test_generic_nouns_never_name_an_aspect_and_themes_are_named_by_their_frequent_phrases():
    from textmine.themes._aspect_units import head_phrases

    assert aspect_phrases([["结果", "没到"], ["个人", "觉得", "价格"], ["东西"]]) == ["", "价格", ""]
    heads = head_phrases(["物流", "快递", "物流", "", "价格", "价格", "客服"], np.array([0, 0, 0, 0, 1, 1, 1]), 2)
    assert heads == [["物流"], ["价格"]]  # used at least twice; 快递 and 客服 once only
    many = ["物流"] * 12 + ["快递"] * 3 + ["包裹"] * 2
    assert head_phrases(many, np.zeros(len(many), dtype=int), 1) == [["物流", "快递"]]  # 包裹: under 25% of 物流
    X, toks, _ = _units_data()
    d = ThemeDiscoverer().fit(X, tokens=toks)
    # each theme named by its two phrases (equally frequent here: in the phrases' order)
    assert sorted(d.labels_text_) == ["价格 · 性价比", "售后 · 客服", "快递 · 物流"]


def test_phrases_and_runs_are_aspect_phrases_and_runs_from_one_pass():
    from textmine.themes._aspect_units import aspect_runs, phrases_and_runs

    lists = [["停车", "方便", "价格", "实惠"], ["服务员", "态度", "好", "服务员", "态度"], ["用", "几天"], [],
             ("停车", "方便", "价格", "实惠"), ["发货", "拖", "几天"], ["门口", "", "停车"]]
    phrases, runs = phrases_and_runs(lists)
    assert phrases == aspect_phrases(lists)
    assert [list(r) for r in runs] == aspect_runs(lists)
    assert runs[0] is runs[4]  # one tuple per distinct token sequence


def test_fit_keeps_every_clause_phrase_and_finds_the_same_themes_from_them():
    X, toks, _ = _units_data()
    d = ThemeDiscoverer().fit(X, tokens=toks)
    assert d.phrases_ == aspect_phrases(toks)
    assert ThemeDiscoverer(method="hdbscan", min_cluster_size=5).fit(X, tokens=toks).phrases_ is None
