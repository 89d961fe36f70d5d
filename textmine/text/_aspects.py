"""What a clause is about: its tokens and text without opinion words (the input of embedding and theme naming)."""

from __future__ import annotations

from itertools import repeat
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing textmine.text loads no pandas
    import pandas as pd

__all__ = ["aspect_texts", "aspect_tokens"]


def _aspect_drop(lexicons=None) -> frozenset:
    from ._lexicons import Lexicons

    lx = lexicons if lexicons is not None else Lexicons()
    return frozenset((lx.words("positive") | lx.words("negative") | lx.words("degree") | lx.words("negators")
                      | lx.words("stopwords")) - lx.words("domain"))


def _keeper(lexicons):
    """``keep(token)``: not an opinion word, degree adverb, negator or stop word, and holding a letter, digit or
    character; an English word only when it names something (:func:`~textmine.text.english_kind` "noun": an
    English verb or adverb says what happened to the aspect, as an opinion word says how it was judged)."""
    from ._english import english_kind, is_latin

    drop = _aspect_drop(lexicons)
    memo: dict[str, bool] = {}

    def keep(t: str) -> bool:
        hit = memo.get(t)
        if hit is None:
            hit = memo[t] = (t not in drop and any(ch.isalnum() for ch in t)
                             and not (is_latin(t) and english_kind(t) != "noun"))
        return hit

    return keep


def _aspects(clauses: pd.DataFrame, lexicons=None, texts: bool = False) -> tuple[list[tuple], list[str] | None]:
    """``(tokens, texts)``: each clause's aspect tokens as a tuple, its own tokens when none is left (with ``""``
    where English words stood apart), and with ``texts`` its aspect text (else None). Worked out once per distinct
    token sequence (answers repeat short clauses): equal sequences share one tuple and one text."""
    from ._english import VERB_CONTEXT, is_latin, join_words

    keep = _keeper(lexicons)
    seen: dict[str, tuple] = {}  # token -> (keep, latin, lower)
    joined: dict[tuple, str] = {}  # one join per distinct aspect-token tuple

    def one(toks: tuple) -> tuple:
        kept: list[str] = []
        prev = ""
        for t in toks:
            hit = seen.get(t)
            if hit is None:
                hit = seen[t] = (keep(t), is_latin(t), t.lower())
            kept_t, latin, lower = hit
            if kept_t and not (latin and prev in VERB_CONTEXT) and not (latin and kept and kept[-1] == t):
                kept.append(t)  # (an English word after "I", "to", "will" is a verb; "broadband broadband" once)
            elif kept and kept[-1] and latin and is_latin(kept[-1]):
                kept.append("")  # English words apart stay apart: "throughput ... than virgin" is two phrases
            prev = lower
        while kept and not kept[-1]:
            kept.pop()
        if not kept:
            return toks, None  # nothing left: the clause keeps its tokens, and its own text
        kept = tuple(kept)
        text = joined.get(kept) if texts else None
        if text is None and texts:
            text = joined[kept] = join_words([t for t in kept if t])
        return kept, text

    memo: dict[tuple, tuple] = {}
    out_tokens: list[tuple] = []
    out_texts: list[str] | None = [] if texts else None
    for toks, own in zip(clauses["tokens"].tolist(), clauses["text"].tolist() if texts else repeat(None)):
        key = tuple(toks)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = one(key)
        out_tokens.append(hit[0])
        if texts:
            out_texts.append(own if hit[1] is None else hit[1])
    return out_tokens, out_texts


def aspect_tokens(clauses: pd.DataFrame, lexicons=None) -> list[list[str]]:
    """Each clause's tokens minus opinion words, degree adverbs, negators and stop words (domain words such
    as 性价比, 闪退 are kept); a clause with nothing left keeps all its tokens. Where a dropped word stood between
    two English words an empty token ``""`` marks the break, so that words apart never join into one phrase; an
    English word after a subject or auxiliary (I think, to say) is a verb and is dropped."""
    return [list(t) for t in _aspects(clauses, lexicons)[0]]


def aspect_texts(clauses: pd.DataFrame, lexicons=None, *,
                 with_tokens: bool = False) -> list[str] | tuple[list[str], list[tuple]]:
    """What each clause is about, without how it is judged: "物流很快" and "物流太慢了" both become "物流", so
    a theme is an aspect and polarity stays a separate column. A clause with nothing left ("很好", "总体满意")
    keeps its own text: such evaluations form general-praise or general-complaint themes.

    ``with_tokens=True`` returns ``(texts, tokens)``, ``tokens`` the clauses' :func:`aspect_tokens` from the same
    pass, as tuples that clauses with the same tokens share (read only: no list per clause; at 100k answers the
    435k lists took over 100 MB).
    """
    tokens, texts = _aspects(clauses, lexicons, texts=True)
    return (texts, tokens) if with_tokens else texts
