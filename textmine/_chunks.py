"""Private: the text → embed → themes stages of ``analyze`` in bounded memory.

A survey of up to ``chunk_size`` answers goes through the stages in one piece, as it always has. A larger one
is cut into chunks of ``chunk_size`` answers so that memory depends on the chunk, not on the survey:

1. themes are discovered on a seeded random sample of ``chunk_size`` answers (clauses → vectors →
   ``ThemeDiscoverer.fit``), exactly as a survey of that size would be;
2. the other answers are coded chunk by chunk in input order (clauses → vectors → ``ThemeDiscoverer.assign``,
   the rule ``fit`` already uses for clauses outside its clustered sample), or with the given codebook / model;
3. only the mentions and a slim clause table (no text, no tokens) are kept between chunks; clause ids are
   renumbered at the end so that they follow the input order, as in the one-piece run.

Vectors are computed once per distinct aspect text of a chunk (answers repeat short clauses: at 100k answers 32%
of the clauses are distinct), which gives the same vectors as encoding every clause.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from .errors import InputError

__all__ = ["encode_unique", "code_in_chunks", "SLIM_CLAUSE_COLUMNS"]

#: what a chunked analysis keeps of the clause table (the one-piece analysis keeps every column)
SLIM_CLAUSE_COLUMNS = ["respondent_id", "clause_id", "clause_index", "polarity", "no_content"]
_KEY = 2**20  # provisional clause key: answer position * _KEY + clause index within the answer


def encode_unique(encoder, texts, *, show_progress=None) -> tuple[np.ndarray, np.ndarray]:
    """``(U, inverse)``: vectors of the distinct ``texts`` and each text's row in ``U`` (``U[inverse]`` is one
    vector per text, identical to encoding them all with an encoder that encodes each text on its own)."""
    index: dict[str, int] = {}
    inverse = np.fromiter((index.setdefault(t, len(index)) for t in texts), dtype=np.int64, count=len(texts))
    unique = list(index)
    if not unique:
        return np.zeros((0, getattr(encoder, "dim", 1)), dtype=np.float32), inverse
    return encoder.encode(unique, show_progress=show_progress), inverse


def _chunks(n: int, chunk_size: int, random_state: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """The discovery sample (sorted positions) and the remaining positions cut into chunks, in input order."""
    rng = np.random.default_rng(random_state)
    sample = np.sort(rng.choice(n, chunk_size, replace=False))
    rest = np.setdiff1d(np.arange(n), sample, assume_unique=True)
    return sample, [rest[i:i + chunk_size] for i in range(0, len(rest), chunk_size)]


def _clauses(answered: pd.DataFrame, pos: np.ndarray) -> pd.DataFrame:
    from .text import to_clauses

    part = answered.iloc[pos]
    c = to_clauses(part, text_col="text", id_col="respondent_id", progress=False)
    if len(c) and int(c["clause_index"].max()) >= _KEY:
        raise InputError(f"an answer has {int(c['clause_index'].max()) + 1} clauses; a chunked analysis supports "
                         f"at most {_KEY} per answer: pass chunk_size=None to analyse the survey in one piece")
    where = pd.Index(part["respondent_id"]).get_indexer(c["respondent_id"])
    c["clause_id"] = pos[where].astype(np.int64) * _KEY + c["clause_index"].to_numpy(np.int64)
    return c


def code_in_chunks(survey, answered: pd.DataFrame, *, chunk_size: int, encoder, discoverer=None, codebook=None,
                   classifier=None, encoder_id=None, alpha: float = 0.05, random_state: int = 0, timings: dict,
                   progress: bool = True):
    """Clauses (slim) and a ``ThemeResult`` for ``answered`` (respondent_id, text), ``chunk_size`` answers at a
    time. Exactly one of ``discoverer`` (discover on a sample, then assign), ``codebook`` or ``classifier``.
    ``timings`` receives the seconds spent in ``text``, ``embed`` and ``themes`` summed over chunks."""
    from .themes import ThemeResult, aspect_texts
    from .themes._pipeline import _mentions, apply_codebook, discover_themes

    frame = survey.frame
    sample, rest = _chunks(len(answered), chunk_size, random_state)
    clock = {"text": 0.0, "embed": 0.0, "themes": 0.0}

    def timed(stage, fn, *args, **kw):
        t0 = time.perf_counter()
        out = fn(*args, **kw)
        clock[stage] += time.perf_counter() - t0
        return out

    def vectors(c):
        return timed("embed", encode_unique, encoder, aspect_texts(c))

    slim, mentions, counts = [], [], {"clauses": 0, "content": 0, "unassigned": 0.0}
    first = None  # the ThemeResult of the first chunk: codebook and quotes

    def keep(c, res):
        slim.append(c[SLIM_CLAUSE_COLUMNS].copy())
        mentions.append(res.mentions)
        counts["clauses"] += res.n_clauses
        counts["content"] += res.n_content_clauses
        counts["unassigned"] += res.unassigned_share * res.n_content_clauses

    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(answered), desc="answers (text → vectors → themes)", unit="answer")
    ids_arr = None
    for i, pos in enumerate([sample, *rest]):
        c = timed("text", _clauses, answered, pos)
        U, inv = vectors(c)
        if classifier is not None:
            res = timed("themes", classifier.code_clauses, c, U[inv], frame)
        elif codebook is not None:
            res = timed("themes", apply_codebook, codebook, c, U[inv], frame, encoder=encoder, alpha=alpha)
        elif i == 0:
            res = timed("themes", discover_themes, c, U[inv], frame, discoverer=discoverer, encoder_id=encoder_id,
                        alpha=alpha)
            ids_arr = np.array([t.id for t in res.codebook] + [None], dtype=object)  # label -1 -> None
        else:
            def assign(c=c, U=U, inv=inv):
                lab, sim = discoverer.assign(U)
                lab, sim = lab[inv], sim[inv]
                m = _mentions(c, ids_arr[lab], sim, first.codebook.names(), "discovered")
                content = ~c["no_content"].to_numpy(bool)
                n_content = int(content.sum())
                unassigned = float((lab[content] < 0).mean()) if n_content else 0.0
                return ThemeResult(codebook=first.codebook, mentions=m, respondents=frame, n_clauses=len(c),
                                   n_content_clauses=n_content, unassigned_share=unassigned, alpha=alpha)
            res = timed("themes", assign)
        if first is None:
            first = res
        keep(c, res)
        del c, U, inv, res
        if bar is not None:
            bar.update(len(pos))
    if bar is not None:
        bar.close()

    t0 = time.perf_counter()
    clauses = pd.concat(slim, ignore_index=True)
    del slim
    order = np.argsort(clauses["clause_id"].to_numpy(), kind="stable")
    clauses = clauses.iloc[order].reset_index(drop=True)
    keys = clauses["clause_id"].to_numpy()
    clauses["clause_id"] = np.arange(len(clauses), dtype=keys.dtype)
    m = pd.concat(mentions, ignore_index=True)
    del mentions
    m["clause_id"] = np.searchsorted(keys, m["clause_id"].to_numpy().astype(keys.dtype))
    m = m.sort_values(["clause_id"], kind="stable").reset_index(drop=True)
    codebook_out = first.codebook
    if discoverer is not None and classifier is None and codebook is None:
        n_by = m["theme"].value_counts()
        for t in codebook_out:  # sizes over the whole survey, as a one-piece run reports them
            t.n = int(n_by.get(t.id, 0))
    themes = ThemeResult(codebook=codebook_out, mentions=m, respondents=frame, n_clauses=counts["clauses"],
                         n_content_clauses=counts["content"],
                         unassigned_share=counts["unassigned"] / counts["content"] if counts["content"] else 0.0,
                         alpha=alpha, quotes=first.quotes)
    clock["themes"] += time.perf_counter() - t0
    for k, v in clock.items():
        timings[k] = round(timings.get(k, 0.0) + v, 3)
    return clauses, themes
