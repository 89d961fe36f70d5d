"""The "top detractor complaints" panel: what detractors complain about, what it costs, in their own words.

It joins three results that the analysis already holds (nothing is fitted here):
``themes.detractor_complaints()`` (share of detractors with a negative clause on the theme, Wilson interval),
``drivers.what_if(resolved=1)`` (NPS if every complaint on the theme were resolved, bootstrap interval) and the
regression penalty (``penalty_nps``), plus complaint clauses of detractors from ``themes.mentions`` as quotes.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ._html import esc, fmt_num, fmt_p, fmt_pct, table

__all__ = ["clean_quote", "complaint_table", "complaint_quotes", "top_complaints_html"]

_PUNCT = " \t，,。.!！?？;；:：~～、"
# a clause split off after a contrast word often starts with a connective: show the complaint without it
_LEAD = re.compile(r"^(?:但是|但|不过|可是|然而|只是|就是|虽然|虽|而且|并且|还有|另外|然后|所以|而|也|又|就|还)+")


def clean_quote(text) -> str:
    """A clause as a quote: without edge punctuation and a leading connective (但是, 不过, 就是 …)."""
    return _LEAD.sub("", str(text).strip(_PUNCT)).strip(_PUNCT) or str(text).strip()


def complaint_quotes(a, theme: str, n: int = 3, group: str = "detractor") -> list[str]:
    """Up to ``n`` distinct complaint clauses (already PII-masked) of ``group`` members on ``theme``.

    The clauses closest to the theme (highest ``similarity``) come first; ties keep the clause order.
    """
    m = a.themes.mentions
    sel = m[(m["theme"] == theme) & (m["polarity"] == "negative")]
    if group is not None:
        resp = a.themes.respondents
        members = set(resp.loc[resp["nps_group"] == group, "respondent_id"])
        sel = sel[sel["respondent_id"].isin(members)]
    sel = sel.sort_values(["similarity", "clause_id"], ascending=[False, True], kind="stable")
    out: list[str] = []
    for text in sel["clause"]:
        t = clean_quote(text)
        # skip repeats and near-repeats ("客服半天不回复" vs "就是客服半天不回复")
        if t and not any(t in o or o in t for o in out):
            out.append(t)
        if len(out) >= n:
            break
    return out


def complaint_table(a, top: int | None = 10) -> pd.DataFrame:
    """One row per complaint theme, most frequent among detractors first.

    Columns: ``theme, name, n, base, share, ci_low, ci_high`` (detractors complaining), ``n_complainers``
    (all respondents with a complaint on it), ``resolved_change, resolved_ci_low, resolved_ci_high`` (NPS points
    gained if every complaint were resolved), ``penalty_nps, penalty_ci_low, penalty_ci_high, penalty_pval_adj``.
    """
    dc = a.themes.detractor_complaints()
    if top is not None:
        dc = dc.head(top)
    dc = dc.copy()
    m = a.themes.mentions
    neg = m[m["polarity"] == "negative"].groupby("theme")["respondent_id"].nunique()
    dc["n_complainers"] = dc["theme"].map(neg).fillna(0).astype(int)
    for c in ("resolved_change", "resolved_ci_low", "resolved_ci_high", "penalty_nps", "penalty_ci_low",
              "penalty_ci_high", "penalty_pval_adj"):
        dc[c] = np.nan
    d = a.drivers
    if d is not None and len(dc):
        t = d.to_frame().set_index("theme")
        known = [x for x in dc["theme"] if x in t.index]
        if known and getattr(d, "signed", False):
            try:
                w = d.what_if(known, resolved=1.0, method="removal").set_index("theme")
            except Exception:  # a result without stored bootstrap draws: leave the columns empty
                w = None
            if w is not None:
                dc["resolved_change"] = dc["theme"].map(w["change"])
                dc["resolved_ci_low"] = dc["theme"].map(w["ci_low"])
                dc["resolved_ci_high"] = dc["theme"].map(w["ci_high"])
        for c in ("penalty_nps", "penalty_ci_low", "penalty_ci_high", "penalty_pval_adj"):
            if c in t.columns:
                dc[c] = dc["theme"].map(t[c])
    return dc.reset_index(drop=True)


def _interval(v, lo, hi, unit="", signed=True, level=95, why="") -> str:
    if v is None or not np.isfinite(v):
        return f'<span class="muted">not estimated{f" ({esc(why)})" if why else ""}</span>'
    ci = (f" <span class='ci-text'>({level}% CI {fmt_num(lo, signed=signed)} to {fmt_num(hi, signed=signed)})</span>"
          if lo is not None and np.isfinite(lo) and np.isfinite(hi) else "")
    return f"<b>{fmt_num(v, signed=signed)}{unit}</b>{ci}"


def top_complaints_html(a, n_cards: int = 3, n_quotes: int = 3) -> str:
    """Cards for the ``n_cards`` most frequent detractor complaints, then a table of the top ten."""
    tab = complaint_table(a, top=10)
    if not len(tab):
        return '<p class="muted">No detractor wrote a complaint that was assigned to a theme.</p>'
    level = int(round(100 * (1 - a.nps.alpha)))
    min_n = a.settings.get("min_n", 30)
    base = int(tab["base"].iloc[0])
    dropped = (a.drivers.dropped or {}) if a.drivers is not None else {}

    def why(theme):
        return dropped.get(f"{theme}- (polarity)") or dropped.get(f"{theme} (mention)") or ""

    cards = []
    for rank, r in enumerate(tab.head(n_cards).itertuples(), start=1):
        quotes = complaint_quotes(a, r.theme, n=n_quotes)
        q = "".join(f'<p class="quote">{esc(x)}</p>' for x in quotes) or '<p class="muted">no quotes</p>'
        small = (f' <span class="warn" title="fewer than {min_n} detractors">⚠ small base</span>'
                 if base < min_n else "")
        cards.append(
            f'<div class="card complaint" data-theme="{esc(r.theme)}"><div class="rank">{rank}</div>'
            f'<h3>{esc(r.label or r.name)} <span class="muted">({esc(r.name if r.label else r.theme)})</span></h3>'
            f'<p class="stat"><b>{fmt_pct(r.share)}</b> of detractors complain about it '
            f'<span class="ci-text">({int(r.n)} of {base}; {level}% CI {fmt_pct(r.ci_low)} to '
            f'{fmt_pct(r.ci_high)})</span>{small}</p>'
            f'<p class="stat">If every complaint on it were resolved: NPS '
            f'{_interval(r.resolved_change, r.resolved_ci_low, r.resolved_ci_high, " pts", level=level)}'
            f' <span class="muted">({int(r.n_complainers)} respondents complain, all groups)</span>'
            + (' <span class="warn">⚠ its complainers already score above those who do not mention the theme, so '
               'this measure shows no gain: read the penalty below</span>'
               if np.isfinite(r.resolved_change) and r.resolved_change < 0 else "") + '</p>'
            f'<p class="stat">Penalty on a complainer\'s NPS: '
            f'{_interval(r.penalty_nps, r.penalty_ci_low, r.penalty_ci_high, " pts", level=level, why=why(r.theme))}'
            + (f' <span class="muted">p (BH) {esc(fmt_p(r.penalty_pval_adj))}</span>'
               if np.isfinite(r.penalty_pval_adj) else "") + '</p>'
            f'<div class="quotes"><span class="muted">In their words (detractors):</span>{q}</div></div>')
    cols = [("name", "complaint", None), ("n", "detractors", lambda v: f"{int(v)}"),
            ("share", "share of detractors", fmt_pct), ("ci_low", "CI low", fmt_pct), ("ci_high", "CI high", fmt_pct),
            ("n_complainers", "complainers (all)", lambda v: f"{int(v)}"),
            ("resolved_change", "NPS gain if resolved", lambda v: fmt_num(v, signed=True)),
            ("resolved_ci_low", "CI low", lambda v: fmt_num(v, signed=True)),
            ("resolved_ci_high", "CI high", lambda v: fmt_num(v, signed=True)),
            ("penalty_nps", "penalty", lambda v: fmt_num(v, signed=True)),
            ("penalty_pval_adj", "p (BH)", fmt_p)]
    note = (f"Ranked by the share of the {base} detractors with at least one negative clause on the theme "
            f"({level}% Wilson intervals). <b>NPS gain if resolved</b>: the NPS if every respondent who complains "
            f"about the theme scored like those who do not mention it, minus today's NPS (bootstrap interval). "
            f"<b>Penalty</b>: average marginal effect of a complaint on a respondent's NPS contribution, from the "
            f"logistic models of P(promoter) and P(detractor). Both are associations, not proven causes.")
    return (f'<div class="cards">{"".join(cards)}</div><p class="note">{note}</p>'
            + table(tab, cols, table_id="t-complaints", caption="The most frequent detractor complaints (up to ten)"))
