"""Clause splitting with character offsets into the original answer.

The answer is split on its *original* text (full- and half-width punctuation, line breaks,
HTML break tags, spaces between Chinese characters, contrast and concession markers), so
each clause's ``start``/``end`` index the original string; each clause is then normalised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textmine.errors import ConfigError

__all__ = ["Clause", "split_clauses", "DEFAULT_MARKERS"]


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of an answer.

    ``text`` is the normalised clause, ``original[start:end]`` of the answer is ``original``,
    ``contrast`` is true when the clause follows a contrast marker (但是, 不过, 却 ...).
    """

    text: str
    start: int
    end: int
    original: str
    contrast: bool = False


#: marker -> kind; used when no lexicon is given (the shipped ``contrast`` lexicon holds the same)
DEFAULT_MARKERS = {
    "但是": "contrast", "但": "contrast", "不过": "contrast", "不過": "contrast",
    "可是": "contrast", "然而": "contrast", "只是": "contrast", "就是": "contrast",
    "却": "contrast", "卻": "contrast", "只不过": "contrast", "只不過": "contrast",
    "虽然": "concession", "雖然": "concession", "虽说": "concession", "雖說": "concession",
    "尽管": "concession", "儘管": "concession",
}

# (not preceded by, not followed by): uses of a marker that are not a contrast
_GUARDS = {
    "但是": ("不", ""),
    "但": ("不", "愿凡"),
    "只是": ("不", ""),
    "就是": ("也还還不要", "说說"),
    "却": ("冷忘退推", ""),
    "卻": ("冷忘退推", ""),
    "不过": ("比打说說忙好再受赶趕跑斗鬥只", "分来來去瘾癮关關"),
    "不過": ("比打说說忙好再受赶趕跑斗鬥只", "分来來去瘾癮关關"),
    "尽管": ("", "放"),
    "儘管": ("", "放"),
}

_WS = r"(?:[ \t\u3000\u00a0]|&nbsp;)"
_PUNCT = r"[。！？；，…～!?;,~｡⋯︰\r\n]"
_DOTCOLON = r"(?:(?<![0-9０-９A-Za-zＡ-Ｚａ-ｚ])[.．:：]|[.．:：](?![0-9０-９A-Za-zＡ-Ｚａ-ｚ]))"
_BREAK = r"(?:<\s*(?:br|p|div|li|tr)\b[^<>]{0,200}>|<\s*/\s*(?:p|div|li|tr)\s*>)"
_CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
_SKIP = (
    r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"|[\w.%+\-]+[@＠][\w\-]+(?:[.．][\w\-]+)*[.．](?:[A-Za-z]{2,}|中国|中國|公司|网络|網絡)"
)
_SEP = (
    rf"(?:{_WS}*(?:{_PUNCT}|{_DOTCOLON}|{_BREAK}){_WS}*)+"
    rf"|(?<={_CJK}){_WS}+(?={_CJK})"
)
_CONTENT = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff０-９Ａ-Ｚａ-ｚ]")

_PATTERNS: dict[tuple, tuple[re.Pattern, dict]] = {}


def _marker_regex(markers: dict[str, str]) -> tuple[re.Pattern, dict]:
    key = tuple(sorted(markers.items()))
    cached = _PATTERNS.get(key)
    if cached is not None:
        return cached
    from textmine.text._english import EN_GUARDS, EN_MARKERS

    markers = {**EN_MARKERS, **markers}  # English contrast words always split (they only match whole words)
    alts = []
    for word in sorted(markers, key=len, reverse=True):
        alt = re.escape(word)
        if word.isascii() and word.isalpha():  # an English word: whole words only, with its guards
            before, after = EN_GUARDS.get(word.lower(), ("", ""))
            alts.append(rf"{before}(?<![A-Za-z]){alt}(?![A-Za-z]){after}")
            continue
        before, after = _GUARDS.get(word, ("", ""))
        if before:
            alt = f"(?<![{before}]){alt}"
        if after:
            alt = f"{alt}(?![{after}])"
        alts.append(alt)
    mark = "|".join(alts) if alts else r"(?!x)x"
    full = re.compile(rf"(?P<skip>{_SKIP})|(?P<sep>{_SEP})|(?P<mark>{mark})", re.I)
    fast = re.compile(rf"(?P<sep>{_SEP})|(?P<mark>{mark})", re.I)
    firsts = "".join(sorted({re.escape(c) for w in markers for c in {w[0], w[0].upper()}}))
    cand = re.compile(rf"[。！？；，…～!?;,~｡⋯︰\r\n.．:：<&\s\u3000\u00a0{firsts}]")
    kinds = {w: str(k) if isinstance(k, str) else "contrast" for w, k in markers.items()}
    _PATTERNS[key] = ((full, fast, cand), kinds)
    return _PATTERNS[key]


