"""Planted-driver benchmark on real text (issue 8).

Takes the ccf2018_car_opinions answers with their gold subjects and sentiments, generates 0-10
scores from known per-subject effects plus noise (positive mention: +reward, negative
mention: -penalty, neutral: 0), then recovers the effects with ``DriverAnalysis`` and compares
the rankings (Spearman) of true and recovered effects:

- ``gold``: the gold subject x sentiment labels (target: Spearman >= 0.9);
- ``keyword_rules (stand-in)``: a crude keyword + lexicon tagger written here, a baseline;
- ``classifier/...``: textmine's ReasonClassifier cross-fitted over 5 folds (never scores an answer
  it was trained on), polarity from the clause lexicon or a cross-fitted PolarityClassifier
  (bench_drivers_taggers.py);
- ``discovered/clause_lexicon``: what ``textmine.analyze`` codes (the public function run on the answers:
  survey-adapted encoder, aspect-first themes, secondary mentions, clause sentiment lexicon + shipped polarity
  model; the key keeps its old name), each theme mapped to the gold subject it overlaps most -- a mapping that
  uses the gold labels; the overall-evaluation theme (整体评价) is mapped to no subject;
  ``discovered/clause_model``: the same themes with a cross-fitted PolarityClassifier's clause polarity;
  ``discovered/lexicon_polarity``: the same themes with the clause lexicon's polarity alone;
- ``X | subject_errors_only`` / ``X | polarity_errors_only``: isolate X's two kinds of error;
- any tagger plugged in with ``--tagger module:function`` (the hook for the classifier or
  discovered themes): a callable ``f(texts: list[str]) -> DataFrame`` of mentions with
  columns ``row`` (position in texts), ``theme``, ``polarity`` (-1/0/1). Themes whose names are
  not gold subjects (discovered clusters) are mapped to the gold subject they overlap most.

Scores are generated from the gold labels only; the taggers see only the text.

    python benchmarks/bench_drivers_planted.py [--reps 20] [--tagger-seeds 3] [--only discovered]
                                               [--tagger pkg.mod:func]

``--only discovered`` skips the classifier taggers (many minutes) and replaces only the recomputed keys of the
existing JSON (the noise draws are the same), recording the rerun in its ``reruns`` list.

Data folder: $TEXTMINE_DATA (default ../shared/data next to the repo). Writes
benchmarks/results/drivers_planted.json. Prints figures only, never texts.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import re
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

SUBJECTS = ["动力", "价格", "油耗", "操控", "舒适性", "配置", "安全性", "内饰", "外观", "空间"]

# ---- keyword-rule stand-in tagger (NOT the classifier) -------------------------------
KEYWORDS = {
    "动力": ["动力", "加速", "发动机", "马力", "提速", "涡轮", "扭矩", "变速箱", "顿挫", "起步", "超车", "机油"],
    "价格": ["价格", "价钱", "优惠", "便宜", "性价比", "落地", "降价", "万", "贵", "报价", "保值"],
    "油耗": ["油耗", "省油", "费油", "个油", "百公里", "耗油", "烧油"],
    "操控": ["操控", "方向盘", "转向", "底盘", "操作", "驾驶", "过弯", "指向"],
    "舒适性": ["舒适", "噪音", "隔音", "座椅", "异响", "震动", "颠", "减震", "胎噪", "风噪", "空调"],
    "配置": ["配置", "导航", "天窗", "倒车", "大灯", "自动", "影像", "雷达", "多媒体", "四驱", "系统"],
    "安全性": ["安全", "刹车", "气囊", "碰撞", "制动", "esp", "ESP"],
    "内饰": ["内饰", "做工", "异味", "中控", "仪表", "塑料", "味道"],
    "外观": ["外观", "颜值", "好看", "漂亮", "造型", "车身", "前脸", "颜色", "大气"],
    "空间": ["空间", "后排", "后备箱", "宽敞", "储物", "头部", "腿部"],
}
POSITIVE = ["好", "不错", "满意", "喜欢", "给力", "舒服", "舒适", "省油", "漂亮", "好看", "推荐", "值", "强", "稳",
            "静", "宽敞", "便宜", "优惠", "够用", "流畅", "灵活", "大气"]
NEGATIVE = ["差", "不好", "问题", "毛病", "异响", "抖", "贵", "费油", "垃圾", "失望", "不满", "后悔", "漏", "坏",
            "烂", "吵", "顿挫", "肉", "硬", "小", "高", "慢", "烧", "不行", "一般", "味"]
NEGATORS = ["不", "没", "没有", "不太", "不够", "别"]


def _lexicon_polarity(text: str) -> int:
    score = 0
    for word in NEGATIVE:
        score -= text.count(word)
    for word in POSITIVE:
        for m in re.finditer(re.escape(word), text):
            pre = text[max(0, m.start() - 2):m.start()]
            score += -1 if any(pre.endswith(n) for n in NEGATORS) else 1
    return int(np.sign(score))


def tag_keyword_rules(texts: list[str]) -> pd.DataFrame:
    """Stand-in tagger: subject by keyword, polarity from a small lexicon on the whole text."""
    rows = []
    for i, text in enumerate(texts):
        pol = None
        for subject, words in KEYWORDS.items():
            if any(w in text for w in words):
                pol = _lexicon_polarity(text) if pol is None else pol
                rows.append((i, subject, pol))
    return pd.DataFrame(rows, columns=["row", "theme", "polarity"])


# ---- data, planted effects ---------------------------------------------------------------
def data_dir() -> Path:
    env = os.environ.get("TEXTMINE_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"


def load_gold(folder: Path) -> tuple[pd.DataFrame, list[str]]:
    long = pd.read_csv(folder / "ccf2018_car_opinions" / "labels_long.csv")
    ids = pd.Index(pd.unique(long["content_id"]))
    texts = long.drop_duplicates("content_id").set_index("content_id").loc[ids, "content"].tolist()
    gold = pd.DataFrame({"row": ids.get_indexer(long["content_id"]), "theme": long["subject"],
                         "polarity": long["sentiment_value"].astype(int)})
    return gold, texts


def planted_effects(seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"theme": SUBJECTS, "reward": rng.permutation(np.linspace(0.3, 2.1, 10)),
                         "penalty": rng.permutation(np.linspace(0.4, 3.1, 10))})


def matrix(mentions: pd.DataFrame, n: int) -> pd.DataFrame:
    from textmine.drivers import mentions_to_matrix

    m = mentions_to_matrix(mentions.rename(columns={"row": "respondent_id"}), respondents=range(n))
    return m.reindex(columns=SUBJECTS, fill_value=0).reset_index(drop=True)


def scores(gold_matrix: pd.DataFrame, eff: pd.DataFrame, rng, noise: float = 1.8) -> np.ndarray:
    codes = gold_matrix[SUBJECTS].to_numpy()
    pos, neg = np.isin(codes, (1, 3)), np.isin(codes, (-1, 3))
    lat = 7.4 + pos @ eff["reward"].to_numpy() - neg @ eff["penalty"].to_numpy() + rng.normal(0, noise, len(codes))
    return np.clip(np.round(lat), 0, 10).astype(int)


def map_to_subjects(tagged: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Map discovered theme names to the gold subject they overlap most (identity for gold names)."""
    unknown = sorted(set(tagged["theme"]) - set(SUBJECTS), key=str)
    if not unknown:
        return tagged
    pairs = tagged[["row", "theme"]].drop_duplicates().merge(
        gold[["row", "theme"]].drop_duplicates().rename(columns={"theme": "subject"}), on="row")
    best = pairs.groupby(["theme", "subject"]).size().reset_index(name="k").sort_values("k").groupby("theme").last()
    out = tagged.assign(theme=tagged["theme"].map(lambda t: t if t in SUBJECTS else best["subject"].get(t)))
    return out.dropna(subset=["theme"])


