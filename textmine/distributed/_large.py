"""``analyze_large``: a partitioned survey analysed on a Dask cluster with the client's memory bounded by what is
summarised, not by the answers.

How it runs (``_large_tasks`` holds the workers' side):

1. each worker counts its partitions' rows and answers (one pass), and the client checks the ids are unique;
2. the seeded discovery sample (``chunk_size`` answers, drawn as ``analyze`` draws it) is picked from the
   partitions and coded on a worker: that fixes the themes, the fitted discoverer and the adapted encoder; the
   coder and the sample's clauses go from worker to worker, and the client gets the codebook and counts;
3. each partition is one task: its other answers are cut, embedded and assigned by the fixed coder; the worker
   writes its rows (``respondents/``, ``clauses/``, ``mentions/``, ``rejects/``: one Parquet file per partition) and
   sends back the compact survey columns (score, weight, date, segments: a few bytes per respondent), each
   respondent's theme pattern (a 4-byte number into a small table of distinct patterns), the mismatch flags and
   the theme counts;
4. the client computes NPS, segments, periods, the themes table, drivers (on the counted patterns: the same
   statistics, bootstrap included) and trust from those, and writes the summary files.

The statistics equal ``analyze``'s on the same data with the same ``chunk_size`` and ``random_state``; the clause
ids are the answer's position among the survey's answers times 2**20 plus the clause's index in its answer (not
renumbered 0, 1, 2 … across partitions). No report or workbook is written: they are built from the row tables.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ConfigError, InputError

__all__ = ["LargeAnalysis", "analyze_large"]

#: what a large run writes (besides the row folders of ``_large_tasks.ROW_FOLDERS`` and run.json)
SUMMARY_FILES = ("nps.json", "themes.csv", "promoter_reasons.csv", "detractor_complaints.csv", "drivers.csv",
                 "drivers_full.csv", "trust.csv", "codebook.yaml")


@dataclass
class LargeAnalysis:
    """What :func:`analyze_large` computed: the same statistics as :class:`textmine.Analysis` (``nps``,
    ``segments``, ``periods``, ``themes`` (its tables, from counts), ``drivers``, ``trust``), the ``accounting`` of
    every row, the ``settings`` and ``timings``, and the ``paths`` of the files written."""

    nps: object
    segments: object
    periods: object
    themes: object
    drivers: object
    trust: object
    accounting: dict
    settings: dict
    timings: dict = field(default_factory=dict)
    paths: dict = field(default_factory=dict)
    drivers_note: str = ""

    def summary(self) -> str:
        lines = [self.nps.summary(), self.themes.summary()]
        if self.drivers is not None:
            lines.append(self.drivers.summary())
        return "\n\n".join(lines)


def analyze_large(data, out, *, client=None, scheduler: str | None = None, workers: int | None = None,
                  text: str | None = None, score: str | None = None, id: str | None = None, date: str | None = None,
                  segments=(), period: str = "month", encoding: str | None = None, encoder=None, codebook=None,
                  model=None, cache_dir=None, min_cluster_size: int | None = None, merge_threshold=0.55,
                  max_themes: int | None = 30, alpha: float = 0.05, min_n: int = 30, n_boot: int = 1000,
                  random_state: int = 0, chunk_size: int = 100_000, adapt: bool = True, weight: str | None = None,
                  quiet: bool = False, progress=None) -> LargeAnalysis:
    """Analyse the partitioned survey ``data`` (a directory of Parquet files, a directory or glob of CSV files)
    on a Dask cluster (``client``, ``scheduler`` or a local cluster of ``workers`` processes, as
    :func:`analyze_dask`), writing into ``out``; returns a :class:`LargeAnalysis`. Arguments as
    :func:`textmine.analyze`. ``out`` must be a folder the workers can write to (on a cluster of several machines:
    a shared file system). The ids must be unique across partitions."""
    from .._analyze import MIN_CHUNK_SIZE, OUTPUT_FILES, make_coder, package_versions
    from .._closeloop import LOOP_PARTS
    from .._output import check_in_the_way, staged_output
    from .._stages import Progress
    from ._engine import DaskEngine
    from ._large_tasks import ROW_FOLDERS
    from ._partitions import is_partitioned, partition_paths

    if not is_partitioned(data):
        raise InputError(f"{str(data)!r} is not a partitioned input; analyze_large reads a directory of Parquet or "
                         "CSV files or a glob pattern of them (for one file, use textmine.analyze)")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)) or chunk_size < MIN_CHUNK_SIZE:
        raise ConfigError(f"chunk_size={chunk_size!r} must be an integer >= {MIN_CHUNK_SIZE} (answers per chunk)")
    _check_settings(period=period, alpha=alpha, min_n=min_n, n_boot=n_boot)
    check_in_the_way(out, folders=ROW_FOLDERS, files=SUMMARY_FILES)
    stages = progress if progress is not None else Progress(quiet)
    paths = [str(p) for p in partition_paths(data)]
    root = str(data) if Path(os.fspath(data)).is_dir() else None
    spec = _spec(paths, root, text=text, score=score, id=id, date=date, segments=segments, weight=weight,
                 encoding=encoding, chunk_size=int(chunk_size), alpha=alpha)
    coder = make_coder(model=model, codebook=codebook, alpha=alpha, min_cluster_size=min_cluster_size,
                       merge_threshold=merge_threshold, max_themes=max_themes, random_state=random_state,
                       adapt=adapt)
    with DaskEngine(client, scheduler=scheduler, workers=workers) as engine:
        with stages("read"):
            counts = _count(engine, paths, spec)
        paths = [p for p, c in zip(paths, counts) if c["n_read"]]  # a partition without rows adds nothing
        counts = [c for c in counts if c["n_read"]]
        first_rows = 1 + np.concatenate([[0], np.cumsum([c["n_read"] for c in counts])[:-1]]).astype(np.int64)
        starts = np.concatenate([[0], np.cumsum([c["answered"] for c in counts])]).astype(np.int64)
        if starts[-1] == 0:
            raise InputError(f"no partition of {str(data)!r} holds an answer with text: there is nothing to discover "
                             "themes in; check --text")
        with stages("sample"):  # the sample's rows go from the partitions' workers to the discovering worker
            sample, local, picked = _sample(engine, paths, spec, first_rows, starts, int(chunk_size), random_state)
        with stages("discovery"):  # on a worker: the client loads no encoder and holds no answer
            found, s_result = _discover(engine, picked, sample, starts, coder, encoder, cache_dir)
        del picked
        enc_id, adapted = s_result.pop("encoder_id"), s_result.pop("adapted")
        owned = SUMMARY_FILES + ROW_FOLDERS + OUTPUT_FILES + ("codebook.centroids.npz",) + LOOP_PARTS
        with staged_output(out, owned=owned) as stage:  # what another kind of run left in ``out`` goes
            with stages("cluster"):
                parts = _code_partitions(engine, coder, paths, spec, first_rows, starts, local, found, s_result,
                                         encoder, cache_dir, stage.path.resolve(), stages,
                                         chunked=int(starts[-1]) > int(chunk_size))
            found.release()
            _release()
            result = _summarise(parts, s_result, coder, spec, stages, period=period, alpha=alpha, min_n=min_n,
                                n_boot=n_boot, random_state=random_state)
            del parts
            result.settings.update({
                "source": str(data), "partitions": len(paths), "columns": {k: v for k, v in counts[0]["columns"]},
                "segments": spec["segments"], "weight": spec["weight"], "period": period, "encoder_id": enc_id,
                "adapted_encoder": adapted, "alpha": alpha,
                "min_n": min_n, "n_boot": n_boot, "random_state": random_state, "chunk_size": int(chunk_size),
                "codebook": str(codebook) if codebook is not None and not hasattr(codebook, "themes") else None,
                "model": str(model) if model is not None else None, "min_cluster_size": min_cluster_size,
                "merge_threshold": merge_threshold, "max_themes": max_themes,
                "engine": {"name": "dask", "mode": "large", "workers": len(engine.live_client.nthreads()),
                           "tasks": engine.stats["tasks"], "sent_bytes": engine.stats["sent_bytes"],
                           "partition_seconds": engine.stats.get("partition_seconds", {}),
                           "gathered_bytes": engine.stats["gathered_bytes"]}})
            with stages("write"):
                t0 = time.perf_counter()
                _write_summary(result, stage.path)
            result.timings = dict(stages.timings)
            result.timings["write"] = round(time.perf_counter() - t0, 3)
            written = stage.commit({"settings": result.settings, "timings_s": result.timings,
                                    "accounting": result.accounting, "versions": package_versions()})
    result.paths = {name: written[name] for name in SUMMARY_FILES + ROW_FOLDERS + ("run.json",) if name in written}
    return result


def _release() -> None:
    """Collect what was dropped and give the C heap's free pages back (``_background.release_free_memory``): the
    client's resident memory is then what it holds, not what it held."""
    import gc

    from .._background import release_free_memory

    gc.collect()
    release_free_memory()


