"""Naming themes: class-based TF-IDF over jieba tokens, diverse keywords, a short readable label.

A label is made of what customers talk about: terms holding an aspect noun (the domain and aspects lexicons, or a
noun of two characters or more by jieba's part-of-speech tags), never an opinion word (the sentiment lexicons), a
function, time or number word, or a generic verb (好, 棒, 说, 去, 刚, 中午, 元, 两个)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from ..text import english_kind, join_terms, join_words

__all__ = ["TermNamer", "class_tfidf", "default_namer", "default_stop_words", "top_keywords", "make_label", "join_terms",
           "join_words"]

_USEFUL = re.compile(r"[\u3400-\u9fffA-Za-z]")  # a term must hold a Chinese character or a letter


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
    from collections import Counter

    stop = set(stop_words)
    labels = np.asarray(labels)
    # term counts per class, as CountVectorizer counts the classes' documents (the vocabulary sorted): each distinct
    # (class, token sequence) is analysed once and counted as often as it occurs
    docs = Counter((lab, tuple(toks)) for toks, lab in zip(token_lists, labels.tolist()) if lab >= 0)
    per_class = [Counter() for _ in range(n_classes)]
    memo: dict = {}
    for (lab, key), n in docs.items():
        terms = memo.get(key)
        if terms is None:
            terms = memo[key] = _terms(key, stop, bigrams)
        into = per_class[lab]
        for t in terms:
            into[t] += n
    vocab = np.asarray(sorted(set().union(*per_class)), dtype=object)
    if not len(vocab):  # no usable term at all (no tokens given, or only stop words): nothing to name with
        return sparse.csr_matrix((n_classes, 0)), []
    column = {t: j for j, t in enumerate(vocab.tolist())}
    cols = [np.fromiter(map(column.__getitem__, c), dtype=np.int64, count=len(c)) for c in per_class]
    data = [np.fromiter(c.values(), dtype=float, count=len(c)) for c in per_class]
    indptr = np.concatenate([[0], np.cumsum([len(c) for c in cols])])
    counts = sparse.csr_matrix((np.concatenate(data) if data else np.zeros(0),
                                np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64), indptr),
                               shape=(n_classes, len(vocab)))
    counts.sort_indices()
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


def make_label(keywords: Sequence[str], n_terms: int = 2, namer: "TermNamer | None" = None) -> str:
    """A short readable label from the first keywords, e.g. ``"客服态度 · 回复速度"``.

    With a ``namer`` (:class:`TermNamer`) only terms that name an aspect are used, reduced to their aspect words
    (上菜快 -> 上菜), then, when none does, terms that are at least not an opinion, function, time or number word
    (闪退); a theme with neither is ``"(unnamed)"``, for the coder to name."""
    candidates = list(keywords)
    if namer is not None:
        heads = [h for h in (namer.head(kw) for kw in keywords) if h]
        candidates = heads or [kw for kw in keywords if namer.plain(kw)]
    picked: list[str] = []
    for kw in candidates:
        if any(kw in p or p in kw for p in picked):
            continue
        picked.append(kw)
        if len(picked) == n_terms:
            break
    return " · ".join(picked) if picked else "(unnamed)"


#: part-of-speech tags (jieba) of words that never name a theme: time, numbers and measure words, pronouns,
#: prepositions, conjunctions, particles, adverbs, interjections, onomatopoeia, punctuation, locality words
_BAD_FLAGS = frozenset("tmqrpcudyoxfw")  # first letter of the tag
_BAD_TAGS = frozenset({"e", "zg", "a", "ad", "an", "ag"})  # interjections, adjectives
_NOUN_FLAGS = ("n", "nz", "nt", "ns", "nl", "ng", "vn", "eng")
#: opinion words that only evaluate; other opinion words (掉色, 起球, 漏水, 闪退) name a problem and may name a theme
_EVALUATIVE = frozenset("喜欢 满意 失望 垃圾 划算 好评 差评 推荐 值得 实惠 不错 一般 给力 失败 后悔 坑 靠谱 满分 完美 "
                        "无语 生气 讨厌 舒服 开心 放心 方便 麻烦 差劲 糟糕 优秀 厉害 好用 难用 好吃 难吃".split())
#: nouns too generic to name what a customer talks about (结果, 个人, 东西, 地方)
_GENERIC_NOUNS = frozenset(
    "结果 个人 东西 地方 感觉 样子 事情 情况 原因 意思 时候 机会 基本 全部 大家 人家 别人 自己 方面 部分 "
    "一点 有点 一次 这次 上次 下次 之前 以后 以前 现在 当时 其他 其它 本人 小时 分钟 人们 整体 总体 评价 意见 点评".split())
#: verbs too generic to name a theme
_GENERIC_VERBS = frozenset(
    "说 去 来 过来 看 买 用 有 是 做 出来 起来 知道 开始 觉得 感觉 发现 希望 需要 可以 能 会 想 要 评 追 打 发 吃 "
    "用了 收到 购买 下单 回来 看到 推荐 建议 表示 看好 保持 继续 改进 总体 整体 总的来说 总之".split())


class TermNamer:
    """Tells which keyword terms can name a theme (see the module docstring)."""

    def __init__(self, lexicons=None):
        from ..text import Lexicons

        lex = lexicons if lexicons is not None else Lexicons()
        roles = lex.get("aspects")
        self.aspects = set(lex.get("domain")) | {w for w, r in roles.items() if r in ("cost", "benefit")}
        magnitudes = {w for w, r in roles.items() if r in ("more", "less")}  # 高, 多, 少: how much, not what
        self.opinion = set(lex.get("positive")) | set(lex.get("negative")) | set(lex.get("degree")) | magnitudes
        self.function = set(lex.get("stopwords")) | set(lex.get("negators")) | set(lex.get("no_content"))
        self._cache: dict[str, list] = {}

    def _words(self, term: str) -> list[tuple[str, str]]:
        hit = self._cache.get(term)
        if hit is None:
            import jieba.posseg

            hit = []
            for part in term.split():
                hit.extend((p.word, p.flag) for p in jieba.posseg.lcut(part) if p.word.strip())
            self._cache[term] = hit
        return hit

    def _noun(self, word: str, flag: str) -> bool:
        if word in self.aspects:
            return True
        if word in self.opinion or word in self.function or word in _GENERIC_VERBS or word in _GENERIC_NOUNS:
            return False
        if flag == "eng":
            return english_kind(word) == "noun" and not _is_filler(word)
        return flag in _NOUN_FLAGS and len(word) >= 2

    def _bad(self, word: str, flag: str) -> bool:
        if word in self.aspects:
            return False
        if word in self.opinion:
            return word in _EVALUATIVE or len(word) < 2 or flag in _BAD_TAGS or flag[:1] in _BAD_FLAGS
        if flag == "eng":
            return word in self.function or english_kind(word) != "noun" or _is_filler(word)
        return (word in self.function or word in _GENERIC_VERBS or word in _GENERIC_NOUNS or flag in _BAD_TAGS
                or (flag != "eng" and flag[:1] in _BAD_FLAGS) or (flag != "eng" and len(word) < 2))

    def head(self, term: str) -> str:
        """The aspect words of ``term`` (上菜快 -> 上菜, 客服态度 -> 客服态度), or "" when it holds none."""
        words = self._words(term)
        if not words or not any(self._noun(w, f) for w, f in words):
            return ""
        drop = [self._bad(w, f) or (w in self.opinion and w not in self.aspects) for w, f in words]
        kept = [w for (w, _), d in zip(words, drop) if not d]
        # keep the aspect phrase contiguous: cut at the first dropped word after the first aspect word
        out: list[str] = []
        for (w, f), d in zip(words, drop):
            if d:
                if out:
                    break
                continue
            out.append(w)
        phrase = out or kept
        return (" " if term.isascii() else "").join(phrase) if phrase else ""

    def aspect_kind(self, token: str) -> int:
        """2 when ``token`` is an aspect word (a noun or a lexicon aspect), 1 when it may name what a clause is
        about without being a noun (停车, 装修 are tagged verbs), 0 when it never names an aspect."""
        words = self._words(token)
        if not words:
            return 0
        if token in self.aspects or all(self._noun(w, f) for w, f in words):
            return 2
        if len(words) == 1 and words[0][1][:1] == "v" and len(token) >= 2 and not self._bad(*words[0]) \
                and token not in _EVALUATIVE:
            return 1  # a verb that may name an activity (停车, 装修, 上课); nothing else stands in for a noun
        return 0

    def plain(self, term: str) -> bool:
        """True when no word of ``term`` is an opinion, function, time or number word or a generic verb."""
        words = self._words(term)
        return bool(words) and not any(self._bad(w, f) for w, f in words)


_DEFAULT: list = []


def default_namer() -> TermNamer:
    """The :class:`TermNamer` of the shipped lexicons (built once)."""
    if not _DEFAULT:
        _DEFAULT.append(TermNamer())
    return _DEFAULT[0]


def _is_filler(word: str) -> bool:
    from ..text import no_content_reason

    return no_content_reason(word) is not None


def default_stop_words() -> set:
    """The stop-word lexicon that naming skips (a minimal built-in list if the lexicon cannot be read)."""
    try:
        from ..text import load_lexicon

        return set(load_lexicon("stopwords"))
    except Exception:  # the lexicon is optional for naming; fall back to a minimal list
        return {"的", "了", "是", "也", "都", "就", "还", "很", "太", "非常", "特别", "比较", "有点", "但是", "不过",
                "可是", "就是", "我", "你", "他", "我们", "这个", "那个", "一个", "有", "在", "和", "吧", "啊", "呢"}
