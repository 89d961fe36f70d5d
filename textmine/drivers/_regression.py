"""Private regressions for driver analysis: IRLS logistic, OLS, average marginal effects.

Implemented with numpy/scipy only; statsmodels serves as the test oracle.

Standard errors
- Unweighted: model-based, exactly as statsmodels ``Logit``/``OLS`` (``cov="model"``), or
  heteroskedasticity-robust HC1 sandwich (``cov="HC1"``).
- Weighted: point estimates maximise the weighted likelihood (weighted least squares);
  weights are treated as sampling weights, so SEs are always the sandwich (as Stata's
  ``pweight``), never the "frequency weight" model-based formula.
- The robust sandwich is HC1 (factor n / (n - k)) for OLS and HC0 for the logistic models,
  the conventions of statsmodels ``OLS(...).fit(cov_type="HC1")`` and ``GLM``/``Logit``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import linalg, sparse, special, stats

from textmine.nps import bh_adjust  # one Benjamini-Hochberg for the package (re-exported here)

__all__ = ["Fit", "logit", "ols", "ame_binary", "bh_adjust", "screen_terms"]


@dataclass
class Fit:
    coef: np.ndarray
    cov: np.ndarray
    converged: bool
    n_iter: int
    resid: np.ndarray | None = None  # per-respondent weighted residual: scores are X * resid
    bread: np.ndarray | None = None  # inverse Hessian (or (X'WX)^-1)
    eta: np.ndarray | None = None
    freq: np.ndarray | None = None  # frequency weights of the rows (None: one respondent per row)

    def meat(self, X, other: "Fit | None" = None) -> np.ndarray:
        """Sum over respondents of the outer products of the score contributions (with ``other``: this fit's times
        the other's), each row counted ``freq`` times."""
        d = self.resid * (self.resid if other is None else other.resid)
        return gram(X, d if self.freq is None else self.freq * d)

    @property
    def se(self) -> np.ndarray:
        return np.sqrt(np.clip(np.diag(self.cov), 0, None))

    @property
    def pval(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return 2 * stats.norm.sf(np.abs(self.coef / self.se))


def as_design(X):
    """A sparse CSR copy of a mostly-zero design (theme indicators), else X itself."""
    if sparse.issparse(X):
        return X.tocsr()
    return sparse.csr_matrix(X) if np.count_nonzero(X) < 0.3 * X.size else X


def columns_design(X: np.ndarray, cols, *, intercept: bool = False):
    """``as_design`` of ``X[:, cols]`` (after a column of ones with ``intercept``), built from a sparse copy of
    ``X`` when the result is mostly zero, so the dense n x len(cols) copy is never made (1M respondents x 90
    terms: 0.7 GB per copy)."""
    cols = list(cols)
    n = X.shape[0]
    nnz = int(np.count_nonzero(X, axis=0)[cols].sum()) + (n if intercept else 0)
    if nnz < 0.3 * n * (len(cols) + intercept):  # the rule of as_design
        blocks = [sparse.csc_matrix(X)[:, cols]]
        if intercept:
            blocks.insert(0, sparse.csc_matrix(np.ones((n, 1))))
        out = sparse.hstack(blocks, format="csr")
        out.sort_indices()
        return out
    return np.column_stack([np.ones(n), X[:, cols]]) if intercept else X[:, cols]


def gram(X, d: np.ndarray) -> np.ndarray:
    """X' diag(d) X as a dense array, for dense or sparse X."""
    if sparse.issparse(X):
        return np.asarray((X.T @ sparse.diags(d) @ X).todense())
    return (X * d[:, None]).T @ X


def _sandwich(fit: Fit, X, n: float | None) -> np.ndarray:
    """Sandwich covariance of ``fit``; ``n`` given: HC1 small-sample factor n / (n - k), else HC0."""
    k = fit.bread.shape[0]
    return fit.bread @ fit.meat(X) @ fit.bread * (n / max(n - k, 1) if n else 1.0)


def _weights(n: int, w, freq):
    """(respondent weights, frequency weights or None, their product: the weights of every sum)."""
    w = np.ones(n) if w is None else np.asarray(w, dtype=float)
    if freq is None:
        return w, None, w
    f = np.asarray(freq, dtype=float)
    return w, f, f * w


def logit(X: np.ndarray, y: np.ndarray, w: np.ndarray | None = None, *, cov: str = "model",
          max_iter: int = 100, tol: float = 1e-10, ridge: np.ndarray | None = None, freq=None) -> Fit:
    """Logistic regression by Newton-Raphson (IRLS) with step halving.

    ``ridge`` (length k, zeros for unpenalised columns) adds 0.5 * sum(ridge * beta^2) to the
    negative log-likelihood: used only for terms with complete separation, whose maximum
    likelihood estimate is infinite. Their SEs come from the penalised Hessian. ``freq``: frequency weights,
    each row standing for that many identical respondents (the fit is the fit of the expanded rows).
    """
    n, k = X.shape
    X = as_design(X)
    w0, fq, w = _weights(n, w, freq)
    lam = np.zeros(k) if ridge is None else np.asarray(ridge, dtype=float)
    beta = np.zeros(k)
    ybar = np.clip(np.sum(w * y) / np.sum(w), 1e-6, 1 - 1e-6)
    beta[0] = np.log(ybar / (1 - ybar))

    def nll(b):
        eta = X @ b
        return -np.sum(w * (y * eta - np.logaddexp(0, eta))) + 0.5 * np.sum(lam * b**2)

    f = nll(beta)
    converged = False
    it = 0
    for it in range(1, max_iter + 1):
        eta = X @ beta
        p = special.expit(eta)
        grad = X.T @ (w * (y - p)) - lam * beta
        hess = gram(X, w * p * (1 - p)) + np.diag(lam)
        try:
            # a nearly singular Hessian means a coefficient is running off to infinity (quasi-separation):
            # fit_models sees the diverging coefficient and drops the term with a note, so the
            # LinAlgWarning would only repeat that, once per Newton step, to the user
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", linalg.LinAlgWarning)
                step = linalg.solve(hess, grad, assume_a="pos")
        except (linalg.LinAlgError, ValueError):
            step = linalg.lstsq(hess, grad)[0]
        t = 1.0
        while True:
            cand = beta + t * step
            fc = nll(cand)
            if fc <= f + 1e-12 or t < 1e-8:
                break
            t /= 2
        beta, f_old, f = cand, f, fc
        if abs(f_old - f) <= tol * (abs(f) + tol) and np.max(np.abs(t * step)) < 1e-6:
            converged = True
            break
    eta = X @ beta
    p = special.expit(eta)
    bread = linalg.pinvh(gram(X, w * p * (1 - p)) + np.diag(lam))
    out = Fit(beta, bread, converged, it, w0 * (y - p), bread, eta, fq)
    if cov != "model":  # HC0 for the logistic model, as statsmodels Logit/GLM robust covariances
        out.cov = _sandwich(out, X, None)
    return out


def ols(X: np.ndarray, y: np.ndarray, w: np.ndarray | None = None, *, cov: str = "model", freq=None) -> Fit:
    """(Weighted) least squares with classical or HC1 standard errors. ``freq``: frequency weights (as
    :func:`logit`); n is then their sum."""
    n, k = X.shape
    X = as_design(X)
    w0, f, w = _weights(n, w, freq)
    n = n if f is None else float(f.sum())
    bread = linalg.pinvh(gram(X, w))
    beta = bread @ (X.T @ (w * y))
    resid = y - X @ beta
    out = Fit(beta, bread, True, 1, w0 * resid, bread, X @ beta, f)
    if cov == "model":
        out.cov = np.sum(w * resid**2) / max(n - k, 1) * bread
    else:
        out.cov = _sandwich(out, X, n)
    return out


def ame_binary(fit: Fit, X, w: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Average discrete-change effects of the binary columns ``cols`` on P(y=1) (as statsmodels
    ``get_margeff(dummy=True)``) and their gradient with respect to the coefficients (len(cols) x k);
    see :func:`textmine.drivers._effects.effect_sums`, which computes them in blocks of respondents."""
    from ._effects import effect_sums

    e = effect_sums([fit], X, np.asarray(w, dtype=float), cols, freq=fit.freq)
    return e.ame[0], e.grad[0]


def screen_terms(X: np.ndarray, names: list[str], outcomes: dict[str, np.ndarray],
                 min_count: int, separated: list | None = None, freq=None) -> tuple[list[int], dict[str, str]]:
    """Choose the usable binary columns of ``X`` (no intercept) for the regressions.

    A column is dropped when it has fewer than ``min_count`` ones (or non-ones), when it
    perfectly predicts one of ``outcomes`` (separation: no variation among its mentioners;
    kept instead and listed in ``separated`` as ``(column, reason)`` when a list is given), or when it is an exact copy of / linear combination of kept columns. Returns the kept
    column indices and ``{name: reason}`` for the dropped ones. ``freq``: frequency weights of the rows (counts
    are then counts of respondents).
    """
    rows, k = X.shape
    f = np.ones(rows) if freq is None else np.asarray(freq, dtype=float)
    n = float(f.sum())
    dropped: dict[str, str] = {}
    keep: list[int] = []
    counts = np.rint(f @ X)
    ones = {name: np.rint((f * y) @ X) for name, y in outcomes.items()}  # mentioners with each outcome
    for j in range(k):
        c = int(counts[j])
        if c < min_count:
            dropped[names[j]] = f"too rare: {c} mentions < min_mentions={min_count}"
            continue
        if n - c < min_count:
            dropped[names[j]] = f"nearly universal: only {int(n - c)} respondents without it"
            continue
        reason = None
        for oname, o in ones.items():
            if o[j] in (0, c):
                kind = "all" if o[j] == c else "none"
                reason = f"separation: {kind} of its {c} mentioners are {oname}s"
                break
        if reason and separated is None:
            dropped[names[j]] = reason
            continue
        if reason:
            separated.append((j, reason))
        keep.append(j)
    # exact duplicates first (clear message; candidates found by a random projection), then
    # rank deficiency: greedy in column order on the centred Gram matrix, dropping a column
    # whose residual variance given the kept ones is ~0
    final: list[int] = []
    proj = np.random.default_rng(0).random(rows) @ X if keep else np.zeros(k)
    for j in keep:
        dup = next((i for i in final if proj[i] == proj[j] and np.array_equal(X[:, i], X[:, j])), None)
        if dup is not None:
            dropped[names[j]] = f"collinear: identical to '{names[dup]}'"
        else:
            final.append(j)
    if len(final) > 1:
        Xf = columns_design(X, final)
        mu = np.asarray(Xf.T @ f).ravel() / n
        G = gram(Xf, f) - n * np.outer(mu, mu)
        L = np.zeros((len(final), len(final)))
        kept: list[int] = []
        for i in range(len(final)):
            c = G[kept, i]
            y = linalg.solve_triangular(L[np.ix_(range(len(kept)), range(len(kept)))], c, lower=True) \
                if kept else np.zeros(0)
            r = G[i, i] - y @ y
            if r <= 1e-9 * G[i, i]:
                dropped[names[final[i]]] = "collinear: a linear combination of other themes"
            else:
                L[len(kept), :len(kept)] = y
                L[len(kept), len(kept)] = np.sqrt(r)
                kept.append(i)
        final = [final[i] for i in kept]
    return final, dropped
