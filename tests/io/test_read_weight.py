"""read_survey(weight=...): the weight column kept as frame["weight"]; unusable weights are rejects."""

import numpy as np
import pandas as pd
import pytest

from textmine.errors import InputError, SchemaError
from textmine.io import read_survey


def _frame(weights, scores=None):
    n = len(weights)
    return pd.DataFrame({"id": [f"r{i}" for i in range(n)], "score": scores or ["9"] * n, "w": weights})


def test_weights_are_kept_and_named():
    s = read_survey(_frame(["1.5", "0.5", "2"]), score="score", id="id", text=False, weight="w")
    assert s.frame["weight"].tolist() == [1.5, 0.5, 2.0]
    assert s.columns["weight"] == "w"
    assert list(s.frame.columns[:9]) == ["row", "respondent_id", "score", "nps_group", "text", "empty_text", "date",
                                         "duplicate_id", "weight"]


def test_without_weight_there_is_no_weight_column():
    s = read_survey(_frame(["1", "2"]), score="score", text=False)
    assert "weight" not in s.frame.columns and "weight" not in s.columns


def test_missing_negative_and_non_numeric_weights_are_rejected_with_their_reason():
    s = read_survey(_frame(["1", "", "-2", "heavy", "inf", "0"], ["9", "8", "7", "x", "6", "10"]), score="score",
                    id="id", text=False, weight="w")
    assert s.frame["respondent_id"].tolist() == ["r0", "r5"]
    assert s.frame["weight"].tolist() == [1.0, 0.0]  # a zero weight is a weight
    # row 4 has an unusable score too: one reject, for its score
    assert s.rejects[["row", "column", "reason"]].values.tolist() == [
        [2, "w", "missing weight"], [3, "w", "negative weight"], [4, "score", "unparseable score"],
        [5, "w", "weight is not finite"]]
    assert s.n_read == s.n + len(s.rejects)


def test_numeric_weight_column_with_a_missing_cell():
    f = pd.DataFrame({"score": [9, 0, 7], "w": [2.0, np.nan, 1.0]})
    s = read_survey(f, score="score", text=False, weight="w")
    assert s.frame["weight"].tolist() == [2.0, 1.0]
    assert s.rejects["reason"].tolist() == ["missing weight"]


def test_a_column_without_any_usable_weight_is_an_error_naming_it_and_counting():
    with pytest.raises(InputError, match=r"no usable survey weight in column 'w': 3 of 3 rows have an unusable "
                                         r"weight \{'weight is not a number': 3\}.*--weight"):
        read_survey(_frame(["a", "b", "c"]), score="score", text=False, weight="w")
    with pytest.raises(InputError, match="every weight of the 2 usable rows is 0"):
        read_survey(_frame(["0", "0"]), score="score", text=False, weight="w")


def test_an_unknown_weight_column_is_a_schema_error():
    with pytest.raises(SchemaError, match="'poids'"):
        read_survey(_frame(["1"]), score="score", text=False, weight="poids")