def _spec(paths: list, root, *, text, score, id, date, segments, weight, encoding, chunk_size, alpha) -> dict:
    """The columns every partition is read with, as reading the first partition with rows resolves them."""
    from ._large_tasks import raw_part, read_part

    asked = {"text": text, "score": score, "id": id, "date": date, "segments": list(segments), "weight": weight,
             "encoding": encoding, "root": root}
    first = next((p for p in paths if len(raw_part(p, asked))), None)
    if first is None:
        raise InputError(f"the {len(paths)} partitions hold no data rows; expected one row per respondent")
    s = read_part(first, asked)
    if s.columns.get("text") is None:
        raise InputError("analyze needs an open-answer column: pass text=... (CLI: --text COL)")
    return {**asked, "text": s.columns["text"], "score": s.columns["score"], "id": s.columns.get("id"),
            "date": s.columns.get("date"), "segments": list(s.segments), "chunk_size": chunk_size, "alpha": alpha}


def _check_settings(*, period, alpha, min_n, n_boot) -> None:
    """The statistics' settings, checked before any partition is read (as analyze finds them before any text)."""
    from ..nps import PERIODS

    if period not in PERIODS:
        raise ConfigError(f"period={period!r} is not a period; choose one of {', '.join(PERIODS)}")
    if not (isinstance(alpha, (int, float)) and 0 < alpha < 1):
        raise ConfigError(f"alpha={alpha!r} must be between 0 and 1 (e.g. 0.05)")
    for name, v, low in (("min_n", min_n, 1), ("n_boot", n_boot, 0)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < low:
            raise ConfigError(f"{name}={v!r} must be an integer >= {low}")


def _count(engine, paths, spec) -> list:
    """Each partition's counts (``_large_tasks.count_part``); partitions whose columns differ from the first's,
    and repeated ids anywhere, stop the run."""
    from ._large_tasks import count_part

    counts = engine.map_chunks(count_part, paths, {"spec": spec})
    first = counts[0]["raw_columns"]
    for p, c in zip(paths, counts):
        if c["raw_columns"] != first:
            raise InputError(f"partition {p!r} has the columns {c['raw_columns']}, the first partition {paths[0]!r} "
                             f"has {first}; every partition needs the same columns")
    hashes = [c.pop("id_hashes") for c in counts]
    if spec["id"] is not None:
        every = np.concatenate(hashes)
        del hashes
        n_rep = len(every) - len(np.unique(every))
        if n_rep or any(c["duplicates"] for c in counts):
            raise InputError(f"{max(n_rep, 1)} respondent ids of column {spec['id']!r} repeat across or within the "
                             "partitions; the large run needs unique ids (analyze suffixes repeats #2, #3 …, which "
                             "needs every id in one place): make them unique, or analyse without --large")
    return counts


def _sample(engine, paths, spec, first_rows, starts, chunk_size, random_state):
    """The discovery sample: its answers' positions among the survey's answers (sorted), each partition's
    sampled answers (local numbers), and the futures of their survey rows (``_large_tasks.pick_part``), in survey
    order: the rows stay on the cluster."""
    from .._stages import chunk_parts
    from ._large_tasks import pick_part

    sample = chunk_parts(int(starts[-1]), chunk_size, random_state)[0]
    where = np.searchsorted(starts, sample, side="right") - 1
    local = {k: sample[where == k] - starts[k] for k in np.unique(where).tolist()}
    client = engine.live_client
    picked = [client.submit(pick_part, (paths[k], int(first_rows[k]), local[k]), spec=spec, pure=False)
              for k in sorted(local)]
    return sample, local, picked


def _discover(engine, picked, sample, starts, coder, encoder, cache):
    """The discovery sample coded on a worker (``_large_tasks.discover``): (the future of its result, which the
    partitions' tasks take, and its summary for the client: codebook, quotes, labels, clause counts)."""
    from ._large_tasks import discover, summary_of

    client = engine.live_client
    found = client.submit(discover, picked, sample=sample, starts=starts, coder=coder, encoder=encoder, cache=cache,
                          pure=False)
    try:
        return found, client.submit(summary_of, found, pure=False).result()
    except BaseException:
        client.cancel([found, *picked])
        raise


class _PartitionItems:
    """Each partition's task input (its number, path, first row and answer, sampled answers)."""

    def __init__(self, paths, first_rows, starts, local):
        self.paths, self.first_rows, self.starts, self.local = paths, first_rows, starts, local

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, k: int):
        none = np.zeros(0, dtype=np.int64)
        return k, self.paths[k], int(self.first_rows[k]), int(self.starts[k]), self.local.get(k, none)


