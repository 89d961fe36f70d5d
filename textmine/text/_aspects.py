"""What a clause is about: its tokens and text without opinion words (the input of embedding and theme naming)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing textmine.text loads no pandas
    import pandas as pd

__all__ = ["aspect_texts", "aspect_tokens"]


def _aspect_drop(lexicons=None) -> frozenset:
    from ._lexicons import Lexicons

    lx = lexicons if lexicons is not None else Lexicons()
    return frozenset((lx.words("positive") | lx.words("negative") | lx.words("degree") | lx.words("negators")
                      | lx.words("stopwords")) - lx.words("domain"))


def aspect_tokens(clauses: pd.DataFrame, lexicons=None) -> list[list[str]]:
    """Each clause's tokens minus opinion words, degree adverbs, negators and stop words (domain words such
    as 性价比, 闪退 are kept); a clause with nothing left keeps all its tokens."""
    drop = _aspect_drop(lexicons)
    out = []
    for toks in clauses["tokens"].tolist():
        kept = [t for t in toks if t not in drop and any(ch.isalnum() for ch in t)]
        out.append(kept if kept else list(toks))
    return out


def aspect_texts(clauses: pd.DataFrame, lexicons=None) -> list[str]:
    """What each clause is about, without how it is judged: "物流很快" and "物流太慢了" both become "物流", so
    a theme is an aspect and polarity stays a separate column. A clause with nothing left ("很好", "总体满意")
    keeps its own text: such evaluations form general-praise or general-complaint themes.
    """
    drop = _aspect_drop(lexicons)
    out = []
    for text, toks in zip(clauses["text"].tolist(), clauses["tokens"].tolist()):
        kept = [t for t in toks if t not in drop and any(ch.isalnum() for ch in t)]
        out.append("".join(kept) if kept else text)
    return out
