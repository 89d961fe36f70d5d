"""The language of a clause and of an answer: ``zh``, ``en``, ``mixed`` (Chinese with English words:
"customer service很nice", "APP老是crash"), ``other`` (another language), or ``""`` (nothing to read).

A clause is read from its scripts: Chinese characters, and English *words* — Latin words of two letters or more
that are not an acronym or product name (APP, WiFi, iPhone, 4S) — which Chinese answers use as nouns without being
English. An answer written only in Latin letters is English when most of its words are English dictionary words
(``lemminflect``'s); otherwise lingua (``lingua-language-detector``, models inside its wheel) weighs English
against the Latin-script languages a survey is likely to receive, and an answer it gives English little chance
is ``other``. Kana or Hangul make an answer ``other`` (Japanese, Korean).
"""

from __future__ import annotations

import re

from ._english import _CJK, _pos, _stop_words

__all__ = ["LANGUAGES", "answer_language", "answer_languages", "clause_language", "english_words"]

#: the values of the ``language`` columns, in the order the run summary lists them
LANGUAGES = ("zh", "en", "mixed", "other", "")

_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af\u1100-\u11ff]")
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9@#/._-])[A-Za-z][a-z]*(?:'[a-z]+)?(?![A-Za-z0-9])")
_ANY_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9@#/._-])[A-Za-z]+(?:'[A-Za-z]+)?(?![A-Za-z0-9])")
_SKIP = re.compile(r"(?:https?://|www\.)\S+|[@#]\w+|<URL>|<EMAIL>|<PHONE>|<ID>", re.I)
#: lingua's candidate languages besides English (Latin-script ones a survey receives)
_OTHER_LATIN = ("FRENCH", "GERMAN", "SPANISH", "PORTUGUESE", "ITALIAN", "DUTCH", "INDONESIAN", "MALAY",
                "VIETNAMESE", "TAGALOG", "TURKISH", "POLISH")
_MIN_LINGUA_LETTERS = 12  # shorter Latin-only answers ("ok", "good job") are read as English without lingua
_MIN_WORDS = 3  # and so are answers of one or two words (Sehr gut, Servizio pessimo: too short to tell)
_DICTIONARY_SHARE = 0.6  # English when this share of the words are English dictionary words
_MIN_ENGLISH_CONFIDENCE = 0.1


def english_words(text: str, *, strict: bool = True) -> list[str]:
    """The English words of ``text``: Latin words of two letters or more, outside URLs, @handles and #hashtags.
    ``strict`` (for text that also holds Chinese) counts lowercase or capitalised words only: acronyms (APP,
    VIP) and product names with inner capitals (iPhone, WiFi) are names in a Chinese answer, not English."""
    text = _SKIP.sub(" ", text)
    words = _LATIN_WORD.findall(text) if strict else _ANY_LATIN_WORD.findall(text)
    return [w for w in words if len(w) >= 2]


def clause_language(text: str) -> str:
    """``zh``, ``en``, ``mixed``, ``other`` or ``""`` for one (normalised) clause, from its scripts alone."""
    if _KANA_HANGUL.search(text):
        return "other"
    if _CJK.search(text) is not None:
        return "mixed" if english_words(text) else "zh"
    return "en" if english_words(text, strict=False) else ""


class _Detector:
    """lingua's detector over English and :data:`_OTHER_LATIN`, built on first use (its models load lazily)."""

    def __init__(self):
        self._detector = None

    def is_english(self, text: str) -> bool:
        """English unless most words are not English dictionary words (lemminflect's, or stop words) and lingua
        gives English a confidence below :data:`_MIN_ENGLISH_CONFIDENCE`: lingua alone reads short English
        ("Excellent service", "I like fast internet") as French or German."""
        words = [w.lower() for w in text.split()]
        if len(words) < _MIN_WORDS or sum(map(_dictionary_word, words)) >= _DICTIONARY_SHARE * len(words):
            return True
        if self._detector is None:
            try:
                from lingua import Language, LanguageDetectorBuilder
            except ImportError:  # a broken install: read Latin text as English rather than fail the run
                return True
            langs = [Language.ENGLISH] + [getattr(Language, n) for n in _OTHER_LATIN if hasattr(Language, n)]
            self._detector = (Language.ENGLISH, LanguageDetectorBuilder.from_languages(*langs).build())
        english, detector = self._detector
        return detector.compute_language_confidence(text, english) >= _MIN_ENGLISH_CONFIDENCE


def _dictionary_word(word: str) -> bool:
    return word in _stop_words() or bool(_pos(word))


_DETECTOR = _Detector()


def answer_language(clause_languages, text: str = "") -> str:
    """An answer's language from its clauses' (:func:`clause_language`) and its text: ``mixed`` when it holds
    Chinese and English (in one clause or in different ones), ``zh`` or ``en`` when only that one, ``other`` for
    another language (an English-looking answer that lingua reads as French, Spanish ...), ``""`` when no clause
    has a word to read."""
    found = {lang for lang in clause_languages if lang}
    if not found:
        return ""
    if "other" in found:
        return "other"
    if "mixed" in found or {"zh", "en"} <= found:
        return "mixed"
    if found == {"en"}:
        latin = " ".join(english_words(text, strict=False))
        if sum(c.isalpha() for c in latin) >= _MIN_LINGUA_LETTERS and not _DETECTOR.is_english(latin):
            return "other"
        return "en"
    return "zh"


def answer_languages(clauses):
    """Each respondent's :func:`answer_language` from a clause table with a ``language`` column (``""`` for
    every respondent when the table has none): a Series indexed by respondent id, in order of first appearance.
    Vectorised over the table; only answers wholly in English are read again (to tell other Latin languages)."""
    import numpy as np
    import pandas as pd

    if not len(clauses):
        return pd.Series([], dtype=object, name="language")
    ids = clauses["respondent_id"]
    order = pd.unique(ids)
    if "language" not in clauses.columns:
        return pd.Series("", index=order, name="language")
    codes, langs = pd.factorize(clauses["language"].astype(str).to_numpy())
    rows = pd.Index(order).get_indexer(ids.to_numpy())
    flags = np.zeros((len(order), len(langs)), dtype=bool)
    flags[rows, codes] = True
    has = pd.DataFrame(flags, columns=list(langs))
    col = lambda lang: has[lang].to_numpy() if lang in has.columns else np.zeros(len(has), dtype=bool)  # noqa: E731
    zh, en, mixed, other = col("zh"), col("en"), col("mixed"), col("other")
    out = np.select([other, mixed | (zh & en), zh, en], ["other", "mixed", "zh", "en"], default="").astype(object)
    english = np.flatnonzero(out == "en")
    if len(english):
        text = (clauses["original"] if "original" in clauses.columns else clauses["text"]).to_numpy()
        pieces: dict = {}
        wanted = np.isin(rows, english)
        for r, t in zip(rows[wanted].tolist(), text[wanted].tolist()):
            pieces.setdefault(r, []).append(str(t))
        for i in english.tolist():
            out[i] = answer_language(["en"], " ".join(pieces.get(i, ())))
    return pd.Series(out, index=pd.Index(order, name=None), name="language", dtype=object)
