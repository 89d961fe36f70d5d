import re

from textmine.report import render_html


def test_sections_in_reading_order(report_html):
    ids = re.findall(r'<section id="([^"]+)"', report_html)
    assert ids == ["headline", "complaints", "reasons", "drivers", "segments", "periods", "themes", "methods", "data"]


def test_answers_are_escaped(hostile_html, hostile_analysis):
    assert hostile_html.count("<script") == 1  # the report's own script only
    assert "<img" not in hostile_html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in hostile_html  # the quotes, as text
    assert "&lt;img src=x onerror=alert(&#x27;n&#x27;)&gt;售后" in hostile_html  # the theme name, as text
    assert len(hostile_analysis.themes.quotes) > 0


def test_every_row_accounted_and_settings_shown(report_html, analysis):
    acc = analysis.accounting
    assert f"{acc['rows_read']} read = {acc['respondents']} analysed + {acc['rejected']} rejected" in report_html
    assert "n_boot=200" in report_html


def test_render_is_deterministic(analysis, report_html):
    assert render_html(analysis) == report_html


def test_dropped_terms_are_folded_with_theme_names(report_html, analysis):
    dropped = analysis.drivers.dropped
    assert dropped  # the fixture has themes only detractors mention: separation
    assert "<details class='warn'>" in report_html and f"{len(dropped)} regression terms" in report_html
    names = analysis.themes.codebook.names()
    first = next(iter(dropped)).split(" ")[0].rstrip("+-")
    assert f"<li>{names[first]}" in report_html


def test_theme_blocks_show_complaint_quotes(report_html, analysis):
    t = analysis.themes.to_frame()
    with_complaints = t.loc[t["n_negative"] > 0, "name"]
    blocks = re.findall(r'<div class="theme"><h3>(.*?) <span.*?</div>', report_html)
    assert len(blocks) == len(t)
    for block in re.findall(r'<div class="theme">.*?</div>', report_html):
        name = re.search(r"<h3>(.*?) <span", block).group(1)
        assert ("complaints:" in block) == (name in set(with_complaints))


def test_relative_importance_column_appears(report_html, analysis):
    # drivers write rel_weight / rel_weight_pct; the report once looked for "relative_weight" and never showed it
    assert "relative weight (% of explained)" in report_html
    pct = analysis.drivers.to_frame()["rel_weight_pct"].dropna()
    assert len(pct) and f"{pct.iloc[0]:.1f}%" in report_html
