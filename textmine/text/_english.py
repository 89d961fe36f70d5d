"""English in answers: contrast words that split clauses, tokens as themes read them, word classes for naming,
and clause polarity.

- **Clauses** split on punctuation (as Chinese ones) and before *but, however, although, though, except,
  whereas*; "not only … but also" and "nothing but" are not contrasts.
- **Tokens** are lower case (acronyms such as APP, BT, VIP keep their capitals) and nouns are lemmatised
  (engineers -> engineer) with ``lemminflect``, so a theme counts one word once.
- **Word classes** for naming: scikit-learn's English stop words (negators kept out of it), opinion words from the
  VADER lexicon and :data:`EXTRA_POLARITY`, degree adverbs, and ``lemminflect``'s parts of speech (a word that can
  be a noun names an aspect; one that is only a verb or adverb does not).
- **Polarity** from VADER (``vaderSentiment``: negation, degree, capitals and "!" handled), its compound score in
  [-1, 1] as textmine's scale, with :data:`EXTRA_POLARITY` for service words its lexicon lacks (slow, late,
  expensive, issues). A mixed clause ("客服很nice") is read by both: the Chinese scoring and VADER on its English
  words, with 不 / 没 read as "not" and 很 / 非常 / 太 as "very".
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["EN_MARKERS", "EXTRA_POLARITY", "english_kind", "english_polarity", "english_token", "is_latin",
           "join_terms", "join_words", "mixed_polarity"]

#: English contrast and concession markers (the clause after a contrast weighs more, as after 但是)
EN_MARKERS = {"but": "contrast", "however": "contrast", "although": "concession", "though": "concession",
              "except": "contrast", "whereas": "contrast"}
#: (not preceded by, not followed by) regex parts: uses of a marker that are not a contrast
EN_GUARDS = {"but": (r"(?<!\bnothing )(?<!\ball )", r"(?!\s+also\b)"), "though": (r"(?<!\beven )(?<!\bas )", "")}

#: nouns in scikit-learn's English stop-word list that name what a customer talks about (its docs warn the list
#: has such words): a bill, a call, the system are aspects
_NOT_STOP = frozenset("bill call computer system fire interest detail amount front side top mill name part con "
                      "bottom".split())
#: VADER-scale valences (-4..4) for service and product words VADER's lexicon lacks; "no issues" and "never late"
#: then read as praise through VADER's negation rule
EXTRA_POLARITY = {
    "slow": -1.6, "slower": -1.6, "slowly": -1.4, "late": -1.5, "delayed": -1.6, "delays": -1.3, "waiting": -0.6,
    "long": -0.5, "expensive": -1.4, "overpriced": -2.0, "pricey": -1.2, "issue": -1.2, "issues": -1.2, "fault": -1.5,
    "faults": -1.5, "faulty": -1.8, "broken": -1.9, "crashes": -1.7, "crashed": -1.7, "crashing": -1.7,
    "unreliable": -1.9, "unresolved": -1.6, "cancelled": -1.2, "outage": -1.8, "outages": -1.8,
    "disconnected": -1.4, "drops": -1.0, "dropping": -1.0, "buggy": -1.8, "laggy": -1.7, "rude": -2.0,
    "unhelpful": -1.9, "useless": -2.0, "hassle": -1.4, "chasing": -1.0, "quick": 1.5, "quickly": 1.4,
    "fast": 1.5, "prompt": 1.5, "promptly": 1.5, "reliable": 1.8, "efficient": 1.8, "smooth": 1.5,
    "seamless": 1.8, "knowledgeable": 1.8, "professional": 1.6, "affordable": 1.4, "punctual": 1.6,
    "resolved": 1.3, "sorted": 1.0, "simple": 1.0, "straightforward": 1.2, "confusing": -1.3,
    "abysmal": -2.5, "incorrect": -1.5, "shambles": -2.2, "shambolic": -2.2, "incompetent": -2.0, "right": 0.5,
}
#: adverbs and adjectives of degree or judgement that never name an aspect
_DEGREE = frozenset("very really so too quite extremely pretty rather absolutely totally completely highly "
                    "much more most less least always never ever just still even also high higher low lower big "
                    "bigger small smaller huge tiny many few several".split())
#: nouns too generic to name what a customer talks about (as 东西, 时候, 小时 in Chinese): time, quantity, people
#: in general, the company itself
GENERIC_NOUNS = frozenset(
    "time times day days week weeks month months year years hour hours minute minutes today yesterday tomorrow "
    "morning afternoon evening night weekend monday tuesday wednesday thursday friday saturday sunday ago date "
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec "
    "thing things way ways lot lots bit kind sort type part end fact reason case point matter number one ones "
    "people person someone anyone everyone somebody anybody everybody guy guys everything anything something "
    "nothing company firm business experience overall whole rest stuff job far start".split())
#: verbs too generic to name a theme, qualifiers that say which or when rather than what, and filler
GENERIC_WORDS = frozenset(
    "do does did doing done get gets got getting go goes going gone make makes made making take took taking come "
    "came coming give gave see saw seen look looks looked looking use used using need needed want wanted try "
    "tried trying say said tell told ask asked keep kept put let seem seemed feel felt know knew think thought "
    "different same other another various several certain own main general usual extra new old first last next "
    "previous recent current past present future early annual daily whole total contrary multiple particular "
    "actual able sure cos coz cause despite via per etc ok okay yes yeah thanks thank please lol oh ah wow hi "
    "hello hey um eh ps happen happens happened happening zero two three four five six seven eight nine ten "
    "hundred thousand million second third".split())
#: words after which an English word is a verb, whatever else it can be (I think, to say, will look, 've waited)
VERB_CONTEXT = frozenset("i you we they he she it to will would can could should must may might shall do does did "
                         "don't didn't doesn't can't won't couldn't wouldn't ll ve d let please".split())
#: pieces of contractions as the tokenizer leaves them (I've -> i, ve)
_CLITICS = frozenset("ve ll re d s t m don didn doesn isn wasn aren weren couldn wouldn shouldn won hasn haven "
                     "hadn".split())
_NEGATORS = frozenset("no not never nor none nothing nobody nowhere cannot cant dont didnt doesnt isnt wasnt "
                      "wont".split())
_ZH_NOT = re.compile(r"(?:没有|没|不|别|无)")
_ZH_VERY = re.compile(r"(?:非常|特别|十分|很|太|超|真)")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_ADJ_ENDINGS = ("ful", "less", "ous", "ive", "able", "ible", "ic", "al")
_ACRONYM = re.compile(r"[A-Z0-9]{2,}s?")
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def is_latin(token: str) -> bool:
    """True for a Latin-letter word token (customer, APP, don't)."""
    return _LATIN_TOKEN.fullmatch(token) is not None


def join_terms(a: str, b: str) -> str:
    """Join two tokens into a phrase: no space between Chinese tokens, a space between Latin ones."""
    if _CJK.search(a[-1:]) or _CJK.search(b[:1]):
        return a + b
    return f"{a} {b}"


def join_words(words) -> str:
    """Join tokens into one phrase with :func:`join_terms` (服务员 态度 -> 服务员态度, customer service)."""
    out = ""
    for w in words:
        out = join_terms(out, w) if out else w
    return out


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    analyser.lexicon.update(EXTRA_POLARITY)
    return analyser


@lru_cache(maxsize=1)
def _stop_words() -> frozenset:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) - _NEGATORS - _NOT_STOP


