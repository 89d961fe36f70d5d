"""Sentence vectors: the ``Encoder`` protocol, the shipped Chinese default, any sentence-transformers model,
adaptation to a survey's own answers, and an on-disk cache.

    from textmine.embed import get_encoder
    enc = get_encoder()                        # shipped default (models/textmine-zh-static), offline, no torch
    enc = get_encoder("path/to/bge-small-zh")  # any sentence-transformers model directory: the one option
    vecs = enc.encode(clauses)                 # float32, (n, dim), rows of norm 1 (0 for empty texts)

Importing this package loads numpy only; torch, tokenizers and jieba load when first needed.
"""

from textmine.embed._adapt import adapt_encoder
from textmine.embed._base import Encoder
from textmine.embed._cache import CachedEncoder, EmbeddingCache
from textmine.embed._registry import DEFAULT_ENCODER_PATH, default_encoder, get_encoder
from textmine.embed._st import SentenceTransformerEncoder
from textmine.embed._static import StaticEncoder

__all__ = [
    "CachedEncoder",
    "DEFAULT_ENCODER_PATH",
    "EmbeddingCache",
    "Encoder",
    "SentenceTransformerEncoder",
    "StaticEncoder",
    "adapt_encoder",
    "default_encoder",
    "get_encoder",
]
