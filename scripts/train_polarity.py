"""Train the shipped clause polarity model ``models/textmine-zh-polarity`` (shared by the benchmark for its splits).

A logistic regression on character 1–3-grams (TF-IDF, sublinear tf, l2; ``char_ngrams``) of the clauses as the
pipeline sees them (``to_clauses``: normalised, split on punctuation and 但是), each clause labelled with its review's
label (clause-level training read 0.899 on the validation split against 0.822 for whole-review training, because
the model is applied to clauses), fitted on the labelled binary sentiment corpora in ``$TEXTMINE_DATA`` (default ``../shared/data``). Nothing copies their rows: they are read
where they are, and the model stores n-grams and weights only.

Splits (by a salted sha256 of the normalised text, so duplicates stay in one split):
- ``waimai_10k`` and ``chnsenticorp_htl_all``: buckets 0–29 of 100 are the **test** split (never trained on, never
  used for a choice), buckets 30–44 the **validation** split (chooses C and the lexicon blend),
  the rest trains;
- ``online_shopping_10_cats`` and the labelled part of ``fewclue_eprstmt`` train, minus every text equal to a
  validation or test text (online_shopping holds hotel reviews that are also in ChnSentiCorp);
- ``ccf2018_car_opinions`` is never read here: it stays a pure out-of-domain evaluation.

Usage: ``nice python scripts/train_polarity.py [--out models/textmine-zh-polarity] [--max-features 100000]``
(single-threaded, a few minutes on one core).
"""

from __future__ import annotations

import argparse
import itertools
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from textmine import __version__  # noqa: E402
from textmine.text import Normalizer, answer_polarity, blend_polarity, char_ngrams, to_clauses  # noqa: E402
from textmine.text._polarity_model import (MODEL_FORMAT, MODEL_FORMAT_VERSION, POLARITY_MODEL_NAME,  # noqa: E402
                                           WEIGHT_FILES)

SALT = "textmine-polarity:"
TEST_BUCKETS = (0, 30)
VALIDATION_BUCKETS = (30, 45)
#: (name, file, text column, label column, positive label value, licence as stated by the source)
SOURCES = [
    ("online_shopping_10_cats", "online_shopping_10_cats.csv", "review", "label", 1,
     "SophonPlus/ChineseNlpCorpus; none stated, research/benchmark use"),
    ("waimai_10k", "waimai_10k.csv", "review", "label", 1,
     "SophonPlus/ChineseNlpCorpus; none stated, research/benchmark use"),
    ("chnsenticorp_htl_all", "chnsenticorp_htl_all.csv", "review", "label", 1,
     "SophonPlus/ChineseNlpCorpus (ChnSentiCorp, Tan Songbo); none stated, research/benchmark use"),
    ("fewclue_eprstmt", "eprstmt_labeled.csv", "sentence", "label", "Positive",
     "CLUEbenchmark/FewCLUE; no licence file, benchmark data, research use"),
]
HELD_OUT_SOURCES = ("waimai_10k", "chnsenticorp_htl_all")
NORMALIZER = dict(emoji="words", mask_pii=True)
#: the blend settings tried on the validation split; the lexicon leads where it fires (the design: 没坏 is praise)
BLEND_GRID = {"lexicon_confidence": (0.3, 0.4, 0.5), "lexicon_lead": (0.5, 0.75, 1.0),
              "model_weight": (0.7, 0.85, 1.0), "deadzone": (0.0, 0.1, 0.2, 0.3)}


def data_dir() -> Path:
    return Path(os.environ.get("TEXTMINE_DATA", REPO.parent / "shared" / "data"))


def bucket(key: str) -> int:
    """0..99 from the normalised, stripped text."""
    return int(hashlib.sha256((SALT + key).encode("utf-8")).hexdigest()[:8], 16) % 100


def load_corpora() -> pd.DataFrame:
    """One row per labelled text: source, text (original), norm (normalised), key (norm stripped), label (0/1),
    bucket, split (train / validation / test / dropped)."""
    norm = Normalizer(**NORMALIZER)
    frames = []
    for name, file, text_col, label_col, positive, _ in SOURCES:
        df = pd.read_csv(data_dir() / name / file).dropna(subset=[text_col])
        frames.append(pd.DataFrame({"source": name, "text": df[text_col].astype(str).to_numpy(),
                                    "label": (df[label_col] == positive).astype(int).to_numpy()}))
    out = pd.concat(frames, ignore_index=True)
    out["norm"] = [norm(t) for t in out["text"]]
    out["key"] = out["norm"].str.strip()
    out["bucket"] = [bucket(k) for k in out["key"]]
    held = out["source"].isin(HELD_OUT_SOURCES)
    test = held & out["bucket"].between(TEST_BUCKETS[0], TEST_BUCKETS[1] - 1)
    val = held & out["bucket"].between(VALIDATION_BUCKETS[0], VALIDATION_BUCKETS[1] - 1)
    split = np.where(test, "test", np.where(val, "validation", "train")).astype(object)
    reserved = set(out.loc[test | val, "key"])
    split[(split == "train") & out["key"].isin(reserved).to_numpy()] = "dropped"
    out["split"] = split
    return out


