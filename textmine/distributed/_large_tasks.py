"""The workers' side of the large run (:func:`textmine.distributed.analyze_large`): every task reads its own
partition, so no answer travels through the client except the discovery sample.

- :func:`count_part`: how many rows and answers the partition holds (and its ids' hashes, for the one check of
  unique ids across partitions);
- :func:`pick_part`: the survey rows of the partition's answers drawn into the discovery sample;
- :func:`code_part`: text → clauses → vectors → themes for the partition's other answers (in chunks of
  ``chunk_size``), its row-level files written as Parquet, and what the client needs back, of a size that does not
  grow with the text: the compact survey columns, each respondent's theme pattern (a row of a small pattern table),
  the mismatch flags and the theme counts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["ROW_FOLDERS", "code_part", "count_part", "discover", "first_seen", "pick_part", "raw_part", "read_part",
           "summary_of"]

#: the row-level outputs the workers write, one Parquet file per partition in each folder
ROW_FOLDERS = ("respondents", "clauses", "mentions", "rejects")


def raw_part(path, spec: dict) -> pd.DataFrame:
    """The partition at ``path`` as a raw table; ``key=value`` folders under ``spec["root"]`` become columns."""
    from ._partitions import hive_values, read_partition

    raw = read_partition(path, encoding=spec.get("encoding"))
    if spec.get("root"):
        for key, value in hive_values(Path(path), Path(spec["root"])).items():
            if key not in raw.columns:
                raw[key] = value
    return raw


def read_part(path, spec: dict, first_row: int = 1):
    """The partition at ``path`` read as a survey (``textmine.io.read_survey``) with the columns the client chose
    (``spec``), its rows numbered from ``first_row``; an error names the partition."""
    from ..errors import TextmineError
    from ..io import read_survey

    try:
        return read_survey(raw_part(path, spec), text=spec["text"], score=spec["score"], id=spec["id"],
                           date=spec["date"], segments=spec["segments"], weight=spec["weight"], first_row=first_row)
    except TextmineError as exc:
        raise type(exc)(f"partition {str(path)!r}: {str(exc).replace(repr('<DataFrame>'), 'it')}") from None


def count_part(path, *, spec: dict) -> dict:
    """Rows read, respondents, answers (non-empty), the raw columns and the 64-bit hashes of the respondents' ids;
    a partition without rows counts 0 (it is left out of the run)."""
    raw = raw_part(path, spec)
    if len(raw) == 0:
        return {"n_read": 0, "n": 0, "answered": 0, "id_hashes": np.zeros(0, np.uint64), "raw_columns": list(raw),
                "columns": [], "duplicates": 0}
    s = read_part(path, spec)
    f = s.frame
    ids = pd.util.hash_array(f["respondent_id"].astype(str).to_numpy(object)) if spec["id"] is not None else None
    return {"n_read": int(s.n_read), "n": len(f), "answered": int((~f["empty_text"]).sum()), "id_hashes": ids,
            "raw_columns": list(raw), "columns": list(s.columns.items()), "duplicates": int(f["duplicate_id"].sum())}


def pick_part(item, *, spec: dict) -> pd.DataFrame:
    """``item = (path, first_row, local)``: the survey rows of the partition's answers number ``local`` (0-based
    among its non-empty answers)."""
    path, first_row, local = item
    f = read_part(path, spec, first_row).frame
    return f.loc[~f["empty_text"].to_numpy(bool)].iloc[np.asarray(local, dtype=np.int64)]


def discover(picked: list, *, sample, starts, coder, encoder, cache) -> dict:
    """The discovery sample (the survey rows :func:`pick_part` picked, in survey order) coded as the first chunk of
    ``analyze``'s chunked run, on a worker: the client does no text work. Returns the coder for the partitions'
    tasks, the sample's clauses and mentions split by partition (``starts``: each partition's first answer), and
    what the client needs (``summary``: the codebook, quotes, labels and clause counts)."""
    from contextlib import nullcontext

    from .._stages import CLAUSE_KEY, code_answers, load_encoder

    rows = pd.concat(picked, ignore_index=True)
    loaded = []

    def encoders():
        if not loaded:
            loaded.append(load_encoder(encoder, cache))
        return loaded[0]

    c, _, res = code_answers(rows[["respondent_id", "text"]], sample, coder, rows, encoders, chunked=True,
                             embed=True, show_progress=False, stage=lambda name: nullcontext(), fork=False)
    at_c = np.searchsorted(starts, c["clause_id"].to_numpy() // CLAUSE_KEY, side="right") - 1
    at_m = np.searchsorted(starts, res.mentions["clause_id"].to_numpy() // CLAUSE_KEY, side="right") - 1
    slices = {k: (c[at_c == k], res.mentions[at_m == k]) for k in range(len(starts) - 1)}
    summary = {"codebook": res.codebook, "quotes": res.quotes, "labels": res.labels, "alpha": res.alpha,
               "n_clauses": res.n_clauses, "n_content_clauses": res.n_content_clauses,
               "unassigned_share": res.unassigned_share, "mention_columns": list(res.mentions.columns),
               "encoder_id": encoders()[0].id, "adapted": getattr(coder, "fit_encoder", None) is not None}
    return {"coder": coder.for_workers() if hasattr(coder, "for_workers") else coder, "slices": slices,
            "summary": summary}


def summary_of(found: dict) -> dict:
    """What the client takes of :func:`discover`'s result."""
    return found["summary"]


