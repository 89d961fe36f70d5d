"""Planted-coaching benchmark for score–text trust (issue 19): is a store whose detractors were coached into 9-10
found, and are the clean stores left alone?

Real answers: the waimai_10k food-delivery reviews (11,987, each labelled positive or negative). ``textmine.analyze``
runs ONCE on the whole pool (default settings, the shipped offline encoder) and its mentions — themes and clause
polarity exactly as a survey analysis codes them — are reused in every simulation; nothing is re-coded per draw.

Each simulated survey (seeded):

- ``stores`` stores of ``per_store`` respondents each; a respondent's answer is positive with probability 0.55, then
  drawn at random (with replacement) from the pool's answers of that label; 15% of respondents leave the answer empty;
- a score consistent with the label: a positive answer's score is drawn from P(0..10) = POSITIVE_SCORES (mostly 9-10),
  a negative answer's from NEGATIVE_SCORES (mostly 0-6, some 7-10: real surveys have honest mismatches too);
- coaching: in store S00, each detractor (0-6) gets a 9-10 with probability ``coach_share`` (10 with 0.8, else 9),
  the answer unchanged — "please give us a 10";
- ``respondent_mismatch(mentions, frame)`` then ``segment_trust(frame, "store", mismatch=...)`` at FDR 0.05.

Reported per scenario over ``sims`` surveys: the detection rate of the coached store and the false-flag rate of the
clean stores (flags / clean store-surveys), each with a Wilson interval, the survey-wise rate of any false flag, and
which test found the coached store. ``coach_share = 0`` is the null (no store coached). A last scenario shows the
limit of the share of 10s: no coaching anywhere, but store S01's customers are happier (75% positive answers instead of
55%) — how often is an honest, better store flagged, and by which test? Targets (issue 19), at the headline scenario
(3,000 respondents in 20 stores of 150, half of S00's detractors coached: ~28 coached respondents): detection >= 90%
and clean false flags <= 5%. The grid around it: coaching 0-100% at 150 per store, and 50% / 100% at 75 per store.

    flock /tmp/textmine-heavy.lock nice -n 10 .venv/bin/python benchmarks/bench_trust_coaching.py [--sims 200]

Data folder: $TEXTMINE_DATA (default ../shared/data next to the repo). Writes benchmarks/results/trust_coaching.json.
Prints figures only, never texts.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
POSITIVE_SCORES = [0, 0, 0, .01, .01, .02, .03, .08, .20, .30, .35]
NEGATIVE_SCORES = [.10, .05, .08, .10, .12, .15, .15, .12, .08, .03, .02]
P_POSITIVE, P_EMPTY, P_TEN = 0.55, 0.15, 0.8
BETTER_POSITIVE = 0.75  # the positive-answer share of store S01 in the better-store scenario
HEADLINE = {"stores": 20, "per_store": 150, "coach_share": 0.5}
GRID = [(20, 150, s) for s in (0.0, 0.25, 0.5, 0.75, 1.0)] + [(20, 75, s) for s in (0.5, 1.0)]


def data_dir() -> Path:
    env = os.environ.get("TEXTMINE_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


def code_pool(path: Path) -> tuple[pd.DataFrame, np.ndarray, dict]:
    """The pool's mentions from one textmine.analyze run (respondent_id = row of the pool), the labels, timing."""
    import textmine as tm

    pool = pd.read_csv(path)
    labels = pool["label"].to_numpy(int)
    frame = pd.DataFrame({"id": [f"p{i}" for i in range(len(pool))], "answer": pool["review"].fillna("").astype(str),
                          "score": np.where(labels == 1, 10, 0)})  # placeholder scores: coding ignores them
    t0 = time.perf_counter()
    a = tm.analyze(frame, text="answer", score="score", id="id", cache_dir=False, quiet=True, n_boot=0)
    seconds = time.perf_counter() - t0
    m = a.mentions[["respondent_id", "clause_id", "theme", "polarity", "sentiment"]].copy()
    m["row"] = m["respondent_id"].str[1:].astype(int)
    info = {"answers": len(pool), "positive": int((labels == 1).sum()), "negative": int((labels == 0).sum()),
            "mentions": len(m), "themes": int(a.themes.codebook.__len__()),
            "unassigned_share": round(float(a.themes.unassigned_share), 4), "analyze_seconds": round(seconds, 1)}
    return m.sort_values("row", kind="stable").reset_index(drop=True), labels, info


