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

from ._html import fmt_int, fmt_num, fmt_p, fmt_pct, level, table
from ._perf import isin, per_render

__all__ = ["clean_quote", "complaint_panel", "complaint_table", "complaint_quotes", "detractor_complaints",
           "reason_text"]

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
    out: list[str] = []
    for text in _complaint_clauses(a, group).get(theme, ()):
        t = clean_quote(text)
        # skip repeats and near-repeats ("客服半天不回复" vs "就是客服半天不回复")
        if t and not any(t in o or o in t for o in out):
            out.append(t)
        if len(out) >= n:
            break
    return out


@per_render
def _complaint_clauses(a, group: str | None) -> dict[str, np.ndarray]:
    """Per theme, the clauses of its negative mentions by ``group`` members (by anyone when None), closest to the
    theme first (one stable sort of them all orders each theme's clauses as sorting them alone would). A report
    asks for them once per complaint card and once per theme."""
    m = a.themes.mentions
    sel = m[m["polarity"] == "negative"]
    if group is not None:
        resp = a.themes.respondents
        sel = sel[isin(sel["respondent_id"], resp.loc[resp["nps_group"] == group, "respondent_id"])]
    sel = sel.sort_values(["similarity", "clause_id"], ascending=[False, True], kind="stable")
    clauses = sel["clause"].to_numpy(object)
    return {theme: clauses[rows] for theme, rows in sel.groupby("theme", sort=False).indices.items()}


@per_render
def detractor_complaints(a) -> pd.DataFrame:
    """``a.themes.detractor_complaints()``, computed once per report: the reasons chart, the complaint panel and
    two summary sentences read it. Shared: take a copy before changing it."""
    return a.themes.detractor_complaints()


def complaint_table(a, top: int | None = 10) -> pd.DataFrame:
    """One row per complaint theme, most frequent among detractors first.

    Columns: ``theme, name, n, base, share, ci_low, ci_high`` (detractors complaining), ``n_complainers``
    (all respondents with a complaint on it), ``resolved_change, resolved_ci_low, resolved_ci_high`` (NPS points
    gained if every complaint were resolved), ``penalty_nps, penalty_ci_low, penalty_ci_high, penalty_pval_adj``.
    """
    dc = detractor_complaints(a)
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


def _ci(lo, hi, level: int, t: dict, signed=True) -> str:
    return t["ci"].format(level=level) + f" {fmt_num(lo, signed=signed)} – {fmt_num(hi, signed=signed)}"


def complaint_panel(a, t: dict, n_cards: int = 3, n_quotes: int = 3) -> dict:
    """The panel's data: cards for the ``n_cards`` most frequent detractor complaints, a note and a table of the
    top ten; ``t`` is the report's word table (``_i18n.strings``). Empty cards when no detractor complains."""
    tab = complaint_table(a, top=10)
    if not len(tab):
        return {"cards": [], "note": "", "table": None}
    lvl = level(a)
    min_n = a.settings.get("min_n", 30)
    base = int(tab["base"].iloc[0])
    dropped = (a.drivers.dropped or {}) if a.drivers is not None else {}
    pts = f" {t['pts']}"
    cards = []
    for r in tab.head(n_cards).itertuples():
        resolved = np.isfinite(r.resolved_change)
        penalty = np.isfinite(r.penalty_nps)
        why = dropped.get(f"{r.theme}- (polarity)") or dropped.get(f"{r.theme} (mention)") or ""
        cards.append({
            "theme": r.theme, "title": r.label or r.name, "subtitle": r.name if r.label and r.label != r.name else "",
            "share": fmt_pct(r.share), "of": t["c_of"].format(k=int(r.n), base=base),
            "ci": t["ci"].format(level=lvl) + f" {fmt_pct(r.ci_low)} – {fmt_pct(r.ci_high)}",
            "small": base < min_n,
            "resolved": fmt_num(r.resolved_change, signed=True) + pts if resolved else "",
            "resolved_ci": _ci(r.resolved_ci_low, r.resolved_ci_high, lvl, t) if resolved else "",
            "negative_gain": bool(resolved and r.resolved_change < 0),
            "complainers": t["c_complainers"].format(n=int(r.n_complainers)),
            "penalty": fmt_num(r.penalty_nps, signed=True) + pts if penalty else "",
            "penalty_ci": _ci(r.penalty_ci_low, r.penalty_ci_high, lvl, t) if penalty else "",
            "penalty_p": fmt_p(r.penalty_pval_adj) if np.isfinite(r.penalty_pval_adj) else "",
            "why": reason_text(why, t) if why else "",
            "quotes": complaint_quotes(a, r.theme, n=n_quotes)})
    signed = (lambda v: fmt_num(v, signed=True))
    cols = [("name", t["theme"], None), ("n", t["c_detractors"], fmt_int), ("share", t["c_share_det"], fmt_pct),
            ("ci_low", t["ci_low"], fmt_pct), ("ci_high", t["ci_high"], fmt_pct),
            ("n_complainers", t["c_all"], fmt_int), ("resolved_change", t["c_gain"], signed),
            ("resolved_ci_low", t["ci_low"], signed), ("resolved_ci_high", t["ci_high"], signed),
            ("penalty_nps", t["penalty"], signed), ("penalty_pval_adj", t["p_bh"], fmt_p)]
    return {"cards": cards, "note": t["c_note"].format(base=base, level=lvl),
            "table": table(tab, cols, table_id="t-complaints", caption=t["c_table"])}


def reason_text(reason: str, t: dict) -> str:
    """Why a regression term was not modelled, in the reader's words (no parameter names)."""
    r = str(reason).lower()
    if "rare" in r or "min_mentions" in r or "few" in r:
        return t["why_rare"]
    if "separ" in r or "variation" in r or "constant" in r:
        return t["why_separation"]
    if "universal" in r:
        return t["why_universal"]
    if "collinear" in r:
        return t["why_collinear"]
    return t["why_other"]
