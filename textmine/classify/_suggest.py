"""Active learning: which unlabelled answers would help the classifier most if a coder labelled them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..text import mask_pii
from ._linear import check_texts

__all__ = ["suggest"]


def _uncertainty(P, thresholds) -> np.ndarray:
    """Per text, the largest closeness of a label's probability to its threshold (1 at the threshold)."""
    t = np.asarray(thresholds, dtype=float)
    span = np.where(P >= t, 1.0 - t, t)
    u = 1.0 - np.abs(P - t) / np.maximum(span, 1e-9)
    if P.shape[1] == 0:
        return np.zeros(P.shape[0])
    none = (P < t).all(axis=1)  # texts no label claims: how far the best label is from claiming them
    best = u.max(axis=1)
    return np.where(none, np.maximum(best, 0.5 * (1 - P.max(axis=1))), best)


def suggest(clf, texts, *, n: int = 50, diversity: float = 0.3, pool: int | None = None, ids=None,
            mask: bool = True) -> pd.DataFrame:
    """The ``n`` texts whose labels would help most: uncertain (a probability near a threshold, or no label
    claiming the text) and diverse (maximal marginal relevance on the model's TF-IDF features, so near-
    duplicates are not all suggested).

    Returns ``rank, row, id, uncertainty, suggested, probabilities, text, labels`` (``labels`` empty, for the
    coder to fill in; ``row`` is the 0-based position in ``texts``). Empty texts are never suggested.
    With ``mask`` (the default, since labelling files travel) phone numbers, e-mail addresses, ID and card
    numbers in ``text`` are replaced by placeholders (:func:`textmine.text.mask_pii`); the model scores the
    answers as written either way.
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ConfigError(f"n={n!r} must be a positive integer")
    if not 0 <= diversity <= 1:
        raise ConfigError(f"diversity={diversity} must be between 0 and 1")
    clf._check()
    texts = check_texts(texts)
    ids = list(ids) if ids is not None else list(range(len(texts)))
    cand = np.array([i for i, t in enumerate(texts) if t.strip()], dtype=int)
    # identical texts: keep the first only
    seen, keep = set(), []
    for i in cand:
        if texts[i] not in seen:
            seen.add(texts[i])
            keep.append(i)
    cand = np.array(keep, dtype=int)
    if not len(cand):
        return pd.DataFrame(columns=["rank", "row", "id", "uncertainty", "suggested", "probabilities", "text",
                                     "labels"])
    P = clf.predict_proba([texts[i] for i in cand])
    u = _uncertainty(P, clf.thresholds_)
    size = min(len(cand), pool if pool is not None else max(10 * n, 200))
    top = np.argsort(-u, kind="stable")[:size]
    Z = clf.features_.transform([texts[cand[i]] for i in top])
    norms = np.sqrt(np.asarray(Z.multiply(Z).sum(axis=1)).ravel())
    Z = Z.multiply(1.0 / np.maximum(norms, 1e-12)[:, None]).tocsr()
    chosen, max_sim = [], np.zeros(len(top))
    avail = np.ones(len(top), dtype=bool)
    for _ in range(min(n, len(top))):
        score = (1 - diversity) * u[top] - diversity * max_sim
        score[~avail] = -np.inf
        j = int(np.argmax(score))
        chosen.append(j)
        avail[j] = False
        sim = np.asarray((Z @ Z[j].T).todense()).ravel()
        max_sim = np.maximum(max_sim, sim)
    rows = []
    for rank, j in enumerate(chosen, 1):
        i = top[j]
        p = P[i]
        order = np.argsort(-p, kind="stable")[:3]
        rows.append({"rank": rank, "row": int(cand[i]), "id": ids[cand[i]], "uncertainty": float(u[i]),
                     "suggested": ";".join(clf.classes_[k] for k in np.flatnonzero(p >= clf.thresholds_)),
                     "probabilities": "; ".join(f"{clf.classes_[k]}:{p[k]:.2f}" for k in order),
                     "text": mask_pii(texts[cand[i]]) if mask else texts[cand[i]], "labels": ""})
    return pd.DataFrame(rows)
