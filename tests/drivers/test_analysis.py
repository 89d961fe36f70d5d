import numpy as np
import pandas as pd
import pytest
import sklearn.exceptions
from sklearn.base import clone

from textmine.drivers import DriverAnalysis, DriverResult
from textmine.errors import ConfigError, NotFittedError, SchemaError, ScoreError


COLUMNS = [
    "theme", "n", "share", "n_positive", "n_negative", "n_neutral", "small_base",
    "mean_with", "mean_with_ci_low", "mean_with_ci_high", "mean_without", "mean_without_ci_low",
    "mean_without_ci_high", "nps_with", "nps_with_ci_low", "nps_with_ci_high", "nps_without",
    "nps_without_ci_low", "nps_without_ci_high", "removal_impact", "removal_se", "removal_ci_low",
    "removal_ci_high", "impact_nps", "impact_se", "impact_ci_low", "impact_ci_high", "impact_pval",
    "impact_pval_adj", "impact_score", "impact_score_se", "impact_score_pval_adj",
    "reward_nps", "reward_se", "reward_ci_low", "reward_ci_high", "reward_pval", "reward_pval_adj",
    "reward_score", "penalty_nps", "penalty_se", "penalty_ci_low", "penalty_ci_high", "penalty_pval",
    "penalty_pval_adj", "penalty_score", "kano", "rel_weight", "rel_weight_pct", "shapley", "note",
]


def small_frame():
    # 6 respondents: promoters rows 0,1,5; detractors rows 2,4; theme A on rows 0 and 4
    return pd.DataFrame({"score": [10, 10, 5, 8, 0, 9], "A": [1, 0, 0, 0, 1, 0], "B": [0, 1, 1, 0, 0, 1]})


def test_small_exact_descriptives_and_removal():
    r = DriverAnalysis(min_n=1, n_boot=0).fit(small_frame(), themes=["A", "B"]).result_
    t = r.to_frame().set_index("theme")
    assert r.overall["nps"] == pytest.approx(100 / 6)
    assert t.loc["A", "n"] == 2 and t.loc["A", "share"] == pytest.approx(2 / 6)
    assert t.loc["A", "nps_with"] == pytest.approx(0.0)
    assert t.loc["A", "nps_without"] == pytest.approx(25.0)
    assert t.loc["A", "removal_impact"] == pytest.approx(100 / 6 - 25.0)
    assert t.loc["B", "removal_impact"] == pytest.approx(100 / 6 - 0.0)  # without B: rows 0,3,4 -> 1P 1D
    assert t.loc["A", "mean_with"] == pytest.approx(5.0)
    assert t.loc["A", "mean_without"] == pytest.approx(8.0)
    assert t.loc["A", "kano"] == "n/a"


def test_weights_change_nps_and_removal():
    df = small_frame().assign(w=[2, 1, 1, 1, 1, 1])
    r = DriverAnalysis(min_n=1, n_boot=0).fit(df, themes=["A", "B"], weight="w").result_
    assert r.overall["nps"] == pytest.approx(100 * (4 - 2) / 7)
    t = r.to_frame().set_index("theme")
    assert t.loc["A", "nps_with"] == pytest.approx(100 * (2 - 1) / 3)
    assert t.loc["A", "removal_impact"] == pytest.approx(100 * 2 / 7 - 25.0)


def test_columns_are_stable_and_independent_of_alpha(survey):
    a = DriverAnalysis(n_boot=50).fit(survey, themes=["t0", "t1", "t2", "t3"]).result_.to_frame()
    b = DriverAnalysis(n_boot=50, alpha=0.1).fit(survey, themes=["t0", "t1", "t2", "t3"]).result_.to_frame()
    assert list(a.columns) == COLUMNS
    assert list(b.columns) == COLUMNS
    # a 90% interval is narrower than a 95% one
    assert ((b["impact_ci_high"] - b["impact_ci_low"]) < (a["impact_ci_high"] - a["impact_ci_low"])).all()


def test_unsigned_has_same_columns(make_survey):
    df = make_survey(signed=False)
    r = DriverAnalysis(n_boot=20).fit(df, themes=["t0", "t1", "t2", "t3"]).result_
    t = r.to_frame()
    assert list(t.columns) == COLUMNS
    assert not r.signed and t["reward_nps"].isna().all() and (t["kano"] == "n/a").all()
    with pytest.raises(ConfigError, match="needs signed mentions"):
        r.what_if("t0")


