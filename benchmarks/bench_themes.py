"""Benchmark of theme discovery (issue 6): quality against gold categories, stability, speed; BERTopic side by side.

    nice python benchmarks/bench_themes.py quality      # -> benchmarks/results/themes_quality.json
    nice python benchmarks/bench_themes.py stability    # -> benchmarks/results/themes_stability.json
    nice python benchmarks/bench_themes.py speed        # -> benchmarks/results/themes_speed.json
    nice python benchmarks/bench_themes.py clauses      # -> benchmarks/results/themes_clauses.json

Data (read from $TEXTMINE_DATA, default ../shared/data; skipped with a message when absent):
- online_shopping_10_cats, the held-out evaluation split the default encoder never saw (text-hash bucket 0 of 5,
  see scripts/encoder_corpus.py), gold label `cat` (10 product categories);
- ccf2018_car_opinions, texts with exactly one subject, gold label `single_subject` (10 subjects).
Each review is one document: both methods get the SAME vectors (the shipped default encoder, encoded once).

Quality: NMI and ARI against the gold label, computed on ALL documents with "unassigned" counted as a class of its
own (so leaving documents out is penalised), and NMI on the assigned documents only; share unassigned; number of
themes; wall time (fit + naming, tokenisation for textmine's keywords included). "purity_reassigned" checks that
assignments are not forced: the share of documents moved out of HDBSCAN's noise whose gold label is the majority
gold label of the theme's core members (compare with "purity_core", the same for core members).
BERTopic: its defaults (UMAP 5-d, n_neighbors 15, min_dist 0, cosine; HDBSCAN min_cluster_size 10, eom) with a
jieba CountVectorizer and embedding_model=None, fit_transform(docs, embeddings=vectors); its -1 topic counts as
unassigned. numba is compiled on a small warm-up fit before timing. "bertopic_reduce_outliers" adds
reduce_outliers(strategy="embeddings") (every document assigned), labelled separately.
Several textmine configurations are reported: the shipped defaults, the previous defaults, and the alternatives tried
when choosing them (see "configs").

Stability: ARI between the labels of 5 seeds (all pairs); and between two halves (fit on half A, fit on half B,
predict A's documents with B's model, ARI with A's own labels), on all documents (-1 a class) and on documents
assigned by both.

Clauses: the unit textmine really clusters. The same reviews through to_clauses -> aspect_texts -> encoder,
content clauses only, discovered with analyze()'s settings (merge_threshold 0.55, max_themes 30; the fitted sample is
max_fit_samples=20000 of them, the rest assigned). Each clause inherits its review's gold label, which is noisy (a
clause such as "很好" belongs to no category), so NMI is low for every method; the point is the unassigned share
and whether the clauses moved in by reassign_threshold (purity_reassigned: in-sample noise moved in;
purity_out_of_sample: clauses outside the fitted sample) are as coherent as HDBSCAN's own members (purity_core).

Speed: 100k clauses from distinct online_shopping_10_cats reviews (not resampled duplicates, which would hit
to_clauses' answer cache), as `textmine analyze` runs them: to_clauses -> aspect_texts -> cached encode (vectors
already in the on-disk cache, filled by an untimed first pass) -> discover_themes (named themes), 2 threads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
import encoder_corpus as ec  # noqa: E402

RESULTS = REPO / "benchmarks" / "results"
SEEDS = (0, 1, 2, 3, 4)

# textmine configurations compared (documents); "default" is whatever ThemeDiscoverer() does now. "previous_default"
# is the lead's first default (eom, min_cluster_size 0.5% of n in 8..500, min_samples min(mcs, 10), no merge,
# reassign 0.5); OLD_AUTO is resolved per dataset.
OLD_AUTO = "round(0.005 n) in [8, 500]"
PREVIOUS = dict(min_cluster_size=OLD_AUTO, min_samples=10, n_components=16, cluster_selection_method="eom",
                reassign_threshold=0.5, merge_threshold=None)
CONFIGS = {
    "default": {},
    "previous_default": PREVIOUS,
    "previous+reassign0.3": {**PREVIOUS, "reassign_threshold": 0.3},
    "default+eom": {"cluster_selection_method": "eom"},
    "default+min_samples5": {"min_samples": 5},
    "default+mcs25": {"min_cluster_size": 25},
    "default+old_auto_mcs": {"min_cluster_size": OLD_AUTO},
    "default+no_merge": {"merge_threshold": None},
    "default+merge0.55": {"merge_threshold": 0.55},
    "default+reassign0.35": {"reassign_threshold": 0.35},
    "default+reassign0.25": {"reassign_threshold": 0.25},
    "default+no_reassign": {"reassign_threshold": None},
    "default+pca32": {"n_components": 32},
    "default+reduction_none": {"reduction": "none"},
    "analyze_settings(merge0.55,max30)": {"merge_threshold": 0.55, "max_themes": 30},
}


def resolve(params: dict, n: int) -> dict:
    out = dict(params)
    if out.get("min_cluster_size") == OLD_AUTO:
        out["min_cluster_size"] = int(np.clip(round(0.005 * n), 8, 500))
        if out.get("min_samples") == 10:
            out["min_samples"] = min(out["min_cluster_size"], 10)
    return out


# ---------------------------------------------------------------- helpers
def versions() -> dict:
    out = {}
    for p in ("numpy", "scikit-learn", "hdbscan", "umap-learn", "bertopic", "jieba", "rjieba", "pandas", "torch"):
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            out[p] = None
    return out


def machine() -> dict:
    return {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}


def header(command: str) -> dict:
    return {"date": dt.date.today().isoformat(), "machine": machine(), "versions": versions(), "command": command}


def write(name: str, payload: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"themes_{name}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)}")


def datasets(n_max: int | None) -> dict:
    root = ec.data_dir()
    if root is None:
        print("skipped: the public data folder is absent (set TEXTMINE_DATA to the folder with "
              "online_shopping_10_cats/ and ccf2018_car_opinions/)")
        raise SystemExit(0)
    out = {}
    for name, fn in (("online_shopping_10_cats", ec.online_shopping_eval),
                     ("ccf2018_car_opinions", ec.ccf_single_subject)):
        texts, labels = fn(root)
        if n_max and len(texts) > n_max:
            idx = np.sort(np.random.default_rng(0).choice(len(texts), n_max, replace=False))
            texts, labels = [texts[i] for i in idx], [labels[i] for i in idx]
        out[name] = (texts, np.asarray(labels))
    return out


def encode(texts) -> tuple[np.ndarray, float, str]:
    from textmine.embed import get_encoder

    enc = get_encoder()
    t = time.perf_counter()
    X = np.asarray(enc.encode(texts), dtype=np.float32)
    return X, time.perf_counter() - t, enc.id


def scores(y: np.ndarray, labels: np.ndarray, core: np.ndarray | None = None) -> dict:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    labels = np.asarray(labels)
    a = labels >= 0
    out = {
        "nmi": round(float(normalized_mutual_info_score(y, labels)), 4),
        "ari": round(float(adjusted_rand_score(y, labels)), 4),
        "nmi_assigned": round(float(normalized_mutual_info_score(y[a], labels[a])), 4) if a.any() else None,
        "ari_assigned": round(float(adjusted_rand_score(y[a], labels[a])), 4) if a.any() else None,
        "unassigned_share": round(float(1 - a.mean()), 4),
        "n_themes": int(len(np.unique(labels[a]))),
    }
    if core is not None and a.any():
        core = core & a
        majority = {}
        for t in np.unique(labels[core]):
            vals, counts = np.unique(y[core & (labels == t)], return_counts=True)
            majority[t] = vals[counts.argmax()]
        moved = a & ~core
        hit = lambda m: float(np.mean([y[i] == majority.get(labels[i]) for i in np.flatnonzero(m)]))  # noqa: E731
        out["purity_core"] = round(hit(core), 4) if core.any() else None
        out["purity_reassigned"] = round(hit(moved), 4) if moved.any() else None
        out["reassigned_share"] = round(float(moved.mean()), 4)
    return out


def tokenize(texts) -> tuple[list, float]:
    from textmine.text import ChineseTokenizer

    t = time.perf_counter()
    tk = ChineseTokenizer()
    toks = [tk(s) for s in texts]
    return toks, time.perf_counter() - t


def fit_textmine(X, texts, tokens, params: dict, seed: int = 0):
    from textmine.themes import ThemeDiscoverer

    t = time.perf_counter()
    d = ThemeDiscoverer(random_state=seed, **params).fit(X, texts=texts, tokens=tokens)
    return d, time.perf_counter() - t


def jieba_vectorizer():
    import jieba
    from sklearn.feature_extraction.text import CountVectorizer

    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()
    return CountVectorizer(tokenizer=lambda s: [w for w in tk.lcut(s) if w.strip()], token_pattern=None)


def make_bertopic(seed: int = 42):
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from umap import UMAP

    # BERTopic's own defaults, spelled out so the seed can be set
    return BERTopic(embedding_model=None, vectorizer_model=jieba_vectorizer(),
                    umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                                    random_state=seed),
                    hdbscan_model=HDBSCAN(min_cluster_size=10, metric="euclidean", cluster_selection_method="eom",
                                          prediction_data=True))


def warm_up_bertopic() -> float:
    """Compile numba (UMAP) on a tiny random problem so that timings measure fitting, not JIT compilation."""
    rng = np.random.default_rng(0)
    Xw = rng.normal(size=(300, 16)).astype(np.float32)
    docs = [f"词{i % 7} 字{i % 5}" for i in range(300)]
    t = time.perf_counter()
    try:
        make_bertopic().fit_transform(docs, embeddings=Xw)
    except Exception:  # noqa: BLE001 - a degenerate warm-up problem may fail after compiling; that is enough
        pass
    return time.perf_counter() - t


def bertopic_available() -> bool:
    try:
        import bertopic  # noqa: F401
        import umap  # noqa: F401
    except ImportError:
        print("BERTopic baseline skipped: pip install bertopic (the `bench` extra)")
        return False
    return True


# ---------------------------------------------------------------- quality
def run_quality(args) -> None:
    data = datasets(args.n)
    out = header(" ".join(["bench_themes.py"] + sys.argv[1:]))
    from textmine.themes import ThemeDiscoverer

    out["textmine_defaults"] = {k: v for k, v in ThemeDiscoverer().get_params().items() if k != "stop_words"}
    out["configs"] = CONFIGS
    out["metric_notes"] = ("nmi/ari on all documents, unassigned (-1) counted as a class of its own; nmi_assigned/"
                           "ari_assigned on assigned documents only; purity_* = share of documents whose gold label "
                           "is the majority gold label of their theme's HDBSCAN core members")
    have_bt = bertopic_available() and not args.no_bertopic
    if have_bt:
        out["bertopic_warmup_seconds"] = round(warm_up_bertopic(), 2)
    out["datasets"] = {}
    for name, (texts, y) in data.items():
        X, enc_s, enc_id = encode(texts)
        tokens, tok_s = tokenize(texts)
        res = {"n_docs": len(texts), "n_classes": int(len(np.unique(y))), "encoder": enc_id,
               "encode_seconds": round(enc_s, 2), "tokenize_seconds": round(tok_s, 2), "results": {}}
        for cname, params in CONFIGS.items():
            if params.get("reduction") == "none" and not args.slow:
                continue
            d, secs = fit_textmine(X, texts, tokens, resolve(params, len(texts)))
            # HDBSCAN's own members (n <= max_fit_samples here, so every document was in the fitted sample)
            core = (d.labels_ >= 0) & ~d.reassigned_
            r = scores(y, d.labels_, core if core.any() else None)
            r.update({"seconds": round(secs + tok_s, 2), "fit_seconds": round(secs, 2),
                      "n_clusters_hdbscan": d.n_clusters_hdbscan_, "min_cluster_size": d.min_cluster_size_})
            res["results"][f"textmine:{cname}"] = r
            print(name, cname, r, flush=True)
        if have_bt:
            t = time.perf_counter()
            bt = make_bertopic()
            topics, _ = bt.fit_transform(texts, embeddings=X)
            secs = time.perf_counter() - t
            topics = np.asarray(topics)
            r = scores(y, topics)
            r["seconds"] = round(secs, 2)
            res["results"]["bertopic"] = r
            print(name, "bertopic", r, flush=True)
            t = time.perf_counter()
            reduced = np.asarray(bt.reduce_outliers(texts, topics.tolist(), strategy="embeddings", embeddings=X))
            r = scores(y, reduced)
            r["seconds"] = round(secs + time.perf_counter() - t, 2)
            res["results"]["bertopic_reduce_outliers"] = r
            print(name, "bertopic_reduce_outliers", r, flush=True)
        out["datasets"][name] = res
    write("quality", out)


# ---------------------------------------------------------------- stability
def _pair_ari(a: np.ndarray, b: np.ndarray) -> dict:
    from sklearn.metrics import adjusted_rand_score

    both = (a >= 0) & (b >= 0)
    return {"ari_all": float(adjusted_rand_score(a, b)),
            "ari_assigned_both": float(adjusted_rand_score(a[both], b[both])) if both.any() else None,
            "assigned_both_share": float(both.mean())}


def _summ(pairs: list[dict]) -> dict:
    out = {}
    for key in ("ari_all", "ari_assigned_both"):
        vals = [p[key] for p in pairs if p[key] is not None]
        out[f"{key}_mean"] = round(float(np.mean(vals)), 4)
        out[f"{key}_min"] = round(float(np.min(vals)), 4)
    return out


def run_stability(args) -> None:
    data = datasets(args.n)
    out = header(" ".join(["bench_themes.py"] + sys.argv[1:]))
    from textmine.themes import ThemeDiscoverer

    out["textmine_defaults"] = {k: v for k, v in ThemeDiscoverer().get_params().items() if k != "stop_words"}
    out["notes"] = ("seeds: ARI over all pairs of 5 seeds' labels. With n <= max_fit_samples the seed only moves "
                    "PCA's randomized solver, so 'seeds_subsample80' also refits on seeded 80% subsamples and "
                    "compares labels on the documents both subsamples hold. halves: fit on a random half A and on "
                    "the other half B; B's model predicts A's documents; ARI with A's own labels.")
    have_bt = bertopic_available() and not args.no_bertopic
    if have_bt:
        warm_up_bertopic()
    out["datasets"] = {}
    for name, (texts, y) in data.items():
        X, _, _ = encode(texts)
        n = len(texts)
        res = {"n_docs": n}
        labs = [fit_textmine(X, None, None, {}, seed)[0].labels_ for seed in SEEDS]
        res["textmine_seeds"] = _summ([_pair_ari(a, b) for a, b in itertools.combinations(labs, 2)])
        subs = []
        for seed in SEEDS:
            idx = np.sort(np.random.default_rng(100 + seed).choice(n, int(0.8 * n), replace=False))
            lab = np.full(n, -2)
            lab[idx] = fit_textmine(X[idx], None, None, {}, seed)[0].labels_
            subs.append(lab)
        pairs = []
        for a, b in itertools.combinations(subs, 2):
            common = (a > -2) & (b > -2)
            pairs.append(_pair_ari(a[common], b[common]))
        res["textmine_seeds_subsample80"] = _summ(pairs)
        halves = []
        for seed in SEEDS[:3]:
            perm = np.random.default_rng(200 + seed).permutation(n)
            A, B = np.sort(perm[: n // 2]), np.sort(perm[n // 2:])
            dA = fit_textmine(X[A], None, None, {}, seed)[0]
            dB = fit_textmine(X[B], None, None, {}, seed)[0]
            halves.append(_pair_ari(dA.labels_, dB.predict(X[A])))
        res["textmine_halves"] = _summ(halves)
        res["textmine_halves"]["n_splits"] = len(halves)
        print(name, res, flush=True)
        if have_bt:
            bl = []
            for seed in SEEDS:
                bl.append(np.asarray(make_bertopic(seed).fit_transform(texts, embeddings=X)[0]))
            res["bertopic_seeds"] = _summ([_pair_ari(a, b) for a, b in itertools.combinations(bl, 2)])
            perm = np.random.default_rng(200).permutation(n)
            A, B = np.sort(perm[: n // 2]), np.sort(perm[n // 2:])
            ta = [texts[i] for i in A]
            tA = np.asarray(make_bertopic().fit_transform(ta, embeddings=X[A])[0])
            mB = make_bertopic()
            mB.fit_transform([texts[i] for i in B], embeddings=X[B])
            pA = np.asarray(mB.transform(ta, embeddings=X[A])[0])
            res["bertopic_halves"] = _summ([_pair_ari(tA, pA)])
            res["bertopic_halves"]["n_splits"] = 1
            print(name, "bertopic", res["bertopic_seeds"], res["bertopic_halves"], flush=True)
        out["datasets"][name] = res
    write("stability", out)


# ---------------------------------------------------------------- speed
def run_speed(args) -> None:
    import pandas as pd

    root = ec.data_dir()
    if root is None:
        print("skipped: the public data folder is absent (set TEXTMINE_DATA)")
        raise SystemExit(0)
    from textmine.embed import CachedEncoder, EmbeddingCache, get_encoder
    from textmine.text import to_clauses
    from textmine.text import aspect_texts
    from textmine.themes import ThemeDiscoverer, discover_themes

    reviews = [t for (t,) in ec.read_column(root / "online_shopping_10_cats" / "online_shopping_10_cats.csv",
                                            "review")]
    seen, distinct = set(), []
    for t in reviews:
        if t and t not in seen:
            seen.add(t)
            distinct.append(t)
    order = np.random.default_rng(0).permutation(len(distinct))
    target = args.clauses
    # take distinct reviews in a seeded order until they give `target` clauses (~2.9 clauses per review)
    frame = pd.DataFrame({"respondent_id": np.arange(len(distinct)), "text": [distinct[i] for i in order]})
    out = header(" ".join(["bench_themes.py"] + sys.argv[1:]))
    out["threads"] = os.environ.get("OMP_NUM_THREADS")
    timings = {}
    t = time.perf_counter()
    clauses = to_clauses(frame, progress=False)
    full_s = time.perf_counter() - t
    last = int(np.searchsorted(clauses["clause_id"].to_numpy(), target))
    rid = clauses["respondent_id"].iloc[min(last, len(clauses) - 1)]
    frame = frame[frame["respondent_id"] < rid] if len(clauses) > target else frame
    # time to_clauses on exactly the kept answers (a fresh call: its caches are per call)
    t = time.perf_counter()
    clauses = to_clauses(frame, progress=False)
    timings["to_clauses"] = time.perf_counter() - t
    texts = aspect_texts(clauses)
    with tempfile.TemporaryDirectory() as cache_dir:
        enc = CachedEncoder(get_encoder(), EmbeddingCache(cache_dir))
        t = time.perf_counter()
        enc.encode(texts)
        timings["encode_cold_untimed_in_total"] = time.perf_counter() - t
        t = time.perf_counter()
        vectors = enc.encode(texts)
        timings["encode_cached"] = time.perf_counter() - t
        # the respondents frame discover_themes stores; scores are irrelevant to discovery
        resp = pd.DataFrame({"respondent_id": frame["respondent_id"].to_numpy(), "score": 10,
                             "nps_group": "promoter"})
        disc = ThemeDiscoverer(merge_threshold=0.55, max_themes=30, random_state=0)  # analyze()'s settings
        t = time.perf_counter()
        res = discover_themes(clauses, vectors, resp, discoverer=disc, encoder_id=enc.id)
        timings["discover_themes"] = time.perf_counter() - t
    total = timings["to_clauses"] + timings["encode_cached"] + timings["discover_themes"]
    out.update({
        "n_answers": int(len(frame)), "n_clauses": int(len(clauses)),
        "n_content_clauses": int(res.n_content_clauses), "to_clauses_all_reviews_seconds": round(full_s, 2),
        "timings_seconds": {k: round(v, 2) for k, v in timings.items()},
        "total_seconds_text_to_named_themes": round(total, 2), "target_seconds": 120,
        "n_themes": len(res.codebook), "unassigned_share_clauses": round(float(res.unassigned_share), 4),
        "discoverer": {k: v for k, v in disc.get_params().items() if k != "stop_words"},
        "n_clusters_hdbscan": disc.n_clusters_hdbscan_, "min_cluster_size": disc.min_cluster_size_,
    })
    print(json.dumps(out, ensure_ascii=False, indent=1))
    write("speed", out)


CLAUSE_CONFIGS = {
    "analyze_default": {"merge_threshold": 0.55, "max_themes": 30},
    "analyze+reassign0.25": {"merge_threshold": 0.55, "max_themes": 30, "reassign_threshold": 0.25},
    "analyze+reassign0.2": {"merge_threshold": 0.55, "max_themes": 30, "reassign_threshold": 0.2},
    "analyze+previous_defaults": {**PREVIOUS, "merge_threshold": 0.55, "max_themes": 30},
}


def run_clauses(args) -> None:
    import pandas as pd

    from textmine.embed import get_encoder
    from textmine.text import to_clauses
    from textmine.text import aspect_texts, aspect_tokens
    from textmine.themes import ThemeDiscoverer

    data = datasets(args.n)
    out = header(" ".join(["bench_themes.py"] + sys.argv[1:]))
    out["configs"] = CLAUSE_CONFIGS
    out["datasets"] = {}
    enc = get_encoder()
    for name, (texts, y) in data.items():
        cl = to_clauses(pd.DataFrame({"respondent_id": np.arange(len(texts)), "text": texts}), progress=False)
        content = np.flatnonzero(~cl["no_content"].to_numpy(bool))
        at = aspect_texts(cl)
        X = np.asarray(enc.encode([at[i] for i in content]), dtype=np.float32)
        toks = aspect_tokens(cl)
        toks = [toks[i] for i in content]
        yc = y[cl["respondent_id"].to_numpy()[content]]
        res = {"n_docs": len(texts), "n_content_clauses": int(len(content)), "results": {}}
        for cname, params in CLAUSE_CONFIGS.items():
            d, secs = fit_textmine(X, None, toks, resolve(params, min(len(content), 20000)))
            n = len(content)
            in_sample = np.zeros(n, dtype=bool)  # the seeded sample ThemeDiscoverer fitted (same rule as fit)
            in_sample[np.random.default_rng(0).choice(n, d.max_fit_samples, replace=False)
                      if n > d.max_fit_samples else np.arange(n)] = True
            lab = d.labels_
            core = in_sample & (lab >= 0) & ~d.reassigned_
            r = scores(yc, lab, core)
            majority = {}
            for t in np.unique(lab[core]):
                vals, counts = np.unique(yc[core & (lab == t)], return_counts=True)
                majority[t] = vals[counts.argmax()]
            moved = in_sample & d.reassigned_
            r["purity_reassigned"] = round(float(np.mean([yc[i] == majority.get(lab[i])
                                                          for i in np.flatnonzero(moved)])), 4) if moved.any() else None
            r["reassigned_share"] = round(float(moved.mean()), 4)
            oos = ~in_sample & (lab >= 0)
            r["purity_out_of_sample"] = round(float(np.mean([yc[i] == majority.get(lab[i])
                                                             for i in np.flatnonzero(oos)])), 4) if oos.any() else None
            r["out_of_sample_assigned_share"] = round(float(oos.mean()), 4)
            r["unassigned_share_in_sample"] = round(float((lab[in_sample] < 0).mean()), 4)
            r["unassigned_share_out_of_sample"] = round(float((lab[~in_sample] < 0).mean()), 4) \
                if (~in_sample).any() else None
            r.update({"fit_seconds": round(secs, 2), "n_clusters_hdbscan": d.n_clusters_hdbscan_,
                      "min_cluster_size": d.min_cluster_size_, "labels_first10": d.labels_text_[:10]})
            res["results"][f"textmine:{cname}"] = r
            print(name, cname, r, flush=True)
        out["datasets"][name] = res
    write("clauses", out)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("part", choices=["quality", "stability", "speed", "clauses"])
    p.add_argument("--n", type=int, default=None, help="at most this many documents per dataset (default: all)")
    p.add_argument("--clauses", type=int, default=100_000, help="clauses for the speed run")
    p.add_argument("--no-bertopic", action="store_true")
    p.add_argument("--slow", action="store_true", help="also run reduction='none' (minutes)")
    args = p.parse_args()
    {"quality": run_quality, "stability": run_stability, "speed": run_speed,
     "clauses": run_clauses}[args.part](args)


if __name__ == "__main__":
    main()
