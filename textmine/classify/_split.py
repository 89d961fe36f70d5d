"""Splitting multi-label data: iterative stratification (Sechidis et al., 2011) and stable hash hold-outs."""

from __future__ import annotations

import hashlib

import numpy as np

from ..errors import ConfigError

__all__ = ["iterative_stratified_folds", "hash_holdout"]


def iterative_stratified_folds(Y, n_splits: int = 5, random_state: int = 0) -> np.ndarray:
    """Fold number (0..n_splits-1) of each row, so that every label's positives spread evenly over the folds.

    The rarest label's rows are placed first, each in the fold that most lacks that label (ties: the fold that
    most lacks rows, then at random). Rows without any label are spread to balance the fold sizes.
    """
    Y = np.asarray(Y, dtype=bool)
    if Y.ndim != 2:
        raise ConfigError(f"expected a 2-D label matrix (rows x labels); found shape {Y.shape}")
    n, k = Y.shape
    if n_splits < 2 or n_splits > n:
        raise ConfigError(f"n_splits={n_splits} must be between 2 and the number of rows ({n})")
    rng = np.random.default_rng(random_state)
    want_rows = np.full(n_splits, n / n_splits)
    want_lab = np.outer(np.full(n_splits, 1.0 / n_splits), Y.sum(axis=0))  # (folds, labels)
    fold = np.full(n, -1, dtype=int)
    remaining = Y.copy()
    unassigned = np.ones(n, dtype=bool)
    while True:
        counts = remaining[unassigned].sum(axis=0)
        if counts.sum() == 0:
            break
        counts = np.where(counts > 0, counts, np.iinfo(np.int64).max)
        lab = int(np.argmin(counts))
        rows = np.flatnonzero(unassigned & remaining[:, lab])
        rows = rows[rng.permutation(len(rows))]
        for r in rows:
            need = want_lab[:, lab]
            cand = np.flatnonzero(need == need.max())
            if len(cand) > 1:
                cand = cand[want_rows[cand] == want_rows[cand].max()]
            f = int(cand[rng.integers(len(cand))])
            fold[r] = f
            unassigned[r] = False
            want_lab[f] -= Y[r]
            want_rows[f] -= 1
    rest = np.flatnonzero(unassigned)
    for r in rest[rng.permutation(len(rest))]:
        cand = np.flatnonzero(want_rows == want_rows.max())
        f = int(cand[rng.integers(len(cand))])
        fold[r] = f
        want_rows[f] -= 1
    return fold


def hash_holdout(texts, test_size: float = 0.2, salt: str = "textmine-holdout") -> np.ndarray:
    """True for rows held out for evaluation, chosen by a hash of the text: the same answer is held out in
    every version trained on a growing label file, so no version ever trains on another's test rows."""
    if not 0 <= test_size < 1:
        raise ConfigError(f"test_size={test_size} must be >= 0 and < 1")
    out = np.zeros(len(texts), dtype=bool)
    for i, t in enumerate(texts):
        h = hashlib.sha256((salt + "\x00" + str(t)).encode("utf-8")).digest()
        out[i] = int.from_bytes(h[:8], "big") / 2**64 < test_size
    return out