def readability(m: pd.DataFrame, labels: np.ndarray) -> dict:
    """How the coded text reads the labels: the share of negative answers whose mentions only complain (a coached
    one becomes a visible mismatch) and of positive answers that only complain (an honest promoter that looks like
    one), and the reverse."""
    from textmine.themes import NO_CONTENT_ID

    judged = m[(m["theme"] != NO_CONTENT_ID) & m["polarity"].isin(["positive", "negative"])]
    pos = judged[judged["polarity"] == "positive"].groupby("row").size().reindex(range(len(labels)), fill_value=0)
    neg = judged[judged["polarity"] == "negative"].groupby("row").size().reindex(range(len(labels)), fill_value=0)
    only_neg, only_pos = ((neg > 0) & (pos == 0)).to_numpy(), ((pos > 0) & (neg == 0)).to_numpy()
    out = {}
    for name, lab in (("negative_answers", 0), ("positive_answers", 1)):
        sel = labels == lab
        out[name] = {"only_complain": round(float(only_neg[sel].mean()), 4),
                     "only_praise": round(float(only_pos[sel].mean()), 4),
                     "no_polar_mention": round(float(((pos == 0) & (neg == 0)).to_numpy()[sel].mean()), 4)}
    return out


class Simulator:
    """Draws surveys from the coded pool; the pool's mentions are gathered by row, never re-coded."""

    def __init__(self, mentions: pd.DataFrame, labels: np.ndarray):
        self.m = mentions
        rows = mentions["row"].to_numpy()
        self.start = np.searchsorted(rows, np.arange(len(labels)), side="left")
        self.stop = np.searchsorted(rows, np.arange(len(labels)), side="right")
        self.by_label = {lab: np.flatnonzero(labels == lab) for lab in (0, 1)}
        self.stride = int(mentions["clause_id"].max()) + 1

    def survey(self, rng, stores: int, per_store: int, coach_share: float, better: float | None = None):
        n = stores * per_store
        store = np.repeat([f"S{i:02d}" for i in range(stores)], per_store)
        positive = rng.random(n) < np.where((store == "S01") & (better is not None), better or 0.0, P_POSITIVE)
        answer = np.where(positive, rng.choice(self.by_label[1], n), rng.choice(self.by_label[0], n))
        empty = rng.random(n) < P_EMPTY
        score = np.where(positive, rng.choice(11, n, p=POSITIVE_SCORES), rng.choice(11, n, p=NEGATIVE_SCORES))
        coached = (store == "S00") & (score <= 6) & (rng.random(n) < coach_share)
        score = np.where(coached, np.where(rng.random(n) < P_TEN, 10, 9), score)
        ids = np.array([f"r{i}" for i in range(n)], dtype=object)
        frame = pd.DataFrame({"respondent_id": ids, "score": score, "store": store})
        who = np.flatnonzero(~empty)
        lengths = self.stop[answer[who]] - self.start[answer[who]]
        owner = np.repeat(who, lengths)
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        take = np.repeat(self.start[answer[who]], lengths) + offsets
        sub = self.m.iloc[take]
        mentions = pd.DataFrame({"respondent_id": ids[owner],
                                 "clause_id": owner.astype(np.int64) * self.stride + sub["clause_id"].to_numpy(),
                                 "theme": sub["theme"].to_numpy(), "polarity": sub["polarity"].to_numpy(),
                                 "sentiment": sub["sentiment"].to_numpy()})
        return frame, mentions, int(coached.sum())


def wilson(k: int, n: int) -> list:
    from textmine.nps import proportion_ci

    lo, hi = proportion_ci(k, n)
    return [round(float(lo), 4), round(float(hi), 4)]