def recover(frame: pd.DataFrame, eff: pd.DataFrame, n_boot: int) -> dict:
    from textmine.drivers import DriverAnalysis

    t = DriverAnalysis(n_boot=n_boot, min_mentions=10, max_shapley=0).fit(
        frame, themes=SUBJECTS).result_.to_frame().set_index("theme")
    t = t.loc[SUBJECTS]
    true = np.r_[eff["reward"], -eff["penalty"]]
    est_nps = np.r_[t["reward_nps"], t["penalty_nps"]]
    est_score = np.r_[t["reward_score"], t["penalty_score"]]
    ok = np.isfinite(est_nps)

    def rho(a, b):
        m = np.isfinite(a) & np.isfinite(b)
        return float(spearmanr(a[m], b[m]).statistic) if m.sum() > 2 else float("nan")

    return {"spearman_all_terms_nps": rho(true, est_nps), "spearman_all_terms_score": rho(true, est_score),
            "spearman_penalty_nps": rho(-eff["penalty"].to_numpy(), t["penalty_nps"].to_numpy()),
            "spearman_reward_nps": rho(eff["reward"].to_numpy(), t["reward_nps"].to_numpy()),
            "terms_estimated": int(ok.sum()), "terms_total": int(ok.size),
            "reward_nps": t["reward_nps"].to_numpy(), "penalty_nps": t["penalty_nps"].to_numpy()}


