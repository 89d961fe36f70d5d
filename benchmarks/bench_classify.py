"""Benchmark of textmine.classify: reason classifier vs a TF-IDF + LinearSVC baseline, few-shot curve, speed,
and the polarity model's sentiment accuracy.

    nice python benchmarks/bench_classify.py            # -> benchmarks/results/classify_quality.json
    nice python benchmarks/bench_classify.py --only ccf  # -> benchmarks/results/classify_quality_ccf.json
    nice python benchmarks/bench_classify.py --quick    # small subsample, for a smoke run (not committed)

Datasets (read where they are, from $TEXTMINE_DATA, default ../shared/data; skipped with a message if absent):
- ccf2018_car_opinions (reviews_labeled.csv): 10 subjects, multi-label; ReasonClassifier in multi-label mode
  (per-label thresholds), baseline = one LinearSVC per label on the decision 0.
- online_shopping_10_cats: 10 categories, one per review; ReasonClassifier(exclusive=True) (argmax of the
  calibrated probabilities), baseline = multi-class LinearSVC.
Fixed held-out split: a text is held out when its normalised text hashes into bucket 0 of 5 (the same rule
as scripts/encoder_corpus.py, so the shipped encoder never saw a held-out online_shopping review; ccf2018 was
never used to train it). Baseline: jieba word TF-IDF (sublinear tf, the project's ChineseTokenizer) +
LinearSVC(C=1), the usual text-classification baseline.
Few-shot: k labelled answers per label (k = 8, 16, 32, 64; for multi-label data, texts are drawn until every
label has k positives), 2 seeds, scored on the same held-out rows; "all" = the full training split. Rows: the
default; the default given up to 10,000 unlabelled training-split answers (self-training, 2 rounds, 32
pseudo-labels per label per round, as `textmine train --unlabelled` does); the default without the encoder
(embed_weight=0); the baseline. Shares are of the same variant's full-data macro-F1.
errors_by_length: error rate by answer length on the held-out rows (where the residual errors are).
Sentiment: waimai_10k and chnsenticorp_htl_all, same hash split; PolarityClassifier vs the lexicon scorer of
textmine.text (answer_sentiment > 0 = positive) vs word TF-IDF + LinearSVC.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
RESULTS = REPO / "benchmarks" / "results"


def versions() -> dict:
    out = {}
    for p in ("numpy", "scipy", "scikit-learn", "jieba", "pandas"):
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            out[p] = None
    return out


def data_dir() -> Path | None:
    p = Path(os.environ.get("TEXTMINE_DATA", REPO.parent / "shared" / "data"))
    return p if p.is_dir() else None


def held_out(texts) -> np.ndarray:
    import encoder_corpus as ec

    return np.array([ec.is_eval_text(ec.normalise(t)) for t in texts])


def load_ccf(root: Path):
    import pandas as pd

    df = pd.read_csv(root / "ccf2018_car_opinions" / "reviews_labeled.csv")
    labels = sorted({s for x in df["subjects"] for s in x.split("|")})
    Y = np.array([[lab in x.split("|") for lab in labels] for x in df["subjects"]], dtype=np.int8)
    return df["content"].astype(str).tolist(), Y, labels


def load_shopping(root: Path):
    import pandas as pd

    df = pd.read_csv(root / "online_shopping_10_cats" / "online_shopping_10_cats.csv").dropna(subset=["review"])
    df = df.drop_duplicates(subset=["review"])
    labels = sorted(df["cat"].unique())
    y = df["cat"].map({lab: i for i, lab in enumerate(labels)}).to_numpy()
    Y = np.eye(len(labels), dtype=np.int8)[y]
    return df["review"].astype(str).tolist(), Y, labels


class Baseline:
    """jieba word TF-IDF + LinearSVC(C=1): one per label (multi-label) or multi-class (exclusive)."""

    def __init__(self, exclusive: bool):
        self.exclusive = exclusive

    def fit(self, texts, Y):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        from textmine.text import ChineseTokenizer, normalize

        self.tok = ChineseTokenizer()
        self.norm = normalize
        self.vec = TfidfVectorizer(analyzer=lambda t: t, sublinear_tf=True)
        Z = self.vec.fit_transform([self.tok(normalize(t)) for t in texts])
        if self.exclusive:
            self.m = LinearSVC(C=1.0).fit(Z, Y.argmax(axis=1))
        else:
            self.m = [LinearSVC(C=1.0).fit(Z, Y[:, j]) for j in range(Y.shape[1])]
        self.k = Y.shape[1]
        return self

    def predict(self, texts):
        Z = self.vec.transform([self.tok(self.norm(t)) for t in texts])
        if self.exclusive:
            return np.eye(self.k, dtype=np.int8)[self.m.predict(Z)]
        return np.column_stack([(m.decision_function(Z) > 0) for m in self.m]).astype(np.int8)


def f1s(Y, P) -> dict:
    from sklearn.metrics import f1_score

    return {"micro_f1": round(float(f1_score(Y, P, average="micro", zero_division=0)), 4),
            "macro_f1": round(float(f1_score(Y, P, average="macro", zero_division=0)), 4)}


def errors_by_length(texts, Y, P, Pb) -> list[dict]:
    """Error rate (any label wrong) of textmine and the baseline by answer length: where the residual errors are."""
    L = np.array([len(t) for t in texts])
    wrong, wrong_b = (P != Y).any(axis=1), (Pb != Y).any(axis=1)
    out = []
    for lo, hi in ((0, 10), (10, 20), (20, 40), (40, 80), (80, None)):
        m = (L >= lo) & (L < hi if hi else True)
        out.append({"chars": f"{lo}-{hi - 1}" if hi else f"{lo}+", "n": int(m.sum()),
                    "error_rate": round(float(wrong[m].mean()), 4) if m.any() else None,
                    "baseline_error_rate": round(float(wrong_b[m].mean()), 4) if m.any() else None,
                    "share_of_errors": round(float(wrong[m].sum() / max(wrong.sum(), 1)), 4)})
    return out


def few_shot_rows(Y, k, seed):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(Y))
    have = np.zeros(Y.shape[1], dtype=int)
    pick = []
    for i in order:
        need = (Y[i] == 1) & (have < k)
        if need.any():
            pick.append(i)
            have += Y[i]
        if (have >= k).all():
            break
    return np.array(sorted(pick))


def run_dataset(name, texts, Y, labels, exclusive, quick, variants, shots, seeds):
    from textmine.classify import ReasonClassifier

    test = held_out(texts)
    if quick:
        rng = np.random.default_rng(0)
        keep = rng.random(len(texts)) < 0.15
        texts = [t for t, k in zip(texts, keep) if k]
        Y, test = Y[keep], test[keep]
    tr, te = np.flatnonzero(~test), np.flatnonzero(test)
    Xtr, Xte = [texts[i] for i in tr], [texts[i] for i in te]
    out = {"n_train": int(len(tr)), "n_test": int(len(te)), "labels": labels, "exclusive": exclusive,
           "label_counts_train": dict(zip(labels, Y[tr].sum(axis=0).astype(int).tolist()))}
    t = time.perf_counter()
    b = Baseline(exclusive).fit(Xtr, Y[tr])
    fit_b = time.perf_counter() - t
    t = time.perf_counter()
    Pb = b.predict(Xte)
    out["baseline"] = {**f1s(Y[te], Pb), "fit_seconds": round(fit_b, 1),
                       "predict_texts_per_s": round(len(te) / (time.perf_counter() - t))}
    print(name, "baseline", out["baseline"], flush=True)
    out["textmine"] = {}
    clf_default_pred = {}
    for vname, params in variants.items():
        t = time.perf_counter()
        clf = ReasonClassifier(exclusive=exclusive, **params).fit(Xtr, Y[tr], labels=labels)
        fit_s = time.perf_counter() - t
        t = time.perf_counter()
        P = clf.predict(Xte)
        pred_s = time.perf_counter() - t
        from sklearn.metrics import f1_score

        per = f1_score(Y[te], P, average=None, zero_division=0)
        clf_default_pred.setdefault(vname, P)
        out["textmine"][vname] = {**f1s(Y[te], P), "params": params, "fit_seconds": round(fit_s, 1),
                                  "predict_texts_per_s": round(len(te) / pred_s), "cv_folds": clf.cv_folds_,
                                  "thresholds": dict(zip(labels, np.round(clf.thresholds_, 3).tolist())),
                                  "per_label_f1": dict(zip(labels, np.round(per, 4).tolist())),
                                  "n_features": int(clf.features_.n_features_)}
        print(name, vname, {k: v for k, v in out["textmine"][vname].items() if k not in ("thresholds",
                                                                                        "per_label_f1")}, flush=True)
    default = next(iter(variants))
    out["delta_macro_f1_vs_baseline"] = round(out["textmine"][default]["macro_f1"] - out["baseline"]["macro_f1"], 4)
    out["errors_by_length"] = errors_by_length(Xte, Y[te], clf_default_pred.pop("default"), Pb)
    # few-shot: the default, the default with self-training on unlabelled answers (as `textmine train
    # --unlabelled` does it), the default without the encoder, and the baseline
    curve = []
    for k in shots:
        for seed in seeds:
            rows = tr[few_shot_rows(Y[tr], k, seed)]
            Xk = [texts[i] for i in rows]
            rec = {"k_per_label": k, "seed": seed, "n_train": int(len(rows))}
            clf = ReasonClassifier(exclusive=exclusive, **variants[default]).fit(Xk, Y[rows], labels=labels)
            rec["textmine"] = f1s(Y[te], clf.predict(Xte))
            # self-training on the unlabelled rest of the training split (at most 10,000 answers)
            rest = np.setdiff1d(tr, rows)
            rest = np.random.default_rng(seed).permutation(rest)[:10_000]
            clf = ReasonClassifier(exclusive=exclusive, **variants[default]).fit(
                Xk, Y[rows], labels=labels, unlabelled=[texts[i] for i in rest])
            rec["textmine_self_training"] = f1s(Y[te], clf.predict(Xte))
            clf = ReasonClassifier(exclusive=exclusive, **variants["no_encoder"]).fit(Xk, Y[rows], labels=labels)
            rec["textmine_no_encoder"] = f1s(Y[te], clf.predict(Xte))
            rec["baseline"] = f1s(Y[te], Baseline(exclusive).fit(Xk, Y[rows]).predict(Xte))
            curve.append(rec)
            print(name, "few-shot", rec, flush=True)
    curve.append({"k_per_label": "all", "n_train": int(len(tr)),
                  "textmine": {k: out["textmine"][default][k] for k in ("micro_f1", "macro_f1")},
                  "textmine_no_encoder": {k: out["textmine"]["no_encoder"][k] for k in ("micro_f1", "macro_f1")},
                  "baseline": {k: out["baseline"][k] for k in ("micro_f1", "macro_f1")}})
    out["few_shot"] = curve
    shares = {}
    for col, full_variant in (("textmine", default), ("textmine_self_training", default),
                              ("textmine_no_encoder", "no_encoder")):
        full = out["textmine"][full_variant]["macro_f1"]
        shares[col] = {str(k): round(float(np.mean([r[col]["macro_f1"] for r in curve if r["k_per_label"] == k]))
                                     / full, 4) for k in shots}
    out["few_shot_share_of_full_macro_f1"] = shares
    return out


def run_sentiment(root: Path, quick: bool):
    import pandas as pd
    from sklearn.metrics import accuracy_score

    from textmine.classify import PolarityClassifier
    from textmine.text import answer_polarity, to_clauses

    res = {}
    for name, file in (("waimai_10k", "waimai_10k.csv"), ("chnsenticorp_htl_all", "chnsenticorp_htl_all.csv")):
        df = pd.read_csv(root / name / file).dropna(subset=["review"])
        texts, y = df["review"].astype(str).tolist(), df["label"].to_numpy().astype(int)
        test = held_out(texts)
        if quick:
            keep = np.random.default_rng(0).random(len(texts)) < 0.2
            texts = [t for t, k in zip(texts, keep) if k]
            y, test = y[keep], test[keep]
        tr, te = np.flatnonzero(~test), np.flatnonzero(test)
        Xtr, Xte = [texts[i] for i in tr], [texts[i] for i in te]
        t = time.perf_counter()
        pm = PolarityClassifier().fit(Xtr, y[tr])
        fit_s = time.perf_counter() - t
        pred = (pm.predict(Xte) == "positive").astype(int)
        b = Baseline(True).fit(Xtr, np.eye(2, dtype=np.int8)[y[tr]])
        pb = b.predict(Xte).argmax(axis=1)
        cl = to_clauses(pd.DataFrame({"respondent_id": [str(i) for i in te], "text": Xte}), progress=False)
        lex = answer_polarity(cl)
        lex_s = np.array([lex.get(str(i), 0.0) for i in te], dtype=float)
        res[name] = {"n_train": int(len(tr)), "n_test": int(len(te)), "positive_share_test": round(float(y[te].mean()), 4),
                     "polarity_model_accuracy": round(float(accuracy_score(y[te], pred)), 4),
                     "polarity_model_fit_seconds": round(fit_s, 1),
                     "tfidf_linearsvc_accuracy": round(float(accuracy_score(y[te], pb)), 4),
                     "lexicon_accuracy": round(float(accuracy_score(y[te], (lex_s > 0).astype(int))), 4),
                     "majority_accuracy": round(float(max(y[te].mean(), 1 - y[te].mean())), 4)}
        print(name, res[name], flush=True)
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="15%% subsample smoke run, results not written")
    ap.add_argument("--only", choices=["ccf", "shopping", "sentiment"], action="append")
    args = ap.parse_args(argv)
    root = data_dir()
    if root is None:
        print("skipped: the public data folder was not found (set TEXTMINE_DATA)")
        return 0
    only = set(args.only or ["ccf", "shopping", "sentiment"])
    shots, seeds = (8, 16, 32, 64), (0, 1)
    default = {}  # ReasonClassifier's defaults (C=0.5, words + char 1-3-grams + encoder vectors at weight 0.5)
    result = {"benchmark": "classify_quality", "date": dt.date.today().isoformat(),
              "machine": {"cores": os.cpu_count(), "platform": platform.platform(),
                          "python": platform.python_version()},
              "versions": versions(), "quick": args.quick,
              "split": "held out: normalised text hashes into bucket 0 of 5 (scripts/encoder_corpus.is_eval_text)",
              "baseline": "jieba word TF-IDF (sublinear tf) + LinearSVC(C=1)",
              "textmine_default": "ReasonClassifier() defaults: jieba words + char 1-3-grams TF-IDF + the shipped "
                                  "encoder's vectors (weight 0.5), LinearSVC(C=0.5) per label, Platt calibration and "
                                  "per-label F1 thresholds on 3-fold out-of-fold scores; self-training (2 rounds, 32 "
                                  "pseudo-labels per label) only in the few-shot rows marked self_training"}
    result["load_average_1_5_15_at_start"] = [round(x, 2) for x in os.getloadavg()]
    t0 = time.perf_counter()
    if "ccf" in only:
        texts, Y, labels = load_ccf(root)
        variants = {"default": default, "no_encoder": {"embed_weight": 0.0},
                    "word_bigrams": {"word_bigrams": True}, "char_only_no_encoder": {"word": False, "embed_weight": 0.0},
                    "class_weight_balanced": {"class_weight": "balanced"}}
        result["ccf2018_car_opinions"] = run_dataset("ccf", texts, Y, labels, False, args.quick, variants, shots,
                                                     seeds)
    if "shopping" in only:
        texts, Y, labels = load_shopping(root)
        variants = {"default": default, "no_encoder": {"embed_weight": 0.0}, "C=0.2": {"C": 0.2},
                    "C=1": {"C": 1.0}, "class_weight_balanced": {"class_weight": "balanced"},
                    "embed_weight=1": {"embed_weight": 1.0}}
        result["online_shopping_10_cats"] = run_dataset("shopping", texts, Y, labels, True, args.quick, variants,
                                                        shots, seeds)
    if "sentiment" in only:
        result["sentiment"] = run_sentiment(root, args.quick)
    result["seconds"] = round(time.perf_counter() - t0, 1)
    result["load_average_1_5_15_at_end"] = [round(x, 2) for x in os.getloadavg()]  # other jobs share the 2 cores
    if not args.quick:
        RESULTS.mkdir(parents=True, exist_ok=True)
        suffix = "" if len(only) == 3 else "_" + "_".join(sorted(only))
        path = RESULTS / f"classify_quality{suffix}.json"
        path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
