"""``ChineseTokenizer``: its own jieba instance, domain dictionaries, Latin words kept whole."""

from __future__ import annotations

import logging
import os
import re
import threading

from textmine.errors import ConfigError, InputError, require

__all__ = ["ChineseTokenizer"]

_MODEL_SUFFIX = r"(?:[0-9][A-Za-z0-9]*|Pro|Max|Plus|Ultra|Mini|Lite|SE|Air|pro|max|plus|ultra|mini|lite|se|air)"
_WORD = r"[A-Za-z0-9]+(?:[-+.&'][A-Za-z0-9]+)*\+*"
# placeholders (<PHONE>), then Latin/digit words with model suffixes ("iPhone 15 Pro", "SK-II", "5G")
_LATIN = re.compile(rf"<[A-Z]+>|{_WORD}(?: {_MODEL_SUFFIX}(?![A-Za-z0-9]))*")
_HAS_LATIN = re.compile(r"[A-Za-z0-9<]")
_CONTENT = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]")
_BACKENDS = ("jieba", "rjieba", "auto")
#: the frequency given to lexicon and domain words listed without one
MIN_WORD_FREQ = 30


class _QuietJieba:
    """Silence the 'jieba' logger while a tokenizer initialises (restores its level after)."""

    def __enter__(self):
        self.logger = logging.getLogger("jieba")
        self.level = self.logger.level
        self.logger.setLevel(logging.WARNING)

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)


def _read_userdict(path) -> list[tuple[str, int | None, str | None]]:
    if not os.path.isfile(path):
        raise InputError(
            f"user dictionary not found: {path}; expected a UTF-8 file with lines 'word [freq] [tag]'"
        )
    entries = []
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            word, freq, tag = parts[0], None, None
            if len(parts) > 1 and parts[1].isdigit():
                freq = int(parts[1])
                tag = parts[2] if len(parts) > 2 else None
            elif len(parts) > 1:
                tag = parts[1]
            entries.append((word, freq, tag))
    return entries


class ChineseTokenizer:
    """Callable ``text -> list[str]`` for normalised Chinese (and mixed English) text.

    Parameters
    ----------
    hmm : bool
        jieba's HMM guessing of unknown words; off by default (it glues 很赞, 太省 into one token).
    user_dicts : sequence of paths
        Extra jieba user dictionaries (``word [freq] [tag]`` per line), loaded after the domain one.
    lexicon_dir : path, optional
        Where the shipped lexicons live (default: :func:`default_lexicon_dir`).
    lexicons : Lexicons, optional
        A lexicon bundle (with the user's additions) to take the words from instead.
    domain : bool
        Load ``domain.txt`` and the multi-character opinion words, negators and degree adverbs
        of the lexicons into the dictionary.
    backend : {"auto", "jieba", "rjieba"}
        ``rjieba`` cuts with the Rust port of jieba given the same dictionary entries and
        frequencies: about 5x faster, identical on 99.99% of clauses (measured in
        ``benchmarks/results/text_speed.json``). ``auto`` (default) uses it when installed,
        else jieba; pass ``"jieba"`` for bit-for-bit jieba output.
    cache_size : int
        Texts whose tokens are remembered (verbatims repeat a lot); 0 disables the cache.

    Punctuation, whitespace and emoji are dropped; Latin words, model numbers and placeholders
    are kept whole (``iPhone 15``, ``SK-II``, ``5G``, ``<PHONE>``). Usable as a scikit-learn
    ``tokenizer=`` (with ``token_pattern=None``); picklable (the jieba instance is rebuilt lazily).
    """

    def __init__(
        self,
        *,
        hmm: bool = False,
        user_dicts=(),
        lexicon_dir=None,
        lexicons=None,
        domain: bool = True,
        backend: str = "auto",
        cache_size: int = 200_000,
    ):
        self.hmm = hmm
        self.user_dicts = user_dicts
        self.lexicon_dir = lexicon_dir
        self.lexicons = lexicons
        self.domain = domain
        self.backend = backend
        self.cache_size = cache_size

    # -- building -------------------------------------------------------------------------
    def _entries(self) -> list[tuple[str, int | None, str | None]]:
        from textmine.text._lexicons import Lexicons

        entries: list[tuple[str, int | None, str | None]] = []
        if self.domain:
            lex = self.lexicons if self.lexicons is not None else Lexicons(self.lexicon_dir)
            entries += [(w, int(v) if isinstance(v, float) and v > 1 else None, None)
                        for w, v in lex.get("domain").items()]
            for name in ("positive", "negative", "negators", "degree"):
                # 不好吃 / 没意思 stay negator + word: the scorer reads the negation itself
                entries += [(w, None, None) for w in lex.get(name)
                            if len(w) > 1 and (name == "negators" or w[0] not in "不没")]
        paths = [self.user_dicts] if isinstance(self.user_dicts, (str, os.PathLike)) else self.user_dicts
        for path in paths:
            entries += _read_userdict(path)
        return entries

    def _build(self) -> None:
        if self.backend not in _BACKENDS:
            raise ConfigError(f"backend={self.backend!r} must be one of {', '.join(_BACKENDS)}")
        if self.cache_size < 0:
            raise ConfigError(f"cache_size={self.cache_size} must be >= 0")
        use_rust = self.backend == "rjieba"
        if self.backend == "auto":
            try:
                import rjieba  # noqa: F401

                use_rust = True
            except ImportError:
                use_rust = False
        entries = tuple(self._entries())
        # identical configurations share one (read-only) dictionary build
        built = _BUILT.get(entries)
        if built is None:
            built = _build_dictionaries(entries)
            if len(_BUILT) >= 4:
                _BUILT.pop(next(iter(_BUILT)))
            _BUILT[entries] = built
        tk, added = built[0], built[1]
        rj = None
        if use_rust:
            if built[2] is None:
                rjieba = require("rjieba", "the rjieba tokenizer backend", "fast")
                rj = rjieba.Jieba()
                for word, tag in added.items():
                    rj.add_word(word, tk.FREQ[word], tag)
                built[2] = rj
            rj = built[2]
        hmm = bool(self.hmm)
        if rj is not None:
            cut = lambda s: rj.cut(s, hmm)  # noqa: E731
        else:
            cut = lambda s: tk.lcut(s, HMM=hmm)  # noqa: E731
        self._tk = tk
        self._cut = cut
        # for a run of Chinese characters only ([\u4e00-\u9fd5], jieba's own class): no filtering is needed,
        # and jieba without HMM is the dynamic programme of _han_cutter (the same words, 1.7x faster)
        self._cut_han = cut if rj is not None or hmm else _han_cutter(tk)
        self._cache = {}

    def _ensure(self):
        cut = self.__dict__.get("_cut")
        if cut is None:
            with _BUILD_LOCK:
                if self.__dict__.get("_cut") is None:
                    self._build()
        return self._cut

    @property
    def jieba_tokenizer(self):
        """The underlying ``jieba.Tokenizer`` (built on first use)."""
        self._ensure()
        return self._tk

    # -- cutting --------------------------------------------------------------------------
    def _cut_text(self, text: str) -> list[str]:
        cut = self._cut
        if not _HAS_LATIN.search(text):
            return [t for t in cut(text) if t.isalnum() or (len(t) > 1 and _CONTENT.search(t))]
        out: list[str] = []
        pos = 0
        for m in _LATIN.finditer(text):
            if m.start() > pos:
                out += [t for t in cut(text[pos:m.start()]) if t.isalnum() or (len(t) > 1 and _CONTENT.search(t))]
            out.append(m.group(0))
            pos = m.end()
        if pos < len(text):
            out += [t for t in cut(text[pos:]) if t.isalnum() or (len(t) > 1 and _CONTENT.search(t))]
        return [t for t in out if not t.isspace()]

    def __call__(self, text) -> list[str]:
        if text is None or not isinstance(text, str):
            if text is None or text != text:
                return []
            text = str(text)
        if not text:
            return []
        cache = self.__dict__.get("_cache")
        if cache is None:
            self._ensure()
            cache = self._cache
        hit = cache.get(text)
        if hit is not None:
            return list(hit)
        tokens = self._cut_text(text)
        if self.cache_size:
            if len(cache) >= self.cache_size:
                cache.clear()
            cache[text] = tuple(tokens)
        return tokens

    def get_params(self) -> dict:
        return {k: getattr(self, k) for k in (
            "hmm", "user_dicts", "lexicon_dir", "lexicons", "domain", "backend", "cache_size")}

    def __getstate__(self):
        return self.get_params()

    def __setstate__(self, state):
        self.__init__(**state)

    def __repr__(self) -> str:
        return "ChineseTokenizer(" + ", ".join(f"{k}={v!r}" for k, v in self.get_params().items()) + ")"


