"""A praise label and a complaint label per theme, in the customers' words (上菜快 / 上菜慢, 客服回复慢).

A label is the most frequent *core* of the theme's positive (or negative) clauses: the clause's tokens without
degree adverbs (很, 太, 非常), modal particles (了, 啊, 的) and a leading connective (但是, 而且, 也) — every other
word is kept, 不 and 才 change the meaning — so "上菜很快" and "但是上菜特别快啊" both count as 上菜快. Cores of
two words or more and 2–12 characters count; ties go to the core whose clauses are closest to the theme. A theme
without such clauses has no label (""). Labels are PII-masked.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

__all__ = ["polarity_labels"]

_MAX_CHARS = 12


_PARTICLES = frozenset("了 啊 呀 吧 呢 哦 哈 嘛 啦 的 地 得 哟 噢 喔".split())
_LEADING = frozenset("但是 但 不过 可是 然而 只是 就是 而且 并且 还有 另外 然后 所以 而 也 又 还 总之 虽然 虽 尽管".split())


def _core_words():
    from ..text import Lexicons

    lx = Lexicons()
    return frozenset((lx.words("degree") | _PARTICLES) - lx.words("negators") - lx.words("domain"))


def _core(tokens, drop, kept: dict | None = None) -> tuple[str, int]:
    """The clause's core phrase and its number of words (``kept``: remembers per token whether it stays)."""
    from ._naming import join_words

    kept = {} if kept is None else kept
    words = []
    for t in tokens:
        hit = kept.get(t)
        if hit is None:
            hit = kept[t] = t not in drop and any(ch.isalnum() for ch in t)
        if hit:
            words.append(t)
    while words and words[0] in _LEADING:
        words = words[1:]
    return join_words(words), len(words)


def polarity_labels(mentions: pd.DataFrame, clauses: pd.DataFrame) -> dict:
    """``{theme: {"praise": str, "complaint": str}}`` from the mentions (``clause_id, theme, polarity,
    similarity``) and the clause table they index (``clause_id, tokens``)."""
    from ..text import mask_pii

    out: dict = {}
    if not len(mentions):
        return out
    drop = _core_words()
    tokens = dict(zip(clauses["clause_id"].tolist(), clauses["tokens"].tolist()))
    tally: dict = defaultdict(lambda: defaultdict(lambda: [0, 0.0]))  # (theme, polarity) -> core -> [n, sim sum]
    sims = mentions["similarity"].to_numpy(dtype=float) if "similarity" in mentions else np.zeros(len(mentions))
    judged = np.flatnonzero(mentions["polarity"].isin(("positive", "negative")).to_numpy(bool))  # not neutral
    memo: dict = {}  # a clause's tokens -> (core, words): worked out once per distinct clause
    kept: dict = {}
    m = mentions.iloc[judged]
    for cid, theme, pol, sim in zip(m["clause_id"].tolist(), m["theme"].tolist(), m["polarity"].tolist(),
                                    sims[judged].tolist()):
        key = tuple(tokens.get(cid, ()))
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = _core(key, drop, kept)
        core, n_words = hit
        if n_words >= 2 and 2 <= len(core) <= _MAX_CHARS:
            slot = tally[(theme, pol)][core]
            slot[0] += 1
            slot[1] += sim if np.isfinite(sim) else 0.0
    for (theme, pol), cores in tally.items():
        best = min(cores.items(), key=lambda kv: (-kv[1][0], -kv[1][1] / kv[1][0], kv[0]))[0]
        out.setdefault(theme, {"praise": "", "complaint": ""})["praise" if pol == "positive" else "complaint"] = \
            mask_pii(best)
    return out
