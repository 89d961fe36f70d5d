"""End-to-end scale benchmark of ``textmine analyze``: wall time and peak memory at 10k, 100k (and 1M) answers.

    flock /tmp/textmine-heavy.lock python benchmarks/bench_analyze.py  # 10k, 100k (timed) -> results/
    nice -n 10 python benchmarks/bench_analyze.py --sizes 1000000        # add/replace the 1M run in the same file
    nice -n 10 python benchmarks/bench_analyze.py --sizes 100000         # rerun 100k only; the other sizes are kept

Each run records ``measured`` (UTC date, commit and whether textmine/ had uncommitted edits at its start, the 1/5/15-min
load at start and end, and what changed if the repository moved during the run), since ``--sizes`` replaces only the
sizes it runs.

Surveys over ``--chunk-size`` answers (default 100,000, the analyze default) are analysed in chunks: themes are
discovered on a seeded sample of that many answers and the rest is coded chunk by chunk, so memory depends on the
chunk size rather than the survey (the "chunks" stage in the per-stage peaks). 10k and 100k fit in one chunk.

Survey construction (nothing is copied into the repo; the CSV is written to benchmarks/_work/, gitignored):
- answers are reviews of ``online_shopping_10_cats`` ($TEXTMINE_DATA, default ../shared/data) resampled with
  replacement (seed 0), cut to their first 1-3 sentences (uniform) and at most 200 characters, like open answers;
- the 0-10 score is synthetic and correlated with the review's sentiment label: label 1 (positive) draws from a
  distribution peaked at 9-10, label 0 from one peaked at 3-6 (the weights are ``POS_P`` and ``NEG_P`` below;
  about 2/3 of positives are promoters, about 70% of negatives detractors);
- segments: the product category (``cat``, 10 levels) and a random channel (APP / 网页 / 小程序);
  dates uniform over six months of 2026; ids unique; 3% empty answers.

Each size runs ``textmine analyze --no-cache`` (default encoder, default settings) as a child process under
``nice`` with 2 BLAS/torch threads; a monitor samples the memory of the whole process tree every 0.2 s and records
the peak (``peak_memory_mb``: RSS while there is one process; while a forked writer runs, the sum of PSS, which
counts each copy-on-write page shared by the two once; ``peak_rss_mb`` is the plain sum of RSS, which counts them
twice) and the stage that was running ("[textmine] <stage> …" lines on stderr; "write" is writing the output
files), and each stage's wall seconds from those lines. A run is stopped when it exceeds ``--mem-limit-gb`` or
``--timeout`` (the machine is shared); the stage it was in is then reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import threading
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "analyze_scale.json"
WORK = REPO / "benchmarks" / "_work" / "analyze"
DATA = Path(os.environ.get("TEXTMINE_DATA", REPO.parent / "shared" / "data"))
CORPUS = DATA / "online_shopping_10_cats" / "online_shopping_10_cats.csv"

#            0     1     2     3     4     5     6     7     8     9     10
POS_P = [0.01, 0.01, 0.01, 0.01, 0.01, 0.03, 0.05, 0.08, 0.13, 0.26, 0.40]
NEG_P = [0.08, 0.05, 0.07, 0.11, 0.12, 0.14, 0.13, 0.12, 0.09, 0.05, 0.04]
_SENT = re.compile(r"(?<=[。！？!?；;\n])")


def versions() -> dict:
    out = {}
    for p in ("textmine", "numpy", "pandas", "scikit-learn", "hdbscan", "jieba", "rjieba", "sentence-transformers",
              "torch", "psutil"):
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            out[p] = None
    return out


def build_survey(n: int, path: Path, seed: int = 0) -> dict:
    """Write a synthetic survey of ``n`` answers resampled from the corpus; return its description."""
    import pandas as pd

    src = pd.read_csv(CORPUS).dropna(subset=["review"])
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(src), size=n)
    reviews = src["review"].to_numpy(object)[idx]
    labels = src["label"].to_numpy(int)[idx]
    k = rng.integers(1, 4, size=n)
    answers = []
    for text, kk in zip(reviews, k):
        parts = [p for p in _SENT.split(str(text).replace("\ufeff", "").strip()) if p]
        answers.append("".join(parts[:kk])[:200])
    answers = np.array(answers, dtype=object)
    answers[rng.random(n) < 0.03] = ""
    scores = np.where(labels == 1, rng.choice(11, size=n, p=POS_P), rng.choice(11, size=n, p=NEG_P))
    start = np.datetime64("2026-01-01")
    dates = (start + rng.integers(0, 181, size=n).astype("timedelta64[D]")).astype(str)
    frame = pd.DataFrame({"id": [f"B{i:07d}" for i in range(n)], "score": scores, "answer": answers,
                          "date": dates, "category": src["cat"].to_numpy(object)[idx],
                          "channel": rng.choice(["APP", "网页", "小程序"], size=n)})
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, encoding="utf-8")
    lengths = pd.Series(answers).str.len()
    return {"n": n, "unique_answers": int(pd.Series(answers).nunique()), "median_chars": float(lengths.median()),
            "mean_chars": round(float(lengths.mean()), 1), "csv_mb": round(path.stat().st_size / 2**20, 1),
            "share_promoters": round(float((scores >= 9).mean()), 3),
            "share_detractors": round(float((scores <= 6).mean()), 3)}


def run_analyze(csv: Path, out: Path, *, mem_limit_gb: float, timeout: float, threads: int = 2,
                chunk_size: int = 100_000) -> dict:
    """Run the CLI in a child process; sample the tree's RSS; stop it past the memory or time limit."""
    import psutil

    env = dict(os.environ, OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads),
               OPENBLAS_NUM_THREADS=str(threads), NUMBA_NUM_THREADS=str(threads), TOKENIZERS_PARALLELISM="false",
               HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1")
    exe = Path(sys.executable).with_name("textmine")
    cmd = ["nice", "-n", "10", str(exe), "analyze", str(csv), "--text", "answer", "--score", "score", "--id", "id",
           "--date", "date", "--segment", "category", "--segment", "channel", "--out", str(out), "--no-cache",
           "--chunk-size", str(chunk_size)]
    import resource

    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
                            errors="replace")
    state = {"stage": "start", "peak_rss": 0, "peak_pss": 0, "peak_stage": "start", "stage_peaks": {},
             "stderr_tail": [], "starts": [("start", 0.0)]}

    def read_stderr():
        for line in proc.stderr:
            for piece in line.split("\r"):
                m = re.match(r"\[textmine\] (\S+) …", piece.strip())
                if m:
                    state["stage"] = m.group(1)
                    state["starts"].append((m.group(1), time.perf_counter() - t0))
            state["stderr_tail"] = (state["stderr_tail"] + [line.strip()[-300:]])[-8:]

    stdout_lines: list[str] = []
    t_err = threading.Thread(target=read_stderr, daemon=True)
    t_out = threading.Thread(target=lambda: stdout_lines.extend(proc.stdout), daemon=True)
    t_err.start()
    t_out.start()
    killed = None
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            rss = sum(p.memory_info().rss for p in tree)
            # PSS: each page shared by k processes counts 1/k in each, so the sum is the memory the tree holds; RSS
            # counts a forked writer's copy-on-write pages twice (textmine._background)
            pss = sum(p.memory_full_info().pss for p in tree) if len(tree) > 1 else rss
        except psutil.Error:
            rss = pss = 0
        state["peak_pss"] = max(state["peak_pss"], pss)
        stage = state["stage"]
        state["stage_peaks"][stage] = max(state["stage_peaks"].get(stage, 0), pss)
        if rss > state["peak_rss"]:
            state["peak_rss"], state["peak_stage"] = rss, stage
        if rss > mem_limit_gb * 2**30:
            killed = f"stopped: RSS {rss / 2**30:.1f} GB > limit {mem_limit_gb} GB during stage '{stage}'"
        elif time.perf_counter() - t0 > timeout:
            killed = f"stopped: over the {timeout:.0f} s time limit during stage '{stage}'"
        if killed:
            kill_tree(root)
            break
        time.sleep(0.2)
    proc.wait()
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    load1 = os.getloadavg()[0]
    t_err.join(5)
    t_out.join(5)
    res = {"wall_seconds": round(wall, 1), "exit_code": proc.returncode, "completed": proc.returncode == 0,
           "peak_rss_mb": round(state["peak_rss"] / 2**20, 1), "peak_during_stage": state["peak_stage"],
           # the memory the process tree held at its peak: the sum of PSS while a forked child runs, else RSS
           "peak_memory_mb": round(state["peak_pss"] / 2**20, 1),
           "peak_memory_mb_by_stage": {k: round(v / 2**20, 1) for k, v in state["stage_peaks"].items()},
           # CPU seconds of the child (user + system): less sensitive than wall time to other jobs on the machine
           "cpu_seconds": round((ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime), 1),
           "load_average_1min": [round(load0, 2), round(load1, 2)],
           # wall seconds from one "[textmine] <stage> …" line to the next: "start" is interpreter start-up and
           # imports up to the first stage, "write" runs to the end of the process (writing the output files)
           "stage_wall_seconds": _stage_walls(state["starts"], wall)}
    if killed:
        res["stopped"] = killed
    if proc.returncode != 0:
        res["stderr_tail"] = state["stderr_tail"]
    run_json = out / "run.json"
    if proc.returncode == 0 and run_json.exists():
        run = json.loads(run_json.read_text(encoding="utf-8"))
        res["stage_seconds"] = run.get("timings_s")
        res["chunk_size"] = run.get("settings", {}).get("chunk_size")
        res["chunks"] = run.get("settings", {}).get("chunks")
        # wall time outside the analyze() stages: interpreter start-up, imports, and writing the 10 output files
        res["startup_and_save_seconds"] = round(wall - sum((run.get("timings_s") or {}).values()), 1)
        acc = run.get("accounting", {})
        res["respondents"], res["clauses"] = acc.get("respondents"), acc.get("clauses")
        res["unassigned_share"] = acc.get("unassigned_share")
        cb = out / "codebook.yaml"
        if cb.exists():
            res["themes"] = sum(1 for line in cb.read_text(encoding="utf-8").splitlines()
                                if re.match(r"\s*- id: ", line))
        res["output_mb"] = {p.name: round(p.stat().st_size / 2**20, 1) for p in sorted(out.iterdir())}
    return res


