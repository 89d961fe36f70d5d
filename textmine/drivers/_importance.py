"""Private: relative importance of themes (Johnson's relative weights, Shapley/LMG)."""

from __future__ import annotations

from itertools import combinations
from math import factorial

import numpy as np
from scipy import linalg

__all__ = ["weighted_corr", "relative_weights", "shapley_r2"]


def weighted_corr(X: np.ndarray, y: np.ndarray, w: np.ndarray, *, block: int = 65_536):
    """Weighted correlation matrix of X's columns and their correlations with y.

    Works from weighted sums (a sparse copy of a mostly-zero X, else row blocks of a dense one), so no
    n x k temporary beyond the input is made: at 1M respondents x 90 terms this saves about 1.4 GB.
    """
    from scipy import sparse

    from ._regression import as_design, gram

    y = np.asarray(y, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    sw = w.sum()
    Z = as_design(X)
    if sparse.issparse(Z):
        sxx, sx, sxy = gram(Z, w), np.asarray(Z.T @ w).ravel(), np.asarray(Z.T @ (w * y)).ravel()
    else:
        k = Z.shape[1]
        sxx, sx, sxy = np.zeros((k, k)), np.zeros(k), np.zeros(k)
        for i in range(0, Z.shape[0], block):
            B = np.asarray(Z[i:i + block], dtype=np.float64)
            wb = w[i:i + block]
            sxx += (B * wb[:, None]).T @ B
            sx += B.T @ wb
            sxy += B.T @ (wb * y[i:i + block])
    mu, my = sx / sw, float(w @ y) / sw
    C = sxx / sw - np.outer(mu, mu)
    cy = sxy / sw - mu * my
    vy = float(w @ (y * y)) / sw - my * my
    sd = np.sqrt(np.clip(np.diag(C), 1e-300, None))
    return C / np.outer(sd, sd), cy / (sd * np.sqrt(max(vy, 1e-300)))


def relative_weights(R: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights: a split of R^2 among correlated predictors.

    Returns raw weights that sum to the model R^2.
    """
    lam, V = linalg.eigh(R)
    lam = np.clip(lam, 0, None)
    L = V @ np.diag(np.sqrt(lam)) @ V.T  # R^(1/2): predictors' loadings on orthogonal Z
    beta = linalg.lstsq(L, r)[0]  # regression of y on Z
    return (L**2) @ (beta**2)


def _r2(R: np.ndarray, r: np.ndarray, idx: list[int]) -> float:
    if not idx:
        return 0.0
    Rs, rs = R[np.ix_(idx, idx)], r[idx]
    return float(rs @ linalg.lstsq(Rs, rs)[0])


def shapley_r2(R: np.ndarray, r: np.ndarray, groups: list[list[int]]) -> np.ndarray:
    """Shapley values (LMG / general dominance) of groups of predictors for R^2.

    ``groups`` lists the term indices of each player (a theme's positive and negative terms
    enter together). Exact enumeration: use only for a small number of groups (2^g subsets).
    """
    g = len(groups)
    r2 = {}
    for size in range(g + 1):
        for S in combinations(range(g), size):
            r2[S] = _r2(R, r, [i for s in S for i in groups[s]])
    out = np.zeros(g)
    fact = [factorial(i) for i in range(g + 1)]
    for S, val in r2.items():
        s = len(S)
        for j in range(g):
            if j in S:
                continue
            T = tuple(sorted(S + (j,)))
            out[j] += fact[s] * fact[g - s - 1] / fact[g] * (r2[T] - val)
    return out
