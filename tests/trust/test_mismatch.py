"""Score–text mismatch per respondent (textmine/trust/_mismatch.py): the rules, what counts, the evidence clause, and
errors that name the problem without quoting an answer."""

import numpy as np
import pandas as pd
import pytest

from textmine.errors import InputError, SchemaError, ScoreError
from textmine.schemas import MENTIONS
from textmine.trust import MISMATCH_KINDS, respondent_mismatch

# id -> score; the mentions below: (id, clause_id, clause, theme, polarity, sentiment)
SCORES = {"p_complains": 10, "p_mixed": 9, "p_praises": 9, "d_praises": 3, "d_complains": 0, "passive": 8,
          "p_neutral": 10, "p_empty": 10, "d_nocontent": 2, "p_two_themes": 9}
MENTION_ROWS = [
    ("p_complains", 1, "物流太慢", "T01", "negative", -0.3),
    ("p_complains", 2, "客服态度太差了", "T02", "negative", -0.9),
    ("p_complains", 3, "包装一般", "T03", "neutral", 0.0),
    ("p_mixed", 4, "价格实惠", "T03", "positive", 0.5),
    ("p_mixed", 5, "物流太慢", "T01", "negative", -0.4),
    ("p_praises", 6, "很好", "OV", "positive", 0.7),
    ("d_praises", 7, "味道不错", "T04", "positive", 0.4),
    ("d_praises", 8, "服务很热情", "T02", "positive", 0.8),
    ("d_complains", 9, "太差了", "OV", "negative", -0.8),
    ("passive", 10, "客服回复太慢", "T02", "negative", -0.5),
    ("p_neutral", 11, "买了一箱", "T03", "neutral", 0.0),
    ("d_nocontent", 12, "无语", "NC", "negative", -0.2),  # no content: never counts, whatever its polarity
    ("p_two_themes", 13, "物流和客服都很慢", "T01", "negative", -0.5),
    ("p_two_themes", 13, "物流和客服都很慢", "T02", "negative", -0.5),
]


@pytest.fixture
def frame():
    return pd.DataFrame({"respondent_id": list(SCORES), "score": list(SCORES.values())})


@pytest.fixture
def mentions():
    m = pd.DataFrame(MENTION_ROWS, columns=["respondent_id", "clause_id", "clause", "theme", "polarity", "sentiment"])
    return m.assign(theme_name="", similarity=0.8, source="discovered")


def test_the_rules(frame, mentions):
    out = respondent_mismatch(mentions, frame).set_index("respondent_id")
    assert out["kind"].to_dict() == {
        "p_complains": "promoter_complains", "p_mixed": "", "p_praises": "", "d_praises": "detractor_praises",
        "d_complains": "", "passive": "", "p_neutral": "", "p_empty": "", "d_nocontent": "",
        "p_two_themes": "promoter_complains"}
    assert out["mismatch"].to_dict() == {k: v != "" for k, v in out["kind"].to_dict().items()}
    # judged: a promoter or detractor whose answer praises or complains; passives and silent answers never are
    assert sorted(out.index[out["judged"]]) == sorted(["p_complains", "p_mixed", "p_praises", "d_praises",
                                                        "d_complains", "p_two_themes"])
    assert set(out["kind"]) <= {"", *MISMATCH_KINDS}


def test_counts_ignore_no_content_and_neutral_and_count_a_clause_once(frame, mentions):
    out = respondent_mismatch(mentions, frame).set_index("respondent_id")
    assert out.loc["p_complains", ["n_positive", "n_negative"]].tolist() == [0, 2]
    assert out.loc["d_nocontent", ["n_positive", "n_negative"]].tolist() == [0, 0]
    assert out.loc["p_two_themes", "n_negative"] == 1  # one clause, two themes
    assert out.loc["p_empty", ["n_positive", "n_negative"]].tolist() == [0, 0]


