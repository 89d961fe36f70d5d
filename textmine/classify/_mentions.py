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


def _mask(texts):
    from ..text import mask_pii

    return [mask_pii(t) for t in texts]


def code_clauses(clf, clauses: pd.DataFrame, respondents: pd.DataFrame | None = None, *, alpha: float = 0.05):
    from ..themes import MENTION_COLUMNS, NO_CONTENT_ID, ThemeResult, polarity_label
    from ..themes._pipeline import NO_CONTENT_NAME

    missing = [c for c in _CLAUSE_COLUMNS if c not in clauses.columns]
    if missing:
        raise SchemaError(f"the clause table lacks columns {missing}; expected the output of textmine.text.to_clauses")
    content = ~clauses["no_content"].to_numpy(bool)
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
        sent = sub["polarity"].to_numpy(float) if "polarity" in sub.columns else np.zeros(len(sub))
        pol = polarity_label(sent)
    r, c = np.nonzero(hit)
    ids = clf.classes_
    names = {**clf.names_, NO_CONTENT_ID: NO_CONTENT_NAME}
    masked = np.array(_mask(texts), dtype=object)
    m = pd.DataFrame({
        "respondent_id": sub["respondent_id"].to_numpy()[r],
        "clause_id": sub["clause_id"].to_numpy()[r],
        "clause": masked[r] if len(r) else np.array([], dtype=object),
        "theme": ids[c],
        "theme_name": [names[i] for i in ids[c]],
        "polarity": np.asarray(pol, dtype=object)[r] if len(r) else np.array([], dtype=object),
        "sentiment": np.asarray(sent, dtype=float)[r] if len(r) else np.array([], dtype=float),
        "similarity": P[r, c],
        "source": "classifier",
    })
    nc = clauses[~content]
    if len(nc):
        s = nc["polarity"].to_numpy(float) if "polarity" in nc.columns else np.zeros(len(nc))
        m = pd.concat([m, pd.DataFrame({
            "respondent_id": nc["respondent_id"].to_numpy(), "clause_id": nc["clause_id"].to_numpy(),
            "clause": _mask(nc["text"].tolist()), "theme": NO_CONTENT_ID, "theme_name": names[NO_CONTENT_ID],
            "polarity": polarity_label(s), "sentiment": s, "similarity": 1.0, "source": "no_content"})],
            ignore_index=True)
    m = m[MENTION_COLUMNS].sort_values(["clause_id", "similarity"], ascending=[True, False], kind="stable")
    m = m.reset_index(drop=True)
    quotes = {}
    for j, tid in enumerate(ids):
        rows = np.flatnonzero(hit[:, j])
        top = rows[np.argsort(-P[rows, j], kind="stable")[:3]]
        quotes[tid] = [masked[i] for i in top]
    n_content = int(content.sum())
    unassigned = float(np.mean(~hit.any(axis=1))) if n_content else 0.0
    if respondents is None:
        respondents = pd.DataFrame({"respondent_id": pd.unique(clauses["respondent_id"])})
    for col, default in (("score", np.nan), ("nps_group", "")):
        if col not in respondents.columns:
            respondents = respondents.assign(**{col: default})
    return ThemeResult(codebook=classifier_codebook(clf), mentions=m, respondents=respondents,
                       n_clauses=len(clauses), n_content_clauses=n_content, unassigned_share=unassigned,
                       alpha=alpha, quotes=quotes)
