"""Train textmine's default Chinese encoder: a static (bag-of-tokens) sentence-transformers model.

    python scripts/train_default_encoder.py                    # word-level model -> models/textmine-zh-static
    python scripts/train_default_encoder.py --variant char --out /tmp/zh-char

Recipe (deterministic; a few minutes on one core):
1. Read the public corpora in $TEXTMINE_DATA (see scripts/encoder_corpus.py: ccf2018 and the online_shopping
   evaluation split are held out), normalise (NFKC, traditional -> simplified, lower case).
2. Vocabulary: jieba words (own ``jieba.Tokenizer()``, HMM off) seen >= --min-count times, the most frequent
   --max-words of them, plus every single character seen (fallback for unknown words). A ``tokenizers`` Unigram
   model scores each piece by its log frequency, so its Viterbi segmentation approximates jieba's at encode time.
   ``--variant char`` keeps single characters only.
3. Co-occurrence of Unigram tokens in a +/- --window window (weights 1/distance), PPMI with context smoothing
   0.75, TruncatedSVD to --dim dimensions, rows scaled by sqrt(singular values) and L2-normalised.
4. SIF: each row times a / (a + p(token)); the common component of sentence vectors is projected out of every row
   (exactly equivalent to SIF's removal, since mean pooling is linear). Unknown token and punctuation -> zero.
5. Saved as SentenceTransformer([StaticEmbedding, Normalize]) (built-in modules only) + textmine_model.json +
   MODEL_CARD.md.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import encoder_corpus as ec  # noqa: E402
from encoder_model_card import model_card  # noqa: E402

from textmine.embed._static import save_static_model  # noqa: E402

MODEL_NAME = "textmine-zh-static"
MODEL_VERSION = "1.0.0"


def is_content(token: str) -> bool:
    """A token worth a vector: it has a letter, CJK character or digit."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def jieba_counts(texts: list[str]) -> Counter:
    import jieba

    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()
    tk.initialize()
    counts: Counter = Counter()
    for text in texts:
        counts.update(w for w in tk.cut(text, HMM=False) if not w.isspace())
    return counts


def build_vocab(texts: list[str], variant: str, min_count: int, max_words: int) -> list[tuple[str, float]]:
    """[(piece, log-prob score)], '[UNK]' first."""
    chars: Counter = Counter()
    for text in texts:
        chars.update(text)
    char_set = {c for c in chars if is_content(c)}
    if variant == "char":
        total = sum(chars[c] for c in char_set)
        pieces = sorted(char_set, key=lambda c: (-chars[c], c))
        return [("[UNK]", 0.0)] + [(c, math.log(chars[c] / total)) for c in pieces]
    words = jieba_counts(texts)
    total = sum(words.values())
    multi = [w for w, n in words.items() if len(w) > 1 and n >= min_count and is_content(w) and " " not in w]
    multi = sorted(multi, key=lambda w: (-words[w], w))[:max_words]
    floor = 0.5  # characters seen only inside words
    vocab = [("[UNK]", 0.0)]
    vocab += [(w, math.log(words[w] / total)) for w in multi]
    vocab += [(c, math.log(max(words.get(c, 0), floor) / total)) for c in sorted(char_set, key=lambda c: (-chars[c], c))]
    return vocab


def make_tokenizer(vocab: list[tuple[str, float]]):
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    tok = Tokenizer(models.Unigram(vocab, unk_id=0, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation()])
    return tok


def token_ids(tok, texts: list[str], vocab_size: int) -> list[np.ndarray]:
    out = []
    for start in range(0, len(texts), 20000):
        for enc in tok.encode_batch(texts[start : start + 20000], add_special_tokens=False):
            out.append(np.asarray(enc.ids, dtype=np.int64))
    return out


def cooccurrence(docs: list[np.ndarray], valid: np.ndarray, vocab_size: int, window: int):
    import scipy.sparse as sp

    sep = np.full(window, -1, dtype=np.int64)
    seq = np.concatenate([x for d in docs for x in (d, sep)])
    seq[(seq >= 0) & ~valid[np.maximum(seq, 0)]] = -1
    mat = sp.csr_matrix((vocab_size, vocab_size), dtype=np.float64)
    for k in range(1, window + 1):
        a, b = seq[:-k], seq[k:]
        keep = (a >= 0) & (b >= 0)
        a, b = a[keep], b[keep]
        part = sp.coo_matrix((np.full(a.size, 1.0 / k), (a, b)), shape=(vocab_size, vocab_size)).tocsr()
        mat = mat + part + part.T
    return mat


