import json

import numpy as np
import pandas as pd
import pytest

from textmine.errors import ConfigError, InputError, SchemaError
from textmine.loop import CadenceResult, contact_cadence
from textmine.loop._loop_tables import CADENCE, OVER_CONTACTED, UNMATCHED

ANSWER = "快递太慢了，客服电话13812345678"

# a: three invitations 9 and 10 days apart, answers the third; b: 96 days apart; c: twice on one day;
# d: 45 days apart (in 90 days, not in 30), its survey score is unusable
LOG = pd.DataFrame({
    "customer": ["a", "a", "a", "b", "b", "c", "c", "d", "d"],
    "invited": ["2026-01-01", "2026-01-10", "2026-01-20", "2025-10-01", "2026-01-05", "2026-01-01", "2026-01-01",
                "2025-12-01", "2026-01-15"],
    "answered": ["no", "no", "yes", "no", "yes", "yes", "no", "no", "yes"],
})
SURVEY = pd.DataFrame({"respondent_id": ["a", "b", "c", "e", "d"], "score": ["9", "3", "10", "8", "x"],
                       "comment": [ANSWER] * 5})


def _run(**kw) -> CadenceResult:
    return contact_cadence(LOG, SURVEY, id="customer", date="invited", responded="answered", score="score", **kw)


def _cells(r, window, col):
    t = r.to_frame()
    return t[t["window"] == window].set_index("bin")[col].to_dict()


def test_previous_invitations_are_counted_in_each_window_strictly_before_the_day():
    r = _run(min_n=1)
    assert _cells(r, "invitations_30d", "invitations") == {"0": 7, "1": 1, "2": 1}
    assert _cells(r, "invitations_90d", "invitations") == {"0": 6, "1": 2, "2": 1}
    assert _cells(r, "days_since_last", "invitations") == {"first": 5, "8-14": 2, "31-90": 1, "91+": 1}
    assert _cells(r, "invitations_30d", "responses") == {"0": 3, "1": 0, "2": 1}
    assert _cells(r, "invitations_30d", "n_scored") == {"0": 2, "1": 0, "2": 1}
    assert _cells(r, "invitations_30d", "mean_score")["0"] == pytest.approx(6.5)
    assert list(r.to_frame().columns) == list(CADENCE.names)


def test_every_row_not_linked_is_reported_with_its_reason():
    r = _run()
    u = r.unmatched
    assert list(u.columns) == list(UNMATCHED.names)
    got = sorted(zip(u["source"], u["respondent_id"], u["reason"]))
    assert got == [("contacts", "d", "answered, but no survey row was linked to it"),
                   ("survey", "d", "not analysed: unparseable score"),
                   ("survey", "e", "id not in the contact log")]
    assert r.counts["linked"] == 3 and r.counts["unmatched"] == 3
    assert "unmatched or not analysed: 3 rows" in r.summary()


def test_contacts_over_the_limit_are_listed_with_their_busiest_window():
    over = _run(limit=2, limit_days=30).over_contacted
    assert list(over.columns) == list(OVER_CONTACTED.names)
    assert over["respondent_id"].tolist() == ["a"]
    row = over.iloc[0]
    assert (row["invitations"], row["max_in_window"], row["responses"], row["in_survey"]) == (3, 3, 1, True)
    assert str(row["window_start"])[:10] == "2026-01-01" and str(row["window_end"])[:10] == "2026-01-20"
    assert _run(limit=3).over_contacted.empty


def test_answers_are_linked_by_date_when_an_id_answered_twice():
    log = pd.DataFrame({"id": ["a", "a", "b"], "date": ["2026-01-01", "2026-02-01", "2026-01-01"],
                        "responded": [1, 1, 1]})
    survey = pd.DataFrame({"id": ["a", "a", "b"], "score": [9, 2, 7], "when": ["2026-01-03", "2026-02-02", ""]})
    by_id = contact_cadence(log, survey, survey_id="id", score="score")
    assert by_id.counts["linked"] == 1
    assert set(by_id.unmatched["reason"]) >= {"id given to several survey rows: link by date with survey_date= "
                                             "(CLI: --survey-date)"}
    by_date = contact_cadence(log, survey, survey_id="id", score="score", survey_date="when")
    assert by_date.counts["linked"] == 2
    assert "no date in the survey row" in set(by_date.unmatched["reason"])
    late = contact_cadence(log, survey.assign(when=["2026-03-30", "2026-02-02", "2026-01-01"]), survey_id="id",
                           score="score", survey_date="when", max_lag=10)
    assert "no answered invitation of this id up to max_lag days before the answer" in set(late.unmatched["reason"])


