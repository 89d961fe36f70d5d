"""Interval coverage of textmine.loop by simulation (issue 19: 93-97% for nominal 95%).

Three generating models with known truth, each run through the public API (textmine.loop) on simulated tables —
no ``analyze`` inside the simulations: the panel's wave-1 themes are simulated flags in the respondents.csv layout.

fatigue     contacts get up to 4 invitations 7 days apart and stop once they answer; the answer probability at
            the k-th reminder (k previous invitations in the 30 days before) is HAZARD[k]; the 0-10 score of an
            answer at k is round(N(8.2 - 0.6 k, 2.0)) clipped to 0-10, so the true mean and NPS are exact (normal
            CDF). Checked: response rate (Wilson), rate ratio to k = 0 (Katz), mean score (t), NPS (adjusted Wald)
            per group of invitations_30d.
conversion  wave-1 NPS groups with theme flags (a "fixed" complaint, an "app" mention, three null themes); the
            wave-2 group depends on the wave-1 group and the fixed / app flags only. Checked: transition shares
            (Wilson), per-theme conversion rates with / without (Wilson) and their difference (Newcombe), for
            detractor -> promoter and promoter -> detractor, and the fixed-vs-other-complaints difference.
referrals   scores from a fixed 0-10 distribution; a respondent refers with the probability of its NPS group.
            Checked: referral rate per group and overall (Wilson), rate ratios to detractors (Katz), the score's
            AUC for referring (DeLong), the true AUC computed exactly from the model.

    python benchmarks/bench_loop_coverage.py [--sims 1000] [--workers 2]

Writes benchmarks/results/loop_coverage.json: per statistic the coverage, the number of intervals and the exact
(Clopper-Pearson) 95% interval of the coverage. Intervals of one simulated dataset are not independent of one
another (e.g. a rate and a ratio on it; the two referral rate ratios share the detractors' count), so the binomial
interval of a pooled coverage is a little optimistic; the Katz interval of the referral design is also checked on
40,000 datasets of counts alone (``referrals_rate_ratio_from_counts``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import datetime, timezone
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

# --- fatigue ---------------------------------------------------------------------------------------------------
CONTACTS, HAZARD, MU, SLOPE, SD = 3000, np.array([0.35, 0.26, 0.19, 0.13]), 8.2, -0.6, 2.0
# --- conversion ------------------------------------------------------------------------------------------------
WAVE1, RETAIN, GROUP_P = 1500, 0.7, np.array([0.35, 0.35, 0.30])  # detractor, passive, promoter
P_FIX = np.array([0.30, 0.10, 0.10])  # P(complained of the fixed theme | group)
P_APP = np.array([0.15, 0.15, 0.20])
P_NULL = 0.20
ROWS = {"det_fix": [0.25, 0.35, 0.40], "det_other": [0.58, 0.30, 0.12], "pas": [0.20, 0.50, 0.30],
        "pro_app": [0.30, 0.25, 0.45], "pro_other": [0.07, 0.23, 0.70]}
GROUPS = ("detractor", "passive", "promoter")
# --- referrals -------------------------------------------------------------------------------------------------
RESPONDENTS = 1500
SCORE_P = np.array([0.03, 0.02, 0.03, 0.04, 0.05, 0.08, 0.10, 0.15, 0.17, 0.16, 0.17])
REFER_P = {"detractor": 0.05, "passive": 0.12, "promoter": 0.30}


def score_dist(k: int) -> np.ndarray:
    """P(score = 0..10) of an answer after k previous invitations."""
    edges = stats.norm.cdf((np.arange(0.5, 10.5) - (MU + SLOPE * k)) / SD)
    return np.diff(np.concatenate([[0.0], edges, [1.0]]))


def group_of(s):
    return np.where(s >= 9, 2, np.where(s >= 7, 1, 0))


def truth() -> dict:
    fat = {"rate": HAZARD.tolist(), "rate_ratio": (HAZARD / HAZARD[0]).tolist(), "mean": [], "nps": []}
    for k in range(4):
        p = score_dist(k)
        fat["mean"].append(float(p @ np.arange(11)))
        fat["nps"].append(float(100 * (p[9:].sum() - p[:7].sum())))
    det = P_FIX[0] * np.array(ROWS["det_fix"]) + (1 - P_FIX[0]) * np.array(ROWS["det_other"])
    pro = P_APP[2] * np.array(ROWS["pro_app"]) + (1 - P_APP[2]) * np.array(ROWS["pro_other"])
    conv_mix = det[2]  # detractor -> promoter, whatever the themes other than "fixed"
    loss_mix = pro[0]
    conv = {"detractor_to_promoter": {"FIX": (ROWS["det_fix"][2], ROWS["det_other"][2])},
            "promoter_to_detractor": {"APP": (ROWS["pro_app"][0], ROWS["pro_other"][0])}}
    for t in ("APP", "N1", "N2", "N3"):
        conv["detractor_to_promoter"][t] = (conv_mix, conv_mix)
    for t in ("FIX", "N1", "N2", "N3"):
        conv["promoter_to_detractor"][t] = (loss_mix, loss_mix)
    pg = np.array([SCORE_P[:7].sum(), SCORE_P[7:9].sum(), SCORE_P[9:].sum()])
    rates = np.array([REFER_P[g] for g in GROUPS])
    p_s = rates[group_of(np.arange(11))]
    ref, non = SCORE_P * p_s / (SCORE_P @ p_s), SCORE_P * (1 - p_s) / (SCORE_P @ (1 - p_s))
    auc = sum(ref[a] * non[b] for a in range(11) for b in range(a)) + 0.5 * float(ref @ non)
    return {"fatigue": fat,
            "transitions": {"detractor": det.tolist(), "passive": ROWS["pas"], "promoter": pro.tolist()},
            "conversion": conv, "fixed": (ROWS["det_fix"][2], ROWS["det_other"][2]),
            "referrals": {"rate": {**dict(zip(GROUPS, rates.tolist())), "all": float(pg @ rates)},
                          "rate_ratio": {g: REFER_P[g] / REFER_P["detractor"] for g in ("promoter", "passive")},
                          "auc": float(auc)}}


def _inside(lo, hi, true) -> list:
    return [bool(a <= t <= b) for a, b, t in zip(np.atleast_1d(lo), np.atleast_1d(hi), np.atleast_1d(true))]


def sim_fatigue(rng, tr) -> dict:
    from textmine.loop import contact_cadence

    start = np.datetime64("2026-01-01") + rng.integers(0, 120, CONTACTS).astype("timedelta64[D]")
    ids, days, answered, s_ids, s_scores = [], [], [], [], []
    at_risk = np.ones(CONTACTS, bool)
    for k in range(4):
        who = np.flatnonzero(at_risk)
        yes = rng.random(who.size) < HAZARD[k]
        ids.append(who)
        days.append(start[who] + np.timedelta64(7 * k, "D"))
        answered.append(yes)
        s_ids.append(who[yes])
        s_scores.append(rng.choice(11, yes.sum(), p=score_dist(k)))
        at_risk[who[yes]] = False
    log = pd.DataFrame({"customer_id": [f"C{i}" for i in np.concatenate(ids)], "invited": np.concatenate(days),
                        "responded": np.where(np.concatenate(answered), "yes", "no")})
    survey = pd.DataFrame({"respondent_id": [f"C{i}" for i in np.concatenate(s_ids)],
                           "score": np.concatenate(s_scores)})
    t = contact_cadence(log, survey, id="customer_id", date="invited", responded="responded",
                        survey_id="respondent_id", score="score").to_frame()
    t = t[t["window"] == "invitations_30d"]
    f = tr["fatigue"]
    return {"fatigue.rate": _inside(t["ci_low"], t["ci_high"], f["rate"]),
            "fatigue.rate_ratio": _inside(t["rr_ci_low"][1:], t["rr_ci_high"][1:], f["rate_ratio"][1:]),
            "fatigue.mean_score": _inside(t["mean_ci_low"], t["mean_ci_high"], f["mean"]),
            "fatigue.nps": _inside(t["nps_ci_low"], t["nps_ci_high"], f["nps"])}


def sim_panel(rng, tr) -> dict:
    from textmine.loop import panel_transitions

    g1 = rng.choice(3, WAVE1, p=GROUP_P)
    lo, hi = np.array([0, 7, 9]), np.array([7, 9, 11])
    s1 = rng.integers(lo[g1], hi[g1])
    fix, app = rng.random(WAVE1) < P_FIX[g1], rng.random(WAVE1) < P_APP[g1]
    nulls = rng.random((WAVE1, 3)) < P_NULL
    kind = np.where(g1 == 0, np.where(fix, 0, 1), np.where(g1 == 1, 2, np.where(app, 3, 4)))
    probs = np.array(list(ROWS.values()))[kind]
    g2 = (rng.random(WAVE1)[:, None] > np.cumsum(probs, axis=1)).sum(axis=1)
    s2 = rng.integers(lo[g2], hi[g2])
    keep = rng.random(WAVE1) < RETAIN
    ids = np.array([f"R{i}" for i in range(WAVE1)], dtype=object)
    flags = np.column_stack([fix, app, nulls])
    names = np.array(["FIX", "APP", "N1", "N2", "N3"])
    joined = [";".join(names[row]) for row in flags]
    themes = pd.DataFrame({"respondent_id": ids, "themes": joined, "theme_names": joined,
                           "criticised": [j if g < 2 else "" for j, g in zip(joined, g1)],
                           "praised": [j if g == 2 else "" for j, g in zip(joined, g1)]})
    themes["criticised_names"], themes["praised_names"] = themes["criticised"], themes["praised"]
    r = panel_transitions([pd.DataFrame({"id": ids, "score": s1}), pd.DataFrame({"id": ids[keep], "score": s2[keep]})],
                          id="id", score="score", themes=themes, fixed=["FIX"])
    out = {"conversion.transition_share": [], "conversion.rate_with": [], "conversion.rate_without": [],
           "conversion.diff_effect": [], "conversion.diff_null": [], "conversion.fixed_diff": []}
    t = r.transitions
    for g in GROUPS:
        part = t[t["from"] == g]
        out["conversion.transition_share"] += _inside(part["ci_low"], part["ci_high"], tr["transitions"][g])
    c = r.conversion
    for name, per in tr["conversion"].items():
        for theme, (w, wo) in per.items():
            row = c[(c["transition"] == name) & (c["kind"] == "theme") & (c["theme_id"] == theme)].iloc[0]
            out["conversion.rate_with"] += _inside(row["ci_low_with"], row["ci_high_with"], w)
            out["conversion.rate_without"] += _inside(row["ci_low_without"], row["ci_high_without"], wo)
            key = "conversion.diff_effect" if w != wo else "conversion.diff_null"
            out[key] += _inside(row["diff_ci_low"], row["diff_ci_high"], w - wo)
    row = c[c["kind"] == "fixed"].iloc[0]
    out["conversion.fixed_diff"] += _inside(row["diff_ci_low"], row["diff_ci_high"], tr["fixed"][0] - tr["fixed"][1])
    return out


def sim_referrals(rng, tr) -> dict:
    from textmine.loop import referral_rates

    s = rng.choice(11, RESPONDENTS, p=SCORE_P)
    p = np.array([REFER_P[g] for g in GROUPS])[group_of(s)]
    count = np.where(rng.random(RESPONDENTS) < p, 1 + rng.poisson(0.5, RESPONDENTS), 0)
    ids = [f"R{i}" for i in range(RESPONDENTS)]
    r = referral_rates(pd.DataFrame({"id": ids, "score": s}), pd.DataFrame({"id": ids, "referred": count}),
                       id="id", score="score", count="referred")
    t = r.to_frame().set_index("group")
    rt = tr["referrals"]
    groups = list(t.index)
    return {"referrals.rate": _inside(t["ci_low"], t["ci_high"], [rt["rate"][g] for g in groups]),
            "referrals.rate_ratio": _inside(t.loc[["promoter", "passive"], "rr_ci_low"],
                                            t.loc[["promoter", "passive"], "rr_ci_high"],
                                            [rt["rate_ratio"]["promoter"], rt["rate_ratio"]["passive"]]),
            "referrals.auc": _inside(r.auc["ci_low"], r.auc["ci_high"], rt["auc"])}


def count_level_rate_ratio(sims: int = 40_000) -> dict:
    """The Katz interval's coverage on the referral design from counts alone (no tables, many more datasets): the
    pipeline's two ratios share the detractors' count, so their misses come together and a pooled binomial interval
    understates the Monte Carlo error; this separates the method's coverage from that noise."""
    from textmine.loop._loopstats import katz_ratio

    rng = np.random.default_rng(1919)
    pg = np.array([SCORE_P[:7].sum(), SCORE_P[7:9].sum(), SCORE_P[9:].sum()])
    n = rng.multinomial(RESPONDENTS, pg, size=sims)
    k = rng.binomial(n, np.array([REFER_P[g] for g in GROUPS]))
    out = {"datasets": sims}
    for j, g in ((2, "promoter"), (1, "passive")):
        _, lo, hi = katz_ratio(k[:, j], n[:, j], k[:, 0], n[:, 0])
        true = REFER_P[g] / REFER_P["detractor"]
        out[g] = round(float(np.mean((lo <= true) & (true <= hi))), 4)
    return out


