"""Evaluation of multi-label classifiers: per-label precision/recall/F1 with support, micro/macro/weighted F1,
a learning curve and the label pairs most often confused, by stratified k-fold cross-validation.

A label without any example among the scored texts has no recall or F1 (shown as NaN, not 0): it is left out of
the macro-F1 and listed in ``unscored``, so that a held-out sample missing a rare label does not drag the macro
average down by a score the model never had the chance to earn."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ConfigError, InputError

__all__ = ["EvaluationResult", "evaluate", "cross_validate_labels", "scores"]


@dataclass
class EvaluationResult:
    """Scores of one evaluation. ``per_label`` has ``label, name, precision, recall, f1, support``;
    ``learning_curve`` has ``n_train, micro_f1, macro_f1``; ``confusions`` has ``label, confused_with, n,
    share`` (share of the label's examples predicted as the other label without it). ``unscored`` lists the
    labels without any example among the scored texts, left out of ``macro_f1``."""

    per_label: pd.DataFrame
    micro_f1: float
    macro_f1: float
    weighted_f1: float
    n: int
    method: str
    learning_curve: pd.DataFrame = field(default_factory=pd.DataFrame)
    confusions: pd.DataFrame = field(default_factory=pd.DataFrame)
    subset_accuracy: float = float("nan")
    unscored: list = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return self.per_label.copy()

    def to_dict(self) -> dict:
        def rec(df):
            return [{k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()}
                    for r in df.to_dict("records")]

        return {"method": self.method, "n": self.n, "micro_f1": self.micro_f1, "macro_f1": self.macro_f1,
                "weighted_f1": self.weighted_f1, "subset_accuracy": self.subset_accuracy,
                "unscored": list(self.unscored),
                "per_label": rec(self.per_label), "learning_curve": rec(self.learning_curve),
                "confusions": rec(self.confusions)}

    def summary(self) -> str:
        lines = [f"{self.method}: n={self.n}  micro-F1 {self.micro_f1:.3f}  macro-F1 {self.macro_f1:.3f}  "
                 f"weighted-F1 {self.weighted_f1:.3f}"]
        if self.unscored:
            lines.append(f"  macro-F1 leaves out {_n_labels(len(self.unscored))} without examples here: "
                         + ", ".join(map(str, self.unscored)))
        for r in self.per_label.itertuples():
            lines.append(f"  {r.label:<8} {str(r.name)[:16]:<16} P {fmt(r.precision)}  R {fmt(r.recall)}  "
                         f"F1 {fmt(r.f1)}  support {r.support}")
        if len(self.learning_curve):
            lines.append("  learning curve: " + ", ".join(
                f"{r.n_train}→{r.macro_f1:.3f}" for r in self.learning_curve.itertuples()))
        if len(self.confusions):
            lines.append("  most confused: " + ", ".join(
                f"{r.label}→{r.confused_with} ({r.n})" for r in self.confusions.head(5).itertuples()))
        return "\n".join(lines)


def fmt(x: float) -> str:
    """A score for a reader: three decimals, or '—' when there is none (NaN)."""
    return "  —  " if x is None or np.isnan(x) else f"{x:.3f}"


def _n_labels(k: int) -> str:
    return f"{k} label{'s' if k != 1 else ''}"


def scores(Y, P, labels, names=None) -> tuple[pd.DataFrame, dict]:
    """Per-label table and the averages of true ``Y`` against predicted ``P`` (0/1 matrices). Labels without
    a true example get NaN recall and F1 and are left out of the macro-F1 (``avg["unscored"]`` lists them)."""
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    Y = np.asarray(Y, dtype=np.int8)
    P = np.asarray(P, dtype=np.int8)
    p, r, f, s = precision_recall_fscore_support(Y, P, average=None, zero_division=0)
    present = s > 0
    r, f = np.where(present, r, np.nan), np.where(present, f, np.nan)
    names = names or {}
    table = pd.DataFrame({"label": list(labels), "name": [names.get(x, x) for x in labels],
                          "precision": p, "recall": r, "f1": f, "support": s.astype(int)})
    avg = {a: float(f1_score(Y, P, average=a, zero_division=0)) for a in ("micro", "weighted")}
    avg["macro"] = float(f1_score(Y, P, average="macro", labels=np.flatnonzero(present), zero_division=0)) \
        if present.any() else float("nan")
    avg["unscored"] = [lab for lab, ok in zip(labels, present) if not ok]
    avg["subset_accuracy"] = float((Y == P).all(axis=1).mean()) if len(Y) else float("nan")
    return table, avg


def confusable_pairs(Y, P, labels, top: int = 20) -> pd.DataFrame:
    """Pairs (a, b): texts labelled a but not b that were predicted b — how often a is mistaken for b."""
    Y = np.asarray(Y, dtype=bool)
    P = np.asarray(P, dtype=bool)
    C = Y.T.astype(int) @ (P & ~Y).astype(int)  # (a, b)
    np.fill_diagonal(C, 0)
    sup = Y.sum(axis=0)
    rows = [{"label": labels[a], "confused_with": labels[b], "n": int(C[a, b]),
             "share": float(C[a, b] / sup[a]) if sup[a] else np.nan}
            for a, b in zip(*np.nonzero(C))]
    out = pd.DataFrame(rows, columns=["label", "confused_with", "n", "share"])
    return out.sort_values(["n", "label", "confused_with"], ascending=[False, True, True]).head(top) \
        .reset_index(drop=True)


def _Y_for(clf, Y, labels):
    """Align a true label matrix to the classifier's classes (labels the model lacks are dropped)."""
    if labels is None:
        return np.asarray(Y, dtype=np.int8), list(clf.classes_)
    col = {lab: j for j, lab in enumerate(labels)}
    common = [c for c in clf.classes_ if c in col]
    if not common:
        raise ConfigError(f"the model's labels {list(clf.classes_)} and the data's labels {list(labels)} have "
                          "nothing in common")
    return np.asarray(Y, dtype=np.int8)[:, [col[c] for c in common]], common


def evaluate(clf, texts, Y, *, labels=None, method: str = "held-out") -> EvaluationResult:
    """Score a fitted classifier on labelled texts (``labels``: the ids of ``Y``'s columns; only the labels
    the model knows are scored)."""
    Yt, common = _Y_for(clf, Y, labels)
    pred = clf.predict(list(texts))
    idx = [list(clf.classes_).index(c) for c in common]
    pred = pred[:, idx]
    table, avg = scores(Yt, pred, common, getattr(clf, "names_", None))
    return EvaluationResult(table, avg["micro"], avg["macro"], avg["weighted"], len(Yt), method,
                            confusions=confusable_pairs(Yt, pred, common), subset_accuracy=avg["subset_accuracy"],
                            unscored=avg["unscored"])


def cross_validate_labels(estimator, texts, Y=None, *, labels=None, names=None, n_splits: int = 5,
                          learning_curve=(0.125, 0.25, 0.5, 1.0), random_state: int = 0) -> EvaluationResult:
    """k-fold cross-validation stratified for multi-label data (iterative stratification).

    ``texts`` may be a :class:`LabelSet` (then ``Y``, ``labels`` and ``names`` come from it). The learning
    curve trains on growing shares of the first fold's training rows and scores its test rows.
    """
    from sklearn.base import clone

    from ._split import iterative_stratified_folds

    if hasattr(texts, "Y") and Y is None:
        ls = texts
        texts, Y, labels, names = ls.texts, ls.Y, ls.labels, ls.names
    texts = list(texts)
    Y = np.asarray(Y, dtype=np.int8)
    if Y.ndim != 2 or Y.shape[0] != len(texts):
        raise InputError(f"expected Y with one row per text ({len(texts)}); found shape {Y.shape}")
    labels = list(labels) if labels is not None else [f"L{j}" for j in range(Y.shape[1])]
    folds = iterative_stratified_folds(Y, n_splits=n_splits, random_state=random_state)
    pred = np.zeros_like(Y)
    for f in range(n_splits):
        tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
        m = clone(estimator).fit([texts[i] for i in tr], Y[tr], labels=labels, names=names)
        pred[te] = m.predict([texts[i] for i in te])
    table, avg = scores(Y, pred, labels, names)
    curve = []
    if learning_curve:
        tr, te = np.flatnonzero(folds != 0), np.flatnonzero(folds == 0)
        rng = np.random.default_rng(random_state)
        order = tr[rng.permutation(len(tr))]
        for frac in learning_curve:
            k = max(2, int(round(frac * len(order))))
            sub = order[:k]
            if (Y[sub].sum(axis=0) == 0).any() or (Y[sub].sum(axis=0) == len(sub)).any():
                continue  # a label without positives (or negatives) cannot be fitted at this size
            m = clone(estimator).fit([texts[i] for i in sub], Y[sub], labels=labels, names=names)
            _, a = scores(Y[te], m.predict([texts[i] for i in te]), labels)
            curve.append({"n_train": int(k), "micro_f1": a["micro"], "macro_f1": a["macro"]})
    return EvaluationResult(table, avg["micro"], avg["macro"], avg["weighted"], len(texts),
                            f"{n_splits}-fold cross-validation",
                            learning_curve=pd.DataFrame(curve, columns=["n_train", "micro_f1", "macro_f1"]),
                            confusions=confusable_pairs(Y, pred, labels), subset_accuracy=avg["subset_accuracy"],
                            unscored=avg["unscored"])