def code_part(item, *, found: dict, encoder, embed, cache, spec: dict, themes: list, out: str) -> dict:
    """Code one partition and write its row-level files (see the module's docstring). ``item = (k, path,
    first_row, answer_offset, local)``: the partition's number and path, the number of its first row and of its
    first answer in the whole survey, its answers in the discovery sample (``local``, as :func:`pick_part` takes
    them); ``found``: :func:`discover`'s result (the coder, and the sample's clauses and mentions by partition)."""
    from .._analyze import Analysis
    from .._stages import code_chunk
    from ..themes import NO_CONTENT_ID, ThemeResult
    from ..trust import respondent_mismatch

    k, path, first_row, offset, local = item
    coder, codebook = found["coder"], found["summary"]["codebook"]
    s_clauses, s_mentions = found["slices"][k]
    survey = read_part(path, spec, first_row)
    frame = survey.frame
    answered = frame.loc[~frame["empty_text"].to_numpy(bool), ["respondent_id", "text"]]
    pos = offset + np.arange(len(answered), dtype=np.int64)  # each answer's position among the survey's answers
    rest = np.ones(len(answered), dtype=bool)
    rest[np.asarray(local, dtype=np.int64)] = False
    todo = np.flatnonzero(rest)
    tables, mentions, coded = [s_clauses], [s_mentions], {"n_clauses": 0, "n_content": 0, "unassigned": 0.0}
    for s in range(0, len(todo), spec["chunk_size"]):  # a partition larger than a chunk: chunk by chunk
        sel = todo[s:s + spec["chunk_size"]]
        part = answered.iloc[sel]
        rows = frame[frame["respondent_id"].isin(part["respondent_id"])]
        c, res = code_chunk((part, pos[sel], rows), coder=coder, encoder=encoder, embed=embed, cache=cache)
        tables.append(c)
        mentions.append(res.mentions)
        coded["n_clauses"] += res.n_clauses
        coded["n_content"] += res.n_content_clauses
        coded["unassigned"] += res.unassigned_share * res.n_content_clauses
    clauses = pd.concat(tables, ignore_index=True).sort_values("clause_id", kind="stable", ignore_index=True)
    m = pd.concat(mentions, ignore_index=True).sort_values("clause_id", kind="stable", ignore_index=True)
    del tables, mentions
    themed = ThemeResult(codebook=codebook, mentions=m, respondents=frame, n_clauses=len(clauses),
                         n_content_clauses=int((~clauses["no_content"]).sum()), unassigned_share=0.0,
                         alpha=spec["alpha"])
    mismatch = respondent_mismatch(m, frame)
    a = Analysis(survey=survey, nps=None, segments=None, periods=None, clauses=clauses, themes=themed,
                 drivers=None, settings={}, mismatch=mismatch)
    written = _write(out, k, {"respondents": a.respondents(), "clauses": a.coded_clauses(), "mentions": m,
                              "rejects": survey.rejects})
    acc = a.accounting
    codes = _theme_codes(m[m["theme"] != NO_CONTENT_ID], frame, themes)
    table, ids = _patterns(codes)
    keep = ["score", "nps_group", "date", "empty_text"] + (["weight"] if spec["weight"] else []) + spec["segments"]
    compact = frame[keep].astype({c: "category" for c in ["nps_group"] + spec["segments"]})
    compact["score"] = compact["score"].astype(np.int8)  # whole numbers 0-10 (rows without one are rejects)
    compact["mismatch"] = mismatch["mismatch"].to_numpy(bool)
    compact["judged"] = mismatch["judged"].to_numpy(bool)
    counts = {p: themed._theme_counts(p) for p in (None, "positive", "negative")}
    pairs = m.loc[m["theme"] != NO_CONTENT_ID, ["respondent_id", "theme"]].drop_duplicates()
    counts[None] = {**counts[None], "score_sum": pairs.merge(frame[["respondent_id", "score"]], on="respondent_id")
                    .groupby("theme")["score"].sum().to_dict()}  # exact: the client divides once
    return {"compact": compact, "patterns": table, "pattern_ids": ids, "coded": coded, "counts": counts,
            "written": written, "theme_clauses": themed._bases()[2],
            "accounting": {key: acc[key] for key in ("rows_read", "rejected", "reject_reasons", "empty_answers",
                                                     "no_content", "clauses", "content_clauses", "languages")}}


