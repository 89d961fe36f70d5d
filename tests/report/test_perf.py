"""The report's speed-ups change no figure: the per-render cache, the paused garbage collector, the integer codes
of respondent ids and the drill-down built from the analysis' masked answers (textmine/report/_perf.py)."""

import contextlib
import copy
import dataclasses
import gc
from types import SimpleNamespace

import pandas as pd
import pytest

from textmine.report import _views
from textmine.report._drill import drill_data
from textmine.report._perf import gc_paused, isin, per_render, positions, render_cache, respondent_codes
from textmine.themes import NO_CONTENT_ID


def test_per_render_memoises_inside_a_render_cache_only():
    calls = []

    @per_render
    def f(a, x):
        calls.append((a.name, x))
        return [a.name, x]

    a, b = SimpleNamespace(name="a"), SimpleNamespace(name="b")
    f(a, 1), f(a, 1)
    assert len(calls) == 2  # outside a render: computed every time
    with render_cache():
        assert f(a, 1) is f(a, 1)
        f(a, 2), f(b, 1)
        with render_cache():  # a nested block shares the outer one's results
            f(a, 1)
    assert calls[2:] == [("a", 1), ("a", 2), ("b", 1)]
    f(a, 1)
    assert len(calls) == 6  # the results went with the block


def test_per_render_caches_none_but_not_errors():
    calls = []

    @per_render
    def f(a):
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("first call fails")
        return None

    a = SimpleNamespace()
    with render_cache():
        with pytest.raises(ValueError):
            f(a)
        assert f(a) is None and f(a) is None
    assert len(calls) == 2


def test_gc_paused_restores_the_collector():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with gc_paused():
            assert not gc.isenabled()
            raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_isin_and_positions_match_pandas():
    values = pd.Series(["b", "a", None, "c", "a"], dtype="str")
    among = pd.Series(["a", "c", "x"], dtype="str")
    assert isin(values, among).tolist() == values.isin(among).tolist()
    assert positions(values, ["a", "b"]).tolist() == [1, 0, -1, -1, 0]
    assert positions(pd.Series([], dtype="str"), ["a"]).tolist() == []


def test_respondent_codes_keep_equality_and_order():
    frame = pd.DataFrame({"respondent_id": pd.Series(["r10", "r2", "r3"], dtype="str")})
    mentions = pd.DataFrame({"respondent_id": pd.Series(["r3", "x9", "r10", "r3"], dtype="str")})
    a = SimpleNamespace(survey=SimpleNamespace(frame=frame), themes=SimpleNamespace(mentions=mentions))
    fc, mc = respondent_codes(a)
    ids = list(frame["respondent_id"]) + list(mentions["respondent_id"])
    codes = list(fc) + list(mc)
    for i in range(len(ids)):
        for j in range(len(ids)):
            assert (codes[i] == codes[j]) == (ids[i] == ids[j])
            assert (codes[i] < codes[j]) == (ids[i] < ids[j])  # sorts as the ids do


def test_theme_trends_are_computed_once_per_kind_in_a_render(analysis, monkeypatch):
    calls = []
    real = _views._k
    monkeypatch.setattr(_views, "_k", lambda *args: calls.append(args[2]) or real(*args))
    outside = [_views.theme_trends(analysis, kind=k, top=t) for k in ("complaint", "praise") for t in (6, 10)]
    assert len(calls) == 4
    calls.clear()
    with render_cache():
        inside = [_views.theme_trends(analysis, kind=k, top=t) for k in ("complaint", "praise") for t in (6, 10)]
    assert len(calls) == 2
    for x, y in zip(outside, inside):
        pd.testing.assert_frame_equal(x, y)


def test_the_cache_and_the_paused_collector_change_no_byte(analysis, report_html, monkeypatch):
    import textmine.report._report as mod

    monkeypatch.setattr(mod, "render_cache", contextlib.nullcontext)
    monkeypatch.setattr(mod, "gc_paused", contextlib.nullcontext)
    assert mod.render_html(analysis) == report_html


def _bare(a):
    """The analysis' fields on a plain object: no ``masked_answers``, so the drill-down masks the answers itself."""
    return SimpleNamespace(**{f.name: getattr(a, f.name) for f in dataclasses.fields(a)})


def test_drill_down_shows_the_masked_answers(analysis):
    a = dataclasses.replace(copy.deepcopy(analysis))
    f = a.survey.frame
    m = a.themes.mentions
    rid = m.loc[m["theme"] != NO_CONTENT_ID, "respondent_id"].iloc[0]
    f.loc[f["respondent_id"] == rid, "text"] = "电话13812345678，" + f.loc[f["respondent_id"] == rid, "text"]
    d = drill_data(a)
    assert d == drill_data(_bare(a))  # the analysis' masked answers, or masked here: the same page
    masked = [x[0] for x in d["answers"]]
    assert not any("13812345678" in t for t in masked) and any(t.startswith("电话<") for t in masked)
    for entries in d["mentions"]:
        for k, start, end, _, _ in entries:
            assert start == -1 or 0 <= start <= end <= len(masked[k])


def test_a_capped_drill_down_keeps_each_themes_closest_answers(analysis):
    d = drill_data(analysis, max_answers=0, top=2)
    assert d["capped"] and all(len(ms) <= 2 for ms in d["mentions"])
    m = analysis.themes.mentions
    m = m[m["theme"] != NO_CONTENT_ID].sort_values(["similarity", "clause_id"], ascending=[False, True], kind="stable")
    best = m.drop_duplicates(["respondent_id", "theme"]).groupby("theme").head(2)
    f = analysis.survey.frame
    kept = f.loc[f["respondent_id"].isin(set(best["respondent_id"])), "respondent_id"].tolist()
    for theme, entries in zip(d["themes"], d["mentions"]):
        want = best.loc[best["theme"] == theme["id"], "respondent_id"].tolist()
        assert [kept[e[0]] for e in entries] == want