def ppmi_svd(cooc, dim: int, alpha: float = 0.75, seed: int = 0) -> np.ndarray:
    from sklearn.decomposition import TruncatedSVD

    cooc = cooc.tocoo()
    row = np.asarray(cooc.sum(axis=1)).ravel()
    col = np.asarray(cooc.sum(axis=0)).ravel() ** alpha
    # log P(w,c) / (P(w) P_alpha(c)) with P_alpha(c) = col^alpha / sum(col^alpha)
    pmi = np.log(cooc.data * col.sum() / (row[cooc.row] * col[cooc.col]))
    keep = pmi > 0
    import scipy.sparse as sp

    ppmi = sp.csr_matrix((pmi[keep], (cooc.row[keep], cooc.col[keep])), shape=cooc.shape)
    svd = TruncatedSVD(n_components=dim, algorithm="randomized", n_iter=6, random_state=seed)
    u = svd.fit_transform(ppmi)  # = U * S
    s = svd.singular_values_
    vecs = u / np.sqrt(np.maximum(s, 1e-12))  # U * S^0.5
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return (vecs / np.maximum(norms, 1e-12)).astype(np.float32)


def sif_weights(docs: list[np.ndarray], vocab_size: int, a: float) -> np.ndarray:
    counts = np.bincount(np.concatenate(docs), minlength=vocab_size).astype(np.float64)
    p = counts / counts.sum()
    return (a / (a + p)).astype(np.float32)


def remove_common_component(weights: np.ndarray, docs: list[np.ndarray], sample: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(docs), size=min(sample, len(docs)), replace=False)
    sent = np.stack([weights[docs[i]].mean(axis=0) if docs[i].size else np.zeros(weights.shape[1]) for i in idx])
    sent /= np.maximum(np.linalg.norm(sent, axis=1, keepdims=True), 1e-12)
    _, _, vt = np.linalg.svd(sent, full_matrices=False)
    u = vt[0]
    return (weights - np.outer(weights @ u, u)).astype(np.float32)


def train(args) -> dict:
    root = ec.data_dir()
    if root is None:
        sys.exit("public data folder not found: set TEXTMINE_DATA to the folder holding online_shopping_10_cats/ ...")
    t0 = time.perf_counter()
    texts, per_source = ec.training_texts(root)
    print(f"{len(texts)} training texts, {sum(map(len, texts))} chars ({time.perf_counter() - t0:.1f}s)")
    vocab = build_vocab(texts, args.variant, args.min_count, args.max_words)
    tok = make_tokenizer(vocab)
    print(f"vocabulary {len(vocab)} pieces ({time.perf_counter() - t0:.1f}s)")
    docs = token_ids(tok, texts, len(vocab))
    valid = np.array([i > 0 and is_content(p) for i, (p, _) in enumerate(vocab)])
    cooc = cooccurrence(docs, valid, len(vocab), args.window)
    print(f"co-occurrence nnz {cooc.nnz} ({time.perf_counter() - t0:.1f}s)")
    vecs = ppmi_svd(cooc, args.dim, seed=args.seed)
    vecs *= sif_weights(docs, len(vocab), args.sif_a)[:, None]
    vecs[~valid] = 0.0
    vecs = remove_common_component(vecs, docs, 20000, args.seed)
    vecs[~valid] = 0.0
    print(f"vectors {vecs.shape} ({time.perf_counter() - t0:.1f}s)")
    fingerprint = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()
    meta = {
        "name": MODEL_NAME if args.variant == "word" else f"{MODEL_NAME}-char",
        "version": MODEL_VERSION,
        "kind": "static-embedding",
        "variant": args.variant,
        "dim": int(vecs.shape[1]),
        "vocab_size": len(vocab),
        "params": {k: getattr(args, k) for k in ("min_count", "max_words", "window", "dim", "sif_a", "seed")},
        "training_data": {"n_texts": len(texts), "sha256": fingerprint, "per_source": per_source},
        "held_out": ["ccf2018_car_opinions (all files)", "online_shopping_10_cats evaluation split (text-hash bucket 0 of 5)"],
        "trained_with": {"script": "scripts/train_default_encoder.py", **_versions()},
    }
    save_static_model(Path(args.out), tok, vecs, meta, model_card(meta), overwrite=True)
    print(f"saved to {args.out} ({time.perf_counter() - t0:.1f}s)")
    return meta


def _versions() -> dict:
    from importlib.metadata import version

    return {p: version(p) for p in ("sentence-transformers", "tokenizers", "jieba", "scikit-learn", "numpy", "torch")}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variant", choices=["word", "char"], default="word")
    parser.add_argument("--out", default=str(ec.REPO_ROOT / "models" / MODEL_NAME))
    parser.add_argument("--dim", type=int, default=256)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--max-words", type=int, default=30000)
    parser.add_argument("--window", type=int, default=8)
    parser.add_argument("--sif-a", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=0)
    train(parser.parse_args(argv))


if __name__ == "__main__":
    main()
