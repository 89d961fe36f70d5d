"""Text features: jieba word TF-IDF, character n-gram TF-IDF and (optionally) encoder vectors, side by side.

Everything learned is plain arrays (vocabularies, idf) so that a model directory holds no code.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator

from ..errors import ConfigError, ModelError, check_fitted

__all__ = ["TextFeatures"]


def _identity(tokens):
    return tokens


class TextFeatures(BaseEstimator):
    """``fit(texts)`` / ``transform(texts) -> scipy.sparse.csr_matrix``.

    Parameters
    ----------
    word : bool
        Jieba word unigrams (the project's :class:`~textmine.text.ChineseTokenizer`, HMM off).
    word_bigrams : bool
        Add adjacent word pairs.
    char_ngrams : (int, int) or None
        Character n-gram range over the normalised text (None: none).
    min_df : int
        Minimum document frequency of a character n-gram (words keep every term).
    max_char_features : int
        Keep at most this many character n-grams (the most frequent).
    embed_weight : float
        Weight of the L2-normalised encoder vector appended to the sparse features (0: no encoder).
    encoder : None, path or Encoder
        The encoder (None: the shipped default), used only when ``embed_weight > 0``.
    """

    def __init__(self, *, word: bool = True, word_bigrams: bool = False, char_ngrams=(1, 3), min_df: int = 2,
                 max_char_features: int = 300_000, embed_weight: float = 0.0, encoder=None):
        self.word = word
        self.word_bigrams = word_bigrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_char_features = max_char_features
        self.embed_weight = embed_weight
        self.encoder = encoder

    def _saved_params(self) -> dict:
        """The parameters a model directory records (JSON: ``char_ngrams`` a list, no encoder)."""
        return {"word": self.word, "word_bigrams": self.word_bigrams,
                "char_ngrams": list(self.char_ngrams) if self.char_ngrams else None, "min_df": self.min_df,
                "max_char_features": self.max_char_features, "embed_weight": self.embed_weight}

    # -- helpers ----------------------------------------------------------------------------------
    def _normalise(self, texts):
        from ..text import normalize

        return [normalize(str(t).replace("\ufeff", "")) if t else "" for t in texts]

    def _tokens(self, norm):
        from ..text import ChineseTokenizer

        if not hasattr(self, "_tok"):
            self._tok = ChineseTokenizer()
        toks = [self._tok(t) if t else [] for t in norm]
        if self.word_bigrams:
            toks = [t + [a + " " + b for a, b in zip(t, t[1:])] for t in toks]
        return toks

    def _encoder(self):
        if not hasattr(self, "_enc"):
            from ..embed import get_encoder

            self._enc = get_encoder(self.encoder)
        return self._enc

    def _word_vec(self, vocab=None):
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(analyzer=_identity, sublinear_tf=True, vocabulary=vocab, dtype=np.float32)

    def _char_vec(self, vocab=None):
        from sklearn.feature_extraction.text import TfidfVectorizer

        lo, hi = self.char_ngrams
        kw = {} if vocab is not None else {"min_df": self.min_df, "max_features": self.max_char_features}
        return TfidfVectorizer(analyzer="char", ngram_range=(lo, hi), sublinear_tf=True, vocabulary=vocab,
                               dtype=np.float32, **kw)

    # -- estimator --------------------------------------------------------------------------------
    def fit(self, texts, y=None):
        if not (self.word or self.char_ngrams or self.embed_weight > 0):
            raise ConfigError("TextFeatures needs at least one of word=True, char_ngrams=(lo, hi), embed_weight>0")
        if self.char_ngrams and (len(self.char_ngrams) != 2 or not 1 <= self.char_ngrams[0] <= self.char_ngrams[1]):
            raise ConfigError(f"char_ngrams={self.char_ngrams} must be (lo, hi) with 1 <= lo <= hi")
        if self.embed_weight < 0:
            raise ConfigError(f"embed_weight={self.embed_weight} must be >= 0")
        norm = self._normalise(texts)
        self.word_vocab_, self.word_idf_ = [], np.zeros(0, np.float32)
        self.char_vocab_, self.char_idf_ = [], np.zeros(0, np.float32)
        if self.word:
            v = self._word_vec().fit(self._tokens(norm))
            self.word_vocab_ = v.get_feature_names_out().tolist()
            self.word_idf_ = v.idf_.astype(np.float32)
            self._wv = v
        if self.char_ngrams:
            v = self._char_vec()
            try:
                v.fit(norm)
            except ValueError:  # min_df too high for a tiny training set
                v = self._char_vec().set_params(min_df=1).fit(norm)
            self.char_vocab_ = v.get_feature_names_out().tolist()
            self.char_idf_ = v.idf_.astype(np.float32)
            self._cv = v
        self.encoder_id_ = self._encoder().id if self.embed_weight > 0 else None
        self.embed_dim_ = int(self._encoder().dim) if self.embed_weight > 0 else 0
        self.n_features_ = len(self.word_vocab_) + len(self.char_vocab_) + self.embed_dim_
        return self

    def _rebuild(self):
        if self.word_vocab_ and not hasattr(self, "_wv"):
            self._wv = self._word_vec({w: i for i, w in enumerate(self.word_vocab_)})
            self._wv.idf_ = np.asarray(self.word_idf_, dtype=np.float64)
        if self.char_vocab_ and not hasattr(self, "_cv"):
            self._cv = self._char_vec({w: i for i, w in enumerate(self.char_vocab_)})
            self._cv.idf_ = np.asarray(self.char_idf_, dtype=np.float64)

    def transform(self, texts):
        from scipy import sparse

        check_fitted(self, "call fit(texts) first", "n_features_")
        self._rebuild()
        norm = self._normalise(texts)
        blocks = []
        if self.word_vocab_:
            blocks.append(self._wv.transform(self._tokens(norm)))
        if self.char_vocab_:
            blocks.append(self._cv.transform(norm))
        if self.embed_dim_:
            enc = self._encoder()
            if enc.id != self.encoder_id_:
                raise ModelError(f"these features were fitted with encoder {self.encoder_id_!r} but encoder "
                                 f"{enc.id!r} was given; pass the encoder the model was trained with")
            E = np.asarray(enc.encode(list(norm), show_progress=False), dtype=np.float32)
            blocks.append(sparse.csr_matrix(E * np.float32(self.embed_weight)))
        if not blocks:
            return sparse.csr_matrix((len(norm), 0), dtype=np.float32)
        return sparse.hstack(blocks, format="csr", dtype=np.float32)

    def fit_transform(self, texts, y=None):
        return self.fit(texts).transform(texts)

    # -- arrays for saving ------------------------------------------------------------------------
    def to_state(self) -> tuple[dict, dict]:
        """(JSON-able metadata, {name: ndarray}) of the learned state."""
        meta = {"params": self._saved_params(), "word_vocab": list(self.word_vocab_),
                "char_vocab": list(self.char_vocab_), "encoder_id": self.encoder_id_, "embed_dim": self.embed_dim_}
        return meta, {"word_idf": self.word_idf_, "char_idf": self.char_idf_}

    @classmethod
    def from_state(cls, meta: dict, arrays: dict, encoder=None) -> TextFeatures:
        p = dict(meta["params"])
        if p.get("char_ngrams"):
            p["char_ngrams"] = tuple(p["char_ngrams"])
        self = cls(**p, encoder=encoder)
        self.word_vocab_, self.char_vocab_ = list(meta["word_vocab"]), list(meta["char_vocab"])
        self.word_idf_ = np.asarray(arrays["word_idf"], dtype=np.float32)
        self.char_idf_ = np.asarray(arrays["char_idf"], dtype=np.float32)
        if len(self.word_idf_) != len(self.word_vocab_) or len(self.char_idf_) != len(self.char_vocab_):
            raise ModelError("the saved vocabularies and idf arrays have different lengths; the model directory "
                             "is damaged: retrain or restore it")
        self.encoder_id_, self.embed_dim_ = meta["encoder_id"], int(meta["embed_dim"])
        self.n_features_ = len(self.word_vocab_) + len(self.char_vocab_) + self.embed_dim_
        return self

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k not in ("_tok", "_enc", "_wv", "_cv")}
