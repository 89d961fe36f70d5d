"""Interval coverage of textmine.drivers by simulation (issue 8: 93-97% for nominal 95%).

Each simulated survey draws theme mentions independently and a promoter / passive / detractor
outcome from two logistic models, P(promoter|x) = expit(a + x'b) and P(detractor|x) =
expit(c + x'd), whose parameters keep P + D < 1 for every mention pattern. Because the
mention patterns are few, every true value is exact (enumeration, no Monte Carlo):
overall NPS, NPS among mentioners / non-mentioners, removal impact and the population average
marginal effect in NPS points (regression impact, mention model).

    python benchmarks/bench_drivers_coverage.py [--surveys 500] [--n 1000] [--boot 1000]

Writes benchmarks/results/drivers_coverage.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import expit

SHARE = np.array([0.10, 0.25, 0.40, 0.15])
A, B = -0.4, np.array([0.8, -0.5, 0.3, 0.0])
C, D = -1.3, np.array([-0.6, 0.9, 0.2, 0.5])


def truth() -> dict:
    T = len(SHARE)
    pats = np.array(list(itertools.product([0, 1], repeat=T)), dtype=float)
    prob = np.prod(np.where(pats == 1, SHARE, 1 - SHARE), axis=1)
    P, Dt = expit(A + pats @ B), expit(C + pats @ D)
    assert (P + Dt).max() < 1
    y = 100 * (P - Dt)
    out = {"nps": float(prob @ y), "nps_with": [], "nps_without": [], "removal": [], "impact": []}
    for t in range(T):
        on = pats[:, t] == 1
        w_on, w_off = prob[on].sum(), prob[~on].sum()
        out["nps_with"].append(float(prob[on] @ y[on] / w_on))
        out["nps_without"].append(float(prob[~on] @ y[~on] / w_off))
        out["removal"].append(out["nps"] - out["nps_without"][-1])
        e1, e0 = pats.copy(), pats.copy()
        e1[:, t], e0[:, t] = 1, 0
        eff = 100 * ((expit(A + e1 @ B) - expit(A + e0 @ B)) - (expit(C + e1 @ D) - expit(C + e0 @ D)))
        out["impact"].append(float(prob @ eff))
    return out


def survey(rng, n) -> pd.DataFrame:
    X = (rng.random((n, len(SHARE))) < SHARE).astype(int)
    P, Dt = expit(A + X @ B), expit(C + X @ D)
    u = rng.random(n)
    score = np.where(u < P, rng.integers(9, 11, n), np.where(u > 1 - Dt, rng.integers(0, 7, n), rng.integers(7, 9, n)))
    df = pd.DataFrame(X, columns=[f"t{i}" for i in range(len(SHARE))])
    df["score"] = score
    return df


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--surveys", type=int, default=500)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--boot", type=int, default=1000)
    args = ap.parse_args()
    import scipy

    from textmine.drivers import DriverAnalysis

    tr = truth()
    T = len(SHARE)
    hits = {k: np.zeros((args.surveys, T)) for k in ("nps_with", "nps_without", "removal", "impact")}
    hits["nps"] = np.zeros((args.surveys, 1))
    widths = {k: [] for k in hits}
    rng = np.random.default_rng(2024)
    t0 = time.perf_counter()
    for s in range(args.surveys):
        df = survey(rng, args.n)
        r = DriverAnalysis(n_boot=args.boot, random_state=s, min_n=1).fit(df, themes=[f"t{i}" for i in range(T)]).result_
        t = r.to_frame()
        for key, lo, hi in (("nps_with", "nps_with_ci_low", "nps_with_ci_high"),
                            ("nps_without", "nps_without_ci_low", "nps_without_ci_high"),
                            ("removal", "removal_ci_low", "removal_ci_high"),
                            ("impact", "impact_ci_low", "impact_ci_high")):
            true = np.array(tr[key])
            hits[key][s] = (t[lo].to_numpy() <= true) & (true <= t[hi].to_numpy())
            widths[key].append((t[hi] - t[lo]).to_numpy())
        hits["nps"][s] = r.overall["ci_low"] <= tr["nps"] <= r.overall["ci_high"]
        widths["nps"].append([r.overall["ci_high"] - r.overall["ci_low"]])
    secs = time.perf_counter() - t0
    cov = {k: {"pooled": round(float(v.mean()), 4), "per_theme": [round(float(x), 4) for x in v.mean(axis=0)],
               "intervals": int(v.size), "mean_width": round(float(np.mean(widths[k])), 3)}
           for k, v in hits.items()}
    ok = {k: 0.93 <= c["pooled"] <= 0.97 for k, c in cov.items()}
    out = {
        "benchmark": "drivers_coverage",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__},
        "design": {"surveys": args.surveys, "respondents_per_survey": args.n, "bootstrap_resamples": args.boot,
                   "themes": T, "mention_share": SHARE.tolist(), "promoter_logit": [A, *B.tolist()],
                   "detractor_logit": [C, *D.tolist()], "nominal": 0.95,
                   "intervals": {"nps": "adjusted Wald", "nps_with/without": "adjusted Wald",
                                 "removal": "bootstrap percentile",
                                 "impact": "delta method (both logits, stacked covariance) + covariate sampling"}},
        "truth": tr,
        "coverage": cov,
        "within_93_97": ok,
        "seconds": round(secs, 1),
    }
    path = Path(__file__).parent / "results" / "drivers_coverage.json"
    path.write_text(json.dumps(out, indent=1))
    print(json.dumps({"coverage": cov, "within_93_97": ok, "seconds": out["seconds"]}, indent=1))


if __name__ == "__main__":
    main()
