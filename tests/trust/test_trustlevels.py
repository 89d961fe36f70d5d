"""Score–text trust per segment level (textmine/trust/_trustlevels.py): a coached store is flagged and clean stores are
not, small levels are reported but not tested, one Benjamini–Hochberg family, exact tests and Wilson intervals that
match their references, and clear errors."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from textmine.errors import ConfigError, SchemaError, ScoreError
from textmine.nps import bh_adjust, proportion_ci
from textmine.schemas import TRUST
from textmine.trust import respondent_mismatch, segment_trust
from textmine.trust._trustlevels import fisher_greater


def _trust(frame, mentions, **kw):
    return segment_trust(frame, "store", mismatch=respondent_mismatch(mentions, frame), **kw)


def test_a_coached_store_is_flagged_and_clean_stores_are_not(coached):
    frame, mentions = coached(0)
    t = _trust(frame, mentions).to_frame().set_index("level")
    s00 = t.loc["S00"]
    assert s00["flagged"] and s00["pval_adj"] < 0.001
    assert s00["pval_mismatch_adj"] < 0.001 and s00["pval_10_adj"] < 0.001
    assert s00["mismatch_rate"] > 3 * s00["mismatch_rate_rest"] and s00["share_10"] > s00["share_10_rest"]
    assert "mismatch rate higher than the rest" in s00["note"] and "more 10s than the rest" in s00["note"]
    assert not t.drop(index="S00")["flagged"].any()


def test_over_seeds_the_coached_store_is_always_found_and_clean_stores_rarely(coached):
    found, false = 0, 0
    for seed in range(20):
        t = _trust(*coached(seed, coach_share=0.75)).to_frame().set_index("level")
        found += bool(t.loc["S00", "flagged"])
        false += int(t.drop(index="S00")["flagged"].sum())
    assert found == 20
    assert false <= 5  # of 180 clean store-surveys (FDR 0.05 bounds this near 0 when one store is coached)


def test_surveys_without_coaching_rarely_flag_anything(coached):
    # BH at 0.05 under the global null: a survey with any flag at most ~5% of the time (4% over 200 seeds)
    surveys = sum(bool(_trust(*coached(seed, coached=None)).to_frame()["flagged"].any()) for seed in range(20))
    assert surveys <= 3


def test_small_levels_are_reported_not_tested(coached):
    frame, mentions = coached(1)
    frame.loc[frame.index[:12], "store"] = "tiny"
    t = _trust(frame, mentions).to_frame().set_index("level")
    tiny = t.loc["tiny"]
    assert tiny["n"] == 12 and tiny["small_base"] and not tiny["flagged"]
    assert np.isnan(tiny[["pval_mismatch", "pval_10", "pval_heaping", "pval_adj"]].to_numpy(float)).all()
    assert np.isfinite(tiny[["share_10", "share_10_ci_low", "share_10_ci_high"]].to_numpy(float)).all()
    assert tiny["note"] == "not tested: n=12 < min_n=30"
    assert not t.drop(index="tiny")["small_base"].any()


def test_the_only_level_and_missing_levels(coached):
    frame, mentions = coached(2, stores=1, coached=None)
    t = _trust(frame.assign(store="all"), mentions).to_frame()
    assert t["note"].tolist() == ["not tested: the only level of its segment"] and t["pval_adj"].isna().all()
    frame2 = frame.assign(store=np.where(np.arange(len(frame)) % 4 == 0, None, "A"))
    levels = _trust(frame2, mentions).to_frame()["level"].tolist()
    assert levels == ["(missing)", "A"]


def test_bh_runs_over_every_test_of_every_level_of_every_segment(coached):
    frame, mentions = coached(3)
    frame["channel"] = np.where(np.arange(len(frame)) % 3 == 0, "app", "web")
    frame.loc[frame.index[:5], "channel"] = "kiosk"  # a small level: out of the family
    mm = respondent_mismatch(mentions, frame)
    res = segment_trust(frame, ["store", "channel"], mismatch=mm)
    t = res.to_frame()
    raw = t[["pval_mismatch", "pval_10", "pval_heaping"]].to_numpy(float)
    adj = t[["pval_mismatch_adj", "pval_10_adj", "pval_heaping_adj"]].to_numpy(float)
    np.testing.assert_allclose(adj.ravel(), bh_adjust(raw.ravel()), equal_nan=True)
    finite = np.isfinite(raw)
    assert res.n_tests == finite.sum() == 3 * (10 + 2)
    from statsmodels.stats.multitest import multipletests

    np.testing.assert_allclose(adj[finite], multipletests(raw[finite], method="fdr_bh")[1])
    smallest = [min(a[f]) if f.any() else np.nan for a, f in zip(adj, finite)]
    np.testing.assert_allclose(t["pval_adj"], smallest, equal_nan=True)
    assert (t["flagged"] == (t["pval_adj"] < 0.05)).all()
    assert t["segment"].tolist() == ["store"] * 10 + ["channel"] * 3


def test_rates_intervals_and_tests_match_their_references(coached):
    frame, mentions = coached(4)
    mm = respondent_mismatch(mentions, frame)
    t = segment_trust(frame, "store", mismatch=mm, alpha=0.1).to_frame()
    r = t.iloc[0]
    inside = frame["store"] == r["level"]
    judged, mism = mm["judged"].to_numpy(), mm["mismatch"].to_numpy()
    k, n = int(mism[inside].sum()), int(judged[inside].sum())
    assert (r["mismatches"], r["n_judged"]) == (k, n)
    assert r["mismatch_rate"] == pytest.approx(k / n)
    assert r["mismatch_rate_rest"] == pytest.approx(mism[~inside].sum() / judged[~inside].sum())
    lo, hi = proportion_ci(k, n, alpha=0.1)
    assert (r["ci_low"], r["ci_high"]) == (pytest.approx(float(lo)), pytest.approx(float(hi)))
    table = [[k, n - k], [int(mism[~inside].sum()), int(judged[~inside].sum() - mism[~inside].sum())]]
    assert r["pval_mismatch"] == pytest.approx(stats.fisher_exact(table, alternative="greater").pvalue)
    s = frame["score"].to_numpy()
    tens = int((s[inside] == 10).sum())
    assert r["share_10"] == pytest.approx(tens / inside.sum())
    on = np.isin(s, [0, 1, 4, 5, 6, 9, 10])
    assert r["heaping"] == pytest.approx(np.isin(s[inside & on], [0, 5, 10]).mean())


def test_fisher_greater_is_scipys_one_sided_fisher():
    for k, n, k_all, n_all in [(5, 20, 8, 100), (0, 10, 3, 50), (10, 10, 12, 40), (3, 150, 60, 3000)]:
        expected = stats.fisher_exact([[k, n - k], [k_all - k, n_all - n - (k_all - k)]], alternative="greater")
        assert fisher_greater(k, n, k_all, n_all) == pytest.approx(expected.pvalue)
    assert np.isnan(fisher_greater(0, 0, 3, 50)) and np.isnan(fisher_greater(3, 50, 3, 50))


def test_columns_are_the_declared_ones_whatever_alpha(coached):
    frame, mentions = coached(5)
    for alpha in (0.05, 0.2):
        t = _trust(frame, mentions, alpha=alpha).to_frame()
        assert list(t.columns) == list(TRUST.names)
        for col in TRUST.counts:
            assert str(t[col].dtype) == "int64"
        assert str(t["flagged"].dtype) == "bool"


def test_without_mismatch_flags_only_tens_and_heaping_are_tested(coached):
    frame, _ = coached(6)
    t = segment_trust(frame, "store").to_frame()
    assert t["mismatch_rate"].isna().all() and t["pval_mismatch"].isna().all()
    assert t["n_judged"].isna().all() and str(t["mismatches"].dtype) == "Int64"  # not counted, so not 0
    assert t["pval_10"].notna().all() and t["pval_heaping"].notna().all()
    col = segment_trust(frame.assign(flag=False), "store", mismatch="flag").to_frame()
    assert (col["n_judged"] == col["n"]).all() and (col["mismatch_rate"] == 0).all()
    arr = segment_trust(frame, "store", mismatch=np.zeros(len(frame), dtype=bool)).to_frame()
    pd.testing.assert_frame_equal(arr, col)


def test_no_segment_gives_an_empty_table_and_the_survey_rates(coached):
    frame, mentions = coached(8)
    res = segment_trust(frame, [], mismatch=respondent_mismatch(mentions, frame))
    assert len(res) == 0 and list(res.to_frame().columns) == list(TRUST.names)
    assert res.overall["n"] == 2000 and res.overall["share_10"] == pytest.approx((frame["score"] == 10).mean())


def test_errors_name_the_problem(coached):
    frame, mentions = coached(7)
    mm = respondent_mismatch(mentions, frame)
    with pytest.raises(SchemaError, match="missing column 'shop' \\(a segment column\\)"):
        segment_trust(frame, "shop", mismatch=mm)
    with pytest.raises(ScoreError, match="no scores"):
        segment_trust(frame.assign(score=np.nan), "store")
    with pytest.raises(ScoreError, match="no scores"):
        segment_trust(frame.iloc[:0], "store")
    with pytest.raises(SchemaError, match="missing column 'score'"):
        segment_trust(frame.drop(columns="score"), "store")
    with pytest.raises(ConfigError, match="mismatch has 3 values for 2000 respondents"):
        segment_trust(frame, "store", mismatch=[True, False, True])
    with pytest.raises(SchemaError, match="5 respondents of the survey frame have no row in the mismatch table"):
        segment_trust(frame, "store", mismatch=mm.iloc[5:])
    with pytest.raises(SchemaError, match="True or False"):
        segment_trust(frame, "store", mismatch=np.full(len(frame), np.nan))
    with pytest.raises(ConfigError, match="fdr=0 must be between 0 and 1"):
        segment_trust(frame, "store", fdr=0)
    with pytest.raises(ConfigError, match="min_n=0 must be an integer >= 1"):
        segment_trust(frame, "store", min_n=0)
