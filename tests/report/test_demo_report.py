"""The issue's "done when" on the demo survey: a reader finds the top three detractor complaints, their impact
with intervals and quotes for each, in the report itself."""

import re
from html import escape as html_escape
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo_survey.csv"


@pytest.fixture(scope="module")
def demo():
    import textmine

    return textmine.analyze(DEMO, text="推荐原因", score="推荐意愿", id="编号", date="提交时间",
                            segments=["渠道", "城市级别"], n_boot=200, cache_dir=False, quiet=True)


@pytest.mark.slow
def test_demo_report_top_three_complaints_with_impact_intervals_and_quotes(demo):
    from textmine.report import render_html
    from textmine.report._complaints import complaint_quotes

    html = render_html(demo)
    assert '<html lang="zh-CN">' in html and "推荐者" in html  # a Chinese survey's page is tagged Chinese
    # the panel comes right after the headline
    assert html.index('id="headline"') < html.index('id="complaints"') < html.index('id="reasons"')
    cards = re.findall(r'<div class="card complaint" data-theme="([^"]+)">(.*?)</div></div>', html, flags=re.S)
    top3 = demo.themes.detractor_complaints()["theme"].head(3).tolist()
    assert [theme for theme, _ in cards] == top3
    for theme, card in cards:
        assert re.search(r"of detractors complain about it .*?95% CI [\d.]+% to [\d.]+%", card), theme
        # impact: NPS gain if resolved and the penalty, each with a 95% interval (not "not estimated")
        assert re.search(r"resolved: NPS <b>[+-][\d.]+ pts</b> <span class='ci-text'>\(95% CI [+-][\d.]+ to "
                         r"[+-][\d.]+\)", card), theme
        assert re.search(r"Penalty on a complainer's NPS: <b>[+-][\d.]+ pts</b> <span class='ci-text'>\(95% CI", card)
        assert "not estimated" not in card
        # up to three distinct complaint phrasings of detractors, as complaint_quotes picks them (a theme whose
        # detractors word their complaint only two ways shows two)
        quotes = re.findall(r'<p class="quote">([^<]+)</p>', card)
        assert quotes == [html_escape(q, quote=True) for q in complaint_quotes(demo, theme, n=3)], theme
        assert 2 <= len(quotes) <= 3, theme
