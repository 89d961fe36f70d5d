"""Tiny model directories built on the fly (no download): a static model and a non-static one."""

from __future__ import annotations

import math

import numpy as np
import pytest

# Hand-written survey-like clauses (not taken from any dataset).
CLAUSES = [
    "物流很快", "送货速度快", "快递小哥态度好", "包装很严实", "客服态度太差", "客服回复很慢",
    "电池不耐用", "续航太差了", "屏幕很清晰", "价格便宜", "性价比很高", "价格有点贵",
]
WORDS = ["物流", "很快", "送货", "速度", "快递", "小哥", "态度", "包装", "严实", "客服", "回复", "电池",
         "耐用", "续航", "屏幕", "清晰", "价格", "便宜", "性价比", "有点"]


def unigram_tokenizer(words=WORDS, texts=CLAUSES):
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    chars = sorted({c for t in texts for c in t} | {c for w in words for c in w})
    vocab = [("[UNK]", 0.0)] + [(w, math.log(0.01)) for w in words] + [(c, math.log(0.001)) for c in chars]
    tok = Tokenizer(models.Unigram(vocab, unk_id=0, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation()])
    return tok


def tiny_weights(vocab_size: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    w = np.random.default_rng(seed).normal(size=(vocab_size, dim)).astype(np.float32)
    w[0] = 0.0  # unknown token contributes nothing
    return w


@pytest.fixture(scope="session")
def static_dir(tmp_path_factory):
    """A StaticEmbedding + Normalize directory with a textmine manifest (built through sentence-transformers)."""
    from textmine.embed._static import save_static_model

    tok = unigram_tokenizer()
    out = tmp_path_factory.mktemp("models") / "tiny-static"
    save_static_model(out, tok, tiny_weights(tok.get_vocab_size()), {"name": "tiny-static", "version": "0.1"})
    return out


@pytest.fixture(scope="session")
def st_dir(tmp_path_factory):
    """A non-static sentence-transformers directory: StaticEmbedding -> Dense(16 -> 8) -> Normalize."""
    import torch
    from sentence_transformers import SentenceTransformer

    try:
        from sentence_transformers.sentence_transformer.modules import Dense, Normalize, StaticEmbedding
    except ImportError:
        from sentence_transformers.models import Dense, Normalize, StaticEmbedding
    torch.manual_seed(0)
    tok = unigram_tokenizer()
    modules = [StaticEmbedding(tok, embedding_weights=tiny_weights(tok.get_vocab_size())),
               Dense(16, 8), Normalize()]
    out = tmp_path_factory.mktemp("models") / "tiny-dense"
    SentenceTransformer(modules=modules, device="cpu").save(str(out))
    return out


class FakeEncoder:
    """Deterministic vectors from a text hash; counts the texts it was asked to encode."""

    def __init__(self, dim: int = 8, id: str = "fake@1"):
        self.dim, self.id, self.seen = dim, id, []

    def encode(self, texts, *, batch_size=None, show_progress=None):
        import hashlib

        self.seen.extend(texts)
        rows = []
        for t in texts:
            seed = int.from_bytes(hashlib.sha256(t.encode()).digest()[:4], "little")
            rows.append(np.random.default_rng(seed).normal(size=self.dim))
        x = np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.fixture
def fake_encoder():
    return FakeEncoder()


@pytest.fixture(scope="session")
def clauses():
    return list(CLAUSES)
