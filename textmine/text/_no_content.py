"""The "no content" test: answers and clauses that say nothing a theme could be made of.

A clause has no content when, after normalisation, nothing but placeholders (``<PHONE>``),
punctuation, symbols, emoji and whitespace is left ("/", "-", "。。。", "？？", "~", "👍👍"), when
what is left is only digits ("1", "0", "100") or one Latin letter, maybe repeated ("x", "xxx"),
or when it is one of the ``no_content`` lexicon entries (无, 没有, 还行, 不知道 ...). Such clauses keep
their polarity (a thumbs-up is still praise) but are never embedded or clustered.
"""

from __future__ import annotations

import re

__all__ = ["is_no_content"]

_CJK = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_STRIP = re.compile(rf"<[A-Za-z]+>|[^0-9a-z{_CJK}]+")
_TRAIL_CHARS = "的了啊吧呀哦啦吗呢嘛哈哟喔"  # particles that end a clause without adding to it
_TRAIL = re.compile(rf"[{_TRAIL_CHARS}]+$")
_ONE_LETTER = re.compile(r"([a-z])\1*")
# a content character in raw (not normalised) text: ASCII and full-width letters and digits, CJK
_RAW_CONTENT = re.compile(rf"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ{_CJK}]")
_NO_CONTENT: dict = {}


def is_no_content(text, lexicons=None) -> bool:
    """True when an answer (or clause) says nothing: empty, only punctuation, symbols, emoji or
    placeholders, only digits or one repeated letter, or one of the ``no_content`` lexicon entries
    (无, 没有, 还行, 不知道 ...), after normalisation."""
    if text is None or not isinstance(text, str):
        if text is None or text != text:
            return True
        text = str(text)
    key = id(lexicons) if lexicons is not None else None
    cached = _NO_CONTENT.get(key)
    if cached is None or cached[0] is not lexicons:
        from textmine.text._normalize import Normalizer

        cached = (lexicons, _no_content_entries(lexicons), Normalizer(emoji="remove", lowercase=True))
        _NO_CONTENT[key] = cached
    _, entries, norm = cached
    return _no_content_normalised(norm(text), entries)


def _no_content_entries(lexicons) -> set:
    """The lexicon's no-content answers, reduced as :func:`_no_content_normalised` reduces a clause
    (so an entry written "n/a" or "无。" matches)."""
    from textmine.text._lexicons import Lexicons

    lex = lexicons if lexicons is not None else Lexicons()
    entries = {w.lower() for w in lex.get("no_content")}
    return entries | {_STRIP.sub("", w) for w in entries} - {""}


def _no_content_normalised(text: str, entries) -> bool:
    """:func:`is_no_content` for text that is already normalised."""
    core = _STRIP.sub("", text.lower()) if text else ""
    if not core or core in entries or core.isdigit() or _ONE_LETTER.fullmatch(core):
        return True
    core = _TRAIL.sub("", core)
    return not core or core in entries


def _emoji_only(original: str) -> bool:
    """True when the original clause holds no letter, digit or Chinese character outside its emoji
    (``emoji="words"`` turns 👍 into 赞, which must not make the clause a content clause)."""
    if original.isascii():
        return False
    from textmine.text._normalize import _EMOJI

    return _RAW_CONTENT.search(_EMOJI.sub("", original)) is None
