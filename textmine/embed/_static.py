"""Static (bag-of-tokens) models: a numpy encoder for sentence-transformers ``StaticEmbedding`` directories,
and the writer used by the training script and by ``adapt_encoder``.

A StaticEmbedding model averages one vector per token, then (with a ``Normalize`` module) scales to norm 1.
That needs no torch: ``StaticEncoder`` reads ``tokenizer.json`` with ``tokenizers`` and the weights with
``safetensors``, and gives the same vectors as ``SentenceTransformer(path).encode`` (tested) in a fraction of the
load time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np

from textmine.embed._base import check_batch_size, check_texts, dir_fingerprint, encode_in_batches
from textmine.errors import ModelError, IntegrityError

MANIFEST = "textmine_model.json"
_STATIC_SUFFIX = "StaticEmbedding"
_NORMALIZE_SUFFIX = "Normalize"


def read_modules(path: Path) -> list[dict] | None:
    """The parsed ``modules.json`` of a sentence-transformers directory, or None when absent."""
    return _read_json(path / "modules.json", "expected a sentence-transformers modules.json")


def _read_json(file: Path, fix: str):
    """The parsed JSON ``file``, None when it does not exist; a ModelError saying ``fix`` when it is not JSON."""
    if not file.is_file():
        return None
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{file} is not valid JSON ({exc}); {fix}") from exc


def is_static_dir(path: Path) -> bool:
    """True when ``path`` declares exactly [StaticEmbedding] or [StaticEmbedding, Normalize] in modules.json."""
    modules = read_modules(path)
    if not modules:
        return False
    types = [str(m.get("type", "")) for m in sorted(modules, key=lambda m: m.get("idx", 0))]
    return types[0].endswith(_STATIC_SUFFIX) and all(t.endswith(_NORMALIZE_SUFFIX) for t in types[1:])


def read_manifest(path: Path) -> dict | None:
    return _read_json(path / MANIFEST, "re-create the model directory")


def _sha256(file: Path) -> str:
    h = hashlib.sha256()
    with open(file, "rb") as fh:
        for block in iter(lambda: fh.read(2**20), b""):
            h.update(block)
    return h.hexdigest()


class StaticEncoder:
    """Encode with a StaticEmbedding model directory using numpy only (no torch).

    Parameters
    ----------
    path : directory written by ``SentenceTransformer.save`` whose modules are StaticEmbedding (+ Normalize).
    batch_size : texts per batch (bounds the working memory; the output array is allocated once).
    verify : check the files against the hashes in ``textmine_model.json`` when the directory has one.
    """

    def __init__(self, path, *, batch_size: int = 8192, verify: bool = True):
        self.path = Path(path)
        self.batch_size = check_batch_size(batch_size)
        if not self.path.is_dir():
            raise ModelError(f"static model directory {str(self.path)!r} does not exist; expected a folder with "
                             "modules.json, tokenizer.json and model.safetensors")
        if not is_static_dir(self.path):
            raise ModelError(f"{str(self.path)!r} is not a StaticEmbedding model (modules.json must list "
                             "StaticEmbedding, optionally followed by Normalize); load it with "
                             "SentenceTransformerEncoder instead")
        self.manifest = read_manifest(self.path)
        tok_file, weight_file = self.path / "tokenizer.json", self.path / "model.safetensors"
        missing = [f.name for f in (tok_file, weight_file) if not f.is_file()]
        if missing:
            raise ModelError(f"static model directory {str(self.path)!r} lacks {missing}; expected tokenizer.json "
                             "and model.safetensors beside modules.json")
        if verify and self.manifest and self.manifest.get("files_sha256"):
            for rel, digest in self.manifest["files_sha256"].items():
                if _sha256(self.path / rel) != digest:
                    raise IntegrityError(f"{rel} in {str(self.path)!r} does not match the sha256 recorded in "
                                         f"{MANIFEST}; the file was changed or damaged: restore it")
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tok_file))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        tensors = load_file(str(weight_file))
        key = "embedding.weight" if "embedding.weight" in tensors else "embeddings"
        if key not in tensors:
            raise ModelError(f"model.safetensors in {str(self.path)!r} holds {sorted(tensors)}; expected "
                             "'embedding.weight'")
        self.weights = np.ascontiguousarray(tensors[key], dtype=np.float32)
        if self.weights.shape[0] != self.tokenizer.get_vocab_size():
            raise ModelError(f"{str(self.path)!r}: {self.weights.shape[0]} embedding rows for a vocabulary of "
                             f"{self.tokenizer.get_vocab_size()} tokens; the files do not belong together")
        self.dim = int(self.weights.shape[1])
        if self.manifest and self.manifest.get("name"):
            digest = next(iter(self.manifest.get("files_sha256", {}).values()), dir_fingerprint(self.path))
            self.id = f"{self.manifest['name']}@{self.manifest.get('version', '0')}+{digest[:12]}"
        else:
            self.id = f"static:{self.path.name}+{dir_fingerprint(self.path)}"

    @classmethod
    def from_arrays(cls, tokenizer, weights: np.ndarray, id: str, *, manifest: dict | None = None,
                    batch_size: int = 8192) -> "StaticEncoder":
        """An in-memory static encoder (e.g. an adapted model); ``save`` writes it as a model directory."""
        weights = np.ascontiguousarray(weights, dtype=np.float32)
        if weights.ndim != 2 or weights.shape[0] != tokenizer.get_vocab_size():
            raise ModelError(f"weights of shape {weights.shape} for a vocabulary of {tokenizer.get_vocab_size()} "
                             "tokens; expected one row per token")
        self = cls.__new__(cls)
        self.path, self.batch_size, self.manifest = None, check_batch_size(batch_size), manifest
        self.tokenizer, self.weights, self.dim, self.id = tokenizer, weights, int(weights.shape[1]), str(id)
        return self

    def save(self, out, *, overwrite: bool = False, model_card: str | None = None) -> Path:
        """Write this model as a sentence-transformers directory (loadable by ``get_encoder(out)``)."""
        manifest = dict(self.manifest or {})
        manifest.setdefault("name", self.id.split("@")[0].split("+")[0])
        return save_static_model(out, self.tokenizer, self.weights, manifest, model_card, overwrite)

    def vocabulary(self) -> list[tuple[str, float]]:
        """[(piece, score)] of a Unigram tokenizer, or [(token, 0.0)] in id order for other models."""
        model = json.loads(self.tokenizer.to_str())["model"]
        if model.get("type") == "Unigram":
            return [(p, float(s)) for p, s in model["vocab"]]
        vocab = self.tokenizer.get_vocab()
        return [(t, 0.0) for t, _ in sorted(vocab.items(), key=lambda kv: kv[1])]

    def __repr__(self) -> str:
        return f"StaticEncoder(id={self.id!r}, dim={self.dim})"

    def tokenize(self, texts) -> list[list[str]]:
        """The tokens the model averages for each text (for inspection)."""
        encs = self.tokenizer.encode_batch(check_texts(texts), add_special_tokens=False)
        return [e.tokens for e in encs]

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        import scipy.sparse as sp

        encs = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in encs), dtype=np.int64, count=len(encs))
        ids = np.fromiter((i for e in encs for i in e.ids), dtype=np.int64, count=int(lengths.sum()))
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        bag = sp.csr_matrix((np.ones(ids.size, dtype=np.float32), ids, indptr),
                            shape=(len(texts), self.weights.shape[0]))
        return np.asarray(bag @ self.weights, dtype=np.float32)  # sums; the mean's 1/n vanishes on normalising

    def encode(self, texts, *, batch_size: int | None = None, show_progress: bool | None = None) -> np.ndarray:
        texts = check_texts(texts)
        bs = self.batch_size if batch_size is None else check_batch_size(batch_size)
        return encode_in_batches(texts, self.dim, bs, show_progress, self._encode_batch)


def save_static_model(out, tokenizer, weights: np.ndarray, manifest: dict | None = None,
                      model_card: str | None = None, overwrite: bool = False) -> Path:
    """Write a StaticEmbedding + Normalize sentence-transformers directory (built-in modules only).

    ``tokenizer`` is a ``tokenizers.Tokenizer``; ``weights`` has one row per vocabulary entry. When ``manifest``
    is given, ``textmine_model.json`` records it plus the sha256 of the weights and tokenizer.
    """
    from sentence_transformers import SentenceTransformer

    try:
        from sentence_transformers.sentence_transformer.modules import Normalize, StaticEmbedding
    except ImportError:  # sentence-transformers < 6
        from sentence_transformers.models import Normalize, StaticEmbedding

    out = Path(out)
    if out.exists():
        if not overwrite:
            raise ModelError(f"{str(out)!r} already exists; choose another directory or pass overwrite=True")
        shutil.rmtree(out)
    weights = np.ascontiguousarray(weights, dtype=np.float32)
    if weights.shape[0] != tokenizer.get_vocab_size():
        raise ModelError(f"{weights.shape[0]} weight rows for a vocabulary of {tokenizer.get_vocab_size()}")
    module = StaticEmbedding(tokenizer, embedding_weights=weights)
    SentenceTransformer(modules=[module, Normalize()], device="cpu").save(str(out))
    (out / "README.md").unlink(missing_ok=True)  # sentence-transformers' generic card; ours is MODEL_CARD.md
    if model_card is not None:
        (out / "MODEL_CARD.md").write_text(model_card, encoding="utf-8")
    if manifest is not None:
        manifest = dict(manifest)
        manifest["files_sha256"] = {n: _sha256(out / n) for n in ("model.safetensors", "tokenizer.json")}
        (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
