"""Representative quotes: central, diverse and short clauses of a theme, shown with PII masked."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._linalg import stable_dot

__all__ = ["representative_quotes"]


def representative_quotes(vectors: np.ndarray, texts: Sequence[str], centroid: np.ndarray, *, n: int = 5,
                          max_chars: int = 40, diversity: float = 0.5, pool: int = 200) -> list[int]:
    """Indices (into ``texts``) of up to ``n`` quotes for one theme.

    Candidates are the ``pool`` members closest to the centroid; each pick maximises
    ``(1 − diversity) · centrality − diversity · max similarity to quotes already picked``, with a penalty for
    clauses longer than ``max_chars`` and without repeating a text already picked.
    """
    if len(texts) == 0:
        return []
    central = stable_dot(vectors, centroid)
    cand = np.argsort(-central, kind="stable")[:pool]
    lengths = np.array([len(texts[i]) for i in cand])
    length_pen = np.clip((lengths - max_chars) / max_chars, 0, 1) + (lengths < 3) * 0.5
    base = central[cand] - 0.3 * length_pen
    chosen: list[int] = []
    seen: set[str] = set()
    for _ in range(min(n, len(cand))):
        if chosen:
            red = stable_dot(vectors[cand], vectors[[cand[c] for c in chosen]]).max(axis=1)
        else:
            red = np.zeros(len(cand))
        val = (1 - diversity) * base - diversity * red
        for c in chosen:
            val[c] = -np.inf
        for j in np.argsort(-val, kind="stable"):
            if val[j] == -np.inf:
                break
            key = texts[cand[j]].strip()
            if key not in seen:
                chosen.append(int(j))
                seen.add(key)
                break
            val[j] = -np.inf
        else:
            break
    return [int(cand[c]) for c in chosen]
