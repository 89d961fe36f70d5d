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

Inside :func:`chunk_engine` (``textmine.distributed``), step 2 runs on an engine's workers instead: each chunk
after the sample is one :func:`code_chunk` task, and step 3 puts their tables together the same way.

How answers are coded is a :class:`Coder`: one object with one method, ``code(clauses, vectors, respondents,
encoder=...) -> ThemeResult``. Three ship (in ``textmine._coders``): :class:`DiscoverThemes`, :class:`ApplyCodebook`,
:class:`ApplyModel`.
Vectors are computed once per distinct aspect text of a chunk (answers repeat short clauses), which gives the same
vectors as encoding every clause.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ._coders import (ADAPT_MAX_TEXTS, ADAPT_OPTIONS, ApplyCodebook, ApplyModel, Coder, DiscoverThemes,
                      adaptation_texts, encode_unique, full_vectors)
from .errors import InputError

__all__ = ["ADAPT_MAX_TEXTS", "ADAPT_OPTIONS", "CLAUSE_KEY", "ApplyCodebook", "ApplyModel", "Coder", "DiscoverThemes",
           "Progress", "StageRun", "adaptation_texts", "chunk_engine", "chunk_parts", "code_answers", "code_chunk",
           "encode_unique", "load_encoder", "run_stages"]

#: provisional clause key of a chunked run: answer position * CLAUSE_KEY + clause index within the answer
CLAUSE_KEY = 2**20


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


def chunk_parts(n: int, chunk_size: int | None, random_state: int) -> list[np.ndarray]:
    """Answer positions per chunk: all of them, or the discovery sample (sorted) then the rest in input order."""
    if chunk_size is None or n <= chunk_size:
        return [np.arange(n)]
    rng = np.random.default_rng(random_state)
    sample = np.sort(rng.choice(n, chunk_size, replace=False))
    rest = np.setdiff1d(np.arange(n), sample, assume_unique=True)
    return [sample, *(rest[i:i + chunk_size] for i in range(0, len(rest), chunk_size))]


def _clauses(part: pd.DataFrame, pos: np.ndarray, keyed: bool, show, fork=None) -> pd.DataFrame:
    """The clauses of ``part`` (``answered.iloc[pos]`` in a chunked run, else all answers); in a chunked run each
    clause keyed by its answer's position ``pos`` (see ``CLAUSE_KEY``). ``fork``: as ``clauses_on_two_cores``
    takes it."""
    from ._twocore import clauses_on_two_cores  # text.to_clauses, on two cores for large parts

    c = clauses_on_two_cores(part, text_col="text", id_col="respondent_id", progress=False if keyed else show,
                             fork=fork)
    if keyed:
        if len(c) and int(c["clause_index"].max()) >= CLAUSE_KEY:
            raise InputError(f"an answer has {int(c['clause_index'].max()) + 1} clauses; a chunked analysis "
                             f"supports at most {CLAUSE_KEY} per answer: pass chunk_size=None to analyse the survey "
                             "in one piece")
        where = pd.Index(part["respondent_id"]).get_indexer(c["respondent_id"])
        c["clause_id"] = pos[where].astype(np.int64) * CLAUSE_KEY + c["clause_index"].to_numpy(np.int64)
    return c


def load_encoder(encoder, cache):
    from .embed import CachedEncoder, EmbeddingCache, get_encoder

    enc = get_encoder(encoder)
    return enc, (CachedEncoder(enc, EmbeddingCache(cache)) if cache is not False else enc)


# -- chunks coded elsewhere (textmine.distributed) ----------------------------------------------------------------
#: the engine that codes the chunks after the discovery sample, or None (this process, in input order). An engine
#: has ``map_chunks(fn, items, shared) -> list``: ``fn(item, **shared)`` for every item, results in item order.
_ENGINE: ContextVar = ContextVar("textmine_chunk_engine", default=None)


@contextmanager
def chunk_engine(engine):
    """Within the block, :func:`run_stages` has ``engine`` code the chunks after the discovery sample with
    :func:`code_chunk` (the discovery sample is still coded here, first). The results are the same as coding every
    chunk here: each chunk's clauses depend on its answers alone and the coder is fixed after the sample."""
    token = _ENGINE.set(engine)
    try:
        yield engine
    finally:
        _ENGINE.reset(token)


@lru_cache(maxsize=2)
def _kept_encoder(encoder, cache):
    """The encoder of a worker process, loaded once per (encoder, cache) for all the chunks it codes."""
    return load_encoder(encoder, cache)


