"""``ReasonClassifier``: multi-label coding of answers (or clauses) into codebook themes."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin

from ..errors import ConfigError, InputError, check_fitted
from ._features import TextFeatures
from ._linear import check_C, check_texts, f1_threshold, fit_ovr, platt, sigmoid

__all__ = ["ReasonClassifier"]


def _label_matrix(y, labels):
    """(Y int8 (n, k), label ids) from a 0/1 matrix, a DataFrame of 0/1 columns or a list of label lists."""
    if isinstance(y, pd.DataFrame):
        return y.to_numpy().astype(np.int8), [str(c) for c in y.columns]
    arr = np.asarray(y, dtype=object) if not isinstance(y, np.ndarray) else y
    if arr.ndim == 2 and arr.dtype != object or (arr.ndim == 2 and all(
            isinstance(v, (int, float, np.integer, np.floating, bool, np.bool_)) for v in arr.ravel()[:50])):
        Y = np.asarray(arr, dtype=float)
        if not np.isin(Y, (0, 1)).all():
            raise InputError("expected y as a 0/1 matrix (rows x labels); found values other than 0 and 1")
        ids = list(labels) if labels is not None else [f"L{j}" for j in range(Y.shape[1])]
        if len(ids) != Y.shape[1]:
            raise ConfigError(f"labels has {len(ids)} names but y has {Y.shape[1]} columns")
        return Y.astype(np.int8), [str(i) for i in ids]
    if any(not isinstance(v, str) and not hasattr(v, "__iter__") for v in y):
        raise InputError("expected y as a 0/1 matrix (rows x labels), a DataFrame of 0/1 columns or one list of "
                         "labels per text; found a 1-D sequence of single values (wrap each label in a list)")
    rows = [[v] if isinstance(v, str) else list(v) for v in y]
    ids = list(labels) if labels is not None else sorted({v for r in rows for v in r})
    col = {lab: j for j, lab in enumerate(ids)}
    bad = sorted({v for r in rows for v in r if v not in col})
    if bad:
        raise ConfigError(f"y holds labels {bad[:10]} that are not in labels={ids}")
    Y = np.zeros((len(rows), len(ids)), dtype=np.int8)
    for i, r in enumerate(rows):
        Y[i, [col[v] for v in r]] = 1
    return Y, [str(i) for i in ids]


class ReasonClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label classifier of answers into themes: word + character TF-IDF (optionally encoder vectors),
    one linear SVM per label, Platt-calibrated probabilities and per-label thresholds tuned on out-of-fold
    predictions.

    Parameters
    ----------
    C : float
        Inverse regularisation of each label's LinearSVC.
    word, word_bigrams, char_ngrams, min_df, embed_weight, encoder :
        Feature settings, see :class:`TextFeatures`. By default the shipped encoder's vectors (weight 0.5) sit
        beside the TF-IDF features: at full data they change macro-F1 by less than 0.005, with 16 labelled
        answers per label they add about 0.1 (``benchmarks/results/classify_quality.json``); pass
        ``embed_weight=0`` for a model that needs no encoder.
    cv : int
        Folds (iterative multi-label stratification) for the out-of-fold scores that calibrate probabilities
        and tune thresholds; fewer when a label has fewer examples; 0 or 1: no tuning (threshold 0.5).
    exclusive : bool
        Exactly one label per text (argmax of the probabilities) instead of every label above its threshold.
    class_weight : None or "balanced"
    self_training : int
        Rounds of self-training when ``fit`` is given ``unlabelled`` texts (few labels, many answers): each
        round labels the ``pseudo_per_label`` unlabelled texts most probable for each label with that label
        and refits on the labelled plus these pseudo-labelled texts. 0: off. Without ``unlabelled`` texts
        nothing changes.
    pseudo_per_label : int
    random_state : int

    After ``fit``: ``classes_`` (label ids), ``names_`` ({id: name}), ``features_``, ``coef_``,
    ``intercept_``, ``platt_`` ((k, 2): a, b), ``thresholds_``, ``polarity_model_`` (None: lexicon polarity).
    ``predict_proba`` returns one independent probability per label, shape (n, k).
    """

    def __init__(self, *, C: float = 0.5, word: bool = True, word_bigrams: bool = False, char_ngrams=(1, 3),
                 min_df: int = 2, embed_weight: float = 0.5, encoder=None, cv: int = 3, exclusive: bool = False,
                 class_weight=None, self_training: int = 2, pseudo_per_label: int = 32, random_state: int = 0):
        self.C = C
        self.word = word
        self.word_bigrams = word_bigrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.embed_weight = embed_weight
        self.encoder = encoder
        self.cv = cv
        self.exclusive = exclusive
        self.class_weight = class_weight
        self.self_training = self_training
        self.pseudo_per_label = pseudo_per_label
        self.random_state = random_state

    # -- fitting ------------------------------------------------------------------------------------
    def _features(self):
        return TextFeatures(word=self.word, word_bigrams=self.word_bigrams, char_ngrams=self.char_ngrams,
                            min_df=self.min_df, embed_weight=self.embed_weight, encoder=self.encoder)

    def fit(self, X, y, *, labels=None, names: dict | None = None, polarity=None, codebook=None, unlabelled=None):
        """Fit on texts ``X`` and labels ``y`` (0/1 matrix with ``labels`` ids, a DataFrame of 0/1 columns, or
        one list of labels per text). ``names`` maps ids to display names; ``polarity`` (one of negative /
        neutral / positive or None per text) trains a :class:`PolarityClassifier` when it has two classes;
        ``codebook`` (a :class:`textmine.themes.Codebook`) supplies names, parents, keywords and seeds;
        ``unlabelled`` texts are used for self-training when ``self_training > 0``."""
        self._fit(X, y, labels=labels, names=names, polarity=polarity, codebook=codebook)
        if unlabelled is None or not self.self_training:
            return self
        if not isinstance(self.self_training, (int, np.integer)) or self.self_training < 0:
            raise ConfigError(f"self_training={self.self_training!r} must be an integer >= 0")
        if not isinstance(self.pseudo_per_label, (int, np.integer)) or self.pseudo_per_label < 1:
            raise ConfigError(f"pseudo_per_label={self.pseudo_per_label!r} must be a positive integer")
        texts = check_texts(X)
        Y = np.asarray(_label_matrix(y, labels)[0], dtype=np.int8)
        seen = set(texts)
        pool = [t for t in dict.fromkeys(check_texts(unlabelled)) if t.strip() and t not in seen]
        if not pool:
            return self
        ids = list(self.classes_)
        for _ in range(int(self.self_training)):
            P = self.predict_proba(pool)
            Yp = np.zeros(P.shape, dtype=np.int8)
            for j in range(P.shape[1]):
                Yp[np.argsort(-P[:, j], kind="stable")[:self.pseudo_per_label], j] = 1
            pick = np.flatnonzero(Yp.any(axis=1))
            self._fit(texts + [pool[i] for i in pick], np.vstack([Y, Yp[pick]]), labels=ids, names=names,
                      polarity=None, codebook=codebook)
        self.n_pseudo_ = int(len(pick))
        self.n_train_ = len(texts)
        if polarity is not None:  # the polarity model learns from the real labels only
            self._fit_polarity(texts, polarity)
        return self

    def _fit(self, X, y, *, labels=None, names: dict | None = None, polarity=None, codebook=None):
        from ._split import iterative_stratified_folds

        check_C(self.C)
        if self.class_weight not in (None, "balanced"):
            raise ConfigError(f"class_weight={self.class_weight!r} must be None or 'balanced'")
        if not isinstance(self.cv, (int, np.integer)) or self.cv < 0:
            raise ConfigError(f"cv={self.cv!r} must be an integer >= 0")
        texts = check_texts(X)
        Y, ids = _label_matrix(y, labels)
        if len(texts) != Y.shape[0]:
            raise InputError(f"X has {len(texts)} texts but y has {Y.shape[0]} rows")
        if len(texts) < 2:
            raise InputError(f"need at least 2 labelled texts; found {len(texts)}")
        pos = Y.sum(axis=0)
        bad = [ids[j] for j in range(len(ids)) if pos[j] == 0 or pos[j] == len(texts)]
        if bad:
            raise InputError(f"labels {bad} have no positive (or no negative) examples; every label needs both. "
                             "Add examples or remove the label from the codebook")
        self.features_ = self._features().fit(texts)
        Z = self.features_.transform(texts)
        k = len(ids)
        self.coef_, self.intercept_ = fit_ovr(Z, Y, C=float(self.C), class_weight=self.class_weight,
                                              random_state=self.random_state)
        self.platt_ = np.tile(np.array([2.0, 0.0], dtype=np.float64), (k, 1))
        self.thresholds_ = np.full(k, 0.5)
        n_splits = int(min(self.cv, int(pos.min()), len(texts) - int(pos.max())))
        self.cv_folds_ = n_splits if n_splits >= 2 else 0
        if self.cv_folds_:
            folds = iterative_stratified_folds(Y, n_splits=self.cv_folds_, random_state=self.random_state)
            oof = np.zeros(Y.shape, dtype=float)
            for f in range(self.cv_folds_):
                tr, te = folds != f, folds == f
                ok = (Y[tr].sum(axis=0) > 0) & (Y[tr].sum(axis=0) < tr.sum())
                c, b = self._fit_partial(Z[tr], Y[tr], ok)
                oof[te] = Z[te] @ c.T + b
            for j in range(k):
                a, b = platt(oof[:, j], Y[:, j])
                self.platt_[j] = (a, b)
                self.thresholds_[j] = f1_threshold(sigmoid(a * oof[:, j] + b), Y[:, j])
        self.classes_ = np.array(ids, dtype=object)
        self.names_ = {i: (names or {}).get(i, i) for i in ids}
        known = {t.id: t for t in codebook} if codebook is not None else {}
        self.themes_ = []
        for i in ids:
            t = known.get(i)
            if t is not None:
                self.names_[i] = t.name
                self.themes_.append({"id": i, "name": t.name, "parent": t.parent, "description": t.description,
                                     "keywords": list(t.keywords), "seeds": list(t.seeds)})
            else:
                self.themes_.append({"id": i, "name": self.names_[i]})
        self.polarity_model_ = None
        self._fit_polarity(texts, polarity)
        self.n_train_ = len(texts)
        self.n_pseudo_ = 0
        return self

    def _fit_polarity(self, texts, polarity):
        if polarity is None or not len(polarity):
            return
        from ._polarity import PolarityClassifier

        pol = list(polarity)
        keep = [i for i, p in enumerate(pol) if p is not None]
        if len({pol[i] for i in keep}) >= 2:
            self.polarity_model_ = PolarityClassifier(random_state=self.random_state).fit(
                [texts[i] for i in keep], [pol[i] for i in keep])

    def _fit_partial(self, Z, Y, ok):
        c = np.zeros((Y.shape[1], Z.shape[1]), dtype=np.float32)
        b = np.full(Y.shape[1], -1.0, dtype=np.float32)
        if ok.any():
            c[ok], b[ok] = fit_ovr(Z, Y[:, ok], C=float(self.C), class_weight=self.class_weight,
                                random_state=self.random_state)
        return c, b

    def fit_labels(self, labelset, codebook=None, **kw):
        """Fit on a :class:`LabelSet` (from :func:`read_labels` or :func:`weak_labels`)."""
        return self.fit(labelset.texts, labelset.Y, labels=labelset.labels, names=labelset.names,
                        polarity=labelset.polarity or None, codebook=codebook, **kw)

    # -- predicting ---------------------------------------------------------------------------------
    def _check(self):
        check_fitted(self, "call fit(texts, labels) or load a model with load_classifier(dir)", "coef_")

    def decision_function(self, X) -> np.ndarray:
        self._check()
        Z = self.features_.transform(check_texts(X))
        return np.asarray(Z @ self.coef_.T, dtype=np.float64) + self.intercept_

    def predict_proba(self, X) -> np.ndarray:
        s = self.decision_function(X)
        return sigmoid(self.platt_[:, 0] * s + self.platt_[:, 1])

    def predict(self, X) -> np.ndarray:
        """0/1 matrix (n, k): labels whose probability reaches their threshold (exclusive: the most likely)."""
        P = self.predict_proba(X)
        if self.exclusive:
            out = np.zeros(P.shape, dtype=np.int8)
            if P.shape[0]:
                out[np.arange(P.shape[0]), P.argmax(axis=1)] = 1
            return out
        return (P >= self.thresholds_).astype(np.int8)

    def predict_labels(self, X) -> list[list[str]]:
        return [[self.classes_[j] for j in np.flatnonzero(r)] for r in self.predict(X)]

    def score(self, X, y, sample_weight=None):
        """Macro F1 over labels (y as a 0/1 matrix in ``classes_`` order)."""
        from sklearn.metrics import f1_score

        return float(f1_score(np.asarray(y), self.predict(X), average="macro", zero_division=0))

    def polarity(self, X) -> tuple[np.ndarray, np.ndarray]:
        """(labels negative/neutral/positive, sentiment in [-1, 1]) by the trained polarity model or, without
        one, the lexicon scorer of :mod:`textmine.text`."""
        self._check()
        texts = check_texts(X)
        if self.polarity_model_ is not None:
            return self.polarity_model_.predict(texts), self.polarity_model_.sentiment(texts)
        from ..text import clause_sentiment
        from ..themes import polarity_label

        s = np.array([clause_sentiment(t) if t else 0.0 for t in texts], dtype=float)
        return polarity_label(s), s

    # -- clauses to themes --------------------------------------------------------------------------
    def code_clauses(self, clauses: pd.DataFrame, vectors=None, respondents: pd.DataFrame | None = None, *,
                     alpha: float = 0.05):
        """Code the clause table of :func:`textmine.text.to_clauses`: one mention per (clause, theme) whose
        probability reaches its threshold, ``similarity`` = that probability, ``source = "classifier"``.
        ``vectors`` are ignored (the model computes its own features from the clause text)."""
        from ._mentions import code_clauses

        self._check()
        return code_clauses(self, clauses, respondents, alpha=alpha)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True  # X is a sequence of texts, not a matrix of numbers
        tags.input_tags.two_d_array = False
        tags.target_tags.multi_output = True  # y: a 0/1 matrix (texts x labels) or one list of labels per text
        tags.classifier_tags.multi_label = True
        return tags
