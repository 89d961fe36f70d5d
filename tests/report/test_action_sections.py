"""The report's action sections: complaints to fix now or later by owner, and what customers expect."""

import copy
import re

import pandas as pd

from textmine.report import render_html
from textmine.themes import fix_list


def _section(html: str, name: str) -> str:
    start = html.index(f'<section id="{name}">')
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:html.index("</section>", start)]))


def test_fix_list_groups_by_horizon_and_owner(analysis):
    text = _section(render_html(analysis, lang="en"), "fix")
    assert "NPS gain if resolved" in text and "not planned" in text
    assert "set them in codebook.yaml" in text  # nothing planned yet: say how to plan
    planned = copy.deepcopy(analysis)
    listed = fix_list(planned.themes, planned.drivers)
    listed = listed[listed["n"] > 0]
    assert len(listed) >= 2
    last = listed["theme"].iloc[-1]  # the least gain: planned now, it comes first, with its owner
    planned.themes.codebook.set(last, horizon="now", owner="物流部")
    text = _section(render_html(planned, lang="en"), "fix")
    rows = text.split("CI", 1)[1]
    assert rows.index("now 物流部") < rows.index("not planned")
    assert "set them in codebook.yaml" not in text
    zh = _section(render_html(planned, lang="zh"), "fix")
    assert "解决后 NPS 增益" in zh


def test_expect_shows_each_themes_share_interval_and_masked_examples(analysis, monkeypatch):
    assert "No answer asks for anything" in _section(render_html(analysis, lang="en"), "expect") or \
        len(analysis.themes.suggestions()) > 0
    t = next(t for t in analysis.themes.codebook if t.id != "OV")
    frame = pd.DataFrame({"theme": [t.id], "name": [t.name], "n_suggestions": [12], "n": [40], "share": [0.3],
                          "ci_low": [0.18], "ci_high": [0.45], "examples": [["希望<b>客服</b>快一点"]]})
    monkeypatch.setattr(type(analysis.themes), "suggestions", lambda self, k=3: frame)
    html = render_html(analysis, lang="en")
    text = _section(html, "expect")
    assert t.name in text and "30.0%" in text and "12 of 40" in text and "18.0%–45.0%" in text
    assert "&lt;b&gt;客服&lt;/b&gt;" in html  # an example is text, never markup
