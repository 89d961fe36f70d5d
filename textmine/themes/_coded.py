"""The coded-clauses table (``clauses.csv``): every clause of every answer with what became of it — its aspect,
its theme (empty when unassigned), its polarity, or why it holds no content — so a coder can see what was left
out and why."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import SchemaError
from ..schemas import CODED_CLAUSES
from ..text import aspect_tokens, mask_pii, no_content_reason, suggestion_flags
from ._aspect_units import aspect_phrases
from ._results import NO_CONTENT_ID, polarity_label

__all__ = ["coded_clauses"]


def coded_clauses(clauses: pd.DataFrame, mentions: pd.DataFrame, lexicons=None, *, themes=None) -> pd.DataFrame:
    """One row per clause (:data:`textmine.schemas.CODED_CLAUSES`), in clause order.

    ``clause`` is the respondent's own words, PII-masked; ``no_content`` the reason a clause was set aside
    (:func:`textmine.text.no_content_reason`), empty for a content clause; ``language`` zh, en, mixed, other or
    empty (:func:`textmine.text.clause_language`); ``aspect`` its aspect phrase, what
    grouped it into a theme (服务员态度, 上菜; empty when it names none and joined a theme by similarity, if any); ``theme`` / ``theme_name`` its themes, ``;``-joined in order of similarity, empty
    when unassigned; ``suggestion`` whether it asks for something (:func:`textmine.text.is_suggestion`); ``polarity`` the label of its first mention (else of its sentiment) and ``sentiment`` its
    score. ``themes``: the :class:`~textmine.themes.ThemeResult` the mentions come from; the aspect phrases its
    discovery worked out are reused when they are of these clauses (same clause ids), else worked out here."""
    missing = [c for c in ("respondent_id", "clause_id", "text", "tokens", "no_content") if c not in clauses.columns]
    if missing:
        raise SchemaError(f"the clause table lacks columns {missing}; expected the output of textmine.text.to_clauses")
    original = clauses["original"] if "original" in clauses.columns else clauses["text"]
    no_content = clauses["no_content"].to_numpy(bool)
    sentiment = (clauses["sentiment"].to_numpy(float) if "sentiment" in clauses.columns
                 else np.zeros(len(clauses)))
    coded = mentions[mentions["theme"] != NO_CONTENT_ID]
    # each clause's themes and names in mention order, and its first mention's polarity: one pass over plain
    # lists (a groupby-join per clause took 18 s at 435k clauses)
    by: dict = {}
    for cid, t, nm, p in zip(coded["clause_id"].tolist(), coded["theme"].tolist(),
                             coded["theme_name"].astype(object).tolist(), coded["polarity"].tolist()):
        hit = by.get(cid)
        if hit is None:
            by[cid] = [[t], [str(nm)], p]
        else:
            hit[0].append(t)
            hit[1].append(str(nm))
    ids = clauses["clause_id"]
    got = [by.get(c) for c in ids.tolist()]
    theme_col = [";".join(g[0]) if g else "" for g in got]
    name_col = [";".join(g[1]) if g else "" for g in got]
    pol = np.array([g[2] if g else None for g in got], dtype=object)
    fallback = polarity_label(sentiment)
    pol = np.where(pd.isna(pol), fallback, pol)
    aspects = _kept_aspects(themes, ids) if lexicons is None else None
    if aspects is None:
        aspects = aspect_phrases(aspect_tokens(clauses, lexicons))
    masked: dict = {"": ""}  # each distinct phrase masked once
    aspects = [masked[a] if a in masked else masked.setdefault(a, mask_pii(a)) for a in aspects]
    out = pd.DataFrame({
        "respondent_id": clauses["respondent_id"].to_numpy(),
        "clause_id": ids.to_numpy(),
        "clause": [mask_pii(t) if t else t for t in original.tolist()],
        "start": clauses["start"].to_numpy() if "start" in clauses.columns else pd.NA,
        "end": clauses["end"].to_numpy() if "end" in clauses.columns else pd.NA,
        "no_content": [(no_content_reason(t, lexicons) or "filler") if nc else ""
                       for t, nc in zip(original.tolist(), no_content)],
        "language": clauses["language"].to_numpy() if "language" in clauses.columns else "",
        "aspect": ["" if nc else a for a, nc in zip(aspects, no_content)],
        "theme": theme_col,
        "theme_name": name_col,
        "polarity": pol,
        "suggestion": suggestion_flags(clauses["text"].tolist()) & ~no_content,
        "sentiment": sentiment,
    })
    return CODED_CLAUSES.conform(out)


def _kept_aspects(themes, ids: pd.Series):
    """The aspect phrases discovery kept on ``themes`` (``ThemeResult._aspects``) when they are of the clauses
    ``ids`` (the same clause ids in the same order), else None."""
    kept = getattr(themes, "_aspects", None)
    if kept is None or len(kept[0]) != len(ids) or not np.array_equal(kept[0], ids.to_numpy()):
        return None
    return kept[1]
