"""The coded-clauses table (``clauses.csv``): every clause of every answer with what became of it — its aspect,
its theme (empty when unassigned), its polarity, or why it holds no content — so a coder can see what was left
out and why."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import SchemaError
from ..schemas import CODED_CLAUSES
from ..text import aspect_tokens, mask_pii, no_content_reason
from ._aspect_units import aspect_phrases
from ._results import NO_CONTENT_ID, polarity_label

__all__ = ["coded_clauses"]


def coded_clauses(clauses: pd.DataFrame, mentions: pd.DataFrame, lexicons=None) -> pd.DataFrame:
    """One row per clause (:data:`textmine.schemas.CODED_CLAUSES`), in clause order.

    ``clause`` is the respondent's own words, PII-masked; ``no_content`` the reason a clause was set aside
    (:func:`textmine.text.no_content_reason`), empty for a content clause; ``language`` zh, en, mixed, other or
    empty (:func:`textmine.text.clause_language`); ``aspect`` its aspect phrase, what
    grouped it into a theme (服务员态度, 上菜; empty when it names none and joined a theme by similarity, if any); ``theme`` / ``theme_name`` its themes, ``;``-joined in order of similarity, empty
    when unassigned; ``polarity`` the label of its first mention (else of its sentiment) and ``sentiment`` its
    score."""
    missing = [c for c in ("respondent_id", "clause_id", "text", "tokens", "no_content") if c not in clauses.columns]
    if missing:
        raise SchemaError(f"the clause table lacks columns {missing}; expected the output of textmine.text.to_clauses")
    original = clauses["original"] if "original" in clauses.columns else clauses["text"]
    no_content = clauses["no_content"].to_numpy(bool)
    sentiment = (clauses["sentiment"].to_numpy(float) if "sentiment" in clauses.columns
                 else np.zeros(len(clauses)))
    coded = mentions[mentions["theme"] != NO_CONTENT_ID]
    by_clause = coded.groupby("clause_id", sort=False)
    themes = by_clause["theme"].agg(";".join)
    names = by_clause["theme_name"].agg(lambda s: ";".join(map(str, s)))
    first_polarity = by_clause["polarity"].first()
    ids = clauses["clause_id"]
    pol = ids.map(first_polarity).to_numpy(object)
    fallback = polarity_label(sentiment)
    pol = np.where(pd.isna(pol), fallback, pol)
    aspects = [mask_pii(a) if a else a for a in aspect_phrases(aspect_tokens(clauses, lexicons))]
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
        "theme": ids.map(themes).fillna("").to_numpy(),
        "theme_name": ids.map(names).fillna("").to_numpy(),
        "polarity": pol,
        "sentiment": sentiment,
    })
    return CODED_CLAUSES.conform(out)