def training_rows(corpora: pd.DataFrame) -> pd.DataFrame:
    """The train split, one row per distinct text; a text labelled both ways is left out."""
    tr = corpora[corpora["split"] == "train"]
    labels = tr.groupby("key")["label"].nunique()
    tr = tr[~tr["key"].isin(labels.index[labels > 1])]
    return tr.drop_duplicates("key").sort_values("key", kind="stable").reset_index(drop=True)


def fingerprint(rows: pd.DataFrame) -> dict:
    h = hashlib.sha256()
    for key, label in zip(rows["key"], rows["label"]):
        h.update(f"{label}\t{key}\n".encode("utf-8"))
    return {"sha256": h.hexdigest(), "rows": int(len(rows)),
            "rows_per_source": {k: int(v) for k, v in rows["source"].value_counts().sort_index().items()},
            "positive_share": round(float(rows["label"].mean()), 4)}


def clause_table(texts) -> pd.DataFrame:
    """``to_clauses`` with the lexicon alone, respondent ids 0..n-1."""
    frame = pd.DataFrame({"respondent_id": np.arange(len(texts)), "text": list(texts)})
    return to_clauses(frame, sentiment="lexicon", progress=False)


def content(clauses: pd.DataFrame) -> np.ndarray:
    return (~clauses["no_content"] & (clauses["text"].str.len() > 0)).to_numpy()


def answer_accuracy(clauses: pd.DataFrame, sentiment: np.ndarray, labels: np.ndarray) -> float:
    pol = answer_polarity(clauses.assign(sentiment=sentiment)).reindex(np.arange(len(labels))).to_numpy()
    return round(float(((pol > 0) == (labels == 1)).mean()), 4)


def clause_scores(vec, lr, clauses: pd.DataFrame) -> np.ndarray:
    keep = content(clauses)
    out = np.zeros(len(clauses))
    if keep.any():
        out[keep] = np.tanh(lr.decision_function(vec.transform(clauses["text"][keep])) / 2)
    return out


def fit(rows: pd.DataFrame, max_features: int, C: float):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(analyzer=char_ngrams, max_features=max_features, min_df=2, sublinear_tf=True,
                          dtype=np.float32)
    X = vec.fit_transform(rows["text"])
    lr = LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(X, rows["label"].to_numpy())
    return vec, lr


def accuracy(vec, lr, rows: pd.DataFrame, blend: dict | None = None) -> dict:
    """Answer-level accuracy per held-out source through the pipeline: model alone, or blended with ``blend``."""
    out = {}
    for name in HELD_OUT_SOURCES:
        part = rows[rows["source"] == name]
        cl = clause_table(part["text"])
        s = clause_scores(vec, lr, cl)
        if blend is not None:
            keep = content(cl)
            lex = cl["sentiment"].to_numpy().copy()
            lex[keep] = blend_polarity(lex[keep], s[keep], **blend)
            s = lex
        out[name] = {"rows": int(len(part)), "accuracy": answer_accuracy(cl, s, part["label"].to_numpy())}
    return out


def choose_blend(vec, lr, val: pd.DataFrame) -> tuple[dict, dict]:
    """The blend settings with the best answer accuracy on the validation split (mean over its sources)."""
    tables = []
    for name in HELD_OUT_SOURCES:
        part = val[val["source"] == name]
        cl = clause_table(part["text"])
        tables.append((cl, clause_scores(vec, lr, cl), content(cl), part["label"].to_numpy()))
    results = {}
    for values in itertools.product(*BLEND_GRID.values()):
        blend = dict(zip(BLEND_GRID, values))
        accs = []
        for cl, s, keep, y in tables:
            lex = cl["sentiment"].to_numpy().copy()
            lex[keep] = blend_polarity(lex[keep], s[keep], **blend)
            accs.append(answer_accuracy(cl, lex, y))
        results[values] = round(float(np.mean(accs)), 4)
    best = max(results, key=lambda v: (results[v], v))  # ties: the more conservative (higher) settings
    return dict(zip(BLEND_GRID, best)), {"mean_validation_accuracy": results[best], "settings_tried": len(results)}