def test_recovers_planted_direction(survey):
    t = DriverAnalysis(n_boot=100).fit(survey, themes=["t0", "t1", "t2", "t3"]).result_.to_frame()
    t = t.set_index("theme")
    # penalty t0 (2.0) is the strongest, t3 (0.1) the weakest; reward t0 (1.0) > t2 (0.0)
    assert t["penalty_nps"].idxmin() == "t0"
    assert t["penalty_nps"].idxmax() == "t3"
    assert t.loc["t0", "reward_nps"] > t.loc["t2", "reward_nps"]
    assert t.loc["t0", "kano"] in ("must-be", "performance")
    assert t.loc["t3", "kano"] == "delighter"
    assert t.loc["t2", "kano"] == "must-be"
    assert ((t["removal_ci_low"] <= t["removal_impact"]) & (t["removal_impact"] <= t["removal_ci_high"])).all()


def test_themes_autodetected_and_segment_column_excluded(survey):
    da = DriverAnalysis(n_boot=0).fit(survey.drop(columns=["wt", "period"]), segment="seg")
    assert da.themes_ == ["t0", "t1", "t2", "t3"]
    assert da.result_.segments is not None


def test_autodetection_skips_code_columns_without_zeros(survey):
    # a city tier coded 1-3 reads like theme codes but has no 0: it is a category, not a mention column
    df = survey.drop(columns=["wt", "period", "seg"]).assign(
        tier=np.arange(len(survey)) % 3 + 1, tier_text=[str(i % 3 + 1) for i in range(len(survey))])
    with pytest.warns(UserWarning, match=r"\['tier', 'tier_text'\] hold codes 1-3 with no 0"):
        da = DriverAnalysis(n_boot=0).fit(df)
    assert da.themes_ == ["t0", "t1", "t2", "t3"]
    # with zeros (empty cells read as 0) the same columns are mention columns again
    df["tier"] = np.where(np.arange(len(df)) % 2 == 0, 1, 0)
    df["tier_text"] = ["" if i % 2 else "1" for i in range(len(df))]
    da = DriverAnalysis(n_boot=0).fit(df)
    assert da.themes_ == ["t0", "t1", "t2", "t3", "tier", "tier_text"]


def test_rare_and_collinear_themes_are_reported_not_fitted(survey):
    df = survey.copy()
    df["rare"] = 0
    df.loc[:4, "rare"] = 1
    df["copy"] = (df["t0"] != 0).astype(int)
    df["t0"] = (df["t0"] != 0).astype(int)
    df = df[["score", "t0", "t1", "rare", "copy"]].assign(t1=lambda d: (d["t1"] != 0).astype(int))
    r = DriverAnalysis(n_boot=0).fit(df).result_
    t = r.to_frame().set_index("theme")
    assert "too rare: 5 mentions" in r.dropped["rare (mention)"]
    assert r.dropped["copy (mention)"] == "collinear: identical to 't0'"
    assert np.isnan(t.loc["rare", "impact_nps"]) and np.isnan(t.loc["copy", "impact_nps"])
    assert np.isfinite(t.loc["rare", "removal_impact"])
    assert t.loc["rare", "small_base"]
    assert "too rare" in t.loc["rare", "note"]


def test_separation_is_ridge_stabilised_with_reason():
    rng = np.random.default_rng(0)
    n = 400
    df = pd.DataFrame({"score": rng.integers(0, 11, n), "A": (rng.random(n) < 0.4).astype(int)})
    df["S"] = 0
    df.loc[:19, "S"] = 1
    df.loc[:19, "score"] = 10
    r = DriverAnalysis(n_boot=0).fit(df).result_
    assert r.stabilised["S (mention)"].startswith("separation: all of its 20 mentioners are promoters")
    assert "ridge-stabilised" in r.stabilised["S (mention)"]
    t = r.to_frame().set_index("theme")
    assert 50 < t.loc["S", "impact_nps"] < 200  # finite, right direction (true effect about 146)
    assert "separation" in t.loc["S", "note"]
    assert r.terms.set_index("term").loc["S", "stabilised"].all()
    assert "Ridge-stabilised" in r.summary()


def test_what_if_scales_and_is_bounded(survey):
    r = DriverAnalysis(n_boot=100).fit(survey, themes=["t0", "t1", "t2", "t3"]).result_
    half = r.what_if("t0", resolved=0.5)
    full = r.what_if("t0", resolved=1.0)
    assert full["change"].iloc[0] == pytest.approx(2 * half["change"].iloc[0])
    assert half["change"].iloc[0] > 0
    assert half["ci_low"].iloc[0] < half["change"].iloc[0] < half["ci_high"].iloc[0]
    model = r.what_if(resolved=0.5, method="model")
    assert list(model["theme"]) == ["t0", "t1", "t2", "t3"]
    assert model.set_index("theme")["change"].idxmax() == "t0"
    with pytest.raises(ConfigError, match="resolved=1.5"):
        r.what_if("t0", resolved=1.5)
    with pytest.raises(ConfigError, match="unknown theme"):
        r.what_if("nope")


