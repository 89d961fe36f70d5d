"""What customers ask for per theme, and the fix list (textmine/themes/_asks.py), on a hand-made result whose
counts are known: six respondents, three of them detractors."""

import numpy as np
import pandas as pd
import pytest

from textmine.schemas import FIX_LIST, SUGGESTIONS
from textmine.themes import Codebook, Theme, ThemeResult, fix_list, suggestion_table

ROWS = [  # respondent, theme, polarity, clause, suggestion, similarity
    ("R1", "T01", "negative", "物流太慢", False, 0.9),
    ("R1", "T01", "negative", "希望物流快一点", True, 0.8),
    ("R2", "T01", "negative", "希望物流快一点", True, 0.8),
    ("R3", "T02", "negative", "客服不回复", False, 0.7),
    ("R4", "T01", "neutral", "希望早点发货 电话13812345678", True, 0.95),
    ("R5", "T01", "positive", "物流很快", False, 0.9),
    ("R6", "OV", "positive", "希望继续保持", True, 1.0),
    ("R2", "T03", "negative", "价格贵", False, 0.6),
]


@pytest.fixture
def result():
    resp = pd.DataFrame({"respondent_id": ["R1", "R2", "R3", "R4", "R5", "R6"], "score": [2, 3, 5, 8, 10, 9]})
    resp["nps_group"] = ["detractor"] * 3 + ["passive", "promoter", "promoter"]
    m = pd.DataFrame(ROWS, columns=["respondent_id", "theme", "polarity", "clause", "suggestion", "similarity"])
    m.insert(1, "clause_id", np.arange(len(m)))
    cb = Codebook([Theme(id="T01", name="物流", owner="物流部", horizon="now"),
                   Theme(id="T02", name="客服", owner="客服部", horizon="later"),
                   Theme(id="T03", name="价格", owner="物流部", horizon="now"), Theme(id="OV", name="整体评价")])
    return ThemeResult(codebook=cb, mentions=m, respondents=resp, n_clauses=len(m), n_content_clauses=len(m),
                       unassigned_share=0.0, labels={"T01": {"praise": "", "complaint": "物流慢"}})


def test_suggestions_count_respondents_of_the_theme_and_quote_the_closest(result):
    s = result.suggestions(k=2)
    assert list(s.columns) == list(SUGGESTIONS.names)
    assert s[["theme", "n_suggestions", "n"]].values.tolist() == [["T01", 3, 4], ["OV", 1, 1]]  # overall last
    assert s.loc[0, "share"] == pytest.approx(0.75)
    assert s.loc[0, "ci_low"] < 0.75 < s.loc[0, "ci_high"]
    first, second = s.loc[0, "examples"]
    assert first.startswith("希望早点发货") and "13812345678" not in first  # the closest, masked
    assert second == "希望物流快一点"  # written twice, quoted once
    assert suggestion_table(result, k=0).loc[0, "examples"] == []


def test_suggestions_without_the_column_are_found_from_the_clauses(result):
    result.mentions = result.mentions.drop(columns="suggestion")
    assert suggestion_table(result)[["theme", "n_suggestions"]].values.tolist() == [["T01", 3], ["OV", 1]]


def test_fix_list_groups_by_horizon_then_owner_and_ranks_by_share_without_drivers(result):
    f = fix_list(result)
    assert list(f.columns) == list(FIX_LIST.names)
    assert f[["horizon", "owner", "theme", "n", "base", "n_complainers"]].values.tolist() == [
        ["now", "物流部", "T01", 2, 3, 2], ["now", "物流部", "T03", 1, 3, 1], ["later", "客服部", "T02", 1, 3, 1]]
    assert f.loc[0, "complaint"] == "物流慢" and f.loc[0, "share"] == pytest.approx(2 / 3)
    assert f["gain"].isna().all()


def test_fix_list_ranks_by_the_gain_a_driver_result_or_its_what_if_frame_gives(result):
    gains = pd.DataFrame({"theme": ["T01", "T02", "T03"], "change": [5.0, 2.0, 8.0], "ci_low": [1.0, -1.0, 3.0],
                          "ci_high": [9.0, 5.0, 13.0]})

    class Drivers:  # what textmine.drivers.DriverResult offers
        signed = True
        calls = []

        def to_frame(self):
            return gains[["theme"]]

        def what_if(self, themes, resolved, method):
            self.calls.append((list(themes), resolved, method))
            return gains.set_index("theme").loc[list(themes)].reset_index()

    for drivers in (gains, Drivers()):
        f = fix_list(result, drivers)
        assert f["theme"].tolist() == ["T03", "T01", "T02"]
        assert f[["gain", "gain_ci_low", "gain_ci_high"]].values.tolist() == [[8, 3, 13], [5, 1, 9], [2, -1, 5]]
    assert Drivers.calls == [(["T01", "T02", "T03"], 1.0, "removal")]  # codebook order
    Drivers.signed = False  # unsigned mentions: no complaints, no gain
    assert fix_list(result, Drivers())["gain"].isna().all()
    with pytest.raises(ValueError, match=r"the drivers frame lacks \['change'\]"):
        fix_list(result, gains.drop(columns="change"))
