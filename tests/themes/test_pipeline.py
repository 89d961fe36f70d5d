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
                            "text": texts, "tokens": tokens, "sentiment": sentiment, "no_content": no_content})
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


def test_mention_rows_one_row_per_hit_plus_no_content_in_clause_order():
    from textmine.themes import NO_CONTENT_NAME, mention_rows

    clauses = pd.DataFrame({"respondent_id": ["a", "a", "b", "c"], "clause_id": [0, 1, 2, 3],
                            "text": ["物流很快", "无", "客服电话13812345678太差", "还行吧"],
                            "tokens": [[], [], [], []], "sentiment": [0.6, 0.0, -0.5, 0.01],
                            "no_content": [False, True, False, False]})
    # per clause: the third is unassigned (-1), the no-content clause is never coded
    m = mention_rows(clauses, ["T01", "T02", "T02", -1], [0.9, 0.8, 0.7, 0.1], {"T01": "物流", "T02": "客服"}, "x")
    assert list(m.columns) == MENTION_COLUMNS
    assert m[["clause_id", "theme", "theme_name", "polarity", "source"]].values.tolist() == [
        [0, "T01", "物流", "positive", "x"], [1, "NC", NO_CONTENT_NAME, "neutral", "no_content"],
        [2, "T02", "客服", "negative", "x"]]
    assert "13812345678" not in m.loc[2, "clause"]
    # per hit (several themes on one clause): ordered by similarity within a clause
    m = mention_rows(clauses, ["T01", "T02"], [0.4, 0.9], {"T01": "物流", "T02": "客服"}, "x", rows=[0, 0],
                     polarity=["neutral", "positive"])
    assert m[["clause_id", "theme", "polarity", "similarity"]].values.tolist() == [
        [0, "T02", "positive", 0.9], [0, "T01", "neutral", 0.4], [1, "NC", "neutral", 1.0]]


def test_build_theme_result_counts_unassigned_content_clauses_and_combines_parts(planted):
    from textmine.themes import Codebook, Theme, build_theme_result, combine_theme_results

    X, clauses, respondents, truth = _tables(planted)
    cb = Codebook([Theme(id="T01", name="one")])
    themes = np.where(truth == 0, "T01", None)
    res = build_theme_result(cb, clauses, respondents, themes, np.ones(len(clauses)), source="rule")
    content = truth != -1
    assert res.n_clauses == len(clauses) and res.n_content_clauses == int(content.sum())
    assert res.unassigned_share == pytest.approx(float(np.mean(truth[content] != 0)))
    half = len(clauses) // 2
    parts = [build_theme_result(cb, clauses.iloc[s].reset_index(drop=True), respondents, themes[s],
                                np.ones(len(clauses))[s], source="rule") for s in (slice(0, half), slice(half, None))]
    whole = combine_theme_results(parts)
    pd.testing.assert_frame_equal(whole.mentions, res.mentions, check_dtype=False)  # concat of str columns
    assert whole.unassigned_share == pytest.approx(res.unassigned_share)
    assert (whole.n_clauses, whole.n_content_clauses) == (res.n_clauses, res.n_content_clauses)