def _write(out: str, k: int, tables: dict) -> list:
    """Each non-empty table as ``out/<name>/part-<k>.parquet``; returns the names written. The folders are made by
    the client: a task still running after the run stopped (and its staging folder went) writes nothing. A file in
    the making is hidden and named for its writer (``.part-…-<pid>-<random>``), so two attempts at one partition
    never write the same file; a column with no value at all is written as text, so the files read as one dataset."""
    import os
    import uuid

    import pyarrow as pa
    import pyarrow.parquet as pq

    done = []
    for name, table in tables.items():
        if not len(table):
            continue
        d = Path(out) / name
        tmp, final = d / f".part-{k:05d}-{os.getpid()}-{uuid.uuid4().hex[:8]}.parquet", d / f"part-{k:05d}.parquet"
        t = pa.Table.from_pandas(table, preserve_index=False)
        t = t.cast(pa.schema([pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in t.schema],
                             metadata=t.schema.metadata))
        pq.write_table(t, tmp)
        os.replace(tmp, final)
        done.append(name)
    return done


def _theme_codes(mentions: pd.DataFrame, frame: pd.DataFrame, themes: list) -> np.ndarray:
    """The signed respondent x theme codes (``drivers.mentions_to_matrix``) of the partition's respondents, in
    the columns ``themes`` (a theme no respondent of the partition mentions is a column of zeros)."""
    from ..drivers import mentions_to_matrix

    wide = mentions_to_matrix(mentions[["respondent_id", "theme", "polarity"]], frame["respondent_id"].tolist(),
                              signed=True)
    return wide.reindex(columns=themes, fill_value=0).to_numpy(np.int8)


def first_seen(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``key`` numbered in order of first appearance: (each one's first position, each
    element's number)."""
    _, first, inv = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return first[order], rank[np.ravel(inv)]


def _patterns(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct rows of ``codes`` in order of first appearance, each row's number among them as int32)."""
    if not len(codes) or not codes.shape[1]:
        return codes[:1], np.zeros(len(codes), dtype=np.int32)
    first, ids = first_seen(np.ascontiguousarray(codes).view(np.dtype((np.void, codes.shape[1]))).ravel())
    return codes[first], ids.astype(np.int32)