def one(seed: int) -> dict:
    tr = truth()
    rng = np.random.default_rng([19, seed])
    out = {}
    for f in (sim_fatigue, sim_panel, sim_referrals):
        out.update(f(rng, tr))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sims", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    t0 = time.perf_counter()
    with Pool(args.workers) as pool:
        runs = pool.map(one, range(args.sims), chunksize=10)
    secs = time.perf_counter() - t0
    cov = {}
    for key in runs[0]:
        hits = np.array([r[key] for r in runs], dtype=bool)  # sims x intervals
        k, n = int(hits.sum()), int(hits.size)
        ci = stats.binomtest(k, n).proportion_ci(method="exact")
        cov[key] = {"coverage": round(k / n, 4), "ci_low": round(ci.low, 4), "ci_high": round(ci.high, 4),
                    "intervals": n, "per_interval": [round(float(x), 4) for x in hits.mean(axis=0)],
                    "within_93_97": bool(0.93 <= k / n <= 0.97)}
    import scipy

    out = {
        "benchmark": "loop_coverage",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__},
        "design": {"simulations": args.sims, "nominal": 0.95, "coverage_interval": "Clopper-Pearson 95%",
                   "fatigue": {"contacts": CONTACTS, "hazard": HAZARD.tolist(), "score_mean": MU,
                               "score_slope_per_invitation": SLOPE, "score_sd": SD},
                   "conversion": {"wave1": WAVE1, "retained": RETAIN, "group_p": GROUP_P.tolist(),
                                  "p_fixed": P_FIX.tolist(), "p_app": P_APP.tolist(), "p_null": P_NULL,
                                  "rows": ROWS},
                   "referrals": {"respondents": RESPONDENTS, "score_p": SCORE_P.tolist(), "refer_p": REFER_P}},
        "truth": truth(),
        "coverage": cov,
        "all_within_93_97": all(c["within_93_97"] for c in cov.values()),
        "referrals_rate_ratio_from_counts": count_level_rate_ratio(),
        "seconds": round(secs, 1),
    }
    path = Path(__file__).parent / "results" / "loop_coverage.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps({k: {x: c[x] for x in ("coverage", "ci_low", "ci_high", "intervals")} for k, c in cov.items()},
                     indent=1))
    print(f"Katz rate ratio from counts alone: {out['referrals_rate_ratio_from_counts']}")
    print(f"all within 93-97%: {out['all_within_93_97']}; {out['seconds']} s")


if __name__ == "__main__":
    main()
