"""``PolarityClassifier``: a trained sentiment model (negative / neutral / positive, or any two of them)."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from ..errors import ConfigError, InputError, check_fitted
from ._features import TextFeatures
from ._linear import check_C, check_texts

__all__ = ["PolarityClassifier"]

_ORDER = ("negative", "neutral", "positive")


class PolarityClassifier(ClassifierMixin, BaseEstimator):
    """Word + character TF-IDF and logistic regression over polarity classes.

    ``y`` holds ``negative`` / ``neutral`` / ``positive`` (or -1 / 0 / 1, or 0 / 1 for negative / positive).
    ``sentiment(X)`` = P(positive) - P(negative), in [-1, 1].
    """

    def __init__(self, *, C: float = 4.0, word: bool = True, char_ngrams=(1, 3), min_df: int = 2,
                 random_state: int = 0):
        self.C = C
        self.word = word
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.random_state = random_state

    @staticmethod
    def _labels(y):
        m = {"-1": "negative", "0": "neutral", "1": "positive", "negative": "negative", "neutral": "neutral",
             "positive": "positive"}
        vals = [str(int(v)) if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
                else str(v).strip().lower() for v in y]
        bad = sorted({v for v in vals if v not in m})
        if bad:
            raise InputError(f"polarity labels {bad[:5]} are not understood; expected negative/neutral/positive "
                             "or -1/0/1")
        out = [m[v] for v in vals]
        if set(vals) <= {"0", "1"}:  # binary 0/1 sentiment files: 0 = negative
            out = ["positive" if v == "1" else "negative" for v in vals]
        return np.array(out, dtype=object)

    def fit(self, X, y):
        from sklearn.linear_model import LogisticRegression

        check_C(self.C)
        texts = check_texts(X)
        lab = self._labels(y)
        if len(texts) != len(lab):
            raise InputError(f"X has {len(texts)} texts but y has {len(lab)} labels")
        classes = [c for c in _ORDER if c in set(lab)]
        if len(classes) < 2:
            raise ConfigError(f"a polarity model needs at least two classes; found {classes}")
        self.features_ = TextFeatures(word=self.word, char_ngrams=self.char_ngrams, min_df=self.min_df).fit(texts)
        Z = self.features_.transform(texts)
        m = LogisticRegression(C=float(self.C), max_iter=2000, random_state=self.random_state)
        m.fit(Z, lab)
        self.classes_ = np.array(list(m.classes_), dtype=object)
        coef = m.coef_.astype(np.float32)
        icpt = m.intercept_.astype(np.float32)
        if len(self.classes_) == 2:  # binary: one row for classes_[1]; store both for a plain softmax
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            icpt = np.array([-icpt[0] / 2, icpt[0] / 2], dtype=np.float32)
        self.coef_, self.intercept_ = coef, icpt
        return self

    def _check(self):
        check_fitted(self, "call fit(texts, polarity) first", "coef_")

    def predict_proba(self, X) -> np.ndarray:
        self._check()
        Z = self.features_.transform(check_texts(X))
        s = np.asarray(Z @ self.coef_.T, dtype=np.float64) + self.intercept_
        s -= s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        P = self.predict_proba(X)
        return self.classes_[P.argmax(axis=1)] if len(P) else np.array([], dtype=object)

    def sentiment(self, X) -> np.ndarray:
        P = self.predict_proba(X)
        cls = list(self.classes_)
        pos = P[:, cls.index("positive")] if "positive" in cls else 0.0
        neg = P[:, cls.index("negative")] if "negative" in cls else 0.0
        return np.asarray(pos - neg, dtype=float)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True  # X is a sequence of texts, not a matrix of numbers
        tags.input_tags.two_d_array = False
        return tags
