"""From a classifier's probabilities on clauses to a :class:`textmine.themes.ThemeResult`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import SchemaError

__all__ = ["code_clauses", "classifier_codebook"]

_CLAUSE_COLUMNS = ("respondent_id", "clause_id", "text", "no_content")


def classifier_codebook(clf):
    from ..themes import Codebook, Theme

    themes = []
    for t in clf.themes_:
        themes.append(Theme(id=t["id"], name=t.get("name", t["id"]), parent=t.get("parent", ""),
                            description=t.get("description", ""), keywords=list(t.get("keywords", [])),
                            seeds=list(t.get("seeds", []))))
    return Codebook(themes, encoder_id=None)


def code_clauses(clf, clauses: pd.DataFrame, respondents: pd.DataFrame | None = None, *, alpha: float = 0.05):
    """The classifier's hits on the content clauses as a :class:`textmine.themes.ThemeResult` (built by
    :func:`textmine.themes.build_theme_result`, as every other way of coding is)."""
    from ..text import mask_pii
    from ..themes import build_theme_result, polarity_label

    missing = [c for c in _CLAUSE_COLUMNS if c not in clauses.columns]
    if missing:
        raise SchemaError(f"the clause table lacks columns {missing}; expected the output of textmine.text.to_clauses")
    content = ~clauses["no_content"].to_numpy(bool)
    where = np.flatnonzero(content)
    sub = clauses[content]
    texts = sub["text"].tolist()
    P = clf.predict_proba(texts) if len(texts) else np.zeros((0, len(clf.classes_)))
    if clf.exclusive:
        hit = np.zeros(P.shape, dtype=bool)
        if len(P):
            hit[np.arange(len(P)), P.argmax(axis=1)] = True
    else:
        hit = P >= clf.thresholds_
    if clf.polarity_model_ is not None and len(texts):
        pol, sent = clf.polarity(texts)
    else:
        sent = sub["sentiment"].to_numpy(float) if "sentiment" in sub.columns else np.zeros(len(sub))
        pol = polarity_label(sent)
    r, c = np.nonzero(hit)
    ids = clf.classes_
    quotes = {}
    for j, tid in enumerate(ids):
        rows = np.flatnonzero(hit[:, j])
        top = rows[np.argsort(-P[rows, j], kind="stable")[:3]]
        quotes[tid] = [mask_pii(texts[i]) for i in top]
    n_content = int(content.sum())
    unassigned = float(np.mean(~hit.any(axis=1))) if n_content else 0.0
    if respondents is None:
        respondents = pd.DataFrame({"respondent_id": pd.unique(clauses["respondent_id"])})
    for col, default in (("score", np.nan), ("nps_group", "")):
        if col not in respondents.columns:
            respondents = respondents.assign(**{col: default})
    return build_theme_result(classifier_codebook(clf), clauses, respondents, ids[c], P[r, c], source="classifier",
                              rows=where[r], sentiment=np.asarray(sent, dtype=float)[r],
                              polarity=np.asarray(pol, dtype=object)[r], names=dict(clf.names_),
                              unassigned_share=unassigned, quotes=quotes, alpha=alpha)