def save(out: Path, vec, lr, manifest: dict, card: str) -> None:
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / "vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False, separators=(",", ":")) + "\n",
                                         encoding="utf-8")
    np.save(tmp / "idf.npy", vec.idf_.astype(np.float32))
    np.save(tmp / "coef.npy", lr.coef_.ravel().astype(np.float32))
    np.save(tmp / "intercept.npy", lr.intercept_.astype(np.float32))
    manifest["files_sha256"] = {n: hashlib.sha256((tmp / n).read_bytes()).hexdigest() for n in WEIGHT_FILES}
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (tmp / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def model_card(m: dict) -> str:
    """MODEL_CARD.md from the manifest, plus the pipeline figures of the benchmark when it has run."""
    td = m["training_data"]
    lines = [f"# {m['name']} {m['version']}", "",
             "textmine's clause polarity model: P(praise) of a normalised clause from a logistic regression on "
             f"TF-IDF character 1–3-grams ({m['features']:,} features, C={m['C']}, balanced classes). It reads "
             "events that carry no opinion word (用了没几天就坏了, 包裹被压坏了, 第二天就到了). `to_clauses` blends "
             "it with the lexicon (`textmine.text.blend_polarity`): the lexicon's negation, degree and aspect "
             "rules lead where an opinion word fires; 但是 is weighed at answer level as before.", "",
             "Files: `vocabulary.json` (n-grams, position = feature), `idf.npy`, `coef.npy`, `intercept.npy` "
             "(float32, loaded with `allow_pickle=False`), `manifest.json` (their sha256, checked on load). "
             "Nothing here runs code. Made by `scripts/train_polarity.py` (deterministic).", "",
             "## Training data", "",
             f"{td['rows']:,} distinct labelled texts (fingerprint sha256 `{td['sha256'][:16]}...`, positive share "
             f"{td['positive_share']}), read where they are in `$TEXTMINE_DATA` (each folder's SOURCE.md gives "
             "origin and commit):", "",
             "| source | texts | origin; licence as stated by the source |", "|---|---|---|"]
    for name, licence in td["sources"].items():
        lines.append(f"| `{name}` | {td['rows_per_source'].get(name, 0):,} | {licence} |")
    lines += ["", "**Licence caveat.** None of these corpora states an open licence: they are published for research "
              "and benchmarks (ChnSentiCorp, waimai_10k and online_shopping_10_cats have no licence file; FewCLUE's "
              "data has none either). The model stores no text, only frequent character n-grams and their weights, "
              "but it is derived from these corpora: check their terms before redistributing it in a product, or "
              "retrain it on your own labelled answers with the script.", "",
              "## Held out", "", f"Split rule: {m['splits']['rule']}. In `waimai_10k` and `chnsenticorp_htl_all`, "
              f"buckets {m['splits']['test_buckets']} are the test split (never trained on, never used for a "
              f"choice) and {m['splits']['validation_buckets']} the validation split (chose C and the lexicon "
              "blend); training texts equal to a held-out text were dropped. `ccf2018_car_opinions` is never read "
              "by the training script.", "", "## Metrics", "",
              "Answer-level accuracy on the validation split (clauses scored, then `answer_polarity`, positive iff "
              "> 0). Blend chosen there: " + ", ".join(f"{k}={m['blend'][k]}" for k in BLEND_GRID) + ".", "",
              "| validation | waimai_10k | chnsenticorp_htl_all |", "|---|---|---|"]
    for what in ("model_alone", "combined"):
        acc = m["metrics"][f"validation_answer_accuracy_{what}"]
        lines.append(f"| {what.replace('_', ' ')} | {acc['waimai_10k']['accuracy']} (n={acc['waimai_10k']['rows']}) | "
                     f"{acc['chnsenticorp_htl_all']['accuracy']} (n={acc['chnsenticorp_htl_all']['rows']}) |")
    bench = REPO / "benchmarks" / "results" / "text_sentiment.json"
    res = json.loads(bench.read_text(encoding="utf-8")).get("polarity") if bench.is_file() else None
    if res:
        lines += ["", "In the pipeline (`to_clauses` + `answer_polarity`, positive iff > 0; "
                  "`benchmarks/results/text_sentiment.json`), answer-level accuracy on the test splits:", "",
                  "| data | lexicon | model alone | combined (default) |", "|---|---|---|---|"]
        for name, row in res["evaluation"].items():
            lines.append(f"| {name} (n={row['rows']}) | {row['lexicon']['accuracy']} | {row['model']['accuracy']} | "
                         f"{row['combined']['accuracy']} |")
        ev = res["event_cases"]
        lines += ["", f"Hand-written event cases (`tests/text/test_event_polarity.py`, n={ev['cases']}): lexicon "
                  f"{ev['lexicon']}, model alone {ev['model']}, combined {ev['combined']}."]
    lines += ["", "## Limits", "",
              "- Trained on whole reviews (e-commerce, food delivery, hotels), applied to clauses: a clause with "
              "no known n-gram scores 0, a plain statement may lean one way (model scores within ±deadzone of 0 "
              "count as 0 in the blend).",
              "- Domains outside reviews (cars, courses, apps, B2B) are read through shared phrasing only; measure "
              "on your own coded answers before trusting fine differences.",
              "- Binary training labels: it has no notion of neutral, and a mixed review's label is its overall "
              "verdict. Sarcasm and questions are read literally.",
              "- It inherits the biases of review platforms (short, informal, often about delivery and price).", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "models" / POLARITY_MODEL_NAME)
    parser.add_argument("--max-features", type=int, default=100_000)
    parser.add_argument("--C", type=float, nargs="+", default=[1.0, 4.0, 10.0],
                        help="values tried; the best on the validation split is kept")
    parser.add_argument("--card-only", action="store_true",
                        help="rewrite MODEL_CARD.md of --out from its manifest and the benchmark results")
    args = parser.parse_args()
    if args.card_only:
        m = json.loads((args.out / "manifest.json").read_text(encoding="utf-8"))
        (args.out / "MODEL_CARD.md").write_text(model_card(m), encoding="utf-8")
        return
    if not (data_dir() / "waimai_10k").exists():
        sys.exit(f"datasets not found under {data_dir()} (set TEXTMINE_DATA)")
    t0 = time.perf_counter()
    corpora = load_corpora()
    rows = training_rows(corpora)
    cl = clause_table(rows["text"])
    cl = cl[content(cl)]
    clauses = pd.DataFrame({"text": cl["text"].to_numpy(), "label": rows["label"].to_numpy()[cl["respondent_id"]]})
    print(f"{len(rows)} training texts -> {len(clauses)} content clauses", flush=True)
    val = corpora[corpora["split"] == "validation"]
    tried = {}
    fitted = {}
    for C in args.C:
        fitted[C] = fit(clauses, args.max_features, C)
        acc = accuracy(*fitted[C], val)
        tried[str(C)] = round(float(np.mean([a["accuracy"] for a in acc.values()])), 4)
        print(f"C={C}: validation {acc}", flush=True)
    best = max(args.C, key=lambda c: (tried[str(c)], -c))
    vec, lr = fitted[best]
    blend, blend_result = choose_blend(vec, lr, val)
    print("blend", blend, blend_result, flush=True)
    split_counts = {s: {k: int(v) for k, v in g["source"].value_counts().sort_index().items()}
                    for s, g in corpora.groupby("split")}
    manifest = {
        "format": MODEL_FORMAT, "format_version": MODEL_FORMAT_VERSION, "name": POLARITY_MODEL_NAME,
        "version": "1.0.0", "textmine_version": __version__,
        "what": "P(praise) of a normalised clause: logistic regression on TF-IDF character n-grams",
        "ngram_range": [1, 3], "sublinear_tf": True, "norm": "l2", "features": int(len(vec.vocabulary_)),
        "C": best, "class_weight": "balanced", "normalizer": NORMALIZER,
        "trained_on": "content clauses of to_clauses (sentiment='lexicon'), each with its review's label",
        "training_clauses": int(len(clauses)),
        "blend": {**blend, "chosen_on": "validation split, mean answer accuracy", **blend_result,
                  "grid": {k: list(v) for k, v in BLEND_GRID.items()}},
        "training_data": {**fingerprint(rows), "sources": {s[0]: s[5] for s in SOURCES}},
        "splits": {"rule": f"sha256('{SALT}' + normalised stripped text)[:8] as an integer mod 100",
                   "test_buckets": list(TEST_BUCKETS), "validation_buckets": list(VALIDATION_BUCKETS),
                   "held_out_sources": list(HELD_OUT_SOURCES), "never_read": ["ccf2018_car_opinions"],
                   "rows": split_counts},
        "metrics": {"validation_mean_accuracy_by_C": tried,
                    "validation_answer_accuracy_model_alone": accuracy(vec, lr, val),
                    "validation_answer_accuracy_combined": accuracy(vec, lr, val, blend),
                    "pipeline": "benchmarks/results/text_sentiment.json (lexicon, model alone, combined)"},
        "versions": {p: __import__(p).__version__ for p in ("numpy", "sklearn", "pandas")},
    }
    save(args.out, vec, lr, manifest, model_card(manifest))
    print(json.dumps(manifest["metrics"], indent=1), f"\n{time.perf_counter() - t0:.0f}s -> {args.out}")


if __name__ == "__main__":
    main()