def load_tagger(spec: str):
    mod, _, fn = spec.partition(":")
    return getattr(importlib.import_module(mod), fn)


def pairs(men: pd.DataFrame) -> pd.DataFrame:
    """One row per (row, theme) with the polarity code of the driver matrix (1, -1, 0 neutral, 3 mixed)."""
    g = men.groupby(["row", "theme"])["polarity"]
    pos, neg = g.apply(lambda s: (s > 0).any()), g.apply(lambda s: (s < 0).any())
    code = np.where(pos & neg, 3, np.where(pos, 1, np.where(neg, -1, 0)))
    return pd.DataFrame({"code": code}, index=pos.index).reset_index()


def diagnose(men: pd.DataFrame, gold: pd.DataFrame) -> tuple[dict, dict]:
    """Subject precision/recall per subject, polarity agreement on correctly found subjects, and the two
    error-isolating mentions tables: tagger subjects with gold polarity, gold subjects with tagger polarity."""
    g, p = pairs(gold), pairs(men)
    j = g.merge(p, on=["row", "theme"], how="outer", suffixes=("_gold", "_tag"), indicator=True)
    per = {}
    for s in SUBJECTS:
        js = j[j["theme"] == s]
        tp = int((js["_merge"] == "both").sum())
        npred, ngold = int(js["code_tag"].notna().sum()), int(js["code_gold"].notna().sum())
        both = js[js["_merge"] == "both"]
        per[s] = {"precision": round(tp / max(npred, 1), 3), "recall": round(tp / max(ngold, 1), 3),
                  "polarity_agreement": round(float((both["code_gold"] == both["code_tag"]).mean()), 3) if tp else None,
                  "gold_pos_neg": int(js["code_gold"].isin([1, -1, 3]).sum()),
                  "tagged_pos_neg": int(js["code_tag"].isin([1, -1, 3]).sum())}
    both = j[j["_merge"] == "both"]
    tp = len(both)
    conf = pd.crosstab(both["code_gold"].astype(int), both["code_tag"].astype(int))
    summary = {"subject_precision": round(tp / max(int(j["code_tag"].notna().sum()), 1), 3),
               "subject_recall": round(tp / max(int(j["code_gold"].notna().sum()), 1), 3),
               "polarity_agreement_on_found": round(float((both["code_gold"] == both["code_tag"]).mean()), 3),
               "polarity_confusion_gold_rows_tag_cols": {int(r): {int(c): int(v) for c, v in conf.loc[r].items()}
                                                          for r in conf.index},
               "per_subject": per}
    to_men = lambda d, col: d.assign(polarity=d[col].astype(int)).loc[:, ["row", "theme", "polarity"]]  # noqa: E731
    # code 3 (mixed) becomes one +1 and one -1 mention so that the matrix keeps it mixed
    def expand(d):
        mixed = d[d["polarity"] == 3]
        return pd.concat([d[d["polarity"] != 3], mixed.assign(polarity=1), mixed.assign(polarity=-1)])
    subj_only = j[j["code_tag"].notna()].assign(code_gold=lambda d: d["code_gold"].fillna(0))
    pol_only = j[j["code_gold"].notna()].assign(code_tag=lambda d: d["code_tag"].fillna(d["code_gold"]))
    mixes = {"subject_errors_only": expand(to_men(subj_only, "code_gold")),
             "polarity_errors_only": expand(to_men(pol_only, "code_tag"))}
    return summary, mixes


SEED = "@seed"


