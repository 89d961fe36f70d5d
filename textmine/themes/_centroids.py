"""Theme centroids from labelled clause vectors, and how close a theme's own members are to its centroid.

The vectors may be an array or :class:`~textmine.themes._linalg.RowVectors` (distinct vectors and an index, as
analyze passes them): each theme's rows are gathered in clause order and averaged, which gives the same bits either
way, without a copy of every clause's vector.
"""

from __future__ import annotations

import numpy as np

from ._linalg import RowVectors, row_mean, unit_rows, usable_rows

__all__ = ["fit_input", "member_floors", "theme_centroids"]


def fit_input(X, validate):
    """``(vectors, usable)`` of what ``ThemeDiscoverer.fit`` is given: an n × d array, or ``(U, inverse)`` (one
    vector per clause is ``U[inverse]``). ``validate`` checks the array (sets ``n_features_in_``); the vectors are
    :func:`~textmine.themes._linalg.usable_rows`, of ``(U, inverse)`` as RowVectors of the normalised ``U`` (each
    distinct vector normalised once: the same rows as normalising ``U[inverse]``)."""
    from ..errors import ConfigError

    if isinstance(X, tuple):
        if len(X) != 2:
            raise ConfigError(f"X given as a tuple must be (U, inverse); found {len(X)} items")
        U, inverse = X
        inverse = np.asarray(inverse, dtype=np.int64)
        if np.ndim(U) != 2 or inverse.ndim != 1:
            raise ConfigError(f"X = (U, inverse) needs a 2-D U and a 1-D inverse; found shapes {np.shape(U)} and "
                              f"{inverse.shape}")
        U, ok = usable_rows(validate(U))
        if len(inverse) and not 0 <= inverse.min() <= inverse.max() < len(U):
            raise ConfigError(f"inverse holds rows outside U (0..{len(U) - 1})")
        return RowVectors(U, inverse), ok[inverse]
    if np.ndim(X) != 2 and not hasattr(X, "tocsr"):  # sparse: scikit-learn's message says why not
        raise ConfigError(f"X must be a 2-D array of clause vectors; found shape {np.shape(X)}")
    return usable_rows(validate(X))


def theme_centroids(X, rows, labels, k: int) -> np.ndarray:
    """Unit centroids of themes ``0..k-1``: the mean of ``X[rows[labels == t]]`` (k × d; 0 × d when ``k`` is 0)."""
    if not k:
        return np.zeros((0, X.shape[1]), dtype=np.float32)
    rows, labels = np.asarray(rows), np.asarray(labels)
    return unit_rows(np.vstack([row_mean(X, rows[labels == t]) for t in range(k)]))


def member_floors(sims, rows, labels, k: int, q: float = 0.05) -> np.ndarray:
    """Per theme, the ``q`` quantile of its members' similarity to its centroid (``sims`` is clauses × themes,
    ``rows`` the clustered clauses and ``labels`` their themes)."""
    if not k:
        return np.zeros(0)
    labels = np.asarray(labels)
    member_sims = sims[rows, np.maximum(labels, 0)]
    return np.array([np.quantile(member_sims[labels == t], q) for t in range(k)])

