"""The "no content" test: answers and clauses that say nothing a theme could be made of.

A clause has no content when, after normalisation, nothing but placeholders (``<PHONE>``),
punctuation, symbols, emoji and whitespace is left ("/", "-", "。。。", "？？", "~", "👍👍"), when
what is left is only digits ("1", "0", "100") or one Latin letter, maybe repeated ("x", "xxx"),
or when it is one of the ``no_content`` lexicon entries (无, 没有, 同上, 不知道 ...), keyboard mash
("asdf", "sdfghj") or pinyin filler typed without the input method ("henhao", "bucuo"). Such clauses
keep their polarity (a thumbs-up is still praise) but are never embedded or clustered.
:func:`no_content_reason` says which of these a clause is (``clauses.csv`` shows it to the coder).
"""

from __future__ import annotations

import re

__all__ = ["NO_CONTENT_REASONS", "is_no_content", "no_content_reason"]

_CJK = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_STRIP = re.compile(rf"<[A-Za-z]+>|[^0-9a-z{_CJK}]+")
_TRAIL_CHARS = "的了啊吧呀哦啦吗呢嘛哈哟喔嗯呵噢额唉"  # particles that end a clause without adding to it
_TRAIL = re.compile(rf"[{_TRAIL_CHARS}]+$")
_ONE_LETTER = re.compile(r"([a-z])\1*")
# a content character in raw (not normalised) text: ASCII and full-width letters and digits, CJK
_RAW_CONTENT = re.compile(rf"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ{_CJK}]")
_NO_CONTENT: dict = {}

#: why a clause holds no content, as :func:`no_content_reason` names it
NO_CONTENT_REASONS = {
    "empty": "nothing written",
    "punctuation": "only punctuation, symbols or masked personal data",
    "emoji": "only emoji",
    "digits": "only digits",
    "repeated": "one letter or interjection repeated (xxx, 哈哈哈)",
    "keyboard": "keyboard mash (asdf, sdfghj)",
    "pinyin": "pinyin typed without the input method (henhao, bucuo)",
    "filler": "a no-content answer of the lexicon (无, 不知道, 同上, a platform's placeholder)",
}
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c",
             "s", "y", "w", "")
_FINALS = ("iang", "iong", "uang", "ang", "eng", "ing", "ong", "ian", "iao", "uai", "uan", "ai", "ei", "ao", "ou",
           "an", "en", "in", "un", "er", "ia", "ie", "iu", "ua", "uo", "ui", "ve", "ue", "a", "o", "e", "i", "u", "v")
