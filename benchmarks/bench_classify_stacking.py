"""How far can classic models go on online_shopping_10_cats categories? (issue 7's +0.03 macro-F1 target)

The reason-classifier benchmark (bench_classify.py) leaves textmine 0.008 macro-F1 above the TF-IDF + LinearSVC
baseline on online_shopping_10_cats, against a +0.03 target. This script measures whether a heavier classic
model closes the gap, on the same fixed held-out split and the same features as ReasonClassifier:
single models (LinearSVC on word + char TF-IDF, NB-SVM, LinearSVC and logistic regression on the shipped
encoder's vectors, complement naive Bayes) and a stack of them (multinomial logistic regression on their
3-fold out-of-fold scores).

    nice python benchmarks/bench_classify_stacking.py   # -> benchmarks/results/classify_stacking.json

Reads $TEXTMINE_DATA (default ../shared/data); prints figures only, never texts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import bench_classify as bc  # noqa: E402  (loaders, held-out split, baseline)


def _nb_ratios(Z, y, k):
    Zb = Z.copy()
    Zb.data[:] = 1
    out = []
    for j in range(k):
        pos = np.asarray(Zb[y == j].sum(axis=0)).ravel() + 1.0
        neg = np.asarray(Zb[y != j].sum(axis=0)).ravel() + 1.0
        out.append(np.log((pos / pos.sum()) / (neg / neg.sum())).astype(np.float32))
    return out


def base_models(k):
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    def svm(Za, Ea, y, Zb, Eb):
        return LinearSVC(C=0.5).fit(Za, y).decision_function(Zb)

    def nbsvm(Za, Ea, y, Zb, Eb):
        R = _nb_ratios(Za, y, k)
        return np.column_stack([LinearSVC(C=0.5).fit(Za.multiply(R[j]).tocsr(), (y == j).astype(int))
                                .decision_function(Zb.multiply(R[j]).tocsr()) for j in range(k)])

    def enc_svm(Za, Ea, y, Zb, Eb):
        return LinearSVC(C=1.0).fit(Ea, y).decision_function(Eb)

    def enc_lr(Za, Ea, y, Zb, Eb):
        return LogisticRegression(C=10, max_iter=500).fit(Ea, y).decision_function(Eb)

    def cnb(Za, Ea, y, Zb, Eb):
        return np.log(ComplementNB(alpha=0.3).fit(Za, y).predict_proba(Zb) + 1e-9)

    return {"svm_word_char": svm, "nbsvm_word_char": nbsvm, "svm_encoder": enc_svm, "lr_encoder": enc_lr,
            "complement_nb": cnb}


def main() -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    from textmine.classify._features import TextFeatures
    from textmine.embed import get_encoder
    from textmine.text import normalize

    root = bc.data_dir()
    if root is None:
        print("skipped: the public data folder was not found (set TEXTMINE_DATA)")
        return 0
    t0 = time.perf_counter()
    load0 = [round(x, 2) for x in os.getloadavg()]
    texts, Y, labels = bc.load_shopping(root)
    test = bc.held_out(texts)
    tr, te = np.flatnonzero(~test), np.flatnonzero(test)
    Xtr, Xte = [texts[i] for i in tr], [texts[i] for i in te]
    ytr, yte = Y[tr].argmax(axis=1), Y[te].argmax(axis=1)
    k = len(labels)
    feats = TextFeatures(embed_weight=0.0).fit(Xtr)
    Ztr, Zte = feats.transform(Xtr), feats.transform(Xte)
    enc = get_encoder(None)
    Etr = np.asarray(enc.encode([normalize(t) for t in Xtr], show_progress=False), dtype=np.float32)
    Ete = np.asarray(enc.encode([normalize(t) for t in Xte], show_progress=False), dtype=np.float32)

    def f1(pred):
        return {"macro_f1": round(float(f1_score(yte, pred, average="macro")), 4),
                "micro_f1": round(float(f1_score(yte, pred, average="micro")), 4)}

    baseline = bc.Baseline(True).fit(Xtr, Y[tr])
    out = {"benchmark": "classify_stacking", "date": dt.date.today().isoformat(), "dataset": "online_shopping_10_cats",
           "split": "the fixed held-out split of bench_classify.py", "n_train": int(len(tr)), "n_test": int(len(te)),
           "baseline": f1(baseline.predict(Xte).argmax(axis=1)), "single": {}, "stacks": []}
    models = base_models(k)
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    oof = {n: np.zeros((len(tr), k)) for n in models}
    for a, b in folds.split(np.zeros(len(tr)), ytr):
        for n, fn in models.items():
            oof[n][b] = fn(Ztr[a], Etr[a], ytr[a], Ztr[b], Etr[b])
    held = {n: fn(Ztr, Etr, ytr, Zte, Ete) for n, fn in models.items()}
    for n in models:
        out["single"][n] = f1(held[n].argmax(axis=1))
        print(n, out["single"][n], flush=True)
    names = list(models)
    for combo in (names[:3], names[:4], names):
        meta = LogisticRegression(C=0.3, max_iter=3000).fit(np.hstack([oof[n] for n in combo]), ytr)
        rec = {"models": combo, **f1(meta.predict(np.hstack([held[n] for n in combo])))}
        out["stacks"].append(rec)
        print("stack", rec, flush=True)
    best = max(r["macro_f1"] for r in out["stacks"])
    out["best_stack_minus_baseline_macro_f1"] = round(best - out["baseline"]["macro_f1"], 4)
    out["seconds"] = round(time.perf_counter() - t0, 1)
    out["load_average_1_5_15"] = {"start": load0, "end": [round(x, 2) for x in os.getloadavg()]}
    path = REPO / "benchmarks" / "results" / "classify_stacking.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
