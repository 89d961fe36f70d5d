import numpy as np
import pandas as pd
import pytest

from textmine.drivers import decompose_change
from textmine.errors import ConfigError


def test_contributions_sum_exactly_to_total(survey):
    d = decompose_change(survey, period="period", before="2024", after="2025",
                         themes=["t0", "t1", "t2", "t3"], n_boot=50)
    t = d.to_frame()
    assert list(t["theme"]) == ["t0", "t1", "t2", "t3", "(no theme)"]
    assert t["contribution"].sum() == pytest.approx(d.total_, abs=1e-10)
    assert (t["mix"] + t["rate"]).to_numpy() == pytest.approx(t["contribution"].to_numpy())
    b, a = survey[survey.period == "2024"].score, survey[survey.period == "2025"].score
    nps = lambda s: 100 * ((s >= 9).mean() - (s <= 6).mean())  # noqa: E731
    assert d.total_ == pytest.approx(nps(a) - nps(b), abs=1e-10)
    assert d.total_ci_[0] < d.total_ < d.total_ci_[1]
    assert t["share_before"].sum() == pytest.approx(1.0)


def test_hand_example_with_overlap():
    # before: r0 (A,B) promoter, r1 (none) detractor; after: r2 (A) promoter, r3 (A) promoter
    df = pd.DataFrame({"p": ["b", "b", "a", "a"], "score": [10, 0, 9, 10], "A": [1, 0, 1, 1], "B": [1, 0, 0, 0]})
    d = decompose_change(df, period="p", before="b", after="a", themes=["A", "B"], n_boot=0)
    t = d.to_frame().set_index("theme")
    assert d.nps_before_ == pytest.approx(0.0) and d.nps_after_ == pytest.approx(100.0)
    # shares before: A 0.25, B 0.25, none 0.5; after: A 1.0
    assert t["share_before"].tolist() == pytest.approx([0.25, 0.25, 0.5])
    assert t["share_after"].tolist() == pytest.approx([1.0, 0.0, 0.0])
    assert t["nps_before"].tolist() == pytest.approx([100, 100, -100])
    assert t["contribution"].sum() == pytest.approx(100.0)
    # A: mix = 0.75 * (100 - 50) = 37.5, rate = 0
    assert t.loc["A", "mix"] == pytest.approx(37.5) and t.loc["A", "rate"] == pytest.approx(0)


def test_weights_and_errors(survey):
    d = decompose_change(survey, "period", "2024", "2025", themes=["t0", "t1"], weight="wt", n_boot=0)
    assert d.to_frame()["contribution"].sum() == pytest.approx(d.total_, abs=1e-10)
    with pytest.raises(ConfigError, match="after='2030'"):
        decompose_change(survey, "period", "2024", "2030", themes=["t0"])
    assert "change" in d.summary()
