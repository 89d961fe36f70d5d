"""Defaults of theme discovery: the minimum theme size, and a theme order that floating-point noise cannot
change."""

from __future__ import annotations

import numpy as np

__all__ = ["auto_min_cluster_size", "stable_order"]

def stable_order(sizes, names, keywords, rel_tol: float = 0.02, abs_tol: int = 3) -> np.ndarray:
    """Theme order from a content key, so the same theme gets the same id on every machine.

    Largest first, but themes whose sizes are within a few clauses of each other (consecutive sizes closer than
    ``max(abs_tol, rel_tol * size)``, chained) form one block ordered by name, then keywords. Floating-point noise
    (another BLAS kernel, another thread count) moves a clause or two at cluster boundaries; a plain size rank
    would then renumber two themes of near-equal size, and a codebook or labels made on one machine would point
    at other themes on another. Returns ``order``: theme ``order[j]`` gets number ``j``.
    """
    sizes = np.asarray(sizes, dtype=float)
    k = len(sizes)
    if not k:
        return np.zeros(0, dtype=int)
    by_size = sorted(range(k), key=lambda t: (-sizes[t], names[t], keywords[t]))
    blocks, block = [], [by_size[0]]
    for prev, t in zip(by_size, by_size[1:]):
        if sizes[prev] - sizes[t] > max(abs_tol, rel_tol * sizes[prev]):
            blocks.append(block)
            block = []
        block.append(t)
    blocks.append(block)
    return np.array([t for b in blocks for t in sorted(b, key=lambda t: (names[t], keywords[t], -sizes[t]))],
                    dtype=int)


def auto_min_cluster_size(n: int) -> int:
    """Scale with the corpus: ~0.1% of the clauses clustered, at least 10, at most 100.

    Small on purpose: with leaf selection HDBSCAN then finds many fine, dense clusters (few clauses left as noise)
    and ``merge_threshold`` joins the near-duplicates (benchmarks/results/themes_quality.json).
    """
    return int(np.clip(round(0.001 * n), 10, 100))
