"""Normalisation of verbatims: an analysis copy of the text, the original kept elsewhere.

Steps (each optional): HTML entities and tags, URLs, NFKC (full-width -> half-width),
traditional -> simplified (OpenCC), emoji, repeated punctuation, whitespace, PII masking
(:mod:`textmine.text._pii`).
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata

from textmine.errors import ConfigError
from textmine.text._pii import PII_PLACEHOLDERS, mask_pii

__all__ = ["Normalizer", "normalize", "mask_pii", "PII_PLACEHOLDERS", "EMOJI_WORDS"]

_PLACEHOLDER_NAMES = "|".join(sorted({v.strip("<>") for v in PII_PLACEHOLDERS.values()} | {"URL"}))

_URL = re.compile(
    r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"|(?<![@＠A-Za-z0-9.\-])[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:com|cn|net|org|cc|io)(?:/[A-Za-z0-9\-._~/?#=&%]*)?\b"
)
_TAG = re.compile(
    rf"<(?!(?:{_PLACEHOLDER_NAMES})>)\s*/?\s*[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?\s*>"
)
_BREAK_TAG = re.compile(r"<\s*(?:br|p|div|li|tr)\b[^<>]{0,200}>|<\s*/\s*(?:p|div|li|tr)\s*>", re.I)

# emoji and pictographs (incl. skin tones, ZWJ, variation selectors, flags, keycaps)
_EMOJI = re.compile(
    "[\U0001F000-\U0001FAFF\U00002600-\U000027BF\U00002B00-\U00002BFF\U0001F1E6-\U0001F1FF"
    "\u200d\ufe0e\ufe0f\u20e3\u2300-\u23ff\u3030\u303d\u3297\u3299]+"
)

#: emoji -> word used by ``emoji="words"`` (others are removed in that mode)
EMOJI_WORDS = {
    "👍": "赞", "👎": "差", "❤": "喜欢", "♥": "喜欢", "💕": "喜欢", "😍": "喜欢", "🥰": "喜欢",
    "😊": "开心", "😀": "开心", "😃": "开心", "😄": "开心", "😁": "开心", "🙂": "开心", "☺": "开心",
    "😂": "笑", "🤣": "笑", "😆": "笑", "👏": "赞", "💯": "满分", "🌹": "赞", "🎉": "开心",
    "😡": "生气", "😠": "生气", "🤬": "生气", "😤": "生气", "💢": "生气", "😭": "难过", "😢": "难过",
    "😞": "失望", "😔": "失望", "🙁": "失望", "☹": "失望", "😒": "不满", "🙄": "不满", "🤮": "恶心",
    "🤢": "恶心", "💩": "垃圾", "😱": "震惊", "😓": "无语", "😅": "尴尬", "🤔": "疑问", "😐": "一般",
    "😑": "无语", "😶": "无语", "👌": "好", "✌": "好", "💪": "棒", "🔥": "火",
}

# runs of the same punctuation mark ("！！！", "。。。", "??", "~~~") -> one mark
_REPEAT_PUNCT = re.compile(r"([!?.,;~…。！？，；、～\-=*_+])\1+")
_MIXED_END = re.compile(r"[!?]{2,}")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")

_EMOJI_MODES = ("keep", "remove", "words")
_URL_MODES = ("keep", "remove", "mask")

_CONVERTERS: dict[str, object] = {}
_CONVERTER_LOCK = threading.Lock()


def _converter(config: str):
    conv = _CONVERTERS.get(config)
    if conv is None:
        with _CONVERTER_LOCK:
            conv = _CONVERTERS.get(config)
            if conv is None:
                from textmine.errors import require

                opencc = require("opencc", "traditional -> simplified conversion", None)
                try:
                    conv = opencc.OpenCC(config)
                except Exception as exc:  # the native library raises RuntimeError
                    raise ConfigError(
                        f"opencc config {config!r} cannot be loaded: expected a name such as 't2s' or "
                        "'tw2sp' (see opencc.CONFIGS)"
                    ) from exc
                _CONVERTERS[config] = conv
    return conv


def _emoji_words(match: re.Match) -> str:
    out = []
    for ch in match.group(0):
        word = EMOJI_WORDS.get(ch)
        if word and (not out or out[-1] != word):
            out.append(word)
    return "".join(out) if not out else " " + "".join(out) + " "


class Normalizer:
    """A configurable, picklable callable ``text -> normalised text``.

    Parameters
    ----------
    nfkc : bool
        Unicode NFKC (full-width letters, digits and punctuation -> half-width).
    t2s : bool or str
        Traditional -> simplified with OpenCC; a string names the OpenCC config (default ``"t2s"``).
    html : bool
        Unescape entities (``&nbsp;``) and drop tags (break tags become a line break).
    urls : {"mask", "remove", "keep"}
        URLs become ``<URL>``, are removed or kept.
    emoji : {"keep", "remove", "words"}
        Keep emoji, remove them, or map them to words (``👍`` -> ``赞``; unknown ones removed).
    mask_pii : bool
        Replace personal data by typed placeholders (see :func:`mask_pii`).
    collapse_punct : bool
        Runs of a repeated punctuation mark become one (``！！！`` -> ``!``).
    lowercase : bool
        Lower-case Latin letters.
    """

    def __init__(
        self,
        *,
        nfkc: bool = True,
        t2s: bool | str = True,
        html: bool = True,
        urls: str = "mask",
        emoji: str = "keep",
        mask_pii: bool = True,
        collapse_punct: bool = True,
        lowercase: bool = False,
    ):
        self.nfkc = nfkc
        self.t2s = t2s
        self.html = html
        self.urls = urls
        self.emoji = emoji
        self.mask_pii = mask_pii
        self.collapse_punct = collapse_punct
        self.lowercase = lowercase

    def _check(self) -> None:
        if self.emoji not in _EMOJI_MODES:
            raise ConfigError(f"emoji={self.emoji!r} must be one of {', '.join(_EMOJI_MODES)}")
        if self.urls not in _URL_MODES:
            raise ConfigError(f"urls={self.urls!r} must be one of {', '.join(_URL_MODES)}")

    def __call__(self, text) -> str:
        if text is None:
            return ""
        if not isinstance(text, str):
            if text != text:  # NaN from pandas
                return ""
            text = str(text)
        if not text:
            return text
        if self.emoji not in _EMOJI_MODES or self.urls not in _URL_MODES:
            self._check()
        if self.html:
            if "&" in text:
                text = html.unescape(text)
            if "<" in text:
                text = _BREAK_TAG.sub("\n", text)
                text = _TAG.sub("", text)
        if self.urls != "keep" and ("." in text or "/" in text):
            text = _URL.sub("<URL>" if self.urls == "mask" else " ", text)
        if self.emoji != "keep" and not text.isascii():
            text = _EMOJI.sub(_emoji_words if self.emoji == "words" else "", text)
        if self.nfkc and not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        if self.t2s and not text.isascii():
            text = _converter(self.t2s if isinstance(self.t2s, str) else "t2s").convert(text)
        if self.mask_pii:
            text = mask_pii(text)
        if self.collapse_punct:
            text = _REPEAT_PUNCT.sub(r"\1", text)
            if "!" in text or "?" in text:
                text = _MIXED_END.sub(lambda m: m.group(0)[0], text)
        if self.lowercase:
            text = text.lower()
        if "\n" in text or "\r" in text:
            text = _NEWLINES.sub("\n", text)
        if "  " in text or "\t" in text or "\u00a0" in text or "\u3000" in text:
            text = _SPACES.sub(" ", text)
        return text.strip()

    def get_params(self) -> dict:
        return {k: getattr(self, k) for k in (
            "nfkc", "t2s", "html", "urls", "emoji", "mask_pii", "collapse_punct", "lowercase")}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"Normalizer({args})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Normalizer) and self.get_params() == other.get_params()

    def __hash__(self) -> int:
        return hash(tuple(self.get_params().items()))


def normalize(text: str, *, emoji: str = "keep", mask_pii: bool = True, **options) -> str:
    """Normalise one verbatim (see :class:`Normalizer` for the options)."""
    return Normalizer(emoji=emoji, mask_pii=mask_pii, **options)(text)
