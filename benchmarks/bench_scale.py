"""Scale benchmark of analyze on a Dask cluster (textmine.distributed) against the single-process run.

    flock /tmp/textmine-heavy.lock nice -n 10 python benchmarks/bench_scale.py --sizes 100000
    flock /tmp/textmine-heavy.lock nice -n 10 python benchmarks/bench_scale.py --sizes 1000000 --chunk-size 100000

For each size the same survey (``bench_analyze.build_survey``: online_shopping_10_cats answers from $TEXTMINE_DATA,
default ../shared/data, resampled with replacement, synthetic scores correlated with the sentiment label; written
to benchmarks/_work/scale/, gitignored) is analysed three ways, each in a child process so that memory is its own:

- ``single``: ``textmine.analyze`` (the chunked single-process run, which itself uses the second core by forking);
- ``dask-1`` and ``dask-2``: ``textmine.distributed.analyze_dask`` on a ``LocalCluster`` of 1 and 2 worker
  processes (one thread each) started by the child; the client is the child process.

Every run uses the same ``--chunk-size`` (default 10,000: at 100k answers a discovery sample and nine chunks on the
workers), ``random_state=0``, ``cache_dir=False``, ``n_boot=1000`` and the segments category and channel, and
times ``analyze`` only (not writing the outputs, which is the same code on the client either way). Recorded per
run: wall seconds (the whole child, cluster start-up included, and ``analyze`` alone), each stage's seconds, the
peak memory of the client (its own RSS plus the PSS of the children it forks, sampled every 0.5 s) and of each
worker process (sampled RSS, and the worker's own ``ru_maxrss``), the bytes sent to and gathered from the cluster
(``dask.sizeof`` estimates of the tasks' chunks and results), the bytes workers sent each other
(``Worker.transfer_outgoing_bytes_total``), each chunk task's seconds on its worker (the per-partition cost), and
the 1/5/15-min load before and after. The Dask results are checked against the single-process one (mentions
identical, drivers to 1e-9), so a figure is only recorded for a run that gave the same answer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from bench_analyze import build_survey, kill_tree, measured_at, versions  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "scale.json"
WORK = REPO / "benchmarks" / "_work" / "scale"
OPTS = dict(text="answer", score="score", id="id", date="date", segments=["category", "channel"], cache_dir=False,
            quiet=True, random_state=0)
MODES = ("single", "dask-1", "dask-2", "large-1", "large-2")
#: answers per partition of the large runs' input (a folder of Parquet files made from the survey's CSV)
PART_ROWS = int(os.environ.get("TEXTMINE_PART_ROWS", 100_000))


# -- the child: one analysis --------------------------------------------------------------------------------------
def child(mode: str, csv: str, chunk_size: int, out: str) -> None:
    """Run one analysis; write its figures and the tables the parent compares to ``out`` (JSON + Parquet)."""
    t0 = time.perf_counter()
    import pandas as pd

    import textmine

    res: dict = {}
    if mode.startswith("large"):
        large(mode, csv, chunk_size, out, res)
        return
    if mode == "single":
        t1 = time.perf_counter()
        a = textmine.analyze(csv, chunk_size=chunk_size, **OPTS)
        res["analyze_seconds"] = round(time.perf_counter() - t1, 1)
    else:
        from textmine.distributed import DaskEngine, analyze_dask

        with DaskEngine(workers=int(mode.split("-")[1])) as engine:
            res["cluster_start_seconds"] = round(time.perf_counter() - t0, 1)
            t1 = time.perf_counter()
            a = analyze_dask(csv, client=engine.live_client, chunk_size=chunk_size, **OPTS)
            res["analyze_seconds"] = round(time.perf_counter() - t1, 1)
            res["engine"] = a.settings["engine"]
            res["workers"] = engine.transfer_stats()
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    res["client_cpu_seconds"] = round(ru.ru_utime + ru.ru_stime, 1)  # the client process (not its forked children)
    res["stage_seconds"] = a.timings
    res["chunks"] = a.settings["chunks"]
    res["respondents"], res["clauses"] = a.survey.n, len(a.clauses)
    res["themes"] = len(a.themes.codebook)
    a.mentions.to_parquet(out + ".mentions.parquet", index=False)
    a.drivers.to_frame().to_parquet(out + ".drivers.parquet", index=False)
    pd.concat([a.nps.to_frame(), a.segments.to_frame(), a.periods.to_frame()]).astype(str).to_parquet(
        out + ".nps.parquet", index=False)
    Path(out).write_text(json.dumps(res, default=str), encoding="utf-8")


def large(mode: str, csv: str, chunk_size: int, out: str, res: dict) -> None:
    """``analyze_large`` on the survey's partitions (``partitioned``), writing into benchmarks/_work; the tables the
    parent compares are written after ``out + ".done"`` marks the end of the analysis (the parent stops counting
    the client's memory there)."""
    import pandas as pd

    from textmine.distributed import analyze_large

    t1 = time.perf_counter()
    dest = WORK / f"{mode}-{Path(csv).stem}-out"
    a = analyze_large(partitioned(Path(csv)), dest, workers=int(mode.split("-")[1]), chunk_size=chunk_size,
                      n_boot=1000, **OPTS)
    res["analyze_seconds"] = round(time.perf_counter() - t1, 1)  # including the workers' writing of the row files
    Path(out + ".done").write_text("", encoding="utf-8")
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    res["client_cpu_seconds"] = round(ru.ru_utime + ru.ru_stime, 1)
    res["stage_seconds"] = a.timings
    res["engine"] = a.settings["engine"]
    res["partitions"] = a.settings["partitions"]
    res["respondents"], res["clauses"] = a.accounting["respondents"], a.accounting["clauses"]
    res["themes"] = len(a.themes.codebook)
    res["row_files_mb"] = round(sum(f.stat().st_size for f in dest.rglob("*.parquet")) / 2**20, 1)
    if a.accounting["respondents"] <= 2_000_000:  # the comparison holds every mention
        m = pd.concat([pd.read_parquet(f) for f in sorted((dest / "mentions").glob("part-*.parquet"))],
                      ignore_index=True)
        m.drop(columns="clause_id").to_parquet(out + ".mentions.parquet", index=False)
    a.drivers.to_frame().to_parquet(out + ".drivers.parquet", index=False)
    pd.concat([a.nps.to_frame(), a.segments.to_frame(), a.periods.to_frame()]).astype(str).to_parquet(
        out + ".nps.parquet", index=False)
    Path(out).write_text(json.dumps(res, default=str), encoding="utf-8")


def partitioned(csv: Path) -> Path:
    """The survey's CSV as a folder of Parquet partitions of ``PART_ROWS`` rows (every cell as text), made once."""
    import pandas as pd

    d = csv.with_name(f"{csv.stem}-parts{PART_ROWS}")
    if not (d / "_done").exists():
        d.mkdir(parents=True, exist_ok=True)
        reader = pd.read_csv(csv, dtype=str, keep_default_na=False, chunksize=PART_ROWS, encoding="utf-8")
        for k, part in enumerate(reader):
            part.to_parquet(d / f"part-{k:05d}.parquet", index=False)
        (d / "_done").write_text("", encoding="utf-8")
    return d


# -- the parent: run a child, watch its memory --------------------------------------------------------------------
def _groups(root):
    """(client processes: the root and the children it forks, Dask worker processes): a worker is an interpreter
    spawned by the client's nanny (``multiprocessing.spawn``; the nanny itself runs inside the client)."""
    client, workers = [root], []
    for p in root.children(recursive=True):
        try:
            cmd = " ".join(p.cmdline())
        except Exception:
            continue
        if "multiprocessing.spawn" in cmd:
            workers.append(p)
        elif "resource_tracker" not in cmd:
            client.append(p)
    return client, workers


def run_child(mode: str, csv: Path, chunk_size: int, timeout: float) -> dict:
    import psutil

    out = WORK / f"{mode}-{csv.stem}.json"
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               NUMBA_NUM_THREADS="1", TOKENIZERS_PARALLELISM="false", HF_HUB_OFFLINE="1")
    if mode == "single":  # as bench_analyze: the single-process run may use both cores for BLAS/torch
        env.update(OMP_NUM_THREADS="2", MKL_NUM_THREADS="2", OPENBLAS_NUM_THREADS="2", NUMBA_NUM_THREADS="2")
    load0 = [round(x, 2) for x in os.getloadavg()]
    uptime0 = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", mode, str(csv), str(chunk_size), str(out)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace")
    err: list[str] = []
    threading.Thread(target=lambda: err.extend(proc.stderr), daemon=True).start()
    root = psutil.Process(proc.pid)
    peak_client, peak_workers, peak_total = 0, {}, 0
    done = Path(str(out) + ".done")
    done.unlink(missing_ok=True)
    while proc.poll() is None and not done.exists():  # the analysis' memory, not the comparison tables
        try:
            client, workers = _groups(root)
            mem_c = sum((p.memory_full_info().pss if len(client) > 1 else p.memory_info().rss) for p in client)
            mem_w = {p.pid: p.memory_info().rss for p in workers}
        except psutil.Error:
            time.sleep(0.5)
            continue
        peak_client = max(peak_client, mem_c)
        for pid, v in mem_w.items():
            peak_workers[pid] = max(peak_workers.get(pid, 0), v)
        peak_total = max(peak_total, mem_c + sum(mem_w.values()))
        if time.perf_counter() - t0 > timeout:
            kill_tree(root)
            break
        time.sleep(0.5)
    if proc.poll() is None and time.perf_counter() - t0 <= timeout:
        proc.wait(timeout=max(timeout - (time.perf_counter() - t0), 1))
    proc.wait()
    wall = time.perf_counter() - t0
    res = {"wall_seconds": round(wall, 1), "exit_code": proc.returncode,
           "peak_client_mb": round(peak_client / 2**20, 1),
           "peak_worker_mb": sorted(round(v / 2**20, 1) for v in peak_workers.values()),
           "peak_total_mb": round(peak_total / 2**20, 1),
           "load_average_before": load0, "load_average_after": [round(x, 2) for x in os.getloadavg()],
           "uptime_before": uptime0, "uptime_after": subprocess.run(["uptime"], capture_output=True,
                                                                    text=True).stdout.strip()}
    if proc.returncode == 0 and out.exists():
        res.update(json.loads(out.read_text(encoding="utf-8")))
        res["tables"] = str(out)  # compared, then removed
    else:
        res["stderr_tail"] = [line.strip()[-300:] for line in err[-10:]]
    return res