def _code_partitions(engine, coder, paths, spec, first_rows, starts, local, found, s_result, encoder, cache,
                     out, stages, *, chunked: bool) -> list:
    """Each partition coded and written by a worker (``_large_tasks.code_part``); returns what they sent back.
    ``chunked``: some answers are outside the discovery sample (the coder's ``finish`` then recounts the themes)."""
    from ..themes import NO_CONTENT_ID
    from ._large_tasks import ROW_FOLDERS, code_part

    items = _PartitionItems(paths, first_rows, starts, local)
    themes = sorted((str(t.id) for t in s_result["codebook"] if t.id != NO_CONTENT_ID), key=str)
    shared = {"found": found, "encoder": encoder, "embed": True, "cache": cache, "spec": spec, "themes": themes,
              "out": str(out)}  # ``found`` stays a future: its coder and sample slices go worker to worker
    per = np.diff(starts)
    for folder in ROW_FOLDERS:
        (Path(out) / folder).mkdir()
    n0 = len(engine.stats["task_seconds"])
    with stages.bar("answers (text → vectors → themes)", total=int(starts[-1]), unit="answer") as bar:
        parts = engine.map_chunks(code_part, items, shared, on_done=lambda k: bar.update(int(per[k])))
    if chunked and hasattr(coder, "coded_elsewhere"):
        coder.coded_elsewhere(len(paths))
    missing = [f"{folder}/part-{k:05d}.parquet" for k, p in enumerate(parts) for folder in p["written"]
               if not (Path(out) / folder / f"part-{k:05d}.parquet").is_file()]
    if missing:
        raise InputError(f"the workers wrote {missing[0]} (and {len(missing) - 1} more files) where this process "
                         f"cannot see them, under {str(out)!r}: with a cluster of several machines, --out must be a "
                         "folder of a file system every worker and this process share")
    for folder in ROW_FOLDERS:  # what a worker that died while writing left (hidden; Dask wrote that part again)
        for half in (Path(out) / folder).glob(".part-*"):
            half.unlink(missing_ok=True)
    took = engine.stats["task_seconds"][n0:]
    engine.stats["partition_seconds"] = {"tasks": len(took), "mean": round(float(np.mean(took)), 3),
                                         "max": round(float(np.max(took)), 3), "sum": round(float(np.sum(took)), 1)}
    return [dict(p, themes=themes) for p in parts]