def _stage_walls(starts: list, wall: float) -> dict:
    out: dict = {}
    for (name, t), (_, t_next) in zip(starts, starts[1:] + [("end", wall)]):
        out[name] = round(out.get(name, 0.0) + t_next - t, 1)
    return out


def kill_tree(root) -> None:
    """Kill a psutil process and every descendant (a run over its time or memory limit)."""
    import psutil

    for p in [*root.children(recursive=True), root]:
        try:
            p.kill()
        except psutil.Error:
            pass


def measured_at() -> dict:
    """Date, commit, whether textmine/ differed from that commit (uncommitted edits), and the load: taken at the
    start and at the end of a run (the repository may change while it runs)."""
    def git(*a):
        r = subprocess.run(["git", *a], cwd=REPO, capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else None

    status = git("status", "--porcelain", "--", "textmine")
    return {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "commit": git("rev-parse", "HEAD"),
            "textmine_uncommitted_changes": bool(status) if status is not None else None,
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def save_breakdown(n: int) -> dict:
    """In-process: run analyze() on ``n`` answers, then time each output of ``Analysis.save`` separately."""
    import tempfile

    import textmine
    from textmine.io import write_csv

    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "survey.csv"
        build_survey(n, csv)
        a = textmine.analyze(csv, text="answer", score="score", id="id", date="date",
                             segments=["category", "channel"], cache_dir=False, quiet=True)
        out = {"n": n, "analyze_stage_seconds": a.timings}
        steps = [("tables (incl. respondents())", a._tables), ("report.html", a.to_html),
                 ("results.xlsx", lambda: a.to_excel(Path(tmp) / "r.xlsx"))]
        for name, fn in steps:
            t0 = time.perf_counter()
            fn()
            out[name] = round(time.perf_counter() - t0, 2)
        tabs = a._tables()
        t0 = time.perf_counter()
        for name in ("respondents", "mentions", "themes", "drivers", "rejects"):
            write_csv(tabs[name], Path(tmp) / f"{name}.csv")
        out["5 csv files"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        a.save(Path(tmp) / "all")
        out["save() total"] = round(time.perf_counter() - t0, 2)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--mem-limit-gb", type=float, default=12.0)
    ap.add_argument("--timeout", type=float, default=3600.0)
    ap.add_argument("--chunk-size", type=int, default=100_000, help="textmine analyze --chunk-size")
    ap.add_argument("--keep", action="store_true", help="keep the generated CSVs and output directories")
    ap.add_argument("--save-breakdown", type=int, default=0, metavar="N",
                    help="also time each output file of Analysis.save on N answers (in-process)")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (set TEXTMINE_DATA to the public data folder)")
        return 0
    try:
        import psutil  # noqa: F401
    except ImportError:
        print("skipped: psutil is needed to measure the child's memory (pip install psutil, the bench extra)")
        return 0
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    results.update({"date": dt.date.today().isoformat(),
                    "machine": {"cores": os.cpu_count(), "platform": platform.platform(),
                                "python": platform.python_version(),
                                "ram_gb": round(__import__("psutil").virtual_memory().total / 2**30, 1)},
                    "versions": versions(), "threads": 2,
                    "command": f"textmine analyze --no-cache --chunk-size {args.chunk_size} (other settings default)",
                    "targets": {"100k": "<= 55 s in all, <= 15 s writing the outputs, <= 2048 MB (issue 18; "
                                        "on a quiet machine)", "1M": "completes in bounded memory"},
                    "dataset": "online_shopping_10_cats resampled with replacement; synthetic scores from the "
                               "sentiment label (see the docstring)"})
    runs = results.setdefault("runs", {})
    if args.save_breakdown:
        print(f"[bench] save breakdown at {args.save_breakdown} …", flush=True)
        results["save_breakdown_seconds"] = save_breakdown(args.save_breakdown)
        print(json.dumps(results["save_breakdown_seconds"], ensure_ascii=False), flush=True)
    for n in args.sizes:
        csv = WORK / f"survey_{n}.csv"
        out = WORK / f"out_{n}"
        print(f"[bench] building {n} answers …", flush=True)
        desc = build_survey(n, csv)
        print(f"[bench] analyze {n} …", flush=True)
        at_start = measured_at()
        res = run_analyze(csv, out, mem_limit_gb=args.mem_limit_gb, timeout=args.timeout,
                          chunk_size=args.chunk_size)
        res["survey"] = desc
        # which code was measured, and when: a run replaces only its own size, so sizes may come from other commits
        at_end = measured_at()
        res["measured"] = {"date": at_start["date"], "commit": at_start["commit"],
                           "textmine_uncommitted_changes": at_start["textmine_uncommitted_changes"],
                           "load_average_at_start": at_start["load_average"],
                           "load_average_at_end": at_end["load_average"]}
        if (at_end["commit"], at_end["textmine_uncommitted_changes"]) != (at_start["commit"],
                                                                          at_start["textmine_uncommitted_changes"]):
            res["measured"]["changed_during_run"] = {k: at_end[k] for k in ("date", "commit",
                                                                            "textmine_uncommitted_changes")}
        if n == 100_000 and res["completed"]:
            res["meets_target"] = (res["wall_seconds"] <= 55 and res["peak_memory_mb"] <= 2048
                                   and res["stage_wall_seconds"].get("write", 0.0) <= 15)
        runs[str(n)] = res
        print(json.dumps(res, ensure_ascii=False, indent=1), flush=True)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if not args.keep:
            import shutil

            csv.unlink(missing_ok=True)
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
