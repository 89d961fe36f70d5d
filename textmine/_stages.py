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
encoder=...) -> ThemeResult``. Three ship (in ``textmine._coders``): :class:`DiscoverThemes`, :class:`ApplyCodebook`,
:class:`ApplyModel`.
Vectors are computed once per distinct aspect text of a chunk (answers repeat short clauses), which gives the same
vectors as encoding every clause.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._coders import (ADAPT_MAX_TEXTS, ADAPT_OPTIONS, ApplyCodebook, ApplyModel, Coder, DiscoverThemes,
                      adaptation_texts, encode_unique, full_vectors)
from .errors import InputError

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
    from ._twocore import clauses_on_two_cores  # text.to_clauses, on two cores for large parts

    part = answered.iloc[pos] if keyed else answered
    c = clauses_on_two_cores(part, text_col="text", id_col="respondent_id", progress=False if keyed else show)
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
                    if hasattr(coder, "begin"):  # e.g. adapt the encoder on the second core meanwhile
                        coder.begin(c, enc)
                    # themes are aspects: cluster what a clause is about, not how it is judged
                    if len(c) or chunked:  # (U, inverse); one vector per clause only for a coder that needs it
                        aspects = aspect_texts(c, with_tokens=True)  # (texts, tokens): a coder may reuse them
                        vec = encode_unique(cached, aspects[0], show_progress=False if chunked else show_progress)
                        if not chunked and not getattr(coder, "takes_pairs", False):
                            vec = full_vectors(vec)
                    else:
                        vec = np.zeros((0, 1), dtype=np.float32)
            with stage("themes"):
                more = {"aspects": aspects} if aspects is not None and getattr(coder, "takes_aspects", False) else {}
                res = coder.code(c, vec, respondents, encoder=enc, **more)
            if keep_vectors and not chunked:
                vectors = full_vectors(vec)
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