def test_bootstrap_is_seeded(survey):
    a = DriverAnalysis(n_boot=30, random_state=4).fit(survey, themes=["t0"]).result_.to_frame()
    b = DriverAnalysis(n_boot=30, random_state=4).fit(survey, themes=["t0"]).result_.to_frame()
    pd.testing.assert_frame_equal(a, b)


def test_missing_scores_are_rejected_not_dropped(survey):
    df = survey.astype({"score": float})
    df.loc[[3, 7], "score"] = np.nan
    r = DriverAnalysis(n_boot=0).fit(df, themes=["t0"]).result_
    assert r.overall["n"] == len(df) - 2
    assert r.rejects["row"].tolist() == [3, 7]


def test_errors(survey):
    with pytest.raises(NotFittedError, match="not fitted"):
        DriverAnalysis().summary()
    with pytest.raises(SchemaError, match="missing column 'nps'"):
        DriverAnalysis().fit(survey, score="nps")
    with pytest.raises(ScoreError, match="row 0 has 11.0"):
        DriverAnalysis().fit(survey.assign(score=11), themes=["t0"])
    with pytest.raises(SchemaError, match="theme column 'seg'"):
        DriverAnalysis().fit(survey.assign(seg=5), themes=["seg"])
    with pytest.raises(ConfigError, match="alpha=2"):
        DriverAnalysis(alpha=2).fit(survey)


def test_summary_mentions_no_verbatim(survey):
    r = DriverAnalysis(n_boot=20).fit(survey, themes=["t0", "t1"]).result_
    s = r.summary()
    assert isinstance(r, DriverResult)
    assert s.startswith("Driver analysis: n=2000 respondents")
    assert "t0" in s


def test_relative_importance_sums_to_r2(survey):
    r = DriverAnalysis(n_boot=0).fit(survey, themes=["t0", "t1", "t2", "t3"]).result_
    t = r.to_frame()
    assert t["rel_weight"].sum() == pytest.approx(r.r2)
    assert t["shapley"].sum() == pytest.approx(r.r2)
    assert t["rel_weight_pct"].sum() == pytest.approx(100)
    assert t.set_index("theme")["rel_weight"].idxmax() == "t0"


@pytest.mark.parametrize("score, why", [(10, "all of the 300 respondents are promoters"),
                                        (0, "none of the 300 respondents are promoters"),
                                        (8, "none of the 300 respondents are promoters")])
def test_a_survey_whose_scores_are_all_equal_is_described_not_a_crash(score, why):
    rng = np.random.default_rng(3)
    n = 300
    df = pd.DataFrame({"score": score, **{t: rng.choice([-1, 0, 0, 1], n) for t in ("A", "B", "C")}})
    r = DriverAnalysis(n_boot=20).fit(df, themes=["A", "B", "C"]).result_
    t = r.to_frame().set_index("theme")
    assert t["removal_impact"].tolist() == [0.0, 0.0, 0.0]  # nothing to remove: every NPS is the same
    assert t["impact_nps"].isna().all() and t["penalty_nps"].isna().all()
    assert all(f"not estimable: {why}, so P(promoter) has no variation" in note for note in t["note"])


def test_a_scikit_learn_estimator_cloned_with_its_parameters(survey):
    da = DriverAnalysis(n_boot=7, alpha=0.1, signed=True)
    assert da.get_params()["n_boot"] == 7
    c = clone(da)
    assert c is not da and c.get_params() == da.get_params()
    assert not hasattr(c, "result_")
    assert c.set_params(min_n=5) is c and c.min_n == 5 and da.min_n == 30
    assert clone(da.fit(survey, themes=["t0"])).get_params() == da.get_params()
    assert repr(DriverAnalysis(n_boot=7)) == "DriverAnalysis(n_boot=7)"


def test_not_fitted_is_scikit_learns_error():
    with pytest.raises(sklearn.exceptions.NotFittedError,
                       match=r"^this DriverAnalysis is not fitted yet; call fit\(frame, ...\) first$"):
        DriverAnalysis().to_frame()


def test_result_is_built_once_and_read_only(survey):
    r = DriverAnalysis(n_boot=10).fit(survey, themes=["t0", "t1"], segment="seg").result_
    with pytest.raises(AttributeError):
        r.segments = None
    assert r.segments.to_frame()["segment"].unique().tolist() == ["a", "b"]
    # plain field names only: no trailing-underscore aliases of fitted state on a result
    assert not [a for a in dir(r) if a.endswith("_") and not a.startswith("_")]
