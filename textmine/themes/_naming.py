"""Naming themes: class-based TF-IDF over jieba tokens, diverse keywords, a short readable label."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

__all__ = ["class_tfidf", "default_stop_words", "top_keywords", "make_label", "join_terms"]

_CJK = re.compile(r"[\u3400-\u9fff]")
_USEFUL = re.compile(r"[\u3400-\u9fffA-Za-z]")  # a term must hold a Chinese character or a letter


def join_terms(a: str, b: str) -> str:
    """Join two tokens into a phrase: no space between Chinese tokens, a space between Latin ones."""
    if _CJK.search(a[-1:]) or _CJK.search(b[:1]):
        return a + b
    return f"{a} {b}"


def _terms(tokens: Sequence[str], stop: set, bigrams: bool) -> list[str]:
    kept = [t for t in tokens if t and t.strip() and t not in stop and _USEFUL.search(t)]
    out = list(kept)
    if bigrams:
        out.extend(join_terms(a, b) for a, b in zip(kept, kept[1:]))
    return out


def class_tfidf(token_lists: Sequence[Sequence[str]], labels: np.ndarray, n_classes: int, *,
                stop_words: Iterable[str] = (), bigrams: bool = True, min_df: int = 2):
    """Class-based TF-IDF (as in BERTopic): ``tf(t, c) · log(1 + A / f(t))``.

    ``tf`` is the term frequency in class ``c`` normalised by the class length, ``f(t)`` the term's frequency
    over all classes and ``A`` the average number of terms per class. Documents with label < 0 are ignored.
    Stop words are removed here, and only here (never before sentiment or clause splitting).
    Returns ``(matrix (n_classes × V), vocabulary list)``.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    stop = set(stop_words)
    labels = np.asarray(labels)
    docs = [[] for _ in range(n_classes)]
    for toks, lab in zip(token_lists, labels):
        if lab >= 0:
            docs[lab].append(toks)
    analyzer = lambda group: [t for toks in group for t in _terms(toks, stop, bigrams)]  # noqa: E731
    cv = CountVectorizer(analyzer=analyzer, min_df=1)
    try:
        counts = cv.fit_transform(docs).astype(float)
    except ValueError:  # no usable term at all (no tokens given, or only stop words): nothing to name with
        return sparse.csr_matrix((n_classes, 0)), []
    vocab = np.asarray(cv.get_feature_names_out())
    # terms used fewer than min_df times over all classes are noise for naming
    freq = np.asarray(counts.sum(axis=0)).ravel()
    keep = freq >= min_df
    counts, vocab, freq = counts[:, keep], vocab[keep], freq[keep]
    row_sums = np.asarray(counts.sum(axis=1)).ravel()
    row_sums[row_sums == 0] = 1
    tf = sparse.diags(1 / row_sums) @ counts
    avg = counts.sum() / max(n_classes, 1)
    idf = np.log(1 + avg / np.maximum(freq, 1))
    return sparse.csr_matrix(tf @ sparse.diags(idf)), vocab.tolist()


def _overlap(a: str, b: str) -> float:
    sa, sb = set(a.replace(" ", "")), set(b.replace(" ", ""))
    return len(sa & sb) / max(len(sa | sb), 1)


def top_keywords(row, vocab: Sequence[str], n: int = 8, diversity: float = 0.3) -> list[str]:
    """The ``n`` best terms of one c-TF-IDF row, chosen by maximal marginal relevance.

    Relevance is the c-TF-IDF weight; redundancy is character overlap with terms already chosen, so that
    "客服", "客服态度" and "态度" do not fill the list together.
    """
    row = row.toarray().ravel() if sparse.issparse(row) else np.asarray(row).ravel()
    order = np.argsort(-row)[: max(5 * n, 30)]
    order = [i for i in order if row[i] > 0]
    if not order:
        return []
    scores = row[order] / row[order[0]]
    chosen: list[int] = []
    remaining = list(range(len(order)))
    while remaining and len(chosen) < n:
        best, best_val = None, -np.inf
        for j in remaining:
            red = max((_overlap(vocab[order[j]], vocab[order[c]]) for c in chosen), default=0.0)
            val = (1 - diversity) * scores[j] - diversity * red
            if val > best_val:
                best, best_val = j, val
        chosen.append(best)
        remaining.remove(best)
    return [str(vocab[order[c]]) for c in chosen]


def make_label(keywords: Sequence[str], n_terms: int = 2) -> str:
    """A short readable label from the first keywords, e.g. ``"客服态度 · 回复慢"``."""
    picked: list[str] = []
    for kw in keywords:
        if any(kw in p or p in kw for p in picked):
            continue
        picked.append(kw)
        if len(picked) == n_terms:
            break
    return " · ".join(picked) if picked else "(unnamed)"


def default_stop_words() -> set:
    """The stop-word lexicon that naming skips (a minimal built-in list if the lexicon cannot be read)."""
    try:
        from ..text import load_lexicon

        return set(load_lexicon("stopwords"))
    except Exception:  # the lexicon is optional for naming; fall back to a minimal list
        return {"的", "了", "是", "也", "都", "就", "还", "很", "太", "非常", "特别", "比较", "有点", "但是", "不过",
                "可是", "就是", "我", "你", "他", "我们", "这个", "那个", "一个", "有", "在", "和", "吧", "啊", "呢"}