def _markers_from(markers) -> dict[str, str]:
    if markers is None:
        return DEFAULT_MARKERS
    if isinstance(markers, tuple) and len(markers) == 2 and isinstance(markers[1], dict):
        return markers[1]
    if hasattr(markers, "get") and hasattr(markers, "weights") and not isinstance(markers, dict):
        return {k: (v if isinstance(v, str) else "contrast") for k, v in markers.get("contrast").items()}
    if isinstance(markers, dict):
        return {k: (v if isinstance(v, str) else "contrast") for k, v in markers.items()}
    return {m: "contrast" for m in markers}


def _segments(text: str, pattern: re.Pattern, kinds: dict) -> list[list]:
    """[start, end, kind, marker_end] of raw segments."""
    full, fast, cand = pattern
    if "@" in text or "＠" in text or "://" in text or "www." in text or "WWW." in text:
        matches = full.finditer(text)
    else:
        matches = _fast_matches(text, fast, cand)
    segs = []
    start = 0
    kind = None
    mark_end = 0
    for m in matches:
        group = m.lastgroup
        if group == "skip":
            continue
        if group == "sep":
            segs.append([start, m.start(), kind, mark_end])
            start = m.end()
            kind = None
            mark_end = start
        else:
            if m.start() > start and not text[start:m.start()].isspace():
                segs.append([start, m.start(), kind, mark_end])
            start = m.start()
            kind = kinds.get(m.group(0)) or kinds.get(m.group(0).lower(), "contrast")
            mark_end = m.end()
    segs.append([start, len(text), kind, mark_end])
    return segs


def _fast_matches(text: str, fast: re.Pattern, cand: re.Pattern):
    """Try the separator/marker pattern only where a candidate character stands."""
    pos = 0
    for c in cand.finditer(text):
        i = c.start()
        if i < pos:
            continue
        m = fast.match(text, i)
        if m is not None and m.end() > i:
            pos = m.end()
            yield m


def _strip(text: str, seg: list) -> bool:
    s, e = seg[0], seg[1]
    while s < e and (text[s].isspace() or text[s] == "\u3000"):
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    seg[0], seg[1] = s, e
    if seg[3] < s:
        seg[3] = s
    return e > s


def split_clauses(text, *, normalizer=None, min_chars: int = 2, markers=None) -> list[Clause]:
    """Split one answer into clauses.

    Parameters
    ----------
    text : str
        The original answer (not normalised).
    normalizer : callable, optional
        Turns each clause's original slice into its analysis text; defaults to :class:`Normalizer()`.
    min_chars : int
        Fragments with fewer content characters (Chinese characters, letters, digits) are
        attached to the previous clause (or to the next one at the start of the answer);
        a bare marker ("但是") is attached to the clause after it.
    markers : mapping, iterable or Lexicons, optional
        Contrast/concession markers (``{marker: "contrast"|"concession"}``).

    Returns
    -------
    list of Clause; an empty or blank answer gives ``[]``.
    """
    if min_chars < 0:
        raise ConfigError(f"min_chars={min_chars} must be >= 0")
    if text is None or not isinstance(text, str):
        if text is None or text != text:
            return []
        text = str(text)
    if normalizer is None:
        from textmine.text._normalize import Normalizer

        if _DEFAULT_NORMALIZER[0] is None:
            _DEFAULT_NORMALIZER[0] = Normalizer()
        normalizer = _DEFAULT_NORMALIZER[0]
    return [
        Clause(normalizer(text[s:e]), s, e, text[s:e], contrast)
        for s, e, contrast in clause_spans(text, min_chars=min_chars, markers=markers)
    ]


def compile_markers(markers=None) -> tuple:
    """Compile the splitting pattern for a set of markers once (for :func:`clause_spans`)."""
    return _marker_regex(_markers_from(markers))


def clause_spans(text: str, *, min_chars: int = 2, markers=None, compiled=None) -> list[tuple[int, int, bool]]:
    """``(start, end, contrast)`` of each clause of ``text`` (see :func:`split_clauses`)."""
    if not text or text.isspace():
        return []
    pattern, kinds = compiled if compiled is not None else _marker_regex(_markers_from(markers))
    merged: list[list] = []
    pending = None
    for seg in _segments(text, pattern, kinds):
        if not _strip(text, seg):
            continue
        if pending is not None:
            seg = [pending[0], seg[1], pending[2], pending[3]]
            pending = None
        content = len(_CONTENT.findall(text, seg[0], seg[1]))
        if seg[2] is not None and not _CONTENT.search(text, seg[3], seg[1]):
            pending = seg  # bare marker: attach to the next clause
            continue
        if content < min_chars:
            if merged:
                merged[-1][1] = seg[1]
            else:
                pending = seg
            continue
        merged.append(seg)
    if pending is not None:
        if merged:
            merged[-1][1] = pending[1]
        else:
            merged.append(pending)
    return [(s, e, bool(i > 0 and kind == "contrast")) for i, (s, e, kind, _) in enumerate(merged)]


_DEFAULT_NORMALIZER: list = [None]
