"""ThemeResult's respondent tables: counted once per (respondent, theme), as the set-based definition counts."""

import numpy as np
import pandas as pd
import pytest

from textmine.themes import Codebook, Theme, ThemeResult


@pytest.fixture
def result():
    rng = np.random.default_rng(0)
    n = 300
    resp = pd.DataFrame({"respondent_id": [f"R{i:03d}" for i in range(n)], "score": rng.integers(0, 11, n)})
    resp["nps_group"] = np.where(resp["score"] >= 9, "promoter", np.where(resp["score"] >= 7, "passive", "detractor"))
    k = 900
    m = pd.DataFrame({"respondent_id": rng.choice(resp["respondent_id"].to_numpy(), k),
                      "clause_id": np.arange(k), "theme": rng.choice(["T01", "T02", "T03", "OV", "NC"], k),
                      "polarity": rng.choice(["positive", "negative", "neutral"], k)})
    m.loc[m["theme"] == "T03", "respondent_id"] = "R999"  # a respondent not in the survey frame: no score
    m["similarity"] = 1.0
    cb = Codebook([Theme(id=t, name=t.lower()) for t in ("T01", "T02", "T03", "OV", "T04")])
    return ThemeResult(codebook=cb, mentions=m, respondents=resp, n_clauses=k, n_content_clauses=k,
                       unassigned_share=0.0, labels={"T01": {"praise": "好", "complaint": "差"}})


def _sets(m, polarity=None):
    m = m[m["theme"] != "NC"]
    if polarity is not None:
        m = m[m["polarity"] == polarity]
    return m.groupby("theme")["respondent_id"].apply(set).to_dict()


def test_to_frame_counts_respondents_once_per_theme(result):
    f = result.to_frame().set_index("theme")
    resp, m = result.respondents, result.mentions
    groups = resp.groupby("nps_group")["respondent_id"].apply(set).to_dict()
    score = resp.set_index("respondent_id")["score"]
    every, pos, neg = _sets(m), _sets(m, "positive"), _sets(m, "negative")
    for t in ("T01", "T02", "T03", "OV"):
        ids = every[t]
        assert f.loc[t, "n"] == len(ids) and f.loc[t, "n_clauses"] == (m["theme"] == t).sum()
        assert f.loc[t, "n_positive"] == len(pos[t]) and f.loc[t, "n_negative"] == len(neg[t])
        for g in ("promoter", "passive", "detractor"):
            assert f.loc[t, f"share_{g}s"] == len(ids & groups[g]) / len(groups[g])
        mean = score.reindex(list(ids)).mean()
        assert f.loc[t, "mean_score"] == pytest.approx(mean, nan_ok=True)
    assert np.isnan(f.loc["T03", "mean_score"]) and f.loc["T03", "share_promoters"] == 0
    assert f.loc["T04", "n"] == 0 and np.isnan(f.loc["T04", "mean_score"])
    assert f.loc["T01", "praise"] == "好"


def test_group_tables_and_the_cache(result):
    promoters = set(result.respondents.loc[result.respondents["nps_group"] == "promoter", "respondent_id"])
    pos = _sets(result.mentions, "positive")
    table = result.promoter_reasons()
    want = {t: len(pos[t] & promoters) for t in ("T01", "T02", "OV") if pos[t] & promoters}
    assert dict(zip(table["theme"], table["n"])) == want
    assert table["theme"].iloc[-1] == "OV" and (table["base"] == len(promoters)).all()
    assert result.to_frame().equals(result.to_frame())
    assert set(result._counts) == {None, "positive", "negative", "bases"}  # counted once, read by every table


def test_mentions_flag_suggestions_and_keep_their_polarity():
    from textmine.themes import coded_clauses, mention_rows

    clauses = pd.DataFrame({"respondent_id": ["R1", "R1", "R2"], "clause_id": [0, 1, 2],
                            "text": ["希望物流快一点", "应该不错", "无"], "tokens": [["希望"], ["应该"], ["无"]],
                            "sentiment": [-0.4, 0.5, 0.0], "no_content": [False, False, True]})
    m = mention_rows(clauses, ["T01", "T01", None], [0.9, 0.8, 0.0], {"T01": "物流"}, "codebook")
    assert m[["theme", "polarity", "suggestion"]].values.tolist() == [
        ["T01", "negative", True], ["T01", "positive", False], ["NC", "neutral", False]]
    assert str(m["suggestion"].dtype) == "bool"
    assert coded_clauses(clauses, m)["suggestion"].tolist() == [True, False, False]
