"""Adapt a static model to a survey's own answers: its new words, and the way its answers group.

``adapt_encoder`` returns a new static model whose vector for a text is the concatenation of
1. the base model's vector (new words, kept whole by the tokenizer, start from what the base model gave them:
   the sum of the vectors of the pieces it split them into), and
2. an LSA part fitted on the survey: TF-IDF over the (extended) tokens, then TruncatedSVD. A TF-IDF document
   vector projected on the SVD components is a weighted sum of one vector per token (idf(w) * V_k[w]), so this
   part is itself a static embedding and the whole result is still a plain StaticEmbedding model.
The LSA part is scaled so that, on the survey, its typical norm is ``lsa_weight`` times that of the base part.
This is transductive by design: it learns from the very answers it will embed (no labels are used).
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from collections import Counter

import numpy as np

from textmine.embed._base import check_texts
from textmine.embed._static import StaticEncoder
from textmine.errors import ConfigError, InputError


def _is_content(token: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def _new_words(texts: list[str], known: set[str], min_count: int, max_new_words: int, hmm: bool) -> Counter:
    import jieba

    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()  # own instance: no global jieba state
    counts: Counter = Counter()
    # each distinct text cut once, its words counted as often as it occurs; in order of first occurrence, so the
    # words enter ``counts`` in the same order as when every text is cut (ties in most_common fall the same way)
    for text, n in Counter(texts).items():
        for w in tk.cut(text, HMM=hmm):
            if len(w.strip()) > 1:
                counts[w.lower()] += n
    new = Counter({w: n for w, n in counts.items()
                   if n >= min_count and w not in known and _is_content(w) and " " not in w})
    return Counter(dict(new.most_common(max_new_words)))


def adapt_encoder(encoder=None, texts=None, *, min_count: int = 3, max_new_words: int = 5000,
                  lsa_dim: int = 64, lsa_weight: float = 1.0, hmm: bool = False, seed: int = 0) -> StaticEncoder:
    """A static model adapted to ``texts`` (the survey's own answers, already normalised).

    Parameters
    ----------
    encoder : a ``StaticEncoder``, a path to a static model directory, or None for the shipped default.
    texts : the survey's answers (or clauses); at least ``lsa_dim + 1`` non-empty ones.
    min_count : a word new to the base vocabulary is added when it occurs at least this often.
    max_new_words : at most this many new words (the most frequent).
    lsa_dim : size of the survey-fitted part (0 adds new words only).
    lsa_weight : typical norm of the survey part relative to the base part.
    hmm : let jieba's HMM propose words absent from its dictionary (off by default: it glues 很赞 into one token).
    """
    from textmine.embed._registry import get_encoder

    texts = [t for t in check_texts(texts if texts is not None else []) if t.strip()]
    for name, value, low in (("min_count", min_count, 1), ("max_new_words", max_new_words, 0),
                             ("lsa_dim", lsa_dim, 0)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ConfigError(f"{name}={value!r} must be an integer >= {low}")
    if not (isinstance(lsa_weight, (int, float)) and lsa_weight >= 0 and math.isfinite(lsa_weight)):
        raise ConfigError(f"lsa_weight={lsa_weight!r} must be a finite number >= 0")
    if len(texts) < max(lsa_dim + 1, 2):
        raise InputError(f"adapt_encoder needs at least {max(lsa_dim + 1, 2)} non-empty texts to fit "
                         f"lsa_dim={lsa_dim}; got {len(texts)}. Pass more answers or a smaller lsa_dim")
    base = encoder if isinstance(encoder, StaticEncoder) else get_encoder(encoder, backend="static")
    if not isinstance(base, StaticEncoder):
        raise ConfigError(f"adapt_encoder needs a static model (a StaticEncoder or its directory); got "
                          f"{type(base).__name__}. Transformer models cannot be adapted this way")

    # 1. extended vocabulary: new words scored by their frequency in the survey
    vocab = base.vocabulary()
    known = {p for p, _ in vocab}
    new = _new_words(texts, known, min_count, max_new_words, hmm)
    total = sum(new.values()) or 1
    # survey words are scored on the base scale: log p within the survey, minus a little so base words win ties
    extra = [(w, math.log(n / total) - 1.0) for w, n in sorted(new.items(), key=lambda kv: (-kv[1], kv[0]))]
    spec = json.loads(base.tokenizer.to_str())
    if spec["model"].get("type") != "Unigram":
        raise ConfigError("adapt_encoder needs a static model with a Unigram tokenizer (like the shipped default); "
                          f"this one has {spec['model'].get('type')!r}")
    spec["model"]["vocab"] = [list(v) for v in vocab] + [list(v) for v in extra]
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(json.dumps(spec, ensure_ascii=False))

    # 2. base rows for new words: the sum of their pieces' rows under the base tokenizer
    base_rows = np.zeros((len(extra), base.dim), dtype=np.float32)
    if extra:
        encs = base.tokenizer.encode_batch([w for w, _ in extra], add_special_tokens=False)
        for i, e in enumerate(encs):
            base_rows[i] = base.weights[e.ids].sum(axis=0)
    weights = np.vstack([base.weights, base_rows])

    # 3. LSA part fitted on the survey, expressed per token
    if lsa_dim > 0:
        lsa = _lsa_rows(tokenizer, texts, weights, lsa_dim, lsa_weight, seed)
        weights = np.hstack([weights, lsa])
    digest = hashlib.sha256()
    for t in texts:
        digest.update(t.encode("utf-8") + b"\0")
    digest.update(repr((min_count, max_new_words, lsa_dim, lsa_weight, hmm, seed)).encode())
    tag = digest.hexdigest()[:12]
    manifest = {
        "name": f"{(base.manifest or {}).get('name', 'static')}-adapted",
        "version": tag,
        "kind": "static-embedding",
        "base_id": base.id,
        "adapted": {"n_texts": len(texts), "new_words": len(extra), "lsa_dim": int(lsa_dim),
                    "lsa_weight": float(lsa_weight), "min_count": int(min_count), "hmm": bool(hmm),
                    "texts_sha256": digest.hexdigest()},
    }
    return StaticEncoder.from_arrays(tokenizer, weights, f"{base.id}+adapted-{tag}", manifest=manifest,
                                     batch_size=base.batch_size)


def _token_features(tokenizer, content: np.ndarray):
    """Sparse (vocab x features) map: each content token -> itself, its characters and its character bigrams.

    Character and bigram features share the id of the identical vocabulary piece when there is one.
    """
    import scipy.sparse as sp

    vocab = tokenizer.get_vocab()
    size = tokenizer.get_vocab_size()
    extra: dict[str, int] = {}
    rows, cols = [], []
    # in id order, features sorted: the same feature ids on every run (a dict's or a set's order is not)
    for piece, i in sorted(vocab.items(), key=lambda kv: kv[1]):
        if not content[i]:
            continue
        feats = {piece}
        if len(piece) > 1:
            feats.update(piece)
            feats.update(piece[j : j + 2] for j in range(len(piece) - 1))
        for f in sorted(feats):
            j = vocab.get(f)
            if j is None:
                j = extra.setdefault(f, size + len(extra))
            rows.append(i)
            cols.append(j)
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(size, size + len(extra)))


def _lsa_rows(tokenizer, texts: list[str], base_weights: np.ndarray, dim: int, weight: float,
              seed: int) -> np.ndarray:
    import scipy.sparse as sp
    from sklearn.decomposition import TruncatedSVD

    vocab_size = tokenizer.get_vocab_size()
    encs = tokenizer.encode_batch(texts, add_special_tokens=False)
    lengths = np.array([len(e.ids) for e in encs])
    ids = np.fromiter((i for e in encs for i in e.ids), dtype=np.int64, count=int(lengths.sum()))
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    counts = sp.csr_matrix((np.ones(ids.size, dtype=np.float64), ids, indptr), shape=(len(texts), vocab_size))
    counts.sum_duplicates()
    content = np.asarray(np.abs(base_weights).sum(axis=1) > 0)  # unknown token, punctuation: no vector
    feats = _token_features(tokenizer, content)
    doc_feats = (counts @ feats).tocsr()
    df = np.bincount(doc_feats.indices, minlength=feats.shape[1])
    idf = np.where(df >= 2, np.log((1 + len(texts)) / (1 + df)) + 1.0, 0.0)
    tfidf = doc_feats @ sp.diags(idf)
    norms = np.sqrt(np.asarray(tfidf.multiply(tfidf).sum(axis=1)).ravel())
    tfidf = sp.diags(1.0 / np.maximum(norms, 1e-12)) @ tfidf
    dim = min(dim, max(1, min(tfidf.shape) - 1))
    svd = TruncatedSVD(n_components=dim, algorithm="randomized", n_iter=7, random_state=seed).fit(tfidf)
    # a TF-IDF vector projected on the components is sum_f count(f) idf(f) V_k[f]; per token, sum over its features
    rows = np.asarray(feats @ (svd.components_.T * idf[:, None]), dtype=np.float32)
    # scale: typical norm of the LSA part = weight * typical norm of the base part
    b = np.median(np.linalg.norm(np.asarray(counts @ base_weights), axis=1))
    a = np.median(np.linalg.norm(np.asarray(counts @ rows), axis=1))
    return rows * np.float32(weight * b / a if a > 0 else 0.0)
