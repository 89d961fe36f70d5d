"""Clauses that only evaluate (很好, 东西不错, 失望) form one overall-evaluation theme, never themes of their own."""

import numpy as np
import pandas as pd

from textmine.themes import OVERALL_ID, OVERALL_NAME, ThemeDiscoverer, apply_codebook, discover_themes

JUDGE = {"很好": ["很", "好"], "东西不错": ["东西", "不错"], "太失望了": ["太", "失望", "了"], "一般般": ["一般般"],
         "非常满意": ["非常", "满意"], "好评": ["好评"]}


def _tables(planted, n_judge=60):
    X, tokens, texts, truth = planted
    rng = np.random.default_rng(1)
    d = X.shape[1]
    # the judging clauses sit close together in vector space: alone they would make a theme of their own
    centre = rng.normal(size=d)
    XJ = (centre + 0.2 * rng.normal(size=(n_judge, d))).astype(np.float32)
    jtexts = [list(JUDGE)[i % len(JUDGE)] for i in range(n_judge)]
    jtokens = [JUDGE[t] for t in jtexts]
    X = np.vstack([X, XJ])
    texts = list(texts) + jtexts
    tokens = list(tokens) + jtokens
    n = len(X)
    no_content = np.r_[truth == -1, np.zeros(n_judge, dtype=bool)]
    sentiment = np.r_[np.zeros(len(truth)), np.where(np.arange(n_judge) % 3 == 2, -0.6, 0.7)]
    clauses = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(n)], "clause_id": np.arange(n),
                            "text": texts, "tokens": tokens, "sentiment": sentiment, "no_content": no_content})
    respondents = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(n)], "score": 8, "nps_group": "passive"})
    return X, clauses, respondents, n_judge


def test_judging_clauses_go_to_the_overall_theme_only(planted):
    X, clauses, respondents, n_judge = _tables(planted)
    res = discover_themes(clauses, X, respondents, discoverer=ThemeDiscoverer(min_cluster_size=15))
    assert OVERALL_ID in res.codebook.ids and res.codebook[OVERALL_ID].name == OVERALL_NAME
    m = res.mentions
    judged = set(clauses["clause_id"].iloc[-n_judge:])
    on_overall = set(m.loc[m["theme"] == OVERALL_ID, "clause_id"])
    assert on_overall == judged
    assert not (set(m.loc[m["theme"].str.startswith("T"), "clause_id"]) & judged)  # no theme of their own
    assert set(m.loc[m["theme"] == OVERALL_ID, "polarity"]) == {"positive", "negative"}  # polarity kept
    row = res.to_frame().set_index("theme").loc[OVERALL_ID]
    assert row["n"] == n_judge and row["n_negative"] == n_judge // 3


def test_the_overall_theme_keeps_its_id_and_is_applied_by_rule(planted):
    X, clauses, respondents, n_judge = _tables(planted)
    first = discover_themes(clauses, X, respondents, discoverer=ThemeDiscoverer(min_cluster_size=15))
    first.codebook.rename(OVERALL_ID, "总体感受")
    again = discover_themes(clauses, X, respondents, discoverer=ThemeDiscoverer(min_cluster_size=15),
                            previous=first.codebook)
    assert again.codebook[OVERALL_ID].name == "总体感受"  # the researcher's rename survives
    applied = apply_codebook(first.codebook, clauses, X, respondents, threshold=-1.0)
    m = applied.mentions
    judged = set(clauses["clause_id"].iloc[-n_judge:])
    assert set(m.loc[m["theme"] == OVERALL_ID, "clause_id"]) == judged  # never reached by similarity alone


def test_no_overall_theme_without_judging_clauses(planted):
    X, clauses, respondents, _ = _tables(planted, n_judge=0)
    res = discover_themes(clauses, X, respondents, discoverer=ThemeDiscoverer(min_cluster_size=15))
    assert OVERALL_ID not in res.codebook.ids


def test_the_overall_theme_comes_after_the_aspects_in_the_group_tables(planted):
    X, clauses, respondents, n_judge = _tables(planted)
    respondents["nps_group"] = "detractor"
    clauses.loc[clauses.index[-n_judge:], "sentiment"] = -0.6  # more detractors judge overall ...
    clauses.loc[clauses.index[:10], "sentiment"] = -0.5  # ... than complain about the delivery
    res = discover_themes(clauses, X, respondents, discoverer=ThemeDiscoverer(min_cluster_size=15))
    complaints = res.detractor_complaints()
    assert OVERALL_ID in set(complaints["theme"])  # shown, with its share and interval
    assert complaints["theme"].iloc[-1] == OVERALL_ID and len(complaints) >= 2
    assert complaints["n"].iloc[-1] > complaints["n"].iloc[0]
