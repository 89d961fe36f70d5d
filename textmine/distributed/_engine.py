"""The Dask engine: a cluster (an existing one, or a ``LocalCluster`` it starts and stops) that maps partition
functions over partitions, in order, and re-runs the partitions of a worker that died."""

from __future__ import annotations

from ..errors import ConfigError, DependencyError

__all__ = ["DaskEngine"]

#: task keys of the engine (a partition whose worker dies is re-run until Dask's ``allowed-failures``)
_KEY_PREFIX = "textmine-part"


def _dask():
    try:
        import distributed
    except ImportError:
        raise DependencyError("the Dask engine needs dask.distributed, which is not installed; install it with "
                              "pip install 'textmine[dask]'") from None
    return distributed


class DaskEngine:
    """Runs partition functions on a Dask cluster. A constructor only stores its parameters; the cluster is
    connected (``client`` given, or ``scheduler`` an address such as ``tcp://host:8786``) or started (a
    ``LocalCluster`` of ``workers`` processes, one thread each; default 2) on :meth:`open` / ``with``, and a cluster
    it started is closed on :meth:`close`.

    :meth:`map_chunks` is what ``textmine._stages.chunk_engine`` needs: ``fn(item, **shared)`` for every item, the
    results in item order. ``shared`` is computed once on the cluster by a task holding it (so it is recomputed, not
    lost, when its worker dies) and each item travels inside its task, so a task of a dead worker is re-run
    elsewhere by the scheduler. ``stats`` keeps the tasks run, each task's seconds on its worker and the bytes sent
    to and gathered from the cluster (``dask.sizeof`` estimates; between workers: :meth:`transfer_stats`).
    """

    def __init__(self, client=None, *, scheduler: str | None = None, workers: int | None = None,
                 worker_memory: str | None = None, in_flight: int | None = None, timeout: str = "30s"):
        self.client, self.scheduler, self.workers, self.worker_memory = client, scheduler, workers, worker_memory
        self.in_flight, self.timeout = in_flight, timeout
        self._own_client = self._cluster = None
        self.stats = {"tasks": 0, "maps": 0, "sent_bytes": 0, "gathered_bytes": 0, "task_seconds": []}

    # -- the cluster ---------------------------------------------------------------------------------------------
    def open(self) -> "DaskEngine":
        """Connect to the cluster, or start the local one; returns self."""
        if self.client is not None and self.scheduler is not None:
            raise ConfigError("pass either client= (a dask.distributed Client) or scheduler= (its address), not both")
        for name, what in (("workers", "worker processes of the local cluster"),
                           ("in_flight", "tasks on the cluster at once")):
            v = getattr(self, name)
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 1):
                raise ConfigError(f"{name}={v!r} must be an integer >= 1 ({what})")
        if self.workers is not None and (self.client is not None or self.scheduler is not None):
            raise ConfigError(f"workers={self.workers} sizes the local cluster this engine starts; with client= or "
                              "scheduler= the cluster's own workers are used: drop workers=")
        if self._live() is not None:
            return self
        distributed = _dask()
        if self.client is None and self.scheduler is not None:
            try:
                self._own_client = distributed.Client(self.scheduler, timeout=self.timeout)
            except (OSError, TimeoutError) as exc:
                raise ConfigError(f"cannot reach a Dask scheduler at {self.scheduler!r} within {self.timeout} "
                                  f"({type(exc).__name__}); start one (dask scheduler) and pass its address, or "
                                  "drop scheduler= to start a local cluster") from None
        elif self.client is None:
            opts = {"memory_limit": self.worker_memory} if self.worker_memory else {}
            self._cluster = distributed.LocalCluster(n_workers=self.workers or 2, threads_per_worker=1,
                                                     processes=True, dashboard_address=":0", **opts)
            try:
                self._own_client = distributed.Client(self._cluster)
            except BaseException:  # the cluster it just started is not left running
                self._cluster.close()
                self._cluster = None
                raise
        return self

    def _live(self):
        return self.client if self.client is not None else self._own_client

    @property
    def live_client(self):
        """The connected client (after :meth:`open`)."""
        c = self._live()
        if c is None:
            raise ConfigError("the Dask engine is not open: use it as `with DaskEngine(...) as engine:` or call open()")
        return c

    def close(self) -> None:
        """Close the client and the cluster this engine started (a client that was passed in stays open)."""
        if self._own_client is not None:
            self._own_client.close()
            self._own_client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> "DaskEngine":
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- work ----------------------------------------------------------------------------------------------------
    def map_chunks(self, fn, items: list, shared: dict | None = None, on_done=None) -> list:
        """``[fn(item, **shared) for item in items]``, computed on the cluster, in item order. An error raised by a
        task is raised here (the other tasks are cancelled). ``on_done(i)`` is called as item ``i``'s result
        arrives (a progress bar's update).

        At most :attr:`in_flight` tasks are on the cluster at once (default: twice the workers) and each result is
        taken by the client as soon as it is ready, so neither the scheduler (which holds a task's chunk until it
        is done) nor a worker (which holds a result until the client takes it) holds more than a few chunks."""
        import dask
        from dask.sizeof import sizeof
        from distributed import as_completed

        client = self.live_client
        if not items:
            return []
        # the shared coder (tens of MB) and each chunk travel inside their tasks by design (a task of a dead worker is
        # re-run from them), so Dask's warning on large task graphs says nothing here
        quiet = dask.config.set({"distributed.admin.large-graph-warning-threshold": "4GB"})
        quiet.__enter__()
        try:
            return self._map(client, fn, items, shared, on_done, sizeof, as_completed)
        finally:
            quiet.__exit__(None, None, None)

    def _map(self, client, fn, items, shared, on_done, sizeof, as_completed) -> list:
        held = client.submit(_hold, dict(shared or {}), pure=False, key=f"{_KEY_PREFIX}-shared-{_token()}")
        tag, out, seconds, where = _token(), [None] * len(items), [0.0] * len(items), {}
        limit = self.in_flight or 2 * max(1, len(client.nthreads()))  # nthreads lists every worker

        sent = [0]

        def submit(i):  # items may be built on demand (a sequence with len and []): one at a time, when submitted
            item = items[i]
            sent[0] += int(sizeof(item))
            fut = client.submit(_call, fn, item, held, pure=False, key=f"{_KEY_PREFIX}-{tag}-{i}")
            where[fut.key] = i
            return fut

        pending = as_completed([submit(i) for i in range(min(limit, len(items)))], with_results=True)
        nxt = min(limit, len(items))
        try:
            for fut, (result, took) in pending:
                i = where.pop(fut.key)
                out[i], seconds[i] = result, took
                fut.release()
                if on_done is not None:
                    on_done(i)
                if nxt < len(items):
                    pending.add(submit(nxt))
                    nxt += 1
        except BaseException as exc:
            client.cancel(list(pending.futures) + [held])
            import dask
            from distributed import KilledWorker

            if isinstance(exc, KilledWorker):
                raise ConfigError(
                    f"a chunk's worker died {dask.config.get('distributed.scheduler.allowed-failures') + 1} times "
                    "(usually out of memory: about 1 GB per worker plus 10 MB per 1,000 answers of chunk); lower "
                    "--chunk-size or give the workers more memory") from None
            raise
        finally:
            held.cancel()
        self.stats["tasks"] += len(items)
        self.stats["maps"] += 1
        self.stats["task_seconds"].extend(round(t, 3) for t in seconds)
        self.stats["sent_bytes"] += sent[0] + int(sizeof(shared or {}))  # dask.sizeof estimates
        self.stats["gathered_bytes"] += int(sizeof(out))
        return out

    def transfer_stats(self) -> dict:
        """Bytes the workers served since they started (``Worker.transfer_outgoing_bytes_total``: data sent to other
        workers and results gathered by the client), and each worker's peak resident memory and CPU seconds."""
        client = self.live_client
        got = client.run(_worker_transfer)
        return {"workers": len(got), "worker_outgoing_bytes": int(sum(v["outgoing"] for v in got.values())),
                "per_worker": got}


def _token() -> str:
    import uuid

    return uuid.uuid4().hex[:12]


def _hold(shared: dict) -> dict:
    """The shared arguments of a map, held on a worker as a task result (recomputed if that worker dies)."""
    return shared


def _call(fn, item, shared: dict):
    """``(fn(item, **shared), seconds it took)``."""
    import time

    t0 = time.perf_counter()
    out = fn(item, **shared)
    return out, time.perf_counter() - t0


def _worker_transfer(dask_worker=None) -> dict:
    """This worker's transfer total, peak memory and CPU seconds (run on each worker by ``Client.run``)."""
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {"outgoing": int(getattr(dask_worker, "transfer_outgoing_bytes_total", 0) or 0),
            "peak_rss_mb": round(ru.ru_maxrss / 1024, 1), "cpu_seconds": round(ru.ru_utime + ru.ru_stime, 1)}
