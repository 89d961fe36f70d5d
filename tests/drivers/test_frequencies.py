"""Frequency weights in the driver analysis: identical respondents collapsed into one counted row (what ``fit``
does by itself, and what a frame aggregated elsewhere passes with ``freq=``) give the results of the respondents."""

import numpy as np
import pandas as pd
import pytest

import textmine.drivers._analysis as analysis_module
from textmine.drivers import DriverAnalysis
from textmine.errors import ConfigError, SchemaError


def _frame(n=2500, seed=0, weighted=False, signed=True):
    rng = np.random.default_rng(seed)
    codes = [0, 1, -1, 2, 3] if signed else [0, 1]
    p = [.6, .15, .15, .05, .05] if signed else [.7, .3]
    X = rng.choice(codes, size=(n, 4), p=p)
    pos, neg = (X == 1) | (X == 3), (X == -1) | (X == 3)
    s = np.clip(np.round(7 + pos @ [1, .5, 0, .2] - neg @ [2, 1, .5, .1] + rng.normal(0, 2, n)), 0, 10)
    if not signed:
        s = np.clip(np.round(7 - X @ [2, 1, 0, -.5] + rng.normal(0, 2, n)), 0, 10)
    f = pd.DataFrame(X, columns=[f"t{i}" for i in range(4)])
    f["score"] = s
    if weighted:
        f["w"] = rng.choice([0.5, 1.0, 2.5], n)
    return f


def _fit(frame, collapse=True, **kw):
    if collapse:
        return DriverAnalysis(n_boot=150, random_state=3).fit(frame, **kw).result_
    saved = analysis_module.collapse
    analysis_module.collapse = lambda prep: prep  # the respondents as they are, one row each
    try:
        return DriverAnalysis(n_boot=150, random_state=3).fit(frame, **kw).result_
    finally:
        analysis_module.collapse = saved


def _same(a, b):
    ta, tb = a.to_frame(), b.to_frame()
    assert list(ta.columns) == list(tb.columns) and len(ta) == len(tb)
    for c in ta.columns:
        if ta[c].dtype.kind in "fi":
            np.testing.assert_allclose(ta[c].astype(float), tb[c].astype(float), rtol=1e-9, atol=1e-9, err_msg=c)
        else:
            assert ta[c].tolist() == tb[c].tolist(), c
    assert a.overall["n"] == b.overall["n"]
    for k in ("n_eff", "nps", "se", "ci_low", "ci_high"):
        assert a.overall[k] == pytest.approx(b.overall[k], rel=1e-12)
    num = [c for c in a.terms.columns if a.terms[c].dtype.kind == "f"]
    np.testing.assert_allclose(a.terms[num].to_numpy(float), b.terms[num].to_numpy(float), rtol=1e-9, atol=1e-9)
    assert a.dropped == b.dropped


@pytest.mark.parametrize("weighted,signed", [(False, True), (True, True), (False, False), (True, False)])
def test_collapsed_rows_give_the_respondents_results(weighted, signed):
    frame = _frame(weighted=weighted, signed=signed)
    kw = {"weight": "w"} if weighted else {}
    _same(_fit(frame, **kw), _fit(frame, collapse=False, **kw))


def test_frequency_column_equals_the_expanded_frame():
    # a frame aggregated elsewhere (one row per pattern and its count) against its rows repeated in place
    frame = _frame(n=1200, seed=1)
    agg = frame.groupby(list(frame.columns), sort=False).size().rename("count").reset_index()
    assert len(agg) < len(frame) / 2
    expanded = agg.loc[agg.index.repeat(agg["count"])].drop(columns="count").reset_index(drop=True)
    got = DriverAnalysis(n_boot=100, random_state=0).fit(agg, freq="count").result_
    want = DriverAnalysis(n_boot=100, random_state=0).fit(expanded).result_
    _same(got, want)
    assert got.overall["n"] == len(frame)


def test_rows_of_zero_frequency_are_left_out():
    frame = _frame(n=600, seed=2)
    frame["count"] = 1
    more = pd.concat([frame, frame.head(5).assign(count=0)], ignore_index=True)
    _same(DriverAnalysis(n_boot=50).fit(more, freq="count").result_,
          DriverAnalysis(n_boot=50).fit(frame, freq="count").result_)


@pytest.mark.parametrize("bad", [1.5, -1, np.nan])
def test_a_frequency_that_is_not_a_count_is_refused(bad):
    frame = _frame(n=300, seed=3)
    frame["count"] = 1.0
    frame.loc[7, "count"] = bad
    with pytest.raises(SchemaError, match=r"'count'.*row 7.*whole numbers"):
        DriverAnalysis(n_boot=0).fit(frame, freq="count")
    with pytest.raises(SchemaError, match="missing column 'n_resp'"):
        DriverAnalysis(n_boot=0).fit(frame, themes=["t0", "t1"], freq="n_resp")


def test_members_give_the_respondents_order():
    # counted rows plus each respondent's row: the bootstrap resamples the respondents in their own order
    frame = _frame(n=900, seed=4)
    key = frame.astype(str).agg("|".join, axis=1)
    first = ~key.duplicated()
    rows = frame[first].reset_index(drop=True)
    members = pd.Index(key[first]).get_indexer(key)
    rows["count"] = np.bincount(members, minlength=len(rows))
    got = DriverAnalysis(n_boot=100, random_state=1).fit(rows.iloc[::-1], freq="count",
                                                         members=len(rows) - 1 - members).result_
    _same(got, DriverAnalysis(n_boot=100, random_state=1).fit(frame).result_)
    with pytest.raises(SchemaError, match="members="):
        DriverAnalysis(n_boot=0).fit(rows, freq="count", members=members[:-1])


def test_segments_of_counted_rows_are_the_segments_of_the_respondents():
    frame = _frame(n=1500, seed=5)
    frame["seg"] = np.where(np.arange(len(frame)) % 3 == 0, "a", "b")
    agg = frame.groupby(list(frame.columns), sort=False).size().rename("count").reset_index()
    expanded = agg.loc[agg.index.repeat(agg["count"])].drop(columns="count").reset_index(drop=True)
    got = DriverAnalysis(n_boot=60, random_state=2).fit(agg, freq="count", segment="seg").result_.segments
    want = DriverAnalysis(n_boot=60, random_state=2).fit(expanded, segment="seg").result_.segments
    pd.testing.assert_frame_equal(got.to_frame(), want.to_frame(), rtol=1e-9, atol=1e-9)
    with pytest.raises(ConfigError, match="no segment="):
        DriverAnalysis(n_boot=0).fit(agg, freq="count", segment="seg", members=np.repeat(np.arange(len(agg)),
                                                                                           agg["count"]))


def test_a_row_of_no_respondent_does_not_change_the_analysis():
    # a zero-frequency row with signed codes neither makes the analysis signed nor counts anywhere
    frame = _frame(n=800, seed=6, signed=False)
    frame["count"] = 1
    odd = frame.head(1).assign(t0=-1, count=0)
    themes = ["t0", "t1", "t2", "t3"]
    got = DriverAnalysis(n_boot=40).fit(pd.concat([odd, frame], ignore_index=True), themes=themes, freq="count")
    assert not got.result_.signed
    _same(got.result_, DriverAnalysis(n_boot=40).fit(frame, themes=themes).result_)
