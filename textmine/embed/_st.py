"""Any sentence-transformers model, from a local directory or (where the machine can reach it) a hub name."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import numpy as np

from textmine.embed._base import check_batch_size, check_texts, dir_fingerprint, encode_in_batches
from textmine.errors import ModelError, require

_OFFLINE_VARS = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE")
# owner/name or name as on the hub: letters, digits, - _ . ; at most one slash; no path-like start
_HUB_NAME = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,95}/)?[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")


@contextlib.contextmanager
def offline_env():
    """Set the Hugging Face offline flags for the duration of a local load, then restore them."""
    saved = {k: os.environ.get(k) for k in _OFFLINE_VARS}
    try:
        for k in _OFFLINE_VARS:
            os.environ[k] = "1"
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def looks_like_hub_name(name: str) -> bool:
    return bool(_HUB_NAME.match(name)) and not name.startswith((".", "~")) and not name.endswith((".", "-"))


def check_model_dir(path: Path) -> None:
    """Fail at once, saying what was expected, when ``path`` is not a sentence-transformers or HF model folder."""
    if not path.exists():
        raise ModelError(
            f"model directory {str(path)!r} does not exist; expected a sentence-transformers model folder "
            "(modules.json + config files + weights, as written by SentenceTransformer.save) or a hub name "
            "such as 'BAAI/bge-small-zh-v1.5' on a machine that can reach the hub"
        )
    if not path.is_dir():
        raise ModelError(f"{str(path)!r} is a file; expected a model directory (modules.json, config, weights)")
    if not ((path / "modules.json").is_file() or (path / "config.json").is_file()):
        found = sorted(p.name for p in path.iterdir())[:10]
        raise ModelError(
            f"{str(path)!r} is not a sentence-transformers model: it has neither modules.json nor config.json "
            f"(found {found}); point to the folder written by SentenceTransformer.save or a Hugging Face model"
        )


class SentenceTransformerEncoder:
    """Encode with any sentence-transformers model.

    Parameters
    ----------
    name_or_path : a local model directory, or a hub name (needs network unless already in the HF cache).
    device : torch device, "cpu" by default.
    batch_size : texts per forward pass.
    trust_remote_code : passed to sentence-transformers; False by default (never needed for built-in modules).
    """

    def __init__(self, name_or_path, *, device: str = "cpu", batch_size: int = 64,
                 trust_remote_code: bool = False):
        self.name_or_path = str(name_or_path)
        self.device = device
        self.batch_size = check_batch_size(batch_size)
        self.trust_remote_code = trust_remote_code
        path = Path(self.name_or_path).expanduser()
        self.is_local = path.exists() or not looks_like_hub_name(self.name_or_path)
        if self.is_local:
            check_model_dir(path)
        st = require("sentence_transformers", "SentenceTransformerEncoder")
        try:
            if self.is_local:
                with offline_env():
                    self.model = st.SentenceTransformer(str(path), device=device,
                                                        trust_remote_code=trust_remote_code,
                                                        local_files_only=True)
            else:
                self.model = st.SentenceTransformer(self.name_or_path, device=device,
                                                    trust_remote_code=trust_remote_code)
        except ModelError:
            raise
        except Exception as exc:
            where = "directory" if self.is_local else "hub model"
            hint = ("check that the folder is complete" if self.is_local else
                    "without network, download it once elsewhere and pass its local directory instead")
            raise ModelError(f"could not load the sentence-transformers {where} {self.name_or_path!r} "
                             f"({type(exc).__name__}: {str(exc)[:300]}); {hint}") from exc
        get_dim = getattr(self.model, "get_embedding_dimension", None) or \
            getattr(self.model, "get_sentence_embedding_dimension")
        dim = get_dim()
        if dim is None:  # some modules only know their size after a forward pass
            dim = int(self.model.encode(["x"], convert_to_numpy=True).shape[1])
        self.dim = int(dim)
        if self.is_local:
            self.id = f"st:{path.resolve().name}+{dir_fingerprint(path)}"
        else:
            self.id = f"st:{self.name_or_path}"

    def __repr__(self) -> str:
        return f"SentenceTransformerEncoder(id={self.id!r}, dim={self.dim}, device={self.device!r})"

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        vecs = self.model.encode(texts, batch_size=self.batch_size, show_progress_bar=False,
                                 convert_to_numpy=True, normalize_embeddings=False)
        return np.asarray(vecs, dtype=np.float32)

    def encode(self, texts, *, batch_size: int | None = None, show_progress: bool | None = None) -> np.ndarray:
        texts = check_texts(texts)
        bs = self.batch_size if batch_size is None else check_batch_size(batch_size)
        # the model sees `bs` texts per forward pass; we hand it 16 passes' worth at a time for the progress bar
        old, self.batch_size = self.batch_size, bs
        try:
            return encode_in_batches(texts, self.dim, bs * 16, show_progress, self._encode_batch)
        finally:
            self.batch_size = old