def code_chunk(item, *, coder, encoder=None, embed: bool = True, cache=None):
    """The clause table and coded result of one chunk after the discovery sample, as :func:`run_stages` computes
    them in a chunked run: ``item`` is ``(answers, positions, respondents)``, the chunk's ``respondent_id, text``
    rows, their positions among all answers and their survey rows. Runs in a worker process: no fork, no bars.
    What goes back is the chunk's clause table and result (its mentions and counts; not the survey rows)."""
    part, pos, respondents = item
    if embed:
        try:
            encoders = _kept_encoder(encoder, cache)
        except TypeError:  # an encoder object that is not hashable: loaded for this chunk
            encoders = load_encoder(encoder, cache)
    else:
        encoders = (None, None)
    c, _, res = code_answers(part, pos, coder, respondents, lambda: encoders, chunked=True, embed=embed,
                           show_progress=False, stage=lambda name: nullcontext(), fork=False)
    if hasattr(res, "respondents"):  # the combined result keeps the sample's (``_combine``): not sent back
        res.respondents = res.respondents.iloc[:0]
    return c, res


def code_answers(part, pos, coder, respondents, encoders, *, chunked, embed, show_progress, stage, fork=None):
    """text → embed → ``coder`` for one chunk: (clauses, vectors, result). ``encoders()`` gives the (encoder, cached
    encoder) pair, loaded on first call; ``stage(name)`` times each step."""
    from .text import aspect_texts

    with stage("text"):
        c = _clauses(part, pos, chunked, show_progress, fork=fork)
    vec = aspects = enc = None
    if embed:
        with stage("embed"):
            enc, cached = encoders()
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
    return c, vec, res


class _ChunkInputs:
    """The chunks' task inputs (answers, positions, survey rows), each built when the engine submits it: the
    client never holds a second copy of every answer."""

    def __init__(self, answered, parts, respondents, rows):
        self.answered, self.parts, self.respondents, self.rows = answered, parts, respondents, rows

    def __len__(self) -> int:
        return len(self.parts)

    def __getitem__(self, k: int):
        pos = self.parts[k]
        return self.answered.iloc[pos], pos, self.respondents.iloc[self.rows.get(k, np.zeros(0, np.int64))]


def _elsewhere(engine, answered, parts, respondents, coder, *, encoder, embed, cache, on_done=None) -> list:
    """``[(clauses, result)]`` of the chunks ``parts``, coded by ``engine`` with :func:`code_chunk`; what each task
    gets is its chunk's answers and survey rows, and once per worker the coder as fixed by the discovery sample."""
    owner = np.empty(len(answered), dtype=np.int64)  # each answer's chunk, then each survey row's (-1: no answer)
    for k, pos in enumerate(parts):
        owner[pos] = k
    chunk_of = dict(zip(answered["respondent_id"].tolist(), owner.tolist()))
    rows = pd.Series(np.arange(len(respondents))).groupby(
        respondents["respondent_id"].map(chunk_of).fillna(-1).to_numpy(np.int64)).indices
    items = _ChunkInputs(answered, parts, respondents, rows)
    shipped = coder.for_workers() if hasattr(coder, "for_workers") else coder
    out = engine.map_chunks(code_chunk, items, {"coder": shipped, "encoder": encoder, "embed": embed,
                                                "cache": cache}, on_done=on_done)
    if hasattr(coder, "coded_elsewhere"):
        coder.coded_elsewhere(len(parts))
    return out


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
    if progress is None:
        progress = Progress(quiet=True)
    elif show_progress is not False:
        show_progress = progress.show_progress
    parts = chunk_parts(len(answered), chunk_size, random_state)
    chunked = len(parts) > 1
    clock = {"text": 0.0, "embed": 0.0, "themes": 0.0}
    if chunked and _ENGINE.get() is not None:
        clock["cluster"] = 0.0

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
            enc, cached = load_encoder(encoder, cache)
        progress.timings["text"] = 0.0
        progress.timings["embed"] = round(time.perf_counter() - t0, 3)  # loading the encoder

    def encoders():
        nonlocal enc, cached
        if enc is None:
            enc, cached = load_encoder(encoder, cache)
        return enc, cached

    engine = _ENGINE.get() if chunked else None
    tables, results, vectors = [], [], None
    with progress.bar("answers (text → vectors → themes)", total=len(answered) if chunked else 0,
                      unit="answer") as bar:
        for i, pos in enumerate(parts):
            if engine is not None and i == 1:  # the coder is fixed by the sample: the rest is coded by the engine
                with stage("cluster"):  # text → embed → themes of those chunks, on the engine's workers
                    for c, res in _elsewhere(engine, answered, parts[1:], respondents, coder, encoder=encoder,
                                             embed=embed, cache=cache,
                                             on_done=lambda k: bar.update(len(parts[1 + k]))):
                        tables.append(c)
                        results.append(res)
                break
            c, vec, res = code_answers(answered.iloc[pos] if chunked else answered, pos, coder, respondents, encoders,
                                     chunked=chunked, embed=embed, show_progress=show_progress, stage=stage)
            if keep_vectors and not chunked:
                vectors = full_vectors(vec)
            tables.append(c)
            results.append(res)
            del c, vec, res
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
