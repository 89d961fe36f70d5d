"""The trust result (textmine/trust/_trustresult.py): the flagged levels first, plain records for JSON, and a summary
that reports counts and rates, never an answer."""

import math

from textmine.trust import respondent_mismatch, segment_trust


def _result(coached, seed=0, **kw):
    frame, mentions = coached(seed, **kw)
    mm = respondent_mismatch(mentions, frame, with_text=True)  # the texts exist, and must not reach the result
    return segment_trust(frame, "store", mismatch=mm), mentions


def test_flagged_lists_the_levels_to_review_most_significant_first(coached):
    res, _ = _result(coached)
    f = res.flagged()
    assert f["level"].tolist()[0] == "S00" and f["flagged"].all()
    assert f["pval_adj"].is_monotonic_increasing
    assert len(res) == 10


def test_records_are_plain_values_with_none_for_nan(coached):
    frame, mentions = coached(1)
    frame.loc[frame.index[:10], "store"] = "tiny"
    recs = segment_trust(frame, "store", mismatch=respondent_mismatch(mentions, frame)).to_records()
    tiny = next(r for r in recs if r["level"] == "tiny")
    assert tiny["pval_adj"] is None and tiny["small_base"] is True and isinstance(tiny["n"], int)
    assert all(not (isinstance(v, float) and math.isnan(v)) for r in recs for v in r.values())


def test_summary_reports_rates_and_the_flagged_store_and_no_answer(coached):
    res, mentions = _result(coached)
    text = res.summary()
    assert "store / S00" in text and "1 of 10 levels flagged for review" in text
    assert "Benjamini-Hochberg over 30 tests, FDR 0.05" in text
    assert "overall: n=2,000, mismatch" in text
    assert not any(t in text for t in set(mentions["clause"]))
    table = res.to_frame().astype(str).to_numpy().ravel()
    assert not set(mentions["clause"]) & set(table)
    assert res.overall["n"] == 2000 and 0 < res.overall["mismatch_rate"] < 1


def test_summary_without_mismatch_flags(coached):
    frame, _ = coached(2)
    text = segment_trust(frame, "store").summary()
    assert "mismatch" not in text.splitlines()[1] and "10s" in text
