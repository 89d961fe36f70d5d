import numpy as np

from textmine.report._complaints import complaint_panel, complaint_quotes, complaint_table, reason_text


def test_complaint_table_follows_detractor_complaints(analysis):
    tab = complaint_table(analysis)
    dc = analysis.themes.detractor_complaints()
    assert list(tab["theme"]) == list(dc["theme"].head(10))
    assert list(tab["share"]) == list(dc["share"].head(10))
    assert {"resolved_change", "resolved_ci_low", "resolved_ci_high", "penalty_nps", "n_complainers"} <= set(tab)
    # resolving complaints can only be judged with its interval; here every top complaint lowers NPS
    top = tab.iloc[0]
    assert top["resolved_ci_low"] <= top["resolved_change"] <= top["resolved_ci_high"]
    assert top["resolved_change"] > 0
    assert (tab["n_complainers"] >= tab["n"]).all()  # detractors are a subset of all complainers


def test_complaint_table_matches_what_if(analysis):
    tab = complaint_table(analysis, top=3)
    w = analysis.drivers.what_if(list(tab["theme"]), resolved=1.0).set_index("theme")
    assert np.allclose(tab["resolved_change"], w.loc[tab["theme"], "change"])


def test_quotes_are_distinct_detractor_complaints(analysis):
    theme = complaint_table(analysis, top=1)["theme"].iloc[0]
    quotes = complaint_quotes(analysis, theme, n=5)
    assert quotes and len(quotes) == len(set(quotes))
    m = analysis.themes.mentions
    resp = analysis.themes.respondents
    detr = set(resp.loc[resp["nps_group"] == "detractor", "respondent_id"])
    neg = m[(m["theme"] == theme) & (m["polarity"] == "negative") & m["respondent_id"].isin(detr)]
    for q in quotes:  # every quote is (a trimmed form of) a negative clause of a detractor on this theme
        assert any(q in c for c in neg["clause"])
        assert not q.startswith(("但是", "不过", "就是"))


def test_quotes_skip_near_repeats():
    import pandas as pd

    class A:  # the few attributes complaint_quotes reads
        class themes:
            mentions = pd.DataFrame({"respondent_id": ["a", "b", "c", "d"], "clause_id": [0, 1, 2, 3],
                                     "clause": ["客服半天不回复", "但是客服半天不回复", "就是客服半天不回复。", "售后态度很差"],
                                     "theme": "T1", "polarity": "negative", "similarity": [0.9, 0.8, 0.7, 0.6]})
            respondents = pd.DataFrame({"respondent_id": list("abcd"), "nps_group": ["detractor"] * 4})

    assert complaint_quotes(A, "T1", n=3) == ["客服半天不回复", "售后态度很差"]


def test_panel_has_three_cards_with_intervals_and_quotes(analysis):
    from textmine.report._i18n import strings

    panel = complaint_panel(analysis, strings("en"))
    cards = panel["cards"]
    assert len(cards) == 3
    assert all(c["ci"].startswith("95% CI") and c["resolved_ci"].startswith("95% CI") for c in cards)
    assert all(c["quotes"] for c in cards) and panel["table"]["id"] == "t-complaints"
    assert "95%" in panel["note"] and "{" not in panel["note"]


def test_without_drivers_the_panel_says_not_estimated(analysis):
    from dataclasses import replace

    from textmine.report import render_html
    from textmine.report._i18n import strings

    bare = replace(analysis, drivers=None, drivers_note="no themes")
    tab = complaint_table(bare)
    assert tab["resolved_change"].isna().all() and tab["penalty_nps"].isna().all()
    cards = complaint_panel(bare, strings("en"))["cards"]
    assert len(cards) == 3 and not any(c["resolved"] or c["penalty"] for c in cards)
    html = render_html(bare, lang="en")
    assert html.count("not estimated") >= 6 and "no themes" in html


def test_a_negative_gain_if_resolved_is_explained(analysis, monkeypatch):
    import textmine.report._complaints as mod
    from textmine.report._i18n import strings

    real = mod.complaint_table

    def flipped(a, **kw):  # the first complaint's complainers score above the theme's non-mentioners
        tab = real(a, **kw).copy()
        tab.loc[tab.index[0], ["resolved_change", "resolved_ci_low", "resolved_ci_high"]] = [-2.0, -3.5, -0.5]
        return tab

    assert not any(c["negative_gain"] for c in complaint_panel(analysis, strings("en"))["cards"])
    monkeypatch.setattr(mod, "complaint_table", flipped)
    flags = [c["negative_gain"] for c in complaint_panel(analysis, strings("en"))["cards"]]
    assert flags == [True, False, False]


def test_dropped_reasons_read_without_parameter_names():
    from textmine.report._i18n import strings

    t = strings("en")
    assert reason_text("too rare: 0 mentions < min_mentions=10", t) == "too few mentions"
    assert reason_text("separation: all of its 12 mentioners are promoters", t) == "no variation in one group"
    assert reason_text("collinear: identical to 'T3'", t) == t["why_collinear"]