def _summarise(parts, s_result, coder, spec, stages, *, period, alpha, min_n, n_boot, random_state):
    from ._large_stats import drivers_on_patterns, survey_statistics, theme_totals

    with stages("nps"):
        frame = _compact_frame([p.pop("compact") for p in parts], spec["segments"])
        overall, seg, per, trust = survey_statistics(frame, spec, period=period, alpha=alpha, min_n=min_n)
    _release()
    with stages("themes"):
        themes = theme_totals(parts, s_result, frame)
        finish = getattr(coder, "finish", None)
        themes = finish(themes) if finish is not None else themes
    with stages("drivers"):
        drivers, note = drivers_on_patterns(parts, frame, themes, spec, alpha=alpha, min_n=min_n, n_boot=n_boot,
                                            random_state=random_state)
    acc = _accounting(parts, themes, len(frame))
    return LargeAnalysis(nps=overall, segments=seg, periods=per, themes=themes, drivers=drivers, trust=trust,
                         accounting=acc, settings={}, drivers_note=note)


def _compact_frame(frames: list, segments: list) -> pd.DataFrame:
    """The partitions' compact columns as one frame, categories unified."""
    from pandas.api.types import union_categoricals

    cats = {c: union_categoricals([f[c] for f in frames], ignore_order=True).categories
            for c in ["nps_group"] + list(segments)}
    for f in frames:
        for c, levels in cats.items():
            f[c] = f[c].cat.set_categories(levels)
    return pd.concat(frames, ignore_index=True)


