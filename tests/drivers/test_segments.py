import numpy as np
import pytest

import pandas as pd

from textmine.drivers import DriverAnalysis, segment_drivers


def test_segment_table_and_tests(make_survey):
    df = make_survey(n=3000, seed=5)
    # make t0's penalty much bigger in segment b
    b = (df.seg == "b") & (df.t0 == -1)
    df.loc[b, "score"] = (df.loc[b, "score"] - 4).clip(0, 10)
    sd = segment_drivers(df, segment="seg", themes=["t0", "t1"], n_boot=50, min_n=30)
    t = sd.to_frame()
    assert sorted(t["segment"].unique()) == ["a", "b"]
    assert t.groupby("segment")["n_segment"].first().sum() == 3000
    tests = sd.tests.set_index("theme")
    assert tests.loc["t0", "removal_pval_adj"] < 0.05
    assert tests.loc["t0", "impact_pval_adj"] < 0.01
    assert tests.loc["t1", "share_pval"] > 0.01
    assert {"share_pval", "share_pval_adj", "impact_pval", "impact_pval_adj"} <= set(sd.tests.columns)


def test_small_segments_warned(make_survey):
    df = make_survey(n=400, seed=2)
    df.loc[:19, "seg"] = "tiny"
    sd = segment_drivers(df, segment="seg", themes=["t0"], n_boot=0, min_n=30)
    assert any("segment 'tiny': small base n=20" in w for w in sd.warnings)
    assert any("theme 't0': small base" in w for w in sd.warnings)
    assert "warning" in sd.summary()


def test_segments_are_clones_of_the_analysis(make_survey):
    df = make_survey(n=600, seed=4)
    base = DriverAnalysis(n_boot=20, alpha=0.1, random_state=3)
    sd = segment_drivers(df, segment="seg", themes=["t0", "t1"], analysis=base, min_n=10)
    assert base.min_n == 30 and not hasattr(base, "result_")  # the analysis given is not changed
    by_hand = [DriverAnalysis(n_boot=20, alpha=0.1, random_state=3, min_n=10, max_shapley=0)
               .fit(sub, themes=["t0", "t1"]).result_.to_frame()["removal_ci_low"] for _, sub in df.groupby("seg")]
    pd.testing.assert_series_equal(sd.to_frame()["removal_ci_low"], pd.concat(by_hand, ignore_index=True))
    fitted = base.fit(df, themes=["t0", "t1"], segment="seg").result_.segments.to_frame()
    pd.testing.assert_series_equal(fitted["removal_ci_low"], sd.to_frame()["removal_ci_low"])  # fit clones itself