#: pinyin syllables (a superset: every initial with every final), for telling "henhao" from an English word
_SYLLABLES = frozenset(i + f for i in _INITIALS for f in _FINALS if (i and f != "er") or (not i and f in (
    "a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "er")))  # y/w spell the other bare finals
#: keyboard mash through the pinyin input method: asd, asdf, sdf typed and the first candidate taken
_IME_MASH = frozenset({"阿萨德", "阿斯顿", "阿斯蒂芬", "阿萨德撒", "撒旦法", "撒打发", "啊实打实"})
#: English words of five letters or more that also cut into syllables
_LATIN_WORDS = frozenset({"banana", "minute", "tomato", "bingo", "manage", "genuine", "routine", "machine"})


def is_no_content(text, lexicons=None) -> bool:
    """True when an answer (or clause) says nothing: empty, only punctuation, symbols, emoji or
    placeholders, only digits or one repeated letter, keyboard mash or pinyin filler, or one of the
    ``no_content`` lexicon entries (无, 没有, 同上, 不知道 ...), after normalisation."""
    return no_content_reason(text, lexicons) is not None


def no_content_reason(text, lexicons=None) -> str | None:
    """Why an answer (or clause) holds no content — a key of :data:`NO_CONTENT_REASONS` — or None
    when it says something a theme could be made of."""
    if text is None or not isinstance(text, str):
        if text is None or text != text:
            return "empty"
        text = str(text)
    if not text.strip():
        return "empty"
    key = id(lexicons) if lexicons is not None else None
    cached = _NO_CONTENT.get(key)
    if cached is None or cached[0] is not lexicons:
        from textmine.text._normalize import Normalizer

        cached = (lexicons, _no_content_entries(lexicons), Normalizer(emoji="remove", lowercase=True))
        _NO_CONTENT[key] = cached
    _, entries, norm = cached
    reason = _reason_normalised(norm(text), entries)
    if reason == "punctuation" and not text.isascii():
        from textmine.text._normalize import _EMOJI

        if _EMOJI.search(text):
            return "emoji"
    return reason


def _no_content_entries(lexicons) -> set:
    """The lexicon's no-content answers, reduced as :func:`_no_content_normalised` reduces a clause
    (so an entry written "n/a" or "无。" matches)."""
    from textmine.text._lexicons import Lexicons

    lex = lexicons if lexicons is not None else Lexicons()
    entries = {w.lower() for w in lex.get("no_content")} | _IME_MASH
    return entries | {_STRIP.sub("", w) for w in entries} - {""}


def _no_content_normalised(text: str, entries) -> bool:
    """:func:`is_no_content` for text that is already normalised."""
    return _reason_normalised(text, entries) is not None


def _reason_normalised(text: str, entries) -> str | None:
    """:func:`no_content_reason` for text that is already normalised."""
    core = _STRIP.sub("", text.lower()) if text else ""
    if not core:
        return "punctuation"
    if core in _IME_MASH:
        return "keyboard"
    if core in entries:
        return "filler"
    if core.isdigit():
        return "digits"
    if _ONE_LETTER.fullmatch(core):
        return "repeated"
    if core.isascii():
        return _latin_reason(core)
    stripped = _TRAIL.sub("", core)
    if not stripped:
        return "repeated" if len(set(core)) == 1 and len(core) > 1 else "filler"
    return "filler" if stripped in entries else None


def _latin_reason(core: str) -> str | None:
    """Keyboard mash or pinyin filler in a clause of Latin letters only, else None.

    A word of the English dictionary (lemminflect's: engineer, change, were) is neither. Keyboard mash: three or
    more neighbouring keys of one row (asd, jkl, ewq) cover three quarters of the
    letters, or five letters or more without a vowel. Pinyin: five letters or more that cut into two
    pinyin syllables or more (henhao, bucuo, haoping) and are not an English word of that shape."""
    if not core.isalpha() or len(core) < 3 or _english_word(core):
        return None
    covered = [False] * len(core)
    for i in range(len(core) - 2):
        tri = core[i:i + 3]
        if any(tri in row or tri[::-1] in row for row in _ROWS):
            covered[i:i + 3] = [True] * 3
    if sum(covered) >= 0.75 * len(core) or (len(core) >= 5 and not any(c in "aeiouy" for c in core)):
        return "keyboard"
    if len(core) >= 5 and core not in _LATIN_WORDS and _pinyin_syllables(core) >= 2:
        return "pinyin"
    return None


def _english_word(word: str) -> bool:
    """True when lemminflect knows ``word`` as an English word form (engineer, change, were; not henhao, asdf)."""
    from textmine.text._english import _pos

    return bool(_pos(word)) or word in _LATIN_WORDS


def _pinyin_syllables(word: str) -> int:
    """The fewest pinyin syllables ``word`` cuts into, or 0 when it does not cut into syllables."""
    best = [0] + [10**9] * len(word)
    for end in range(1, len(word) + 1):
        for size in range(1, min(6, end) + 1):
            if best[end - size] < 10**9 and word[end - size:end] in _SYLLABLES:
                best[end] = min(best[end], best[end - size] + 1)
    return best[-1] if best[-1] < 10**9 else 0


def _emoji_only(original: str) -> bool:
    """True when the original clause holds no letter, digit or Chinese character outside its emoji
    (``emoji="words"`` turns 👍 into 赞, which must not make the clause a content clause)."""
    if original.isascii():
        return False
    from textmine.text._normalize import _EMOJI

    return _RAW_CONTENT.search(_EMOJI.sub("", original)) is None