def same_result(base: str, other: str) -> dict:
    """Mentions identical, drivers and NPS tables equal to 1e-9 (the tables the children wrote)."""
    import pandas as pd

    out = {}
    for name, exact in (("mentions", True), ("drivers", False), ("nps", True)):
        if not Path(f"{other}.{name}.parquet").exists():
            out[name] = "not compared"
            continue
        a, b = pd.read_parquet(f"{base}.{name}.parquet"), pd.read_parquet(f"{other}.{name}.parquet")
        try:
            if name == "mentions" and "clause_id" not in b.columns:  # a large run's clause ids are keyed
                a = a.drop(columns="clause_id")
            if exact:
                pd.testing.assert_frame_equal(a, b)
            else:
                pd.testing.assert_frame_equal(a, b, rtol=1e-9, atol=1e-9)
            out[name] = "equal"
        except AssertionError as exc:
            out[name] = f"DIFFERENT: {str(exc)[:200]}"
    return out


def per_partition(run: dict, chunk_size: int) -> dict:
    eng = run.get("engine") or {}
    if "partition_seconds" in eng:  # a large run: one task per partition of PART_ROWS rows
        return {"partition_answers": PART_ROWS, **eng["partition_seconds"]}
    tasks = eng.get("tasks") or 0
    if not tasks:
        return {}
    return {"chunk_answers": chunk_size, "tasks": tasks,
            "mean_task_seconds": round(eng["task_seconds_sum"] / tasks, 2), "max_task_seconds": eng["task_seconds_max"],
            "sent_bytes_per_task": int(eng["sent_bytes"] / tasks),
            "gathered_bytes_per_task": int(eng["gathered_bytes"] / tasks)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    ap.add_argument("--chunk-size", type=int, default=10_000)
    ap.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--child", nargs=4, metavar=("MODE", "CSV", "CHUNK", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, csv, chunk, out = args.child
        child(mode, csv, int(chunk), out)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    doc = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    doc.update({"machine": {"cores": os.cpu_count(), "platform": platform.platform(),
                            "python": platform.python_version()},
                "versions": {**versions(), **_dask_versions()}, "dataset": "online_shopping_10_cats resampled "
                "with replacement, synthetic scores (benchmarks/bench_analyze.py build_survey)",
                "command": "python benchmarks/bench_scale.py " + " ".join(sys.argv[1:])})
    runs = doc.setdefault("runs", {})
    for n in args.sizes:
        csv = WORK / f"survey_{n}.csv"
        survey = build_survey(n, csv)
        entry = {"survey": survey, "chunk_size": args.chunk_size, "command": doc["command"], "measured": measured_at(),
                 "modes": {}}
        for mode in args.modes:
            print(f"[bench_scale] {n} answers, {mode} …", file=sys.stderr, flush=True)
            res = run_child(mode, csv, args.chunk_size, args.timeout)
            entry["modes"][mode] = res
            print(f"[bench_scale] {mode}: {res['wall_seconds']} s, client {res['peak_client_mb']} MB, workers "
                  f"{res['peak_worker_mb']} MB", file=sys.stderr, flush=True)
        base = entry["modes"].get("single", {}).get("tables")
        for mode, res in entry["modes"].items():
            if mode != "single" and base and res.get("tables"):
                res["same_as_single"] = same_result(base, res["tables"])
            res["per_partition"] = per_partition(res, args.chunk_size)
        for res in entry["modes"].values():
            res.pop("tables", None)
        entry["measured_end"] = measured_at()
        old = runs.get(str(n), {})
        if old.get("survey") == survey and old.get("chunk_size") == args.chunk_size:  # the other modes' runs stay
            entry["modes"] = {**old.get("modes", {}), **entry["modes"]}
        runs[str(n)] = entry
        RESULTS.write_text(json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
        for p in WORK.glob("*.parquet"):
            p.unlink()
    print(json.dumps({n: {m: {k: r.get(k) for k in ("wall_seconds", "analyze_seconds", "peak_client_mb",
                                                       "peak_worker_mb", "same_as_single")}
                          for m, r in e["modes"].items()} for n, e in runs.items()}, indent=1))


def _dask_versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for p in ("dask", "distributed"):
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            out[p] = None
    return out


if __name__ == "__main__":
    main()
