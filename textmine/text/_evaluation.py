"""Overall evaluations: clauses that only judge (很好, 东西不错, 太棒了, 失望, 一般般) and say nothing of what is
judged. They go to one overall-evaluation theme (整体评价) with their polarity, never to themes of their own."""

from __future__ import annotations

import numpy as np

from ._english import english_kind, is_latin

__all__ = ["evaluation_only", "is_evaluation"]

_PARTICLES = "的了啊吧呀哦啦吗呢嘛哈哟喔嗯呵噢额唉！!~～。."
_CACHE: dict = {}


def _tables(lexicons):
    key = id(lexicons) if lexicons is not None else None
    hit = _CACHE.get(key)
    if hit is None or hit[0] is not lexicons:
        from textmine.text._lexicons import Lexicons

        lex = lexicons if lexicons is not None else Lexicons()
        kinds = lex.get("evaluation")
        judge = {w.lower() for w, k in kinds.items() if k == "judge"}
        filler = ({w.lower() for w, k in kinds.items() if k in ("object", "wish")} | set(lex.get("degree"))
                  | set(lex.get("negators")) | set(lex.get("stopwords")))
        hit = (lexicons, judge, filler, tuple(sorted(set(lex.get("degree")), key=len, reverse=True)))
        _CACHE[key] = hit
    return hit[1:]


def _judge_word(tok: str, judge: set, degree: tuple) -> bool:
    core = tok.lower().rstrip(_PARTICLES)
    if core in judge:
        return True
    for d in degree:  # 太棒了, 超赞: a degree adverb fused with the judge word by the tokenizer
        if core.startswith(d) and core[len(d):] in judge:
            return True
    return False


#: English words that name nothing to act on in an evaluation ("great experience", "all good so far")
_EN_OBJECTS = frozenset("experience everything overall thing things far lot lots job stuff".split())


def is_evaluation(tokens, lexicons=None) -> bool:
    """True when the clause's tokens only evaluate: a judge word of the ``evaluation`` lexicon (in English, an
    opinion word: great, excellent, poor), and nothing but judge or object words (东西, 体验, 整体, experience),
    degree adverbs, negators and stop words besides."""
    return _is_evaluation(tokens, _token_kind(*_tables(lexicons), {}))


_JUDGE, _OTHER, _BREAK = 1, 0, -1  # a token judges, may stand beside a judge word, or names something


def _token_kind(judge: set, filler: set, degree: tuple, memo: dict):
    """``kind(token)``: what one token is to :func:`is_evaluation`, remembered in ``memo``."""
    def kind(tok: str) -> int:
        hit = memo.get(tok)
        if hit is None:
            if _judge_word(tok, judge, degree):
                hit = _JUDGE
            elif is_latin(tok):
                k = english_kind(tok)
                hit = _JUDGE if k == "opinion" else _OTHER if k == "function" or tok.lower() in _EN_OBJECTS else _BREAK
            elif tok.lower().rstrip(_PARTICLES) not in filler and tok.strip(_PARTICLES + " "):
                hit = _BREAK
            else:
                hit = _OTHER
            memo[tok] = hit
        return hit

    return kind


def _is_evaluation(tokens, kind) -> bool:
    seen = False
    for tok in tokens:
        k = kind(tok)
        if k == _BREAK:
            return False
        seen = seen or k == _JUDGE
    return seen


def evaluation_only(clauses, lexicons=None) -> np.ndarray:
    """Which rows of a clause table (:func:`~textmine.text.to_clauses`) are content clauses that only evaluate."""
    content = ~clauses["no_content"].to_numpy(bool)
    kind = _token_kind(*_tables(lexicons), {})  # each distinct token judged once, each distinct clause once
    memo: dict = {}
    out = np.zeros(len(clauses), dtype=bool)
    for i, (toks, c) in enumerate(zip(clauses["tokens"].tolist(), content)):
        if c and toks is not None:
            key = tuple(toks)
            hit = memo.get(key)
            if hit is None:
                hit = memo[key] = _is_evaluation(key, kind)
            out[i] = hit
    return out
