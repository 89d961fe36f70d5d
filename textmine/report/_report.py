"""The HTML report of an analysis: one self-contained page a researcher can hand over."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schemas import DRIVERS, THEMES
from ._complaints import clean_quote, complaint_quotes, top_complaints_html
from ._html import esc, fmt_num, fmt_p, fmt_pct, interval_chart, page, scatter_chart, table

__all__ = ["render_html"]


def _kpis(a) -> str:
    r = a.nps
    level = int(round(100 * (1 - r.alpha)))
    acc = a.accounting
    zh = (lambda t: t) if _page_language(a) != "en" else (lambda t: "")  # Chinese terms beside the English ones
    items = [
        (f"{r.nps:+.1f}", f"NPS · {level}% CI {r.ci_low:+.1f} to {r.ci_high:+.1f} · n={int(r.n)}"),
        (fmt_pct(r.pct_promoters / 100), f"promoters{zh(' 推荐者')} (9–10) · n={int(r.promoters)}"),
        (fmt_pct(r.pct_passives / 100), f"passives{zh(' 中立者')} (7–8) · n={int(r.passives)}"),
        (fmt_pct(r.pct_detractors / 100), f"detractors{zh(' 贬损者')} (0–6) · n={int(r.detractors)}"),
    ]
    html = '<div class="kpis">' + "".join(f'<div class="kpi"><b>{esc(v)}</b><span>{esc(t)}</span></div>'
                                          for v, t in items) + "</div>"
    html += (f'<p>{acc["rows_read"]} rows read · {acc["respondents"]} respondents analysed · '
             f'{acc["rejected"]} rejected (see rejects.csv) · {acc["empty_answers"]} empty answers · '
             f'{acc["no_content"]} "no content" answers · {acc["clauses"]} clauses, '
             f'{fmt_pct(acc["unassigned_share"])} of content clauses not assigned to a theme.</p>')
    if r.small_base:
        html += '<p class="warn">⚠ Small base: fewer respondents than the minimum; read every figure with care.</p>'
    return html


def _segments(a) -> str:
    if a.segments is None or not len(a.segments):
        return '<p class="muted">No segment columns were given (CLI: --segment COL).</p>'
    f = a.segments.to_frame()
    out = []
    for seg, sub in f.groupby("segment", sort=False):
        rows = [{"label": f"{lv}", "value": v, "lo": lo, "hi": hi, "n": n, "small": s}
                for lv, v, lo, hi, n, s in zip(sub["level"], sub["nps"], sub["ci_low"], sub["ci_high"], sub["n"],
                                               sub["small_base"])]
        out.append(interval_chart(rows, title=f"NPS by {seg}", color_by_sign=True))
    cols = [("segment", "segment", None), ("level", "level", None), ("n", "n", lambda v: f"{int(v)}"),
            ("nps", "NPS", lambda v: fmt_num(v, signed=True)), ("ci_low", "CI low", fmt_num),
            ("ci_high", "CI high", fmt_num), ("diff", "vs rest", lambda v: fmt_num(v, signed=True)),
            ("pval_adj", "p (BH)", fmt_p)]
    out.append(table(f, cols, table_id="t-seg", caption="Difference from the rest of the sample: z-test, "
                     "p-values adjusted by Benjamini–Hochberg within each segment column. Grey rows: small base.",
                     row_class=lambda r: "small" if r["small_base"] else ""))
    return "".join(out)


def _periods(a) -> str:
    if a.periods is None or not len(a.periods):
        return '<p class="muted">No date column was given (CLI: --date COL).</p>'
    f = a.periods.to_frame()
    f = f[f["n"] > 0]
    rows = [{"label": p, "value": v, "lo": lo, "hi": hi, "n": n, "small": s}
            for p, v, lo, hi, n, s in zip(f["period"], f["nps"], f["ci_low"], f["ci_high"], f["n"], f["small_base"])]
    cols = [("period", "period", None), ("n", "n", lambda v: f"{int(v)}"),
            ("nps", "NPS", lambda v: fmt_num(v, signed=True)), ("ci_low", "CI low", fmt_num),
            ("ci_high", "CI high", fmt_num), ("change", "change", lambda v: fmt_num(v, signed=True)),
            ("pval_adj", "p (BH)", fmt_p)]
    return interval_chart(rows, title="NPS by period") + table(
        f, cols, table_id="t-per", caption="Change from the previous period, z-test, Benjamini–Hochberg adjusted.",
        row_class=lambda r: "small" if r["small_base"] else "")


def _reasons(a) -> str:
    th = a.themes
    pr, dc = th.promoter_reasons().head(12), th.detractor_complaints().head(12)

    def chart(f, title):
        # the theme's praise or complaint label in the customers' words (上菜慢), after the theme's name
        names = [f"{nm}: {lb}" if lb and lb != nm else nm for nm, lb in zip(f["name"], f["label"])]
        rows = [{"label": nm, "value": s, "lo": lo, "hi": hi, "n": n}
                for nm, s, lo, hi, n in zip(names, f["share"], f["ci_low"], f["ci_high"], f["n"])]
        return interval_chart(rows, title=title, percent=True, unit="%", color_by_sign=False, width=540)

    base_p = int(pr["base"].iloc[0]) if len(pr) else 0
    base_d = int(dc["base"].iloc[0]) if len(dc) else 0
    return ('<div class="two"><div>' + chart(pr, f"What promoters praise (share of promoters, n={base_p})")
            + '</div><div>' + chart(dc, f"What detractors complain about (share of detractors, n={base_d})")
            + '</div></div><p class="muted">Share of the group with at least one positive (praise) or negative '
            '(complaint) clause on the theme; bars show 95% Wilson intervals.</p>')


def _drivers(a) -> str:
    d = a.drivers
    if d is None:
        return f'<p class="muted">{esc(a.drivers_note or "Driver analysis was not run.")}</p>'
    t = d.to_frame()
    names = a.themes.codebook.names()
    t["name"] = t["theme"].map(lambda x: names.get(x, x))
    t = t.reindex(t["removal_impact"].abs().sort_values(ascending=False).index)
    rows = [{"label": nm, "value": v, "lo": lo, "hi": hi, "n": n}
            for nm, v, lo, hi, n in zip(t["name"], t["removal_impact"], t["removal_ci_low"], t["removal_ci_high"],
                                         t["n"])]
    html = ('<p class="note">Each theme\'s association with NPS. <b>Removal impact</b> = NPS of everyone − NPS '
            'without the respondents who mention the theme (praise or complaint): green, the theme\'s mentioners '
            'lift the overall NPS; red, they pull it down. Whiskers: 95% bootstrap intervals; a whisker crossing '
            'the dashed zero line means the sign is not established.</p>')
    html += interval_chart(rows[:15], title="Removal impact on NPS (points), largest 15", unit=" pts")
    if {"reward_nps", "penalty_nps"} <= set(t.columns):
        pts = [{"label": nm, "x": pen, "y": rew, "size": n}
               for nm, pen, rew, n in zip(t["name"], t["penalty_nps"], t["reward_nps"], t["n"])
               if np.isfinite(pen) and np.isfinite(rew)]
        html += scatter_chart(pts, title="Penalty / reward map (regression, NPS points; dot size = respondents)",
                              xlabel="penalty: effect of a complaint on a respondent's NPS (points; left = worse)",
                              ylabel="reward: effect of praise (points)",
                              corner_notes=("performance: complaints hurt, praise helps",
                                            "delighter: praise helps, complaints barely hurt",
                                            "must-be: complaints hurt, praise adds little", "indifferent"))
    cols = [("name", "theme", None), ("n", "n", lambda v: f"{int(v)}"), ("share", "share", fmt_pct),
            ("removal_impact", "removal impact", lambda v: fmt_num(v, signed=True)),
            ("removal_ci_low", "CI low", fmt_num), ("removal_ci_high", "CI high", fmt_num)]
    optional = dict(zip(DRIVERS.declared("impact_nps", "impact_pval_adj", "reward_nps", "penalty_nps",
                                         "rel_weight_pct", "kano"),
                        ("regression impact", "p (BH)", "reward", "penalty", "relative weight (% of explained)",
                         "Kano")))
    for c, h in optional.items():
        if c in t.columns:  # reward/penalty need signed mentions, relative weights two themes
            fmt = fmt_p if "pval" in c else (_fmt_share_pct if c == "rel_weight_pct" else
                                             (None if c == "kano" else (lambda v: fmt_num(v, signed=True))))
            cols.append((c, h, fmt))
    html += table(t, cols, table_id="t-drv", filterable=True,
                  caption="Removal impact with a bootstrap interval; regression impact = average marginal effect "
                          "on NPS from logistic models of P(promoter) and P(detractor); p-values adjusted by "
                          "Benjamini–Hochberg.")
    dropped = d.dropped or {}
    if dropped:
        items = "".join(f"<li>{esc(names.get(k.split(' ')[0].rstrip('+-'), k))} <span class='muted'>({esc(k)}: {esc(v)})</span>"
                        f"</li>" for k, v in dropped.items())
        html += (f"<details class='warn'><summary>{len(dropped)} regression terms were not modelled (too few "
                 f"mentions, or no variation in one group) — their removal impact is still shown</summary>"
                 f"<ul class='muted'>{items}</ul></details>")
    return html


def _themes(a) -> str:
    th = a.themes
    f = th.to_frame()
    parts = []
    cols = [("theme", "id", None), ("name", "theme", None), ("parent", "category", None),
            ("keywords", "keywords", None), ("n", "respondents", lambda v: f"{int(v)}"),
            ("share", "share", fmt_pct), ("share_promoters", "of promoters", fmt_pct),
            ("share_detractors", "of detractors", fmt_pct), ("n_positive", "praise", lambda v: f"{int(v)}"),
            ("n_negative", "complaint", lambda v: f"{int(v)}"), ("mean_score", "mean score", fmt_num)]
    THEMES.declared(*(c for c, _, _ in cols))
    parts.append(table(f, cols, table_id="t-themes", filterable=True,
                       caption="A respondent has a theme when any clause of the answer has it."))
    for r in f.sort_values("n", ascending=False).itertuples():
        quotes = list(dict.fromkeys(clean_quote(x) for x in th.quotes.get(r.theme, [])))[:5]
        q = ('<p class="qlab">typical clauses:</p>' + "".join(f'<p class="quote">{esc(x)}</p>' for x in quotes)
             if quotes else '<p class="muted">no quotes</p>')
        neg = complaint_quotes(a, r.theme, n=3, group=None) if r.n_negative else []
        if neg:
            q += '<p class="qlab">complaints:</p>' + "".join(f'<p class="quote">{esc(x)}</p>' for x in neg)
        parts.append(f'<div class="theme"><h3>{esc(r.name)} <span class="muted">({esc(r.theme)}, '
                     f'n={int(r.n)}, {fmt_pct(r.share)})</span></h3><p class="muted">keywords: {esc(r.keywords)}</p>'
                     f'{q}</div>')
    return "".join(parts)


def _methods(a) -> str:
    r = a.nps
    level = int(round(100 * (1 - r.alpha)))
    return f"""
