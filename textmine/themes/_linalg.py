"""Vector helpers for themes: unit rows, and similarities that do not depend on the BLAS kernel or thread count.

A float32 matrix product rounds differently under another OpenBLAS kernel (``OPENBLAS_CORETYPE=Haswell``) or
another number of threads, so a clause at a similarity threshold, or a tie between two identical clauses, can
go either way from one machine to the next. Computed in float64 (error ~1e-16) and rounded to float32
(resolution ~6e-8), the result is the same bits everywhere except in the rare case that a value lies within
1e-16 of a float32 rounding boundary.
"""

from __future__ import annotations

import numpy as np

__all__ = ["stable_dot", "stable_rows", "unit_rows", "usable_rows"]

_BLOCK = 65_536  # rows converted to float64 at a time: memory stays bounded on large chunks


def stable_dot(A, B) -> np.ndarray:
    """``A @ B.T`` as float32, computed in float64 block by block (``A`` is n × d, ``B`` k × d or d)."""
    A = np.asarray(A)
    B = np.asarray(B, dtype=np.float64)
    vector = B.ndim == 1
    Bt = (B[:, None] if vector else B.T)
    out = np.empty((A.shape[0], Bt.shape[1]), dtype=np.float32)
    for start in range(0, A.shape[0], _BLOCK):
        out[start:start + _BLOCK] = A[start:start + _BLOCK].astype(np.float64) @ Bt
    return out[:, 0] if vector else out


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
