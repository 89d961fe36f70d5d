"""Suggestions and expectations: clauses that ask for something (希望物流快一点, 建议增加门店, 要是能包邮就好了,
please add Apple Pay), found by the cues of the shipped ``suggestion`` lexicon.

A suggestion is a kind of mention beside praise and complaint, not a polarity: 希望物流快一点 still speaks of
logistics with its own polarity. The lexicon has four kinds of entry (see ``lexicons/suggestion.txt``): ``cue``
phrases ask anywhere in the clause (希望, 建议, 能不能); ``lead`` verbs ask only where they open the clause, as an
imperative does (增加门店, 麻烦快点发货; not 价格增加了); ``frame`` patterns have gaps (要是…就好了, 多…一点, 可以…吗);
``not`` phrases look like cues but evaluate or recommend (应该不错 "should be good", 最好的 "the best", 建议购买
"recommend buying", 很麻烦 "a hassle") and are blanked before the cues are sought. Latin entries match whole words,
case aside.

    is_suggestion("希望物流快一点")      # True
    suggestion_cue("应该不错")           # "" (an evaluation)
    suggestion_flags(clauses["text"])  # one bool per clause
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["SUGGESTION_KINDS", "is_suggestion", "suggestion_cue", "suggestion_flags"]

#: the kinds of entry of the ``suggestion`` lexicon
SUGGESTION_KINDS = ("cue", "lead", "frame", "not")
_GAP = "[^，。,.!！?？;；]{%d,12}?"  # a frame's gap holds a word (多…一点); a "not" phrase's may be empty
#: what may stand before a lead verb at the clause's start: connectives and an addressee
_OPENERS = (r"(?:(?:但是|不过|而且|还有|另外|就是|然后|所以|还是|也|还|希望|你们|商家|卖家|店家|客服|贵公司|公司|"
            r"老板|亲)\s*)*")
_TAIL = r"(?=[\s了啊吧呀哦呢的!！。.~～)）]*$)"
_CACHE: dict = {}


def _phrase(entry: str, least: int = 1) -> str:
    end = entry.endswith("$") and len(entry) > 1
    body = entry[:-1] if end else entry
    if body.isascii():
        pattern = r"(?<![a-z])" + re.escape(body.lower()).replace(r"\ ", r"\s+") + r"(?![a-z])"
    else:
        pattern = (_GAP % least).join(re.escape(p) for p in body.split("…"))
    return pattern + (_TAIL if end else "")


def _alternation(entries, least: int = 1) -> re.Pattern | None:
    entries = sorted(entries, key=len, reverse=True)  # the longest phrase first
    return re.compile("|".join(_phrase(e, least) for e in entries)) if entries else None


def _patterns(lexicons=None) -> dict:
    """``{kind: compiled pattern}`` for the lexicon (the default one cached)."""
    if lexicons is None and "default" in _CACHE:
        return _CACHE["default"]
    from textmine.errors import ConfigError
    from textmine.text._lexicons import Lexicons

    table = (lexicons if lexicons is not None else Lexicons()).get("suggestion")
    bad = sorted({str(k) for k in table.values()} - set(SUGGESTION_KINDS) - {"1.0"})
    if bad:
        raise ConfigError(f"the suggestion lexicon has unknown kinds {bad}; allowed: {', '.join(SUGGESTION_KINDS)}")
    by_kind = {k: [w for w, v in table.items() if v == k or (k == "cue" and v == 1.0)] for k in SUGGESTION_KINDS}
    out = {"not": _alternation(by_kind["not"], 0),
           "cue": _alternation(by_kind["cue"] + by_kind["frame"])}
    leads = by_kind["lead"]
    out["lead"] = re.compile("^" + _OPENERS + "(?P<lead>" + "|".join(_phrase(w) for w in sorted(leads, key=len, reverse=True))
                             + ")(?![了得的很])") if leads else None
    if lexicons is None:
        _CACHE["default"] = out
    return out


def suggestion_cue(text, lexicons=None) -> str:
    """The cue that makes ``text`` (a normalised clause) a suggestion, as written in the clause; "" when none."""
    if not isinstance(text, str) or not text:
        return ""
    pats = _patterns(lexicons)
    s = text.strip().lower()
    if pats["not"] is not None:
        s = pats["not"].sub(lambda m: "\x00" * len(m.group()), s)
    for kind in ("cue", "lead"):
        hit = pats[kind].search(s) if pats[kind] is not None else None
        if hit:
            start, end = hit.span("lead") if kind == "lead" else hit.span()
            return text.strip()[start:end].strip()
    return ""


def is_suggestion(text, lexicons=None) -> bool:
    """Whether ``text`` (a normalised clause) asks for something: a suggestion, a wish or an expectation."""
    return bool(suggestion_cue(text, lexicons))


def suggestion_flags(texts, lexicons=None) -> np.ndarray:
    """One bool per text: :func:`is_suggestion` of each (each distinct text worked out once)."""
    texts = list(texts)
    memo: dict = {}
    out = np.zeros(len(texts), dtype=bool)
    for i, t in enumerate(texts):
        key = t if isinstance(t, str) else ""
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = is_suggestion(key, lexicons)
        out[i] = hit
    return out
