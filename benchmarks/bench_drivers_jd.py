"""Text -> score on real reviews (issue 8): which themes drive low and high stars on jd_aircon_reviews.

Runs textmine's own stages on the JD.com air-conditioner reviews, as ``textmine.analyze`` does
(clauses -> aspect vectors from the shipped encoder -> discovered themes -> signed mentions), then:

- ``DriverAnalysis`` on stars: a star rating is put on the 0-10 scale as ``2 * stars`` so that
  "promoter" = 5 stars and "detractor" = 1-3 stars (4 stars = passive; only 29 reviews). Penalty
  terms (negative mentions) say what drives low stars, reward terms (positive mentions) what
  drives 5 stars; ``*_score / 2`` is the OLS effect in stars;
- ``segment_drivers`` by brand (segments, with small-base warnings);
- ``decompose_change`` between the two review months with most reviews (change over time; the
  contributions must sum exactly to the total change);
- the CLI ``textmine drivers MENTIONS --respondents RESP --score score --out FILE`` on the same
  mentions, written to a temporary folder and removed (the table it writes must equal the API's).

The crawl over-samples low stars (about 48% 1-star), so shares and "NPS" levels describe this
sample, not JD's customers; the relations between themes and stars are what is measured.
Writes benchmarks/results/drivers_jd.json: theme names (keyword labels) and figures, never texts.

    python benchmarks/bench_drivers_jd.py [--boot 1000]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd


def data_dir() -> Path:
    env = os.environ.get("TEXTMINE_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"


def r(x, nd=2):
    return None if x is None or not np.isfinite(x) else round(float(x), nd)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--boot", type=int, default=1000)
    ap.add_argument("--top", type=int, default=8)
    args = ap.parse_args()
    path = data_dir() / "jd_aircon_reviews" / "jd_aircon_reviews.csv"
    if not path.exists():
        print(f"skipped: dataset jd_aircon_reviews not found under {path.parent.parent} (set TEXTMINE_DATA)")
        return
    from textmine.drivers import DriverAnalysis, decompose_change, mentions_to_matrix, segment_drivers
    from textmine.embed import get_encoder
    from textmine.text import to_clauses
    from textmine.text import aspect_texts
    from textmine.themes import ThemeDiscoverer, discover_themes

    timings = {}
    t0 = time.perf_counter()
    raw = pd.read_csv(path)
    resp = pd.DataFrame({"respondent_id": np.arange(len(raw)), "score": 2 * raw["score"].astype(int),
                         "stars": raw["score"].astype(int), "brand": raw["brand"].astype(str),
                         "month": raw["review_time"].astype(str).str[:7]})
    texts = pd.DataFrame({"respondent_id": resp["respondent_id"],
                          "text": raw["review"].astype(str).map(html.unescape)})
    clauses = to_clauses(texts, text_col="text", id_col="respondent_id", progress=False)
    timings["clauses"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    enc = get_encoder(None)
    vectors = enc.encode(aspect_texts(clauses))
    timings["encode"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    disc = ThemeDiscoverer(merge_threshold=0.55, max_themes=30, random_state=0)  # analyze()'s defaults
    themes = discover_themes(clauses, vectors, resp[["respondent_id", "score"]], discoverer=disc, encoder_id=enc.id)
    timings["themes"] = time.perf_counter() - t0
    m = themes.mentions
    m = m[m["theme"] != "NC"]
    names = themes.codebook.names()
    ids = sorted(m["theme"].unique())
    matrix = mentions_to_matrix(m, resp, signed=True)

    t0 = time.perf_counter()
    load = os.getloadavg()[0]
    res = DriverAnalysis(n_boot=args.boot).fit(matrix, themes=ids, score="score").result_
    timings["drivers"] = time.perf_counter() - t0
    t = res.to_frame().set_index("theme")

    def row(th):
        x = t.loc[th]
        return {"theme": th, "name": names.get(th, th), "n": int(x["n"]), "share": r(x["share"], 3),
                "n_pos": int(x["n_positive"]), "n_neg": int(x["n_negative"]),
                "mean_stars_with": r(x["mean_with"] / 2), "mean_stars_without": r(x["mean_without"] / 2),
                "penalty_nps": r(x["penalty_nps"]), "penalty_ci": [r(x["penalty_ci_low"]), r(x["penalty_ci_high"])],
                "penalty_pval_adj": r(x["penalty_pval_adj"], 4),
                "reward_nps": r(x["reward_nps"]), "reward_ci": [r(x["reward_ci_low"]), r(x["reward_ci_high"])],
                "reward_pval_adj": r(x["reward_pval_adj"], 4),
                "penalty_stars": r(x["penalty_score"] / 2), "reward_stars": r(x["reward_score"] / 2),
                "removal_impact": r(x["removal_impact"]),
                "removal_ci": [r(x["removal_ci_low"]), r(x["removal_ci_high"])],
                "rel_weight_pct": r(x["rel_weight_pct"], 1), "kano": x["kano"], "small_base": bool(x["small_base"])}

    low = t.sort_values("penalty_nps").index[:args.top]
    high = t.sort_values("reward_nps", ascending=False).index[:args.top]
    sig_pen = int(((t["penalty_pval_adj"] < 0.05) & (t["penalty_nps"] < 0)).sum())
    sig_rew = int(((t["reward_pval_adj"] < 0.05) & (t["reward_nps"] > 0)).sum())

    # segments: brand
    t0 = time.perf_counter()
    seg = segment_drivers(matrix, segment="brand", themes=ids, score="score", n_boot=200)
    timings["segments"] = time.perf_counter() - t0
    tests = seg.tests
    seg_out = {"segments": int(seg.table["segment"].nunique()),
               "segment_n": {str(k): int(v) for k, v in seg.table.groupby("segment")["n_segment"].first().items()},
               "themes_with_share_difference_p_adj_lt_0.05": int((tests["share_pval_adj"] < 0.05).sum()),
               "themes_with_impact_difference_p_adj_lt_0.05": int((tests["impact_pval_adj"] < 0.05).sum()),
               "warnings": len(seg.warnings),
               "small_segment_warnings": [w for w in seg.warnings if w.startswith("segment")]}

    # change over time: the two months with most reviews
    t0 = time.perf_counter()
    months = resp["month"].value_counts().index[:2].sort_values()
    ch = decompose_change(matrix.assign(month=resp["month"]), period="month", before=months[0], after=months[1],
                          themes=ids, score="score", n_boot=200)
    timings["change"] = time.perf_counter() - t0
    cf = ch.to_frame()
    top_ch = cf.reindex(cf["contribution"].abs().sort_values(ascending=False).index).head(5)
    change_out = {"before": months[0], "after": months[1], "n_before": ch.n_before_, "n_after": ch.n_after_,
                  "nps_before": r(ch.nps_before_), "nps_after": r(ch.nps_after_), "total": r(ch.total_),
                  "total_ci": [r(v) for v in ch.total_ci_],
                  "sum_of_contributions_minus_total": float(cf["contribution"].sum() - ch.total_),
                  "largest_contributions": [{"theme": th, "name": names.get(th, th),
                                             "contribution": r(c), "ci": [r(lo), r(hi)]}
                                            for th, c, lo, hi in top_ch[["theme", "contribution", "ci_low",
                                                                         "ci_high"]].itertuples(index=False)]}

    # CLI on the same mentions (temporary files only: the mentions table holds masked clauses)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        mp, rp, op = Path(tmp) / "mentions.csv", Path(tmp) / "respondents.csv", Path(tmp) / "drivers.csv"
        m[["respondent_id", "theme", "polarity"]].to_csv(mp, index=False)
        resp[["respondent_id", "score"]].to_csv(rp, index=False)
        exe = Path(sys.executable).with_name("textmine")
        cmd = [str(exe), "drivers", str(mp), "--respondents", str(rp), "--score", "score", "--out", str(op),
               "--n-boot", "0", "--quiet"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        cli = {"command": "textmine drivers mentions.csv --respondents respondents.csv --score score "
                          "--out drivers.csv --n-boot 0 --quiet", "exit_code": proc.returncode}
        if proc.returncode == 0:
            c = pd.read_csv(op).set_index("theme").loc[ids]
            api = DriverAnalysis(n_boot=0).fit(matrix, themes=ids, score="score").result_.to_frame().set_index("theme")
            cols = ["n", "share", "removal_impact", "impact_nps", "penalty_nps", "reward_nps"]
            cli["rows"] = int(len(c))
            cli["max_abs_diff_vs_api"] = float(np.nanmax(np.abs(c[cols].to_numpy(float) - api[cols].to_numpy(float))))
        else:
            cli["stderr_last_line"] = (proc.stderr.strip().splitlines() or [""])[-1][:300]
    timings["cli"] = time.perf_counter() - t0

    import scipy
    out = {
        "benchmark": "drivers_jd",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_average_before_drivers": round(load, 2)},
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__},
        "data": {"dataset": "jd_aircon_reviews/jd_aircon_reviews.csv", "reviews": int(len(raw)),
                 "stars": {int(k): int(v) for k, v in raw["score"].value_counts().sort_index().items()},
                 "clauses": int(len(clauses)), "content_clauses": int((~clauses["no_content"]).sum()),
                 "caveat": "the crawl over-samples low stars (~48% 1-star): levels describe this sample only"},
        "design": {"score": "2 * stars on the 0-10 scale: promoter = 5 stars, passive = 4, detractor = 1-3",
                   "themes": f"discovered as textmine.analyze does: encoder {enc.id}, ThemeDiscoverer("
                             "merge_threshold=0.55, max_themes=30, random_state=0) on aspect texts; "
                             "polarity = clause lexicon sentiment",
                   "drivers": f"DriverAnalysis(n_boot={args.boot}) signed (reward = positive mention, "
                              "penalty = negative mention); *_stars = OLS coefficient on 2*stars / 2"},
        "themes_found": len(ids), "unassigned_clause_share": r(themes.unassigned_share, 3),
        "overall": {k: r(v) if isinstance(v, float) else v for k, v in res.overall.items()},
        "significant_penalties_p_adj_lt_0.05": sig_pen, "significant_rewards_p_adj_lt_0.05": sig_rew,
        "drive_low_stars": [row(th) for th in low],
        "drive_high_stars": [row(th) for th in high],
        "dropped_terms": len(res.dropped),
        "segments_by_brand": seg_out,
        "change_over_time": change_out,
        "cli": cli,
        "seconds": {k: round(v, 1) for k, v in timings.items()},
    }
    dest = Path(__file__).parent / "results" / "drivers_jd.json"
    dest.write_text(json.dumps(out, indent=1, ensure_ascii=False))
    print(f"{len(ids)} themes; overall 5-star minus 1-3-star share {res.overall['nps']:.1f} (n={res.overall['n']})")
    print("drive LOW stars (penalty, NPS points; stars):")
    for x in out["drive_low_stars"]:
        print(f"  {x['name'][:28]:<30} n_neg={x['n_neg']:5d} {x['penalty_nps']:+7.1f} {x['penalty_ci']} "
              f"{x['penalty_stars']:+.2f}")
    print("drive HIGH stars (reward):")
    for x in out["drive_high_stars"]:
        print(f"  {x['name'][:28]:<30} n_pos={x['n_pos']:5d} {x['reward_nps']:+7.1f} {x['reward_ci']} "
              f"{x['reward_stars']:+.2f}")
    print("segments:", json.dumps({k: v for k, v in seg_out.items() if k != "small_segment_warnings"},
                                  ensure_ascii=False))
    print("change:", json.dumps({k: v for k, v in change_out.items() if k != "largest_contributions"},
                                ensure_ascii=False))
    print("cli:", json.dumps(cli, ensure_ascii=False))
    print("seconds:", out["seconds"])


if __name__ == "__main__":
    main()
