"""coded_clauses (textmine/themes/_coded.py) with the aspect phrases discovery kept on its ThemeResult."""

import numpy as np
import pandas as pd

from textmine.text import aspect_tokens
from textmine.themes import ThemeDiscoverer, coded_clauses, discover_themes
from textmine.themes._aspect_units import aspect_phrases


def _discovered(planted, **kw):
    X, tokens, texts, truth = planted
    n = len(X)
    texts = [("很好" if i % 7 == 0 else t) if tr >= 0 else "无" for i, (t, tr) in enumerate(zip(texts, truth))]
    tokens = [["很", "好"] if tx == "很好" else tk for tx, tk in zip(texts, tokens)]
    clauses = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(n)], "clause_id": np.arange(n), "text": texts,
                            "tokens": tokens, "sentiment": np.zeros(n), "no_content": truth == -1})
    respondents = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(n)], "score": np.full(n, 9),
                                "nps_group": "promoter"})
    return clauses, discover_themes(clauses, X, respondents, discoverer=ThemeDiscoverer(min_cluster_size=15), **kw)


def test_discovery_keeps_each_clause_phrase_and_coded_clauses_reuses_it(planted):
    clauses, res = _discovered(planted)
    ids, phrases = res._aspects
    content = ~clauses["no_content"].to_numpy(bool)
    assert ids.tolist() == clauses["clause_id"].tolist()
    assert list(phrases[content]) == [p for p, c in zip(aspect_phrases(aspect_tokens(clauses)), content) if c]
    pd.testing.assert_frame_equal(coded_clauses(clauses, res.mentions, themes=res),
                                  coded_clauses(clauses, res.mentions))
    res._aspects = (ids, np.array(["kept"] * len(ids), dtype=object))  # reused, not worked out again
    assert set(coded_clauses(clauses, res.mentions, themes=res)["aspect"][content]) == {"kept"}


def test_phrases_of_other_clauses_are_not_reused(planted):
    clauses, res = _discovered(planted)
    res._aspects = (res._aspects[0], np.array(["kept"] * len(clauses), dtype=object))
    plain = coded_clauses(clauses.iloc[::-1].reset_index(drop=True), res.mentions)
    pd.testing.assert_frame_equal(coded_clauses(clauses.iloc[::-1].reset_index(drop=True), res.mentions, themes=res),
                                  plain)
    assert "kept" not in set(coded_clauses(clauses.iloc[:-1], res.mentions, themes=res)["aspect"])


def test_given_aspect_tokens_give_the_same_themes(planted):
    clauses, res = _discovered(planted)
    _, again = _discovered(planted, tokens=[tuple(t) for t in aspect_tokens(clauses)])
    pd.testing.assert_frame_equal(again.mentions, res.mentions)
    assert [(t.id, t.name, t.keywords) for t in again.codebook] == [(t.id, t.name, t.keywords) for t in res.codebook]
    assert list(again._aspects[1]) == list(res._aspects[1])