def test_a_planted_fatigue_effect_is_recovered_with_intervals_that_hold_the_truth():
    rng = np.random.default_rng(7)
    hazard, n = np.array([0.40, 0.28, 0.18, 0.10]), 2500
    start = np.datetime64("2026-01-01") + rng.integers(0, 100, n).astype("timedelta64[D]")
    rows, answers, at_risk = [], [], np.ones(n, bool)
    for k in range(4):
        who = np.flatnonzero(at_risk)
        yes = rng.random(who.size) < hazard[k]
        rows.append(pd.DataFrame({"id": who, "day": start[who] + np.timedelta64(6 * k, "D"), "resp": yes}))
        answers.append(pd.DataFrame({"id": who[yes], "score": np.clip(np.round(rng.normal(8 - 0.8 * k, 1.5,
                                                                                        yes.sum())), 0, 10)}))
        at_risk[who[yes]] = False
    r = contact_cadence(pd.concat(rows), pd.concat(answers).astype({"score": int}), id="id", date="day",
                        responded="resp", survey_id="id", score="score")
    t = r.to_frame().query("window == 'invitations_30d'")
    assert np.all((t["ci_low"] - 0.02 <= hazard) & (hazard <= t["ci_high"] + 0.02))
    assert t["rr_ci_high"].iloc[-1] < 1 and np.isnan(t["rr_ci_low"].iloc[0])
    assert t["mean_score"].is_monotonic_decreasing
    trend = r.trends.set_index(["window", "measure"])
    assert trend.loc[("invitations_30d", "response_rate"), "ci_high"] < 0
    assert trend.loc[("invitations_30d", "score"), "ci_low"] < -0.8 + 0.15
    assert trend.loc[("invitations_30d", "score"), "pval"] < 0.001


def test_save_writes_the_tables_page_and_json_without_any_answer(tmp_path):
    paths = _run(min_n=1).save(tmp_path / "out")
    assert set(paths) == {"cadence.csv", "cadence_trends.csv", "over_contacted.csv", "unmatched.csv",
                          "cadence.html", "cadence.json"}
    assert pd.read_csv(paths["cadence.csv"]).columns.tolist() == list(CADENCE.names)
    html = paths["cadence.html"].read_text(encoding="utf-8")
    assert html.count("<svg") == 6 and "<script" not in html and "http" not in html.split("<body>")[1]
    for p in paths.values():
        assert "快递" not in p.read_text(encoding="utf-8-sig") and "13812345678" not in p.read_text(encoding="utf-8-sig")
    assert json.loads(paths["cadence.json"].read_text(encoding="utf-8"))["counts"]["linked"] == 3


def test_no_shared_id_is_one_error_and_names_both_columns():
    with pytest.raises(InputError, match="none of the 4 survey respondent ids \\(column 'respondent_id'\\) is in "
                                         "the contact log <DataFrame> \\(column 'customer', 4 ids\\)"):
        contact_cadence(LOG.assign(customer=["x"] * 3 + ["y"] * 2 + ["z"] * 2 + ["w"] * 2), SURVEY,
                        id="customer", date="invited", responded="answered", score="score")


def test_a_survey_without_an_id_column_is_an_error():
    with pytest.raises(SchemaError, match="has no respondent id column to link by; name it with survey_id="):
        contact_cadence(LOG, pd.DataFrame({"score": [1, 2]}), id="customer", date="invited",
                        responded="answered")


@pytest.mark.parametrize("kw, message", [
    ({"windows": (0,)}, "windows=.* must be whole numbers of days >= 1"),
    ({"gap_edges": (14, 7)}, "gap_edges=.* must be increasing"),
    ({"limit": 0}, "limit=0 must be a whole number >= 1"),
])
def test_bad_settings_are_errors_naming_the_value(kw, message):
    with pytest.raises(ConfigError, match=message):
        _run(**kw)


def test_files_in_other_formats_and_encodings_give_the_same_table(tmp_path):
    LOG.to_excel(tmp_path / "log.xlsx", index=False)
    SURVEY.to_csv(tmp_path / "survey.csv", index=False, encoding="gb18030")
    r = contact_cadence(tmp_path / "log.xlsx", tmp_path / "survey.csv", id="customer", date="invited",
                        responded="answered", score="score")
    pd.testing.assert_frame_equal(r.to_frame(), _run().to_frame())
