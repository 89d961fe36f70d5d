"""The executive summary (textmine/report/_summary.py): three to five sentences, each with its figure, in the
language asked for, naming themes by name, quoting no answer."""

import copy
import re

import pandas as pd
import pytest
from test_views import build_analysis

from textmine.report._summary import executive_summary

CJK = re.compile(r"[\u3400-\u9fff]")
THEME_ID = re.compile(r"(?<![A-Za-z0-9])(T\d{2,}|OV|NC)(?![A-Za-z0-9])")


@pytest.fixture(scope="module")
def built():
    return build_analysis()


def _check(a, lang):
    out = executive_summary(a, lang=lang)
    assert 3 <= len(out) <= 5, out
    names = sorted((t.name for t in a.themes.codebook), key=len, reverse=True)
    for s in out:
        assert re.search(r"\d", s), s
        assert not THEME_ID.search(s), s
        assert not re.search(r"alpha|min_n|pval|n_boot|ci_low", s), s
        if lang == "zh":
            assert CJK.search(s) and s.endswith("。"), s
        else:
            bare = s
            for name in names:
                bare = bare.replace(name, "")
            assert not CJK.search(bare) and s.endswith("."), s
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_of_a_real_analysis(analysis, lang):
    out = _check(analysis, lang)
    nps = analysis.nps
    assert f"{nps.nps:+.1f}" in out[0] and f"n={int(nps.n):,}" in out[0]
    assert ("95%置信区间" if lang == "zh" else "95% CI") in out[0]
    # the drivers are there: a sentence on what to fix, said to be an association
    assert any(("并非因果" if lang == "zh" else "not a proven cause") in s for s in out)
    # no answer is quoted
    clauses = {c for c in analysis.themes.mentions["clause"] if len(c) >= 6}
    assert not any(c in s for c in clauses for s in out)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_names_the_planted_rise(built, lang):
    out = _check(built, lang)
    moved = out[1]
    assert "APP" in moved and "5.0%" in moved and "25.0%" in moved
    assert ("上升" in moved) if lang == "zh" else ("risen" in moved)
    assert ("贬损者最常抱怨的是「APP」" if lang == "zh" else "Detractors complain most about APP") in out[2]


def test_summary_follows_the_confidence_level(built):
    b = copy.copy(built)
    b.settings = dict(built.settings, alpha=0.1)
    for lang, word in (("zh", "90%置信区间"), ("en", "90% CI")):
        out = executive_summary(b, lang=lang)
        assert all(word in s for s in out) and not any("95%" in s for s in out)


def test_summary_reports_a_significant_period_change(built):
    from textmine.nps import period_nps

    b = copy.copy(built)
    f = built.survey.frame.copy()
    f.loc[f["date"] >= pd.Timestamp(2026, 6, 1), "score"] = 0  # every June respondent a detractor
    b.periods = period_nps(f)
    zh, en = executive_summary(b, "zh")[0], executive_summary(b, "en")[0]
    assert "最近一期2026-06（该期数据不完整）较上一期变化" in zh and "变化显著" in zh
    assert "in 2026-06 (a partial period) it changed by" in en
    assert "2026-06" not in executive_summary(built, "zh")[0]  # no significant change: not mentioned


def test_summary_without_themes_still_has_three_sentences(built):
    b = copy.copy(built)
    b.themes = copy.copy(built.themes)
    m = built.themes.mentions
    b.themes.mentions = m[m["theme"] == "NC"].reset_index(drop=True)
    for lang in ("zh", "en"):
        _check(b, lang)


def test_summary_language_must_be_known(built):
    with pytest.raises(Exception, match="lang='fr' is not known; choose one of zh, en"):
        executive_summary(built, lang="fr")