def code_state() -> dict:
    """Commit and which text-stage packages had uncommitted edits when this ran (shared checkout)."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "textmine"], cwd=root, capture_output=True,
                               text=True).stdout.split("\n")
    except OSError:
        return {}
    return {"commit": head, "uncommitted_textmine_files": sorted(ln[3:] for ln in dirty if ln.strip())}


def spread(vals, target: float = 0.7) -> dict:
    v = np.asarray(vals, dtype=float)
    return {"mean": round(float(np.nanmean(v)), 4), "sd": round(float(np.nanstd(v, ddof=1)), 4),
            "min": round(float(np.nanmin(v)), 4), "max": round(float(np.nanmax(v)), 4),
            f"share_of_runs_ge_{target}": round(float(np.mean(v >= target)), 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=20, help="noise replications")
    ap.add_argument("--boot", type=int, default=0, help="bootstrap resamples (the Spearman figures do not use them)")
    ap.add_argument("--folds", type=int, default=5, help="cross-fitting folds of the classifier")
    ap.add_argument("--no-text-taggers", action="store_true", help="gold and keyword stand-in only")
    ap.add_argument("--tagger-seeds", type=int, default=1,
                    help="run the classifier (fold split) and theme discovery with seeds 0..N-1")
    ap.add_argument("--tagger", action="append", default=[], help="module:function mentions tagger (hook)")
    ap.add_argument("--only", choices=["all", "discovered"], default="all",
                    help="discovered: gold, keyword stand-in and the discovered-theme taggers only; the other "
                         "taggers' results are kept from the existing JSON (replaced keys are recorded in 'reruns')")
    args = ap.parse_args()
    folder = data_dir()
    if not (folder / "ccf2018_car_opinions" / "labels_long.csv").exists():
        print(f"skipped: dataset ccf2018_car_opinions not found under {folder} (set TEXTMINE_DATA)")
        return
    t_start = time.perf_counter()
    gold, texts = load_gold(folder)
    n = len(texts)
    eff = planted_effects()
    mentions: dict[str, pd.DataFrame | None] = {"gold": None}
    info: dict[str, dict] = {}
    t0 = time.perf_counter()
    mentions["keyword_rules (stand-in)"] = tag_keyword_rules(texts)
    info["keyword_rules (stand-in)"] = {"seconds": round(time.perf_counter() - t0, 1),
                                        "what": "keywords + a small lexicon on the whole answer, written here"}
    if not args.no_text_taggers:
        import bench_drivers_taggers as tg
        from textmine.themes import polarity_label

        lex_clauses = None
        for seed in range(args.tagger_seeds):
            sfx = f"{SEED}{seed}" if seed else ""  # seed 0 keeps the plain name (its diagnostics are reported)
            if args.only == "all":
                if seed == 0:
                    t0 = time.perf_counter()
                    clauses = tg.clause_table(texts)
                    clause_s = round(time.perf_counter() - t0, 1)
                res, cinfo, _ = tg.classifier_tagger(texts, gold, SUBJECTS, clauses=clauses, folds=args.folds,
                                                     seed=seed)
                for k, v in res.items():
                    mentions[f"classifier/{k}{sfx}"] = v
                    info[f"classifier/{k}{sfx}"] = {**cinfo, "clauses": len(clauses), "clause_seconds": clause_s}
            dmen, dinfo = tg.discovered_tagger(texts, random_state=seed)
            mapped, mapping = map_with_report(dmen, gold)
            mentions[f"discovered/clause_lexicon{sfx}"] = mapped[["row", "theme", "polarity"]]
            info[f"discovered/clause_lexicon{sfx}"] = {
                **dinfo, "mapping": mapping,
                "name": "key kept from the lexicon-only days for comparison; the polarity is now analyze's "
                        "(lexicon + shipped polarity model)"}
            # the same themes with a polarity model trained (cross-fitted) on this survey's gold sentiments
            t0 = time.perf_counter()
            cpol = tg.crossfit_clause_polarity(texts, gold, mapped, folds=args.folds, seed=seed)
            mentions[f"discovered/clause_model{sfx}"] = mapped.assign(
                polarity=cpol.reindex(mapped["clause_id"].to_numpy()).fillna(0).astype(int).to_numpy())[
                ["row", "theme", "polarity"]]
            info[f"discovered/clause_model{sfx}"] = {
                "themes": "as discovered/clause_lexicon (same analyze run and mapping)",
                "polarity": f"PolarityClassifier cross-fitted over {args.folds} respondent folds (trained on the "
                            "other folds' answers whose gold sentiments agree), per clause",
                "seconds": round(time.perf_counter() - t0, 1)}
            # the same themes with the lexicon alone (to_clauses(sentiment='lexicon'), the pre-model polarity)
            t0 = time.perf_counter()
            if lex_clauses is None:
                lex_clauses = tg.clause_table(texts, sentiment="lexicon").set_index("clause_id")
            same = lex_clauses["text"].reindex(mapped["clause_id"].to_numpy()).to_numpy() == mapped["clause"].to_numpy()
            lex = pd.Series(polarity_label(lex_clauses["sentiment"].to_numpy(float)),
                            index=lex_clauses.index).map(tg.POL)
            mentions[f"discovered/lexicon_polarity{sfx}"] = mapped.assign(
                polarity=lex.reindex(mapped["clause_id"].to_numpy()).fillna(0).astype(int).to_numpy())[
                ["row", "theme", "polarity"]]
            info[f"discovered/lexicon_polarity{sfx}"] = {
                "themes": "as discovered/clause_lexicon (same analyze run and mapping)",
                "polarity": "clause lexicon sentiment alone (to_clauses(sentiment='lexicon'))",
                "clause_ids_matching_analyze_clause_text": round(float(same.mean()), 4),
                "seconds": round(time.perf_counter() - t0, 1)}
    for spec in args.tagger:
        t0 = time.perf_counter()
        mentions[spec] = map_to_subjects(load_tagger(spec)(texts), gold)
        info[spec] = {"seconds": round(time.perf_counter() - t0, 1)}
    mats, diag = {"gold": matrix(gold, n)}, {}
    for name, men in mentions.items():
        if men is None:
            continue
        mats[name] = matrix(men, n)
        diag[name], mixes = diagnose(men, gold)
        for k, v in mixes.items():
            mats[f"{name} | {k}"] = matrix(v, n)
    rng = np.random.default_rng(11)
    runs: dict[str, list] = {}
    per_seed: dict[str, dict] = {}
    gm = mats["gold"]
    for _ in range(args.reps):
        y = scores(gm, eff, rng)
        for key, m in mats.items():
            rec = recover(m.assign(score=y), eff, args.boot)
            tagger, _, mix = key.partition(" | ")
            base, _, seed = tagger.partition(SEED)  # every seed of a tagger pools into one entry
            name = f"{base} | {mix}" if mix else base
            runs.setdefault(name, []).append(rec)
            per_seed.setdefault(name, {}).setdefault(seed or "0", []).append(rec["spearman_all_terms_nps"])
    true_terms = {**{f"{s}+": float(r) for s, r in zip(SUBJECTS, eff["reward"])},
                  **{f"{s}-": -float(p) for s, p in zip(SUBJECTS, eff["penalty"])}}
    results = {}
    for name, rr in runs.items():
        keys = [k for k in rr[0] if k.startswith("spearman")]
        r = {k: spread([x[k] for x in rr]) for k in keys}
        r["n_runs"] = len(rr)
        if len(per_seed[name]) > 1:
            r["spearman_all_terms_nps_mean_per_tagger_seed"] = {k: round(float(np.mean(v)), 4)
                                                                 for k, v in per_seed[name].items()}
        r["terms_estimated"] = rr[0]["terms_estimated"]
        r["terms_total"] = rr[0]["terms_total"]
        rec = np.nanmean([np.r_[x["reward_nps"], x["penalty_nps"]] for x in rr], axis=0)
        r["mean_recovered_nps_per_term"] = {t: (round(float(v), 2) if np.isfinite(v) else None)
                                            for t, v in zip(true_terms, rec)}
        base = name.split(" | ")[0]
        if " | " not in name and base in diag:
            r["tagging"] = diag[base]
        if " | " not in name and base in info:
            r["tagger"] = info[base]
        results[name] = r
    headline = {name: results[name]["spearman_all_terms_nps"] for name in results if " | " not in name}
    import scipy
    out = {
        "benchmark": "drivers_planted",
        "code": code_state(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_average_at_start": round(os.getloadavg()[0], 2)},
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__},
        "data": {"dataset": "ccf2018_car_opinions/labels_long.csv", "respondents": n,
                 "gold_mentions": int(len(gold)), "subjects": SUBJECTS},
        "design": {"latent": "7.4 + sum(reward * positive) - sum(penalty * negative) + N(0, 1.8^2), "
                             "rounded and clipped to 0-10; neutral mentions have no effect",
                   "planted": eff.to_dict(orient="list"), "true_terms": true_terms, "replications": args.reps,
                   "bootstrap": args.boot,
                   "recovered": "reward_nps / penalty_nps (AME in NPS points, polarity model); "
                                "_score: OLS coefficients; Spearman over the 20 reward and penalty terms "
                                "(spearman_all_terms_nps is the headline figure)",
                   "tagger_seeds": args.tagger_seeds,
                   "spread": "mean / sd / min / max over the noise replications x tagger seeds (classifier fold "
                             "split and model seed, theme discovery seed); tagging diagnostics are seed 0's",
                   "error_isolation": "'X | subject_errors_only': X's (answer, subject) pairs with the gold "
                                      "polarity (neutral where gold has no such pair); 'X | polarity_errors_only': "
                                      "the gold pairs with X's polarity where X found the pair, gold polarity "
                                      "elsewhere"},
        "targets": {"gold": 0.9, "classifier_or_discovered": 0.7},
        "headline_spearman_all_terms_nps": headline,
        "results": results,
        "seconds": round(time.perf_counter() - t_start, 1),
    }
    path = Path(__file__).parent / "results" / "drivers_planted.json"
    if args.only != "all":
        out = merge_rerun(path, out, args)
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False))
    print(json.dumps({k: v for k, v in headline.items()}, indent=1, ensure_ascii=False))
    for name, r in results.items():
        print(f"{name:60s} rho_nps {r['spearman_all_terms_nps']['mean']:.3f} "
              f"(sd {r['spearman_all_terms_nps']['sd']:.3f}, min {r['spearman_all_terms_nps']['min']:.3f})")


def merge_rerun(path: Path, out: dict, args) -> dict:
    """The existing results with only the keys this run recomputed replaced; the rerun is recorded in 'reruns'
    (the noise replications are the same draws, rng seed 11, so old and new keys stay comparable)."""
    if not path.exists():
        return out
    old = json.loads(path.read_text())
    same = old.get("design", {}).get("replications") == args.reps and old.get("design", {}).get(
        "tagger_seeds") == args.tagger_seeds
    keys = sorted(out["results"])
    merged = {**old, "results": {**old.get("results", {}), **out["results"]},
              "headline_spearman_all_terms_nps": {**old.get("headline_spearman_all_terms_nps", {}),
                                                  **out["headline_spearman_all_terms_nps"]}}
    merged["reruns"] = old.get("reruns", []) + [{
        "date": out["date"], "code": out["code"], "only": args.only, "keys_replaced": keys,
        "replications": args.reps, "tagger_seeds": args.tagger_seeds, "same_design_as_full_run": same,
        "load_average_at_start": out["machine"]["load_average_at_start"], "seconds": out["seconds"]}]
    merged["note"] = ("top-level date / code / seconds are the last full run's; keys listed in 'reruns' were "
                      "recomputed later at the commit recorded there")
    return merged


def map_with_report(men: pd.DataFrame, gold: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Discovered themes -> the gold subject their respondents overlap most (USES GOLD LABELS), with a report."""
    from textmine.themes import OVERALL_ID

    overall = men["theme"] == OVERALL_ID  # the overall evaluation (整体评价) is about no subject: never mapped
    n_overall = int(overall.sum())
    men = men[~overall]
    p = men[["row", "theme"]].drop_duplicates()
    j = p.merge(gold[["row", "theme"]].drop_duplicates().rename(columns={"theme": "subject"}), on="row", how="left")
    size = p.groupby("theme").size()
    k = j.dropna(subset=["subject"]).groupby(["theme", "subject"]).size().rename("k").reset_index()
    best = k.sort_values(["k", "subject"]).groupby("theme").last()
    purity = (best["k"] / size.reindex(best.index)).round(3)
    mapped = men.assign(theme=men["theme"].map(best["subject"])).dropna(subset=["theme"])
    rep = {"uses_gold_labels": True,
           "rule": "each discovered theme -> the gold subject most often labelled on its respondents' answers",
           "themes": {t: {"subject": best.loc[t, "subject"], "respondents": int(size[t]),
                          "purity": float(purity[t])} for t in best.index},
           "subjects_without_a_theme": [s for s in SUBJECTS if s not in set(best["subject"])],
           "overall_theme": {"id": OVERALL_ID, "mentions_dropped": n_overall,
                             "rule": "the overall-evaluation theme (整体评价) carries no subject: mapped to none "
                                     "(its mentions are dropped), not to its most-overlapping subject"}}
    return mapped, rep


if __name__ == "__main__":
    sys.exit(main())