def scenario(sim: Simulator, stores: int, per_store: int, coach_share: float, sims: int, seed: int,
             better: float | None = None) -> dict:
    from textmine.trust import respondent_mismatch, segment_trust

    rng = np.random.default_rng(seed)
    found, by_test, false_flags, surveys_with_false, coached_n, t0 = 0, {}, 0, 0, [], time.perf_counter()
    better_hits: dict = {}
    for _ in range(sims):
        frame, mentions, n_coached = sim.survey(rng, stores, per_store, coach_share, better)
        t = segment_trust(frame, "store", mismatch=respondent_mismatch(mentions, frame)).to_frame()
        t = t.set_index("level")
        coached_n.append(n_coached)
        special = (["S00"] if coach_share > 0 else []) + (["S01"] if better else [])  # coached, better
        clean = t.drop(index=special)["flagged"]
        if better:
            for test in ("flagged", "pval_mismatch_adj", "pval_10_adj", "pval_heaping_adj"):
                hit = t.loc["S01", test] if test == "flagged" else t.loc["S01", test] < 0.05
                better_hits[test] = better_hits.get(test, 0) + int(hit)
        false_flags += int(clean.sum())
        surveys_with_false += bool(clean.any())
        if coach_share > 0 and t.loc["S00", "flagged"]:
            found += 1
            for test in ("pval_mismatch_adj", "pval_10_adj", "pval_heaping_adj"):
                by_test[test] = by_test.get(test, 0) + int(t.loc["S00", test] < 0.05)
    clean_n = sims * (stores - (1 if coach_share > 0 else 0) - (1 if better else 0))
    out = {"stores": stores, "per_store": per_store, "respondents": stores * per_store, "coach_share": coach_share,
           "sims": sims, "coached_respondents_mean": round(float(np.mean(coached_n)), 1),
           "clean_false_flag_rate": round(false_flags / clean_n, 4), "clean_false_flag_ci": wilson(false_flags, clean_n),
           "clean_store_surveys": clean_n, "surveys_with_any_false_flag": round(surveys_with_false / sims, 4),
           "seconds": round(time.perf_counter() - t0, 1)}
    if better:
        out["better_store"] = {"positive_answer_share": better, "flagged_rate": round(better_hits["flagged"] / sims, 4),
                               "flagged_ci": wilson(better_hits["flagged"], sims),
                               "by_test": {k: round(v / sims, 4) for k, v in sorted(better_hits.items()) if k != "flagged"}}
    if coach_share > 0:
        out.update({"detection_rate": round(found / sims, 4), "detection_ci": wilson(found, sims),
                    "coached_store_flagged_by_test": {k: round(v / sims, 4) for k, v in sorted(by_test.items())}})
    return out


def code_state() -> dict:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "textmine"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "uncommitted_textmine_files": []}
    return {"commit": head, "uncommitted_textmine_files": sorted(ln[3:] for ln in dirty if ln.strip())}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sims", type=int, default=200)
    ap.add_argument("--seed", type=int, default=19)
    args = ap.parse_args(argv)
    path = data_dir() / "waimai_10k" / "waimai_10k.csv"
    if not path.is_file():
        print(f"skipped: {path} not found (set TEXTMINE_DATA to the shared data folder)")
        return 0
    import scipy

    started = time.perf_counter()
    load = round(os.getloadavg()[0], 2)
    mentions, labels, pool = code_pool(path)
    print(f"pool coded: {pool}", flush=True)
    sim = Simulator(mentions, labels)
    runs = []
    for i, (stores, per_store, share) in enumerate(GRID):
        r = scenario(sim, stores, per_store, share, args.sims, args.seed + i)
        runs.append(r)
        print(json.dumps(r), flush=True)
    # the limit of the share of 10s: a genuinely better store (no coaching anywhere) raises it too
    better = scenario(sim, HEADLINE["stores"], HEADLINE["per_store"], 0.0, args.sims, args.seed + len(GRID),
                      better=BETTER_POSITIVE)
    print(json.dumps(better), flush=True)
    head = next(r for r in runs if (r["stores"], r["per_store"], r["coach_share"]) ==
                (HEADLINE["stores"], HEADLINE["per_store"], HEADLINE["coach_share"]))
    out = {
        "benchmark": "trust_coaching", "code": code_state(), "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": sys.version.split()[0],
                    "load_average_at_start": load},
        "versions": {"numpy": np.__version__, "pandas": pd.__version__, "scipy": scipy.__version__},
        "data": {"dataset": "waimai_10k/waimai_10k.csv", **pool, "how_the_text_reads_the_labels": readability(mentions, labels)},
        "design": {"positive_answer_share": P_POSITIVE, "empty_answer_share": P_EMPTY,
                   "score_given_positive_answer": POSITIVE_SCORES, "score_given_negative_answer": NEGATIVE_SCORES,
                   "coaching": f"in store S00 each detractor (0-6) gets 10 (p={P_TEN}) or 9 with probability "
                               "coach_share; the answer stays", "test": "segment_trust(frame, 'store', "
                   "mismatch=respondent_mismatch(mentions, frame)), fdr=0.05, min_n=30, alpha=0.05",
                   "sims_per_scenario": args.sims, "seed": args.seed},
        "targets": {"detection_rate": ">= 0.90", "clean_false_flag_rate": "<= 0.05", "headline": HEADLINE},
        "headline": {"detection_rate": head["detection_rate"], "detection_ci": head["detection_ci"],
                     "clean_false_flag_rate": head["clean_false_flag_rate"], "clean_false_flag_ci": head["clean_false_flag_ci"],
                     "meets_targets": bool(head["detection_rate"] >= 0.9 and head["clean_false_flag_rate"] <= 0.05)},
        "runs": runs, "better_store_no_coaching": better, "seconds": round(time.perf_counter() - started, 1),
    }
    dest = ROOT / "benchmarks" / "results" / "trust_coaching.json"
    dest.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {dest.relative_to(ROOT)}: headline {out['headline']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
