import pandas as pd
import pytest

from textmine.errors import SchemaError
from textmine.text import CLAUSE_COLUMNS, to_clauses


@pytest.fixture(scope="module")
def table():
    frame = pd.DataFrame(
        {
            "respondent_id": [101, 102, 103, 104, 105, 106],
            "text": [
                "物流很快，但是客服態度太差了！！",
                "",
                None,
                "电话13800138000，服务很好👍",
                "没意见",
                "物流很快，但是客服態度太差了！！",
            ],
        }
    )
    return to_clauses(frame)


def test_columns_and_types(table):
    assert tuple(table.columns) == CLAUSE_COLUMNS
    assert table["clause_id"].tolist() == list(range(len(table)))
    assert table["sentiment"].dtype == "float64"
    assert table["contrast"].dtype == bool and table["no_content"].dtype == bool


def test_issue_example_rows(table):
    rows = table[table.respondent_id == 101]
    assert rows["clause_index"].tolist() == [0, 1]
    assert rows["text"].tolist() == ["物流很快", "但是客服态度太差了"]
    assert rows["original"].tolist() == ["物流很快", "但是客服態度太差了"]
    assert rows["start"].tolist() == [0, 5] and rows["end"].tolist() == [4, 14]
    assert rows["contrast"].tolist() == [False, True]
    assert rows["tokens"].iloc[0] == ["物流", "很快"]
    assert rows["sentiment"].iloc[0] > 0 > rows["sentiment"].iloc[1]


def test_every_respondent_kept(table):
    assert sorted(set(table.respondent_id)) == [101, 102, 103, 104, 105, 106]
    empty = table[table.respondent_id.isin([102, 103])]
    assert empty["text"].tolist() == ["", ""]
    assert empty["no_content"].all() and (empty["sentiment"] == 0.0).all()
    assert empty["tokens"].tolist() == [[], []]


def test_pii_masked_in_text_and_original(table):
    rows = table[table.respondent_id == 104]
    assert rows["text"].tolist() == ["电话<PHONE>", "服务很好 赞"]
    assert rows["original"].tolist() == ["电话<PHONE>", "服务很好👍"]
    assert rows["start"].tolist() == [0, 14]
    assert not rows["original"].str.contains("138").any()


def test_no_content_and_duplicates(table):
    assert table[table.respondent_id == 105]["no_content"].tolist() == [True]
    a = table[table.respondent_id == 101].drop(columns=["respondent_id", "clause_id"]).reset_index(drop=True)
    b = table[table.respondent_id == 106].drop(columns=["respondent_id", "clause_id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_tokens_are_independent_lists(table):
    table["tokens"].iloc[0].append("x")
    assert table["tokens"].iloc[-2] == ["物流", "很快"]


def test_mask_pii_off_keeps_original():
    frame = pd.DataFrame({"respondent_id": ["a"], "text": ["电话13800138000"]})
    out = to_clauses(frame, mask_pii=False)
    assert out["original"].tolist() == ["电话13800138000"]
    assert out["text"].tolist() == ["电话13800138000"]


def test_custom_columns_and_missing_column():
    frame = pd.DataFrame({"rid": [1], "answer": ["很好"]})
    out = to_clauses(frame, text_col="answer", id_col="rid")
    assert out["respondent_id"].tolist() == [1]
    with pytest.raises(SchemaError, match="missing column 'text'"):
        to_clauses(frame)


def test_empty_frame():
    out = to_clauses(pd.DataFrame({"respondent_id": [], "text": []}))
    assert len(out) == 0 and tuple(out.columns) == CLAUSE_COLUMNS


def test_progress_bar_flag(capsys):
    frame = pd.DataFrame({"respondent_id": [1, 2], "text": ["很好", "太差"]})
    to_clauses(frame, progress=True)
    assert "clauses" in capsys.readouterr().err
    to_clauses(frame, progress=False)
    assert capsys.readouterr().err == ""


def test_answer_polarity_matches_scorer(table):
    from textmine.text import SentimentScorer, answer_polarity

    pol = answer_polarity(table)
    assert pol.index.tolist() == [101, 102, 103, 104, 105, 106]
    rows = table[table.respondent_id == 101]
    expected = SentimentScorer().answer(list(zip(rows.sentiment, rows.contrast)))
    assert pol.loc[101] == pytest.approx(expected)
    assert pol.loc[101] < 0
    assert pol.loc[102] == 0.0
    with pytest.raises(SchemaError, match="missing column 'sentiment'"):
        answer_polarity(table.drop(columns=["sentiment"]))


def test_traditional_answers_match_split_clauses():
    from textmine.text import Normalizer, split_clauses

    answers = ["這家店的服務態度很好，但是價格太貴了！", "發貨很快；質量不錯&nbsp;會再來", "網速還可以，就是經常斷線"]
    out = to_clauses(pd.DataFrame({"respondent_id": [1, 2, 3], "text": answers}))
    norm = Normalizer(emoji="words")
    expected = [c.text for a in answers for c in split_clauses(a, normalizer=norm)]
    assert out["text"].tolist() == expected
    assert out["text"].iloc[0] == "这家店的服务态度很好"
