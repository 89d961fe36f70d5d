import json

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from textmine.errors import InputError, SchemaError
from textmine.loop import ReferralResult, referral_rates
from textmine.loop._loop_tables import REFERRALS

SURVEY = pd.DataFrame({"编号": ["a", "b", "c", "d", "e", "f", "g", "h"],
                       "推荐意愿": ["10", "9", "9", "8", "7", "3", "0", "x"],
                       "原因": ["物流很快，电话13812345678"] * 8})


def _simulated(seed=5, n=1500, rates=(0.05, 0.12, 0.30)):
    rng = np.random.default_rng(seed)
    s = rng.integers(0, 11, n)
    p = np.array(rates)[np.where(s >= 9, 2, np.where(s >= 7, 1, 0))]
    ids = [f"r{i}" for i in range(n)]
    referred = (rng.random(n) < p) * rng.integers(1, 3, n)
    return pd.DataFrame({"id": ids, "score": s}), pd.DataFrame({"id": ids, "referrals": referred})


def test_rates_by_group_from_a_count_table_and_ids_outside_the_survey_reported():
    table = pd.DataFrame({"编号": ["a", "b", "c", "d", "e", "f", "g", "h", "zz"],
                          "推荐人数": ["2", "0", "1", "1", "0", "0", "1", "1", "3"]})
    r = referral_rates(SURVEY, table)
    assert isinstance(r, ReferralResult)
    t = r.to_frame().set_index("group")
    assert list(r.to_frame().columns) == list(REFERRALS.names)
    assert t.loc["promoter", ["n", "referrers"]].tolist() == [3, 2]
    assert t.loc["passive", ["n", "referrers"]].tolist() == [2, 1]
    assert t.loc["detractor", ["n", "referrers"]].tolist() == [2, 1]
    assert t.loc["promoter", "rate_ratio"] == pytest.approx((2 / 3) / (1 / 2))
    assert t.loc["all", "n"] == 7 and np.isnan(t.loc["all", "rate_ratio"])
    assert t.loc["detractor", "rate_ratio"] == 1 and np.isnan(t.loc["detractor", "rr_ci_low"])
    reasons = sorted(zip(r.unmatched["source"], r.unmatched["respondent_id"], r.unmatched["reason"]))
    assert reasons == [("referrals", "h", "id not among the analysed survey respondents"),
                       ("referrals", "zz", "id not among the analysed survey respondents"),
                       ("survey", "h", "not analysed: unparseable score")]
    assert r.settings["count"] == "推荐人数" and r.verdict_code == "too_few"


def test_a_table_of_referral_events_counts_rows_and_absent_respondents_referred_no_one():
    events = pd.DataFrame({"referrer": ["a", "a", "d", "q"], "referred_customer": ["n1", "n2", "n3", "n4"]})
    r = referral_rates(SURVEY, events, referral_id="referrer")
    t = r.to_frame().set_index("group")
    assert t.loc["promoter", "referrers"] == 1 and t.loc["passive", "referrers"] == 1 and t.loc["all", "n"] == 7
    assert r.counts["customers_referred"] == 3
    assert "one row per referral made" in r.notes[0]


def test_respondents_missing_from_a_count_table_are_reported_not_counted_as_zero():
    r = referral_rates(SURVEY, pd.DataFrame({"编号": ["a", "b"], "count": ["yes", "no"]}), count="count")
    assert r.counts["analysed"] == 2
    assert (r.unmatched["reason"] == "id not in the referral table").sum() == 5


def test_a_planted_rate_ratio_is_recovered_and_the_verdict_says_it_tracks():
    survey, table = _simulated()
    r = referral_rates(survey, table, id="id", score="score")
    t = r.to_frame().set_index("group")
    assert t.loc["promoter", "rr_ci_low"] <= 6.0 <= t.loc["promoter", "rr_ci_high"]
    assert t.loc["passive", "rr_ci_low"] <= 2.4 <= t.loc["passive", "rr_ci_high"]
    assert r.auc["auc"] == pytest.approx(roc_auc_score(table["referrals"] > 0, survey["score"]))
    assert r.auc["ci_low"] < r.auc["auc"] < r.auc["ci_high"]
    assert r.verdict_code == "tracks" and r.verdict.startswith("This NPS tracks word of mouth")
    assert "% of promoters actually referred someone" in r.verdict


def test_no_link_between_score_and_referring_is_said_plainly():
    survey, table = _simulated(seed=2, rates=(0.15, 0.15, 0.15))
    r = referral_rates(survey, table, id="id", score="score")
    assert r.auc["ci_low"] < 0.5 < r.auc["ci_high"]
    assert r.verdict_code == "does_not_track" and "does not track word of mouth" in r.verdict


def test_save_writes_csv_and_json_without_answers(tmp_path):
    survey, table = _simulated()
    paths = referral_rates(survey, table, id="id", score="score").save(tmp_path)
    assert set(paths) == {"referrals.csv", "referrals.json", "unmatched.csv"}
    assert pd.read_csv(paths["referrals.csv"]).columns.tolist() == list(REFERRALS.names)
    out = json.loads(paths["referrals.json"].read_text(encoding="utf-8"))
    assert {"auc", "auc_ci_low", "auc_ci_high", "verdict", "verdict_code"} <= set(out)
    assert out["auc_ci_low"] < out["auc"] < out["auc_ci_high"]


def test_unknown_ids_are_one_error_naming_the_columns():
    with pytest.raises(InputError, match="none of the 2 ids of the referral table <DataFrame> \\(column '编号'\\) is "
                                         "a survey respondent \\(column '编号', 7 ids\\)"):
        referral_rates(SURVEY, pd.DataFrame({"编号": ["x", "y"], "n": [1, 0]}), count="n")


def test_bad_counts_and_unknown_columns_are_errors():
    with pytest.raises(InputError, match="1 of 2 rows of <DataFrame> have no usable count in column 'n' \\(first: "
                                         "row 2, '-1'\\)"):
        referral_rates(SURVEY, pd.DataFrame({"编号": ["a", "b"], "n": ["1", "-1"]}), count="n")
    with pytest.raises(SchemaError, match="could not choose the id column of the referral table"):
        referral_rates(SURVEY, pd.DataFrame({"who": ["a"], "n": [1]}), count="n")
    answer = "物流很快，电话13812345678"
    with pytest.raises(InputError) as err:
        referral_rates(SURVEY, pd.DataFrame({"编号": ["a", "b"], "n": ["1", answer]}), count="n")
    assert answer not in str(err.value)
