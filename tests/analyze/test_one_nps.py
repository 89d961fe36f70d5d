"""The NPS of an analysis and the overall NPS of its drivers are one statistic, computed once (issue 15)."""

import pytest

import textmine as tm


@pytest.fixture(scope="module")
def analysis(small_survey):
    return tm.analyze(small_survey, text="answer", score="score", id="id", date="date", cache_dir=False,
                      quiet=True, n_boot=0)


def test_analysis_nps_and_drivers_overall_agree(analysis):
    overall = analysis.drivers.overall
    assert overall["n"] == analysis.nps.n == 240
    assert analysis.nps.se == overall["se"]
    assert analysis.nps.nps == overall["nps"]
    assert (analysis.nps.ci_low, analysis.nps.ci_high) == (overall["ci_low"], overall["ci_high"])