<p><b>NPS</b> = % promoters (9–10) − % detractors (0–6), in points from −100 to +100. Intervals are {level}%
adjusted-Wald intervals (¾ of a respondent added to promoters and detractors, 3 to n), which keep their coverage
for small bases and extreme scores. Bases below {a.settings.get('min_n', 30)} respondents are flagged.</p>
<p><b>Themes</b> are found in clauses, not whole answers: answers are normalised (full-width → half-width,
traditional → simplified), split on punctuation and contrast words (但是/不过/…; but/however/although in English),
and each clause's aspect phrase (what it talks about: its nouns) is found; frequent aspect phrases are grouped by
their meaning in context (vectors of the encoder <code>{esc(a.settings.get('encoder_id'))}</code>, adapted to this
survey's answers), no theme may exceed 20% of the coded clauses, and themes are named by their most frequent
phrases. Clauses that only judge (很好, great) form the overall-evaluation theme. A clause's polarity blends a
lexicon (negation, degree and contrast rules) with a character n-gram model for Chinese, and comes from VADER
for English. "No content" answers (无, 没有, 还行 …) get their own code and are not clustered. Quotes are masked
for phone numbers, e-mails and ID numbers.</p>
<p><b>Drivers.</b> Removal impact = NPS of everyone − NPS of those who did not mention the theme (bootstrap
interval). Regression impact = average marginal effect on NPS from logistic models of P(promoter) and
P(detractor) with separate praise and complaint terms. Both are associations in observational data, not
causal effects: a theme that detractors mention may be a symptom of dissatisfaction as much as its cause.</p>
<p><b>What NPS is not.</b> NPS measures stated likelihood to recommend, not satisfaction or behaviour; it
discards the difference between a 0 and a 6. Shares of mentions depend on what respondents chose to write:
silence on a theme is not satisfaction with it. Compare periods and segments only where intervals and bases allow.</p>
"""


def _accounting(a) -> str:
    acc = a.accounting
    reasons = acc.get("reject_reasons", {})
    rr = "".join(f"<li>{esc(k)}: {v}</li>" for k, v in reasons.items()) or "<li>none</li>"
    return (f"<p>Every input row is accounted for: {acc['rows_read']} read = {acc['respondents']} analysed + "
            f"{acc['rejected']} rejected.</p><ul>{rr}</ul>"
            f"<p class='muted'>Settings: {esc(', '.join(f'{k}={v}' for k, v in a.settings.items()))}</p>")


def render_html(a) -> str:
    """Render an :class:`~textmine.Analysis` as one self-contained HTML page."""
    sections = [
        ("headline", "Headline NPS", _kpis(a)),
        ("complaints", "Top detractor complaints", top_complaints_html(a)),
        ("reasons", "Promoter reasons and detractor complaints", _reasons(a)),
        ("drivers", "What moves NPS", _drivers(a)),
        ("segments", "NPS by segment", _segments(a)),
        ("periods", "NPS over time", _periods(a)),
        ("themes", "Themes, keywords and quotes", _themes(a)),
        ("methods", "Methods and caveats", _methods(a)),
        ("data", "Data accounting", _accounting(a)),
    ]
    subtitle = f"{a.accounting['respondents']} respondents · source: {a.settings.get('source', '')}"
    return page("NPS verbatim analysis · textmine", subtitle, sections, lang=_page_language(a))


def _page_language(a) -> str:
    """The page's ``lang``: English when most answers with words are English, else Chinese (the default)."""
    langs = {k: v for k, v in a.accounting.get("languages", {}).items() if k}
    return "en" if langs and langs.get("en", 0) > sum(langs.values()) / 2 else "zh-CN"


def _fmt_share_pct(v) -> str:
    """A value already in percent (drivers' ``rel_weight_pct``)."""
    return fmt_pct(v / 100) if v is not None and np.isfinite(v) else fmt_pct(None)
