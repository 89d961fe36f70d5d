"""The ``Encoder`` protocol and helpers shared by every encoder."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from textmine.errors import ConfigError, InputError

#: inputs at least this long get a progress bar when ``show_progress=None`` and stderr is a terminal
PROGRESS_THRESHOLD = 10_000


@runtime_checkable
class Encoder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors.

    ``id`` names the model and its version (it keys the vector cache); ``dim`` is the vector size.
    ``encode`` returns an array of shape ``(len(texts), dim)``, dtype float32, each row of norm 1, or all
    zeros for a text in which the model found nothing to embed (empty, punctuation only, unknown script).
    """

    id: str
    dim: int

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None,
               show_progress: bool | None = None) -> np.ndarray: ...


def check_texts(texts) -> list[str]:
    """The texts as a list of str; a clear error for a bare string or a non-string element."""
    if isinstance(texts, (str, bytes)):
        raise InputError("texts must be a sequence of strings, got a single string; wrap it in a list: [text]")
    if not isinstance(texts, Iterable):
        raise InputError(f"texts must be a sequence of strings, got {type(texts).__name__}")
    out = list(texts)
    bad = [i for i, t in enumerate(out) if not isinstance(t, str)]
    if bad:
        kinds = sorted({type(out[i]).__name__ for i in bad})
        raise InputError(
            f"texts must all be strings; {len(bad)} element(s) are not (positions {bad[:10]}"
            f"{' ...' if len(bad) > 10 else ''}, types {kinds}); drop or fill missing answers first"
        )
    return out


def check_batch_size(batch_size: int) -> int:
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ConfigError(f"batch_size={batch_size!r} must be an integer >= 1")
    return int(batch_size)


def want_progress(show_progress: bool | None, n: int) -> bool:
    if show_progress is None:
        return n >= PROGRESS_THRESHOLD and sys.stderr is not None and sys.stderr.isatty()
    return bool(show_progress)


def l2_normalise(x: np.ndarray) -> np.ndarray:
    """Rows scaled to norm 1 in place (zero rows stay zero); float32."""
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    np.divide(x, norms, out=x, where=norms > 1e-12)
    x[(norms <= 1e-12).ravel()] = 0.0
    return x


def encode_in_batches(texts: list[str], dim: int, batch_size: int, show_progress: bool | None,
                      encode_batch: Callable[[list[str]], np.ndarray], desc: str = "encoding") -> np.ndarray:
    """Run ``encode_batch`` over slices of ``texts`` into one preallocated float32 array (memory: output + 1 batch)."""
    n = len(texts)
    out = np.zeros((n, dim), dtype=np.float32)
    starts = range(0, n, batch_size)
    if want_progress(show_progress, n):
        from tqdm.auto import tqdm

        bar = tqdm(total=n, desc=desc, unit="text")
    else:
        bar = None
    try:
        for start in starts:
            chunk = texts[start : start + batch_size]
            vecs = encode_batch(chunk)
            if vecs.shape != (len(chunk), dim):
                raise InputError(f"the encoder returned shape {vecs.shape} for a batch of {len(chunk)}; expected "
                                 f"({len(chunk)}, {dim})")
            out[start : start + len(chunk)] = vecs
            if bar is not None:
                bar.update(len(chunk))
    finally:
        if bar is not None:
            bar.close()
    return l2_normalise(out)


def dir_fingerprint(path: Path, full_hash_limit: int = 64 * 2**20) -> str:
    """A short hash of a model directory: every file's relative path and size, and the content of files up to
    ``full_hash_limit`` bytes (larger files contribute their first and last MiB)."""
    h = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        rel = file.relative_to(path).as_posix()
        if rel.startswith(".") or "/." in rel or rel.endswith(".md"):
            continue
        size = file.stat().st_size
        h.update(f"{rel}\0{size}\0".encode())
        with open(file, "rb") as fh:
            if size <= full_hash_limit:
                for block in iter(lambda: fh.read(2**20), b""):
                    h.update(block)
            else:
                h.update(fh.read(2**20))
                fh.seek(-(2**20), os.SEEK_END)
                h.update(fh.read(2**20))
    return h.hexdigest()[:12]
