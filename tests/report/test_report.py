import json
import re

import pytest

from textmine.report import render_html
from textmine.report._report import SECTIONS


def _data(html: str) -> dict:
    m = re.search(r'<script id="tm-data" type="application/json">(.*?)</script>', html, flags=re.S)
    return json.loads(m.group(1))


def test_sections_in_reading_order(report_html):
    ids = re.findall(r'<section id="([^"]+)"', report_html)
    assert tuple(ids) == SECTIONS
    assert ids[:3] == ["summary", "headline", "complaints"]


def test_answers_are_escaped(hostile_html, hostile_analysis):
    # three scripts, all the report's own: the bundled chart library, the data (JSON) and the report's code
    assert re.findall(r"<script[^>]*>", hostile_html) == [
        '<script id="tm-echarts">', '<script id="tm-data" type="application/json">', '<script id="tm-report">']
    own = re.sub(r'<script id="tm-echarts">.*?</script>', "", hostile_html, flags=re.S)  # the library's code aside
    assert "<img" not in own
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in own  # the quotes, as text
    assert "&lt;img src=x onerror=alert(&#39;n&#39;)&gt;售后" in hostile_html  # the theme name, as text
    data = re.search(r'<script id="tm-data" type="application/json">(.*?)</script>', hostile_html, flags=re.S).group(1)
    assert "<" not in data and ">" not in data  # the embedded JSON cannot close its script element
    assert any("<script>alert('x')</script>" in a[0] for a in _data(hostile_html)["drill"]["answers"])
    assert len(hostile_analysis.themes.quotes) > 0


def test_every_row_accounted_and_settings_readable(report_html, analysis):
    acc = analysis.accounting
    assert f"读入 {acc['rows_read']} 行 = 分析 {acc['respondents']} 行 + 剔除 {acc['rejected']} 行" in report_html
    assert "<dt>自助法重抽样次数</dt><dd>200</dd>" in report_html
    assert "n_boot" not in report_html and "min_mentions" not in report_html  # no parameter names for the reader


def test_render_is_deterministic(analysis, report_html):
    assert render_html(analysis) == report_html


def test_english_page(analysis):
    html = render_html(analysis, lang="en")
    assert '<html lang="en">' in html and "Executive summary" in html and "Methods and caveats" in html
    assert "执行摘要" not in html and "方法与注意事项" not in html
    # the charts' words are English too
    assert _data(html)["strings"]["ci_label"] == "95% CI"


def test_language_follows_settings(analysis):
    import copy

    a = copy.copy(analysis)
    a.settings = {**analysis.settings, "lang": "en"}
    assert '<html lang="en">' in render_html(a)
    with pytest.raises(Exception, match="lang='fr'"):
        render_html(analysis, lang="fr")


def test_dropped_terms_are_folded_with_theme_names(report_html, analysis):
    dropped = analysis.drivers.dropped
    assert dropped  # the fixture has themes only detractors mention: separation
    assert f"{len(dropped)} 个回归项未能建模" in report_html
    names = analysis.themes.codebook.names()
    first = next(iter(dropped)).split(" ")[0].rstrip("+-")
    assert f"<li>{names[first]} <span" in report_html


def test_theme_blocks_show_complaint_quotes(report_html, analysis):
    t = analysis.themes.to_frame()
    with_complaints = set(t.loc[t["n_negative"] > 0, "theme"])
    blocks = re.findall(r'<div class="theme" data-theme="([^"]+)">(.*?)</div>', report_html, flags=re.S)
    assert len(blocks) == len(t)
    for theme, block in blocks:
        assert ("抱怨：" in block) == (theme in with_complaints)


def test_relative_importance_column_appears(report_html, analysis):
    # drivers write rel_weight / rel_weight_pct; the report once looked for "relative_weight" and never showed it
    assert "相对权重（占已解释部分%）" in report_html
    pct = analysis.drivers.to_frame()["rel_weight_pct"].dropna()
    assert len(pct) and f"{pct.iloc[0]:.1f}%" in report_html


def test_kano_table_and_map_use_one_rule(report_html, analysis):
    d = analysis.drivers.to_frame()
    charts = _data(report_html)["charts"]
    kano = [c for c in charts.values() if c["kind"] == "kano"]
    assert len(kano) == 1
    names = analysis.themes.codebook.names()
    by_name = {names[t]: k for t, k in zip(d["theme"], d["kano"])}
    assert {p["label"]: p["cls"] for p in kano[0]["points"]} == by_name  # every theme, its class from the table
    assert len(kano[0]["lines"]) == 2  # the k× boundaries are drawn


def test_every_chart_has_a_title_and_n(report_html):
    charts = _data(report_html)["charts"]
    assert len(charts) >= 8
    for spec in charts.values():
        assert spec["title"]
        if spec["kind"] == "bars":
            assert all(r["n"] is not None for r in spec["rows"])
        if spec["kind"] in ("line", "multiline"):
            assert all(len(s["n"]) == len(spec["x"]) for s in spec["series"])


def test_confidence_level_follows_alpha(analysis):
    import copy
    import dataclasses

    a = copy.copy(analysis)
    a.nps = dataclasses.replace(analysis.nps, alpha=0.10)  # the labels read the level from alpha
    a.settings = {**analysis.settings, "alpha": 0.10}
    html = render_html(a)
    assert "90%置信区间" in html and "95%置信区间" not in html


def test_reject_reasons_in_the_page_language():
    from textmine.report._i18n import reject_reason

    assert reject_reason("out of range 0-10", "zh") == "评分超出 0–10 范围"
    assert reject_reason("out of range 0-10", "en") == "out of range 0-10"
    assert reject_reason("something new", "zh") == "something new"  # unknown: shown as it is
