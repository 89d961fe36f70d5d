import numpy as np
import pandas as pd
import pytest

from textmine.errors import SchemaError
from textmine.themes import MENTION_COLUMNS, ThemeDiscoverer, apply_codebook, discover_themes


def _tables(planted):
    X, tokens, texts, truth = planted
    n = len(X)
    # respondent i owns clause i; planted topic 0 is praised by promoters, topic 1 criticised by detractors
    score = np.where(truth == 0, 10, np.where(truth == 1, 2, 8))
    sentiment = np.where(truth == 0, 0.8, np.where(truth == 1, -0.7, 0.0))
    no_content = truth == -1
    texts = ["无" if nc else t for t, nc in zip(texts, no_content)]
    texts[0] = "物流很快，电话13812345678"
    clauses = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(n)], "clause_id": np.arange(n),
                            "text": texts, "tokens": tokens, "polarity": sentiment, "no_content": no_content})
    groups = np.where(score >= 9, "promoter", np.where(score <= 6, "detractor", "passive"))
    respondents = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(n)], "score": score, "nps_group": groups})
    return X, clauses, respondents, truth


def test_discover_codes_every_clause_and_reports_groups(planted):
    X, clauses, respondents, truth = _tables(planted)
    res = discover_themes(clauses, X, respondents, discoverer=ThemeDiscoverer(min_cluster_size=15))
    m = res.mentions
    assert list(m.columns) == MENTION_COLUMNS
    assert (m.loc[m["source"] == "no_content", "theme"] == "NC").all()
    assert (m["source"] == "no_content").sum() == (truth == -1).sum()  # never clustered
    assert "13812345678" not in " ".join(m["clause"])  # quotes and clauses are masked
    t = res.to_frame()
    assert t["n"].sum() == (truth >= 0).sum() - int(round(res.unassigned_share * res.n_content_clauses))
    pr = res.promoter_reasons()
    dc = res.detractor_complaints()
    assert pr.iloc[0]["share"] == pytest.approx(1.0)  # every promoter praised the delivery theme
    assert pr.iloc[0]["ci_low"] < 1.0 and pr.iloc[0]["base"] == (truth == 0).sum()
    assert len(pr) == 1 and len(dc) == 1
    assert dc.iloc[0]["theme"] != pr.iloc[0]["theme"]
    assert "themes from" in res.summary()


def test_apply_edited_codebook_to_new_data(planted):
    X, clauses, respondents, truth = _tables(planted)
    res = discover_themes(clauses, X, respondents, discoverer=ThemeDiscoverer(min_cluster_size=15))
    cb = res.codebook
    cb.rename("T01", "物流配送")
    again = apply_codebook(cb, clauses, X, respondents)
    assert set(again.mentions["theme_name"]) >= {"物流配送"}
    same = again.mentions.set_index("clause_id")["theme"]
    first = res.mentions.set_index("clause_id")["theme"]
    common = same.index.intersection(first.index)
    assert (same[common] == first[common]).mean() > 0.95


def test_clause_table_is_checked(planted):
    X, clauses, respondents, _ = _tables(planted)
    with pytest.raises(SchemaError, match=r"lacks columns \['tokens'\]"):
        discover_themes(clauses.drop(columns="tokens"), X, respondents)
    with pytest.raises(SchemaError, match="expected one vector per clause"):
        discover_themes(clauses, X[:5], respondents)
