import numpy as np
import pandas as pd
import pytest
from scipy import stats

from textmine.errors import ConfigError, SchemaError
from textmine.nps import bh_adjust, period_nps, segment_nps


def test_bh_adjust_matches_hand_computation():
    p = [0.01, 0.04, 0.03, 0.20]
    # sorted 0.01,0.03,0.04,0.20 -> 0.04, 0.06, 0.0533, 0.20 -> monotone: 0.04, 0.0533, 0.0533, 0.20
    assert bh_adjust(p) == pytest.approx([0.04, 0.05333333, 0.05333333, 0.20])
    assert np.isnan(bh_adjust([np.nan, 0.5])[0])
    assert bh_adjust([np.nan, 0.5])[1] == pytest.approx(0.5)


def _frame():
    # segment a: 30 promoters, 10 detractors (NPS +50); b: 10 promoters, 30 detractors (NPS -50); c: 10 passives
    scores = [10] * 30 + [2] * 10 + [9] * 10 + [5] * 30 + [7] * 10
    seg = ["a"] * 40 + ["b"] * 40 + ["c"] * 10
    return pd.DataFrame({"score": scores, "seg": seg})


def test_segment_nps_differences_against_the_rest():
    t = segment_nps(_frame(), "seg").to_frame()
    assert t["level"].tolist() == ["a", "b", "c"]
    assert t["nps"].tolist() == pytest.approx([50, -50, 0])
    # rest of a = b + c: 10 P, 30 D of 50 -> -40; diff = 90
    assert t.loc[0, "diff"] == pytest.approx(90)
    # z-test with adjusted-Wald variances, hand computed
    def adj(n, p, d):
        na = n + 3
        pa, da = (p + 0.75) / na, (d + 0.75) / na
        return (pa + da - (pa - da) ** 2) / na
    se = 100 * np.sqrt(adj(40, 30, 10) + adj(50, 10, 30))
    assert t.loc[0, "z"] == pytest.approx(90 / se)
    assert t.loc[0, "pval"] == pytest.approx(2 * stats.norm.sf(90 / se))
    assert t["small_base"].tolist() == [False, False, True]
    assert t["pval_adj"].tolist() == pytest.approx(bh_adjust(t["pval"]).tolist())


def test_segment_columns_are_stable_and_missing_levels_named():
    f = _frame()
    f.loc[0, "seg"] = None
    t = segment_nps(f, ["seg"]).to_frame()
    assert list(t.columns) == ["segment", "level", "n", "promoters", "passives", "detractors", "nps", "se",
                               "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high", "z", "pval",
                               "pval_adj", "small_base"]
    assert "(missing)" in t["level"].tolist()
    with pytest.raises(SchemaError, match="missing column 'region'"):
        segment_nps(f, "region")


def test_period_nps_months_with_change_and_gap():
    f = pd.DataFrame({
        "score": [10] * 40 + [0] * 40,
        "date": pd.to_datetime(["2026-01-10"] * 40 + ["2026-03-05"] * 40),
    })
    f.loc[0, "date"] = pd.NaT
    t = period_nps(f, period="month")
    d = t.to_frame()
    assert d["period"].tolist() == ["2026-01", "2026-02", "2026-03"]
    assert d["n"].tolist() == [39, 0, 40]
    assert d["nps"].iloc[0] == 100 and d["nps"].iloc[2] == -100
    assert d["change"].isna().all()  # a change needs two non-empty consecutive periods
    assert t.frame.attrs["undated"] == 1
    q = period_nps(f, period="quarter").to_frame()
    assert q["period"].tolist() == ["2026Q1"]
    with pytest.raises(ConfigError, match="period='fortnight' is not known"):
        period_nps(f, period="fortnight")


def test_period_change_test():
    f = pd.DataFrame({"score": [10] * 30 + [0] * 10 + [10] * 10 + [0] * 30,
                      "date": ["2026-01-01"] * 40 + ["2026-02-01"] * 40})
    d = period_nps(f).to_frame()
    assert d["change"].iloc[1] == pytest.approx(-100)
    assert d["pval"].iloc[1] < 1e-6
    assert d["small_base"].tolist() == [False, False]