_BUILD_LOCK = threading.RLock()
_BUILT: dict = {}


def _build_dictionaries(entries) -> list:
    """[a fresh ``jieba.Tokenizer`` with ``entries`` added, the added words, no rjieba twin yet]."""
    jieba = require("jieba", "Chinese tokenisation")
    tk = jieba.Tokenizer()
    with _QuietJieba():
        tk.initialize()
    added: dict[str, str | None] = {}
    for word, freq, tag in entries:
        if _HAS_LATIN.search(word) and _LATIN.fullmatch(word):
            continue  # Latin words are kept whole without the dictionary
        if freq is None:
            # lexicon words must win against their context (太难喝 -> 太 / 难喝): give them at
            # least MIN_WORD_FREQ, never less than jieba already has
            current = tk.FREQ.get(word) or 0
            if current >= MIN_WORD_FREQ:
                continue
            freq = max(MIN_WORD_FREQ, tk.suggest_freq(word, False))
        tk.add_word(word, freq, tag)
        added[word] = tag
    return [tk, added, None]


def _han_cutter(tk):
    """``tk.lcut(s, HMM=False)`` for ``s`` made of Chinese characters ``[\u4e00-\u9fd5]`` only: jieba's
    prefix-dictionary DAG and best route (``get_DAG`` + ``calc``; the same maximum, ties included), with
    one look-up per fragment in a table of log-probabilities computed once (None for a bare prefix)."""
    import math

    freq = tk.FREQ
    logtotal = math.log(tk.total)
    table = {w: (math.log(f) - logtotal if f else None) for w, f in freq.items()}
    single = math.log(1) - logtotal  # a character jieba does not know
    missing = table.get  # bound once

    def cut(s: str) -> list[str]:
        n = len(s)
        route = [(0, 0)] * (n + 1)
        for idx in range(n - 1, -1, -1):
            best = None
            i, frag = idx, s[idx]
            while i < n:
                p = missing(frag, 0)
                if p == 0:  # not even a prefix of a dictionary word
                    break
                if p is not None:
                    cand = (p + route[i + 1][0], i)
                    if best is None or cand > best:
                        best = cand
                i += 1
                frag = s[idx:i + 1]
            if best is None:  # no dictionary word starts here: the character alone
                p = table.get(s[idx])
                best = ((single if p is None else p) + route[idx + 1][0], idx)
            route[idx] = best
        out = []
        x = 0
        while x < n:
            y = route[x][1] + 1
            out.append(s[x:y])
            x = y
        return out

    return cut
