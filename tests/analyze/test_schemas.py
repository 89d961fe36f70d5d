"""Every table an analysis hands out follows its declared schema (issue 15): names in order, types, integer counts,
and the files written and read back keep them."""

import pandas as pd
import pytest

import textmine as tm
from textmine.errors import SchemaError
from textmine.schemas import CLAUSES, DRIVERS, MENTIONS, RESPONDENTS, THEMES, TableSchema


@pytest.fixture(scope="module")
def analysis(small_survey):
    return tm.analyze(small_survey, text="answer", score="score", id="id", date="date", cache_dir=False,
                      quiet=True, n_boot=0)


def _tables(a):
    return {CLAUSES: a.clauses, MENTIONS: a.mentions, THEMES: a.themes.to_frame(), DRIVERS: a.drivers.to_frame(),
            RESPONDENTS: a.respondents()}


def test_each_table_has_its_declared_columns_in_order_and_types(analysis):
    for schema, frame in _tables(analysis).items():
        declared = [c for c in frame.columns if c in schema.dtypes]
        assert declared == [c for c in schema.names if c in frame.columns], schema.name
        assert list(frame.columns[:len(declared)]) == declared, f"{schema.name}: undeclared columns come last"
        assert set(schema.required) <= set(frame.columns), schema.name
        for col in declared:
            kind = schema.dtypes[col]
            if kind in ("int64", "float64", "bool"):
                assert str(frame[col].dtype) in (kind, "Int64"), (schema.name, col, frame[col].dtype)


def test_signed_driver_and_theme_tables_are_complete_and_counts_are_integers(analysis):
    drivers, themes = analysis.drivers.to_frame(), analysis.themes.to_frame()
    assert list(drivers.columns) == list(DRIVERS.names)
    assert list(themes.columns) == list(THEMES.names)
    for schema, frame in ((DRIVERS, drivers), (THEMES, themes)):
        for col in schema.counts:
            assert str(frame[col].dtype) == "int64", (schema.name, col)
    assert "rel_weight_pct" in drivers.columns


def test_written_counts_read_back_as_integers(analysis, tmp_path):
    analysis.save(tmp_path)
    for name, schema in (("themes", THEMES), ("drivers", DRIVERS), ("respondents", RESPONDENTS)):
        back = pd.read_csv(tmp_path / f"{name}.csv", encoding="utf-8-sig")
        for col in schema.counts:
            if col in back.columns and back[col].notna().all():
                assert pd.api.types.is_integer_dtype(back[col]), (name, col)
                assert not back[col].astype(str).str.contains(r"\.0$").any(), (name, col)


def test_conform_orders_casts_and_refuses_what_it_cannot_keep():
    s = TableSchema("t", (("a", "str"), ("n", "int64"), ("x", "float64")), required=("a",))
    out = s.conform(pd.DataFrame({"extra": [1, 2], "x": [1, 2], "n": [3.0, 4.0], "a": ["p", "q"]}))
    assert list(out.columns) == ["a", "n", "x", "extra"]
    assert str(out["n"].dtype) == "int64" and str(out["x"].dtype) == "float64"
    assert str(s.conform(pd.DataFrame({"a": ["p", "q"], "n": [1.0, None]}))["n"].dtype) == "Int64"
    with pytest.raises(SchemaError, match="count but holds fractional"):
        s.conform(pd.DataFrame({"a": ["p"], "n": [1.5]}))
    with pytest.raises(SchemaError, match=r"lacks the column\(s\) \['a'\]"):
        s.conform(pd.DataFrame({"n": [1]}))
    with pytest.raises(ValueError, match="relative_weight"):
        DRIVERS.declared("rel_weight", "relative_weight")  # the reader's typo that once hid a column


def test_one_vocabulary_for_scores_and_labels():
    # 'sentiment' is always a score, 'polarity' always a label, in every table that has them
    for schema in (CLAUSES, MENTIONS, RESPONDENTS):
        assert schema.dtypes.get("sentiment", "float64") == "float64"
        assert schema.dtypes.get("polarity", "str") == "str"
    assert "polarity" not in CLAUSES.dtypes


def test_clauses_csv_shows_every_clause_and_what_became_of_it(analysis, tmp_path):
    from textmine.schemas import CODED_CLAUSES

    paths = analysis.save(tmp_path / "out")
    back = pd.read_csv(paths["clauses.csv"], encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == list(CODED_CLAUSES.names)
    assert len(back) == len(analysis.clauses)  # nothing lost: one row per clause
    assert back["clause_id"].tolist() == analysis.clauses["clause_id"].tolist()
    nc = analysis.clauses["no_content"].to_numpy(bool)
    assert (back.loc[nc, "no_content"] != "").all() and (back.loc[~nc, "no_content"] == "").all()
    assert (back.loc[nc, "theme"] == "").all()  # set aside, never coded
    coded = set(analysis.mentions.loc[analysis.mentions["theme"] != "NC", "clause_id"])
    has_theme = back["theme"] != ""
    assert set(back.loc[has_theme, "clause_id"]) == coded
    assert set(back["polarity"]) <= {"positive", "negative", "neutral"}
    # a clause's themes are its mentions' themes
    first = analysis.mentions[analysis.mentions["theme"] != "NC"].groupby("clause_id")["theme"].first()
    got = back.set_index("clause_id").loc[first.index, "theme"].str.split(";").str[0]
    assert (got == first).all()


def test_clauses_csv_aspect_is_the_aspect_phrase_that_grouped_the_clause(analysis, tmp_path):
    paths = analysis.save(tmp_path / "out2")
    back = pd.read_csv(paths["clauses.csv"], encoding="utf-8-sig", keep_default_na=False)
    by_text = dict(zip(back["clause"], back["aspect"]))
    # the fixture's answers: 客服态度很好 -> the noun run 客服态度; 物流太慢了 -> 物流; 价格实惠 -> 价格
    assert by_text.get("客服态度很好") == "客服态度"
    assert by_text.get("物流太慢了") == "物流"
    assert by_text.get("价格实惠") == "价格"
    assert (back.loc[back["no_content"] != "", "aspect"] == "").all()
