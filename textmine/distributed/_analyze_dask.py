"""``analyze_dask``: :func:`textmine.analyze` with the chunks after the discovery sample coded on a Dask cluster.

The run is the chunked run of ``analyze`` (``textmine._stages.run_stages``), step for step:

1. the survey is read on the client (a partitioned input: each partition read by a worker, then put together in
   path order), and NPS, segment and period statistics are computed there from the scores;
2. the seeded discovery sample (the first chunk) is cut into clauses, embedded and clustered on the client, which
   fixes the coder: the themes, the fitted discoverer and the adapted encoder (or the given codebook / model);
3. every later chunk is one task: its answers (``respondent_id, text``), their positions and their survey rows go
   to a worker with the fixed coder (sent once per worker), which cuts, embeds and assigns them and sends back the
   chunk's clause table and coded result (mentions, counts);
4. the client puts the chunks together exactly as the local chunked run does (clause ids renumbered in input
   order) and computes the drivers and the trust statistics from the per-respondent theme flags.

So the result equals ``analyze`` with the same ``chunk_size`` and ``random_state`` on the same data: the same
clauses, mentions, themes, NPS, segment, period and driver tables. The chunk layout is ``chunk_size``'s, not the
input's partitions: a partitioned input is re-cut into the same chunks as the one-file input.
"""

from __future__ import annotations

__all__ = ["analyze_dask"]


def analyze_dask(data, *, client=None, scheduler: str | None = None, workers: int | None = None, **kwargs):
    """Run :func:`textmine.analyze` on a Dask cluster; returns the same :class:`textmine.Analysis`.

    ``data``: what ``analyze`` reads (a file or a DataFrame), a directory of Parquet files (a partitioned dataset,
    searched recursively) or of CSV files, or a glob pattern of CSV / Parquet files (``"exports/2026-*.csv"``);
    partitions are read by the workers, in path order, and an unreadable one stops the run with an
    :class:`~textmine.errors.InputError` that names its path. ``client``: a ``dask.distributed.Client`` to use (left
    open); ``scheduler``: the address of a running scheduler (``tcp://host:8786``); neither: a ``LocalCluster`` of
    ``workers`` processes (default 2, one thread each) is started and closed at the end. ``**kwargs``: the keyword
    arguments of :func:`textmine.analyze` (``text, score, id, date, segments, chunk_size, random_state, ...``).

    A survey of up to ``chunk_size`` answers is one chunk and is analysed on the client alone. Needs the ``dask``
    extra (``pip install 'textmine[dask]'``).
    """
    from .._analyze import analyze
    from .._stages import chunk_engine
    from ._engine import DaskEngine
    from ._partitions import is_partitioned, read_partitions

    with DaskEngine(client, scheduler=scheduler, workers=workers) as engine:
        source = None
        if is_partitioned(data):
            source = str(data)
            data = read_partitions(data, engine, encoding=kwargs.get("encoding"))
        with chunk_engine(engine):
            a = analyze(data, **kwargs)
        st = engine.stats
        a.settings["engine"] = {
            "name": "dask", "workers": len(engine.live_client.nthreads()),
            "tasks": st["tasks"], "task_seconds_sum": round(sum(st["task_seconds"]), 3),
            "task_seconds_max": max(st["task_seconds"], default=0.0),
            "sent_bytes": st["sent_bytes"], "gathered_bytes": st["gathered_bytes"]}
        if source is not None:
            a.settings["source"] = source
    return a