def _accounting(parts, themes, n) -> dict:
    acc = {"respondents": n, "reject_reasons": {}, "languages": {}}
    for p in parts:
        for key, value in p["accounting"].items():
            if isinstance(value, dict):
                for k, v in value.items():
                    acc[key][k] = acc[key].get(k, 0) + int(v)
            else:
                acc[key] = acc.get(key, 0) + int(value)
    acc["unassigned_share"] = float(themes.unassigned_share)
    return acc


def _write_summary(r: LargeAnalysis, d: Path) -> None:
    """The summary files of a large run into folder ``d``."""
    from .._outfiles import csv_kinds
    from ..io import atomic_write_text, write_csv
    from ..schemas import DRIVERS, DRIVERS_SHORT, TRUST

    themes = r.themes.to_frame()
    drivers = r.drivers.to_frame() if r.drivers is not None else pd.DataFrame(columns=list(DRIVERS.names))
    drivers.insert(1, "name", drivers["theme"].map(dict(zip(themes["theme"], themes["name"]))).fillna(""))
    tables = {"themes": themes, "promoter_reasons": r.themes.promoter_reasons(),
              "detractor_complaints": r.themes.detractor_complaints(),
              "drivers": drivers[[c for c in DRIVERS_SHORT.names if c in drivers.columns]], "drivers_full": drivers,
              "trust": r.trust.to_frame() if r.trust is not None else pd.DataFrame(columns=list(TRUST.names))}
    for key, table in tables.items():
        write_csv(table, d / f"{key}.csv", kinds=csv_kinds(key, table))
    nps = dict(r.nps.to_dict())
    nps["segments"] = r.segments.to_records() if r.segments is not None else []
    nps["periods"] = r.periods.to_records() if r.periods is not None else []
    atomic_write_text(d / "nps.json", json.dumps(nps, ensure_ascii=False, indent=2, default=str))
    r.themes.codebook.save(d / "codebook.yaml")
