"""The issues' "done when" on the demo survey, in the report itself: the top three detractor complaints with their
impact, intervals and quotes; the planted rise of APP complaints shown and marked significant; the theme × segment,
sentiment, drill-down and executive-summary views in both languages."""

import json
import re
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo_survey.csv"


@pytest.fixture(scope="module")
def demo():
    import textmine

    return textmine.analyze(DEMO, text="推荐原因", score="推荐意愿", id="编号", date="提交时间",
                            segments=["渠道", "城市级别"], n_boot=200, cache_dir=False, quiet=True)


@pytest.fixture(scope="module")
def pages(demo):
    from textmine.report import render_html

    return {lang: render_html(demo, lang=lang) for lang in ("zh", "en")}


def _charts(html):
    data = re.search(r'<script id="tm-data" type="application/json">(.*?)</script>', html, flags=re.S).group(1)
    return json.loads(data)


@pytest.mark.slow
def test_demo_report_top_three_complaints_with_impact_intervals_and_quotes(demo, pages):
    from html import escape as html_escape

    from textmine.report._complaints import complaint_quotes

    html = pages["zh"]
    assert '<html lang="zh-CN">' in html and "推荐者" in html  # a Chinese survey's page is tagged Chinese
    assert html.index('id="headline"') < html.index('id="complaints"') < html.index('id="reasons"')
    cards = re.findall(r'<div class="card complaint" data-theme="([^"]+)">(.*?)</div></div>', html, flags=re.S)
    top3 = demo.themes.detractor_complaints()["theme"].head(3).tolist()
    assert [theme for theme, _ in cards] == top3
    for theme, card in cards:
        assert re.search(r"的贬损者抱怨此项 <span class=\"ci-text\">\(\d+ 人中 \d+ 人; 95%置信区间 [\d.]+% – [\d.]+%", card)
        assert re.search(r"若此项抱怨全部解决：NPS <b>[+-][\d.]+ 分</b> <span class=\"ci-text\">\(95%置信区间 "
                         r"[+-][\d.]+ – [+-][\d.]+\)", card), theme
        assert re.search(r"抱怨对其 NPS 的惩罚效应： <b>[+-][\d.]+ 分</b>", card), theme
        assert "未能估计" not in card
        quotes = re.findall(r'<p class="quote">([^<]+)</p>', card)
        assert quotes == [html_escape(q, quote=True) for q in complaint_quotes(demo, theme, n=3)], theme
        assert 2 <= len(quotes) <= 3, theme


@pytest.mark.slow
def test_demo_app_complaint_rise_is_marked_significant(pages):
    for lang, html in pages.items():
        spec = next(c for c in _charts(html)["charts"].values() if c["kind"] == "multiline")
        app = [s for s in spec["series"] if "APP" in s["name"] or "闪退" in s["name"]]
        assert app and all(s["trend"] == "rise" for s in app), lang
        for s in app:  # and the share did rise: September above May
            assert s["values"][spec["x"].index("2026-09")] > 2 * s["values"][spec["x"].index("2026-05")]
        assert re.search(r"APP</td><td>[^<]+</td><td>[^<]*2026-05 → 2026-10</td>", html), lang  # the table says so


@pytest.mark.slow
def test_demo_views_in_both_languages(pages):
    for lang, html in pages.items():
        charts = _charts(html)
        kinds = [c["kind"] for c in charts["charts"].values()]
        assert kinds.count("heat") == 4  # share and net sentiment for each of the two segment columns
        assert "stack" in kinds and "kano" in kinds and kinds.count("line") == 1  # NPS over time
        assert len(charts["drill"]["answers"]) > 1000
        summary = re.search(r'<ol class="summary">(.*?)</ol>', html, flags=re.S).group(1)
        sentences = re.findall(r"<li>(.*?)</li>", summary)
        assert 3 <= len(sentences) <= 5 and all(re.search(r"\d", s) for s in sentences)
    assert "执行摘要" in pages["zh"] and "Executive summary" in pages["en"]
    # every heading and label of the English page is English (theme names stay in the customers' words)
    heads = re.findall(r"<h2>([^<]*)</h2>|<th[^>]*>([^<]*)</th>", pages["en"])
    words = [w for h in heads for w in h if w]
    assert len(words) > 30 and not [w for w in words if re.search(r"[\u4e00-\u9fff]", w)]
