"""Shared pieces of the linear models: input checks, one-vs-rest fitting, Platt scaling, F1 thresholds."""

from __future__ import annotations

import numpy as np

from ..errors import ConfigError, InputError

__all__ = ["check_texts", "fit_ovr", "platt", "sigmoid", "f1_threshold"]


def check_texts(X) -> list[str]:
    """The texts of a 1-D sequence as strings (None and NaN as ""). A single string and a 2-D table or array
    (a numeric matrix would otherwise be read as the printed rows) are rejected."""
    if isinstance(X, str):
        raise InputError("expected a sequence of texts; found a single string (wrap it in a list)")
    if getattr(X, "ndim", 1) != 1:
        raise InputError(f"expected a 1-D sequence of texts; found a {type(X).__name__} of shape "
                         f"{getattr(X, 'shape', '?')} (pass one column of texts)")
    try:
        texts = list(X)
    except TypeError:
        raise InputError(f"expected a sequence of texts; found {type(X).__name__}") from None
    return ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in texts]


def fit_ovr(Z, Y, *, C: float, class_weight=None, random_state: int = 0):
    """One LinearSVC per label column: returns (coef (k, d) float32, intercept (k,) float32)."""
    from sklearn.svm import LinearSVC

    k = Y.shape[1]
    coef = np.zeros((k, Z.shape[1]), dtype=np.float32)
    icpt = np.zeros(k, dtype=np.float32)
    for j in range(k):
        m = LinearSVC(C=C, class_weight=class_weight, random_state=random_state, max_iter=5000)
        m.fit(Z, Y[:, j])
        coef[j] = m.coef_.ravel()
        icpt[j] = m.intercept_[0]
    return coef, icpt


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50, 50)))


def platt(scores, y) -> tuple[float, float]:
    """Platt scaling ``p = sigmoid(a * score + b)`` fitted on out-of-fold scores (Platt's smoothed targets)."""
    from scipy.optimize import minimize

    s = np.asarray(scores, dtype=float)
    y = np.asarray(y, dtype=bool)
    n1, n0 = int(y.sum()), int((~y).sum())
    if n1 == 0 or n0 == 0:
        return 2.0, 0.0
    t = np.where(y, (n1 + 1.0) / (n1 + 2.0), 1.0 / (n0 + 2.0))

    def loss(ab):
        z = ab[0] * s + ab[1]
        # log(1 + e^z) - t z, stable
        return float(np.sum(np.logaddexp(0, z) - t * z))

    def grad(ab):
        z = ab[0] * s + ab[1]
        d = sigmoid(z) - t
        return np.array([np.sum(d * s), np.sum(d)])

    res = minimize(loss, np.array([2.0, 0.0]), jac=grad, method="L-BFGS-B")
    a, b = (float(v) for v in res.x)
    if not np.isfinite(a) or a <= 0:
        return 2.0, 0.0
    return a, b


def f1_threshold(prob, y, *, lo: float = 0.1, hi: float = 0.9) -> float:
    """The probability threshold maximising F1 on (out-of-fold) probabilities, kept within [lo, hi]."""
    p = np.asarray(prob, dtype=float)
    y = np.asarray(y, dtype=bool)
    if y.sum() == 0 or (~y).sum() == 0:
        return 0.5
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    k = np.arange(1, len(p) + 1)
    f1 = 2 * tp / (k + y.sum())
    # only cut between distinct probabilities
    last = np.r_[ps[1:] != ps[:-1], True]
    f1 = np.where(last, f1, -1)
    i = int(np.argmax(f1))
    nxt = ps[i + 1] if i + 1 < len(ps) else ps[i] - 1e-3
    thr = 0.5 * (ps[i] + nxt)
    return float(min(max(thr, lo), hi))


def check_C(C) -> float:
    if not isinstance(C, (int, float)) or not C > 0:
        raise ConfigError(f"C={C!r} must be a positive number")
    return float(C)
