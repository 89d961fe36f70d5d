"""Segment levels as numbers (nps.level_codes): the levels and tables of text keys, without a string per row, for
text, categorical and numeric columns with missing values."""

import numpy as np
import pandas as pd
import pytest

from textmine.nps import level_codes, period_nps, segment_nps
from textmine.trust import segment_trust


def _frame(n=900, seed=0):
    rng = np.random.default_rng(seed)
    f = pd.DataFrame({"score": rng.integers(0, 11, n), "w": rng.choice([0.5, 1.0, 2.0], n),
                      "date": pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 200, n), unit="D")})
    f["store"] = rng.choice(["A", "B", "门店C", None], n).astype(object)
    f["tier"] = rng.choice([1.0, 2.0, np.nan], n)
    f["flag"] = rng.random(n) < 0.1
    return f


def test_levels_are_the_text_of_the_values_sorted_and_missing_named():
    codes, levels = level_codes(pd.Series(["b", None, "a", "b", np.nan, 3]))
    assert levels == ["(missing)", "3", "a", "b"]
    assert [levels[c] for c in codes] == ["b", "(missing)", "a", "b", "(missing)", "3"]
    codes, levels = level_codes(pd.Series(["x", "y"]), missing="(none)")
    assert levels == ["x", "y"] and codes.tolist() == [0, 1]


@pytest.mark.parametrize("weight", [None, "w"])
def test_categorical_segments_give_the_tables_of_text_segments(weight):
    f = _frame()
    cat = f.astype({"store": "category", "tier": "category"})
    for seg in ("store", "tier"):
        pd.testing.assert_frame_equal(segment_nps(cat, seg, weight=weight).to_frame(),
                                      segment_nps(f, seg, weight=weight).to_frame())
    texts = f.assign(store=f["store"].astype(object).where(f["store"].notna(), "(missing)").astype(str))
    pd.testing.assert_frame_equal(segment_nps(f, "store", weight=weight).to_frame(),
                                  segment_nps(texts, "store", weight=weight).to_frame())
    pd.testing.assert_frame_equal(segment_trust(cat, ["store", "tier"], mismatch="flag").to_frame(),
                                  segment_trust(f, ["store", "tier"], mismatch="flag").to_frame())


def test_periods_from_ordinals_keep_labels_starts_and_empty_periods():
    f = _frame()
    f = f[(f["date"] < "2026-02-01") | (f["date"] >= "2026-04-01")]  # February and March empty
    t = period_nps(f, period="month").to_frame()
    assert t["period"].tolist()[:4] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert t["n"].tolist()[1:3] == [0, 0]
    assert t["start"].iloc[0] == pd.Timestamp("2026-01-01")
    assert int(t["n"].sum()) == len(f)
