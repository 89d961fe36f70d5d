"""Lexicon sentiment per clause and per answer (the "no content" test is in ``_no_content``).

A clause's polarity is the sum of its opinion words' weights, each multiplied by the degree
adverbs before it and flipped by a negator in scope, squashed into [-1, 1] with ``tanh``:

- ``不好`` / ``不满意`` (negator + opinion word)  -> flipped, ``negation_weight`` for a positive word
  and ``negated_negative_weight`` for a negative one (不难吃 is only mildly positive);
- ``不太好`` (negator *before* a degree adverb)   -> softened: ``-softened_negation * weight``;
- ``太不好`` (degree adverb before the negator)    -> intensified negative;
- ``不是不好`` / ``没有不满意`` (two negators)      -> mildly positive;
- ``没几天就坏了`` (就 / 才 after a negator)        -> the negator negated the time or amount before 就, not
  the opinion word after it; ``好几天`` / ``好几次`` (好 before 几) is an amount, not praise.

An answer's polarity is the weighted mean of its non-neutral clauses, the clauses that follow a
contrast marker (但是, 不过 ...) weighing ``contrast_weight`` times more.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from textmine.errors import ConfigError

__all__ = ["SentimentScorer", "clause_sentiment", "answer_sentiment"]

_NEG_PREFIXES = ("没有", "不是", "不", "没", "无", "别", "非", "未")
#: synthetic opinion tokens standing for a paired "aspect + magnitude" (see ``lexicons/aspects.txt``)
_PAIR_POS, _PAIR_NEG = "\x00aspect+", "\x00aspect-"
_PAIR_WEIGHT = 1.0
#: tokens that end a negator's scope: 没几天就坏了, 没有两天就不行了, 没等多久才到
_SCOPE_ENDS = frozenset({"就", "才", "便", "就会", "就是"})


class SentimentScorer:
    """Lexicon sentiment scorer (see the module docstring for the rules).

    Parameters
    ----------
    lexicons : Lexicons, optional
        Defaults to the shipped lexicons (``Lexicons()``).
    tokenizer : callable, optional
        Used when scoring raw text; defaults to ``ChineseTokenizer(lexicon_dir=...)``.
    negation_window : int
        Non-opinion tokens a negator or degree adverb reaches across.
    """

    def __init__(
        self,
        lexicons=None,
        tokenizer=None,
        *,
        negation_weight: float = 0.8,
        negated_negative_weight: float = 0.5,
        softened_negation: float = 0.5,
        double_negation_weight: float = 0.6,
        bare_negation: float = -0.3,
        negation_window: int = 3,
        contrast_weight: float = 2.0,
        scale: float = 1.0,
    ):
        self.lexicons = lexicons
        self.tokenizer = tokenizer
        self.negation_weight = negation_weight
        self.negated_negative_weight = negated_negative_weight
        self.softened_negation = softened_negation
        self.double_negation_weight = double_negation_weight
        self.bare_negation = bare_negation
        self.negation_window = negation_window
        self.contrast_weight = contrast_weight
        self.scale = scale

    # -- lazily built state ---------------------------------------------------------------
    def _tables(self):
        tables = self.__dict__.get("_tables_")
        if tables is None:
            if self.negation_window < 0:
                raise ConfigError(f"negation_window={self.negation_window} must be >= 0")
            if self.scale <= 0:
                raise ConfigError(f"scale={self.scale} must be > 0")
            if self.contrast_weight <= 0:
                raise ConfigError(f"contrast_weight={self.contrast_weight} must be > 0")
            from textmine.text._lexicons import Lexicons

            lex = self.lexicons if self.lexicons is not None else Lexicons()
            opinion = {w: -abs(v) for w, v in lex.weights("negative").items()}
            opinion.update({w: abs(v) for w, v in lex.weights("positive").items()})
            opinion.update({_PAIR_POS: _PAIR_WEIGHT, _PAIR_NEG: -_PAIR_WEIGHT})
            tables = (opinion, lex.weights("degree"), lex.words("negators"), _aspect_tables(lex))
            self._tables_ = tables
        return tables

    def _pair_aspects(self, tokens: Sequence[str], degree, negators, pairing) -> Sequence[str]:
        """Rewrite "aspect + magnitude" (油耗 | 有点 | 高, 噪音 | 不 | 大, 低 | 油耗, 油耗高) into one synthetic
        opinion token whose sign is the aspect's direction times the magnitude's: the aspect word is blanked,
        the magnitude word becomes the opinion, so negators and degree adverbs before it still apply."""
        aspects, mags, compounds, starts = pairing
        if starts.isdisjoint(tokens):  # most clauses name no aspect: nothing to rewrite
            return tokens

        def pair(aspect: str, magnitude: int) -> str:
            return _PAIR_POS if aspects[aspect] * magnitude > 0 else _PAIR_NEG

        def magnitude(tok: str) -> int | None:  # 高, or 很小 / 太高 (a degree adverb fused with it)
            m = mags.get(tok)
            if m is None and len(tok) > 1 and tok[-1] in mags and tok[:-1] in degree:
                m = mags[tok[-1]]
            return m

        out = list(tokens)
        pending = -1  # position of an aspect waiting for its magnitude
        gap = 0
        for i, tok in enumerate(out):
            both = compounds.get(tok)  # one token holding both: 油耗高, 低油耗
            if both is not None:
                out[i], pending = both, -1
                continue
            if tok in aspects:
                follows = i + 1 < len(out) and magnitude(out[i + 1]) is not None
                if i > 0 and out[i - 1] in mags and not follows:  # 低 | 油耗, 大 | 空间 (but 声音大 | 空间小)
                    out[i - 1], out[i], pending = pair(tok, mags[out[i - 1]]), "", -1
                    continue
                pending, gap = i, 0
                continue
            if pending < 0:
                continue
            m = magnitude(tok)
            if m is not None:
                out[i], out[pending], pending = pair(out[pending], m), "", -1
                continue
            if tok in negators or tok in degree:
                continue
            gap += 1
            if gap > 1:  # 偏 | 高 is fine; an aspect two words away from a magnitude is not paired
                pending = -1
        return out

    def _tokenize(self, text: str) -> list[str]:
        tok = self.__dict__.get("_tok_")
        if tok is None:
            if self.tokenizer is not None:
                tok = self.tokenizer
            else:
                from textmine.text._tokenize import ChineseTokenizer

                tok = ChineseTokenizer(lexicons=self.lexicons)
            self._tok_ = tok
        return tok(text)

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if not k.endswith("_")}

    # -- scoring --------------------------------------------------------------------------
    def _classify(self, tok: str, opinion, degree, negators) -> tuple:
        """What a token is: ("op", w), ("neg",), ("deg", d), ("negop", w), ("negdeg", d),
        ("degop", d, w) or () for a neutral token."""
        w = opinion.get(tok)
        if w is not None:
            return ("op", w)
        if tok in negators:
            return ("neg",)
        d = degree.get(tok)
        if d is not None:
            return ("deg", d)
        for p in _NEG_PREFIXES:
            if tok.startswith(p) and len(tok) > len(p):
                rest = tok[len(p):]
                w = opinion.get(rest)
                if w is not None:
                    return ("negop", w)
                d = degree.get(rest)
                if d is not None:
                    return ("negdeg", d)
        for p in (tok[:1], tok[:2]):
            d = degree.get(p)
            if d is not None and len(tok) > len(p):
                w = opinion.get(tok[len(p):])
                if w is not None:
                    return ("degop", d, w)
        return ()

    def score_tokens(self, tokens: Sequence[str]) -> float:
        """Polarity in [-1, 1] of one clause given its tokens."""
        opinion, degree, negators, pairing = self._tables()
        tokens = self._pair_aspects(tokens, degree, negators, pairing)
        if "好" in tokens:  # 好 | 几天, 好 | 几次: an amount, not an opinion
            tokens = ["" if t == "好" and i + 1 < len(tokens) and tokens[i + 1][:1] == "几" else t
                      for i, t in enumerate(tokens)]
        memo = self.__dict__.get("_memo_")
        if memo is None or len(memo) > 500_000:
            memo = self._memo_ = {}
        total = 0.0
        neg = 0
        deg = 1.0
        soft = False  # a negator stood before the degree adverb (不太好)
        left = 0
        window = self.negation_window
        for tok in tokens:
            kind = memo.get(tok)
            if kind is None:
                kind = memo[tok] = self._classify(tok, opinion, degree, negators)
            if not kind:
                if neg and tok in _SCOPE_ENDS:
                    neg, deg, soft = 0, 1.0, False
                    continue
                if neg or deg != 1.0:
                    left -= 1
                    if left < 0:
                        if neg % 2 == 1:
                            total += self.bare_negation
                        neg, deg, soft = 0, 1.0, False
                continue
            tag = kind[0]
            if tag == "neg":
                neg += 1
                left = window
                continue
            if tag == "deg" or tag == "negdeg":
                if neg and left < window:
                    # other words stood between the negator and this adverb (没遇到这么慢):
                    # the negator negated them, not the opinion word to come
                    if neg % 2 == 1:
                        total += self.bare_negation
                    neg, deg, soft = 0, 1.0, False
                if tag == "negdeg":
                    neg += 1
                    soft = deg == 1.0 or soft
                elif neg and deg == 1.0:
                    soft = True
                deg *= kind[1]
                left = window
                continue
            if tag == "op":
                w = kind[1]
            elif tag == "negop":
                neg += 1
                w = kind[1]
            else:  # degop
                deg *= kind[1]
                w = kind[2]
            if neg % 2 == 1:
                if soft:
                    s = -self.softened_negation * w
                elif w > 0:
                    s = -self.negation_weight * w * deg
                else:
                    s = -self.negated_negative_weight * w * deg
            elif neg:
                s = self.double_negation_weight * abs(w)
            else:
                s = w * deg
            total += s
            neg, deg, soft, left = 0, 1.0, False, 0
        if neg % 2 == 1:
            total += self.bare_negation
        if total == 0.0:
            return 0.0
        return math.tanh(total / self.scale)

    def clause(self, text: str) -> float:
        """Polarity in [-1, 1] of one (normalised) clause."""
        if not text:
            return 0.0
        return self.score_tokens(self._tokenize(text))

    def answer(self, clauses) -> float:
        """Polarity in [-1, 1] of an answer.

        ``clauses``: a list of :class:`Clause`, of ``(polarity, contrast)`` pairs, or a raw
        answer string (split and scored here).
        """
        if isinstance(clauses, str):
            from textmine.text._clauses import split_clauses

            clauses = split_clauses(clauses)
        num = den = 0.0
        for c in clauses:
            if isinstance(c, tuple):
                p, contrast = float(c[0]), bool(c[1])
            else:
                p, contrast = self.clause(c.text), c.contrast
            if p == 0.0:
                continue
            w = self.contrast_weight if contrast else 1.0
            num += w * p
            den += w
        return num / den if den else 0.0

    def __repr__(self) -> str:
        return f"SentimentScorer(contrast_weight={self.contrast_weight}, negation_window={self.negation_window})"


def _aspect_tables(lex) -> tuple[dict, dict, dict, set]:
    """From the ``aspects`` lexicon: aspect direction (+1 benefit, -1 cost), magnitude direction (+1 more,
    -1 less), one-token compounds of an aspect and a one-character magnitude (油耗高, 低油耗) with their
    synthetic opinion token, and the tokens that can start a pairing."""
    roles = {str(w): str(r) for w, r in lex.get("aspects").items()}
    bad = sorted(set(roles.values()) - {"cost", "benefit", "more", "less"})
    if bad:
        raise ConfigError(f"aspects lexicon: unknown role(s) {bad}; expected cost, benefit, more or less")
    aspects = {w: 1 if r == "benefit" else -1 for w, r in roles.items() if r in ("cost", "benefit")}
    mags = {w: 1 if r == "more" else -1 for w, r in roles.items() if r in ("more", "less")}
    compounds = {}
    for form in ("prefix", "suffix"):  # the suffix form (油耗高) wins when a token reads both ways
        for a, da in aspects.items():
            for m, dm in mags.items():
                tok = m + a if form == "prefix" else a + m
                if len(m) == 1 and tok not in aspects:
                    compounds[tok] = _PAIR_POS if da * dm > 0 else _PAIR_NEG
    return aspects, mags, compounds, set(aspects) | set(compounds)


_DEFAULT: list = [None]


def _default() -> SentimentScorer:
    if _DEFAULT[0] is None:
        _DEFAULT[0] = SentimentScorer()
    return _DEFAULT[0]


def clause_sentiment(text: str) -> float:
    """Polarity in [-1, 1] of one normalised clause with the shipped lexicons."""
    return _default().clause(text)


def answer_sentiment(clauses) -> float:
    """Polarity in [-1, 1] of an answer (list of Clause, (polarity, contrast) pairs, or a string)."""
    return _default().answer(clauses)
