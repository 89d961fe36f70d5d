"""The report's "can these scores be trusted?" section: overall mismatch with its interval, levels with tests."""

import dataclasses
import re

import numpy as np

from textmine.report import render_html


def _section(html: str) -> str:
    start = html.index('<section id="trust">')
    return re.sub(r"<[^>]+>", " ", html[start:html.index("</section>", start)])


def test_the_section_gives_the_overall_rate_with_its_interval_and_every_level(analysis):
    text = _section(render_html(analysis, lang="en"))
    o = analysis.trust.overall
    assert "Can the scores be trusted?" in text
    assert f"{o['n_judged']:,}" in text and "95% CI" in text
    for level in analysis.trust.to_frame()["level"]:
        assert str(level) in text
    zh = _section(render_html(analysis, lang="zh"))
    assert "评分可信吗" in zh and "95%置信区间" in zh


def test_a_flagged_level_comes_first_marked_for_review(analysis):
    frame = analysis.trust.to_frame().copy()
    last = frame.index[-1]
    frame["flagged"] = False
    frame.loc[last, ["flagged", "pval_adj"]] = [True, 0.001]
    planted = dataclasses.replace(analysis, trust=dataclasses.replace(analysis.trust, frame=frame))
    text = _section(render_html(planted, lang="en"))
    rows = text.split("p (BH)", 1)[1]
    assert len(frame) >= 2 and text.count("⚑ review") == 1
    flagged, other = str(frame.loc[last, "level"]), str(frame.loc[frame.index[0], "level"])
    assert rows.index(flagged) < rows.index("⚑ review") < rows.index(other)


def test_without_trust_figures_the_section_says_so(analysis):
    text = _section(render_html(dataclasses.replace(analysis, trust=None), lang="en"))
    assert "No segment columns were given" in text
    assert not np.isnan(analysis.trust.overall["share_10"])
