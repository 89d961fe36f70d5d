"""Speed of textmine.drivers: 100k respondents x 50 themes x 1,000 bootstrap resamples.

Target (issue 8): <= 30 s on 2 cores. Synthetic data (no dataset needed).
Writes benchmarks/results/drivers_speed.json. The machine is shared: run it under the heavy-job lock
so that timed runs do not overlap, and read the recorded load averages with the times.

    flock /tmp/textmine-heavy.lock python benchmarks/bench_drivers_speed.py [--n 100000] [--themes 50] [--boot 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd


def make(n: int, T: int, seed: int = 0, signed: bool = True) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    share = rng.uniform(0.01, 0.2, T)
    mention = rng.random((n, T)) < share
    pol = rng.choice([1, -1, 2, 3], size=(n, T), p=[0.45, 0.4, 0.1, 0.05])
    codes = np.where(mention, pol if signed else 1, 0).astype(np.int8)
    pos, neg = np.isin(codes, (1, 3)), np.isin(codes, (-1, 3))
    lat = 7.5 + pos @ rng.uniform(0, 1.5, T) - neg @ rng.uniform(0, 2.5, T) + rng.normal(0, 2, n)
    df = pd.DataFrame(codes, columns=[f"theme_{j:02d}" for j in range(T)])
    df["score"] = np.clip(np.round(lat), 0, 10).astype(int)
    df["w"] = rng.uniform(0.5, 2, n)
    return df


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--themes", type=int, default=50)
    ap.add_argument("--boot", type=int, default=1000)
    args = ap.parse_args()
    import scipy
    from threadpoolctl import threadpool_info

    from textmine.drivers import DriverAnalysis
    from textmine.drivers._boot import one_blas_thread, removal_bootstrap
    from textmine.drivers._matrix import prepare
    from textmine.drivers._npsmath import groups

    runs = {}
    for label, signed, weight in (("signed", True, None), ("unsigned", False, None), ("signed_weighted", True, "w")):
        df = make(args.n, args.themes, signed=signed)
        themes = [c for c in df.columns if c.startswith("theme_")]
        load = os.getloadavg()[0]
        t0, c0 = time.perf_counter(), time.process_time()
        da = DriverAnalysis(n_boot=args.boot).fit(df, themes=themes, weight=weight)
        total, cpu = time.perf_counter() - t0, time.process_time() - c0
        prep = prepare(df, themes, "score", weight)
        p, d = groups(prep.score)
        load_end = os.getloadavg()[0]
        t0, c0 = time.perf_counter(), time.process_time()
        with one_blas_thread():  # as inside fit
            removal_bootstrap(p, d, prep.w, prep.mention, prep.neg if prep.signed else None, args.boot,
                              np.random.default_rng(0))
        boot, boot_cpu = time.perf_counter() - t0, time.process_time() - c0
        runs[label] = {"fit_seconds": round(total, 2), "fit_cpu_seconds": round(cpu, 2),
                       "load_average_at_start": round(load, 2), "load_average_at_end": round(load_end, 2),
                       "bootstrap_only_seconds": round(boot, 2), "bootstrap_only_cpu_seconds": round(boot_cpu, 2),
                       "dropped_terms": len(da.result_.dropped)}
        print(label, runs[label], flush=True)
    out = {
        "benchmark": "drivers_speed",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "blas": [{k: i.get(k) for k in ("internal_api", "num_threads", "architecture")}
                             for i in threadpool_info()],
                    "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE")},
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__},
        "data": {"respondents": args.n, "themes": args.themes, "bootstrap_resamples": args.boot,
                 "kind": "synthetic, seeded"},
        "target_seconds": 30,
        "runs": runs,
        "meets_target": all(r["fit_seconds"] <= 30 for r in runs.values()),
        "meets_target_cpu_over_2_cores": all(r["fit_cpu_seconds"] / 2 <= 30 for r in runs.values()),
        "note": "fit_seconds is the whole DriverAnalysis.fit (descriptives, removal impact with bootstrap, "
                "mention and polarity logistic/OLS models with AMEs, relative weights), wall clock; "
                "fit_cpu_seconds its CPU time. Run under flock /tmp/textmine-heavy.lock; the machine is "
                "shared by several engineers, so wall times include contention (see the load averages). "
                "Inside fit BLAS runs on one thread (textmine.drivers._boot.one_blas_thread).",
    }
    path = Path(__file__).parent / "results" / "drivers_speed.json"
    path.write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
