"""Vector helpers for themes: unit rows, and similarities that do not depend on the BLAS kernel or thread count.

A float32 matrix product rounds differently under another OpenBLAS kernel (``OPENBLAS_CORETYPE=Haswell``) or
another number of threads, so a clause at a similarity threshold, or a tie between two identical clauses, can
go either way from one machine to the next. Computed in float64 (error ~1e-16) and rounded to float32
(resolution ~6e-8), the result is the same bits everywhere except in the rare case that a value lies within
1e-16 of a float32 rounding boundary.
"""

from __future__ import annotations

import numpy as np

__all__ = ["RowVectors", "row_mean", "stable_dot", "stable_nearest", "stable_rows", "take_rows", "unit_rows",
           "usable_rows"]

_BLOCK = 65_536  # rows converted to float64 at a time: memory stays bounded on large chunks
_MEAN_ROWS = 16_384  # rows gathered at a time by row_mean


class RowVectors:
    """One vector per clause held as ``(U, inverse)``: the distinct vectors ``U`` and each clause's row in ``U``
    (as ``textmine._stages.encode_unique`` returns them; answers repeat short clauses, so ``U`` is about a third of
    the clauses). ``X[rows]`` is ``U[inverse[rows]]``, the same values as indexing ``U[inverse]``, without holding
    one vector per clause; :func:`take_rows` selects rows without copying vectors."""

    def __init__(self, U, inverse):
        self.U, self.inverse = U, inverse
        self.shape = (len(inverse), U.shape[1])
        self.dtype = U.dtype

    def __len__(self) -> int:
        return len(self.inverse)

    def __getitem__(self, rows) -> np.ndarray:
        return self.U[self.inverse[rows]]


def take_rows(X, rows):
    """``X[rows]``; of :class:`RowVectors`, the rows as RowVectors again (no vector is copied)."""
    return RowVectors(X.U, X.inverse[rows]) if isinstance(X, RowVectors) else X[rows]


def stable_dot(A, B) -> np.ndarray:
    """``A @ B.T`` as float32, computed in float64 block by block (``A`` is n × d or :class:`RowVectors`, ``B``
    k × d or d)."""
    A = A if isinstance(A, RowVectors) else np.asarray(A)
    B = np.asarray(B, dtype=np.float64)
    vector = B.ndim == 1
    Bt = (B[:, None] if vector else B.T)
    out = np.empty((A.shape[0], Bt.shape[1]), dtype=np.float32)
    for start in range(0, A.shape[0], _BLOCK):
        out[start:start + _BLOCK] = _float64_block(A, start, _BLOCK) @ Bt
    return out[:, 0] if vector else out


def stable_nearest(A, B) -> tuple[np.ndarray, np.ndarray]:
    """``(best, nearest)``: per row of ``A``, the largest similarity of :func:`stable_dot` ``(A, B)`` and its column
    (the first of ties), taken block by block: the same values without holding the n × k similarities."""
    B = np.asarray(B, dtype=np.float64)
    best = np.empty(A.shape[0], dtype=np.float32)
    nearest = np.empty(A.shape[0], dtype=np.intp)
    for start in range(0, A.shape[0], _BLOCK):
        sims = (_float64_block(A, start, _BLOCK) @ B.T).astype(np.float32)
        best[start:start + _BLOCK], nearest[start:start + _BLOCK] = sims.max(axis=1), sims.argmax(axis=1)
    return best, nearest


def _float64_block(A, start: int, size: int) -> np.ndarray:
    """``A[start:start + size]`` as float64; of :class:`RowVectors`, gathered a slice at a time into the float64
    block (the same block, without a float32 copy of it beside)."""
    if not isinstance(A, RowVectors):
        return A[start:start + size].astype(np.float64)
    idx = A.inverse[start:start + size]
    block = np.empty((len(idx), A.shape[1]), dtype=np.float64)
    for i in range(0, len(idx), 4096):
        block[i:i + 4096] = A.U[idx[i:i + 4096]]
    return block


def row_mean(X, rows) -> np.ndarray:
    """``X[rows].mean(axis=0)`` (``X`` an array or :class:`RowVectors`, ``rows`` a mask or positions), the same
    bits without gathering every row at once: numpy sums a C-ordered matrix down its rows one row after the
    other, so the rows are summed a block at a time, each block continuing from the sum so far."""
    rows = np.flatnonzero(rows) if np.asarray(rows).dtype == bool else np.asarray(rows)
    if len(rows) <= _MEAN_ROWS or X.shape[1] < 16:  # (few columns: numpy may sum down the rows pairwise)
        return X[rows].mean(axis=0)
    total = X[rows[:_MEAN_ROWS]].sum(axis=0)
    for start in range(_MEAN_ROWS, len(rows), _MEAN_ROWS):
        total = np.add.reduce(np.vstack([total[None], X[rows[start:start + _MEAN_ROWS]]]), axis=0)
    return total / len(rows)


def stable_rows(Z) -> np.ndarray:
    """A float64 array rounded through float32: last-bit noise of the computation that produced it is removed."""
    return np.asarray(Z, dtype=np.float64).astype(np.float32).astype(np.float64)


def unit_rows(X: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (a zero row stays zero)."""
    X = np.asarray(X, dtype=np.float32)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return X / norms


def usable_rows(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """L2-normalised vectors and which rows can be clustered: a zero or non-finite vector (what an encoder may
    return for a clause with nothing in it) has no direction, so it is zeroed and never joins a theme."""
    X = np.asarray(X, dtype=np.float32)
    finite = np.isfinite(X).all(axis=1) if X.ndim == 2 else np.zeros(0, dtype=bool)
    X = np.where(finite[:, None], X, 0).astype(np.float32) if not finite.all() else X
    X = unit_rows(X)
    return X, finite & (np.abs(X).max(axis=1, initial=0) > 0)