@lru_cache(maxsize=50_000)
def _pos(word: str) -> dict:
    """{part of speech: lemmas} lemminflect gives ``word`` (empty when it does not know it)."""
    from lemminflect import getAllLemmas

    return dict(getAllLemmas(word))


@lru_cache(maxsize=200_000)
def english_token(word: str) -> str:
    """A token as themes count it: lower case, a noun's plural reduced (engineers -> engineer, emails -> email);
    acronyms keep their capitals (APP, BT, SIMs -> SIM)."""
    if _ACRONYM.fullmatch(word):
        return word[:-1] if word.endswith("s") and len(word) > 2 else word
    low = word.lower()
    if len(low) < 4 or low in _stop_words() or not low.endswith("s") or "AUX" in _pos(low):
        return low  # (does stays does, never the noun doe)
    from lemminflect import getLemma

    lemma = getLemma(low, upos="NOUN")
    return lemma[0] if lemma and lemma[0] else low


def english_kind(word: str) -> str:
    """``"noun"`` (may name an aspect: service, engineer, broadband), ``"opinion"`` (great, slow, problem),
    ``"function"`` (stop words, negators, degree adverbs, generic nouns such as week, thing, company, generic
    verbs and qualifiers such as get, look, different, previous) or
    ``"other"`` (verbs, adverbs, judging adjectives: turned, quickly, far)."""
    low = word.lower()
    if (low in _stop_words() or low in _NEGATORS or low in _DEGREE or low in GENERIC_NOUNS or low in GENERIC_WORDS
            or low in _CLITICS or len(low) < 2):
        return "function"
    if low in _vader().lexicon:
        return "opinion"
    pos = _pos(low)
    verb = pos.get("VERB")
    if verb and low not in verb and not (low.endswith("ing") and low in pos.get("NOUN", ())):
        return "other"  # an inflected verb form (turned, given, left, spoke), unless a noun in -ing (building)
    if "ADJ" in pos and "NOUN" in pos and "VERB" not in pos and low.endswith(_ADJ_ENDINGS):
        return "other"  # an adjective first (possible, professional, original), though it can be a noun
    if not pos and len(low) <= 2:
        return "function"  # an unknown two-letter word (iv, pm, uk): an abbreviation, never a theme's name
    if "NOUN" in pos or "PROPN" in pos or not pos:
        return "noun"  # a word lemminflect does not know is a name (FTTP, BTCare): it may name an aspect
    if set(pos) == {"ADJ"} and not low.endswith(_ADJ_ENDINGS + ("est", "er")):
        return "noun"  # a classifying adjective that names a kind of thing: broadband, mobile, technical
    return "other"


def english_polarity(text: str) -> float:
    """VADER's compound score of ``text`` in [-1, 1] (with :data:`EXTRA_POLARITY`); 0.0 when nothing is judged."""
    return float(_vader().polarity_scores(text)["compound"]) if text.strip() else 0.0


def mixed_polarity(text: str, chinese: float) -> float:
    """A mixed clause's polarity: ``chinese`` (its Chinese scoring) and VADER on its English words, 不 / 没
    read as "not" and 很 / 非常 / 太 as "very"; their mean when both judge it, else the one that does."""
    english = _ZH_NOT.sub(" not ", text)
    english = _ZH_VERY.sub(" very ", english)
    en = english_polarity(_CJK_RUN.sub(" ", english))
    if en and chinese:
        return (en + chinese) / 2
    return en or chinese