def test_evidence_is_the_strongest_clause_and_text_only_on_request(frame, mentions):
    out = respondent_mismatch(mentions, frame).set_index("respondent_id")
    assert "evidence_clause" not in out.columns  # no verbatim unless asked
    assert out.loc["p_complains", "evidence_clause_id"] == 2  # the most negative of its two complaints
    assert out.loc["d_praises", "evidence_clause_id"] == 8  # the most positive of its two praises
    assert out.loc["p_two_themes", "evidence_clause_id"] == 13
    assert out["evidence_clause_id"].isna().tolist() == (~out["mismatch"]).tolist()
    assert str(out["evidence_clause_id"].dtype) == "Int64"
    text = respondent_mismatch(mentions, frame, with_text=True).set_index("respondent_id")
    assert text.loc["p_complains", "evidence_clause"] == "客服态度太差了"
    assert text.loc["passive", "evidence_clause"] == ""


def test_without_sentiment_the_first_clause_is_the_evidence(frame, mentions):
    out = respondent_mismatch(mentions.drop(columns="sentiment"), frame).set_index("respondent_id")
    assert out.loc["p_complains", "evidence_clause_id"] == 1
    assert out.loc["d_praises", "evidence_clause_id"] == 7


def test_one_row_per_respondent_in_frame_order_with_stable_columns(frame, mentions):
    shuffled = frame.sample(frac=1.0, random_state=3)
    out = respondent_mismatch(mentions, shuffled)
    assert out["respondent_id"].tolist() == shuffled["respondent_id"].tolist()
    assert list(out.columns) == ["respondent_id", "score", "n_positive", "n_negative", "judged", "mismatch", "kind",
                                 "evidence_clause_id"]
    assert out["score"].tolist() == shuffled["score"].tolist()


def test_numeric_ids_match_string_ids_and_an_empty_mentions_table_means_no_mismatch(frame, mentions):
    f = pd.DataFrame({"respondent_id": [1, 2], "score": [10, 0]})
    m = pd.DataFrame({"respondent_id": ["1"], "clause_id": [5], "theme": ["T01"], "polarity": ["negative"]})
    assert respondent_mismatch(m, f)["kind"].tolist() == ["promoter_complains", ""]
    none = respondent_mismatch(mentions.iloc[:0], frame)
    assert not none["mismatch"].any() and not none["judged"].any()


def test_errors_name_the_problem(frame, mentions):
    with pytest.raises(SchemaError, match="missing column 'score'"):
        respondent_mismatch(mentions, frame.drop(columns="score"))
    with pytest.raises(ScoreError, match="no scores"):
        respondent_mismatch(mentions, frame.assign(score=np.nan))
    with pytest.raises(ScoreError, match="no scores"):
        respondent_mismatch(mentions, frame.iloc[:0])
    with pytest.raises(ScoreError, match="integers 0-10"):
        respondent_mismatch(mentions, frame.assign(score=11))
    with pytest.raises(SchemaError, match=r"lacks the column\(s\) \['clause_id'\]"):
        respondent_mismatch(mentions.drop(columns="clause_id"), frame)
    with pytest.raises(SchemaError, match="repeats"):
        respondent_mismatch(mentions, pd.concat([frame, frame.head(1)]))
    with pytest.raises(SchemaError, match="'clause' column"):
        respondent_mismatch(mentions.drop(columns="clause"), frame, with_text=True)


def test_errors_never_quote_an_answer(frame, mentions):
    wrong = mentions.assign(polarity=mentions["clause"])  # the text column passed as the polarity by mistake
    with pytest.raises(SchemaError, match="polarity must be one of") as err:
        respondent_mismatch(wrong, frame)
    assert not any(t in str(err.value) for t in mentions["clause"])
    stray = pd.concat([mentions, mentions.head(1).assign(respondent_id="someone_else")])
    with pytest.raises(InputError, match="1 mentions belong to respondents that are not in the survey frame") as err:
        respondent_mismatch(stray, frame)
    assert not any(t in str(err.value) for t in mentions["clause"])


def test_reads_the_mentions_table_as_analyze_declares_it(frame, mentions):
    out = respondent_mismatch(MENTIONS.conform(mentions), frame)
    assert out["mismatch"].sum() == 3
