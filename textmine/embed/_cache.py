"""On-disk cache of vectors, keyed by encoder id + hash of the normalised text.

Layout: ``<dir>/embeddings/<encoder slug>-<hash of id>/chunk-<time>-<pid>-<random>.npz``, each chunk holding
``keys`` (32 hex characters of BLAKE2b-128 of the normalised text) and ``vectors`` (float32). Chunks are
written to a temporary name and renamed into place (atomic on POSIX and Windows), so concurrent runs never see a
half-written file; they may both write the same vectors, which is harmless. Texts are never stored, only hashes.
When the cache grows past ``max_bytes`` the least recently used chunks are deleted; many small chunks of one
encoder are merged into one.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import unicodedata
import uuid
import warnings
from pathlib import Path

import numpy as np

from textmine.embed._base import Encoder, check_texts
from textmine.errors import ConfigError

_CHUNK_GLOB = "chunk-*.npz"
_KEY_DTYPE = "S32"
_COMPACT_AT = 32


def default_cache_dir() -> Path:
    """``$TEXTMINE_CACHE`` or ``~/.cache/textmine``."""
    return Path(os.environ.get("TEXTMINE_CACHE") or Path.home() / ".cache" / "textmine").expanduser()


def cache_text(text: str) -> str:
    """The form a text is keyed and encoded in: Unicode NFC, whitespace runs collapsed, ends stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_key(text: str) -> bytes:
    """The 32-character hex key of an already ``cache_text``-normalised text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest().encode("ascii")


class EmbeddingCache:
    """A size-limited, process-safe store of vectors per encoder id.

    Parameters
    ----------
    directory : root folder; default ``$TEXTMINE_CACHE`` or ``~/.cache/textmine``.
    max_bytes : size limit of all cached vectors; least recently used chunks are removed past it.
    """

    def __init__(self, directory=None, *, max_bytes: int = 2 * 2**30):
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, (int, np.integer)) or max_bytes < 0:
            raise ConfigError(f"max_bytes={max_bytes!r} must be an integer >= 0")
        self.directory = Path(directory).expanduser() if directory is not None else default_cache_dir()
        self.max_bytes = int(max_bytes)

    def __repr__(self) -> str:
        return f"EmbeddingCache({str(self.directory)!r}, max_bytes={self.max_bytes})"

    @property
    def root(self) -> Path:
        return self.directory / "embeddings"

    def encoder_dir(self, encoder_id: str) -> Path:
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", encoder_id)[:48]
        return self.root / f"{slug}-{hashlib.sha256(encoder_id.encode()).hexdigest()[:16]}"

    def _chunks(self, encoder_id: str | None = None) -> list[Path]:
        base = self.encoder_dir(encoder_id) if encoder_id is not None else self.root
        pattern = _CHUNK_GLOB if encoder_id is not None else f"*/{_CHUNK_GLOB}"
        return sorted(base.glob(pattern)) if base.is_dir() else []

    @staticmethod
    def _read(path: Path):
        try:
            with np.load(path, allow_pickle=False) as data:
                return data["keys"], data["vectors"]
        except FileNotFoundError:  # removed by a concurrent prune or compaction
            return None
        except Exception as exc:  # a damaged file: skip it, it will be rewritten
            warnings.warn(f"skipping unreadable cache file {path.name} ({type(exc).__name__})", stacklevel=3)
            return None

    def get(self, encoder_id: str, keys: list[bytes], dim: int) -> tuple[np.ndarray, np.ndarray]:
        """(found mask, vectors) for ``keys``; rows of keys not found are zero."""
        n = len(keys)
        found = np.zeros(n, dtype=bool)
        out = np.zeros((n, dim), dtype=np.float32)
        if n == 0:
            return found, out
        position = {k: i for i, k in enumerate(keys)}
        wanted = np.array(keys, dtype=_KEY_DTYPE)
        for path in reversed(self._chunks(encoder_id)):  # newest first
            got = self._read(path)
            if got is None:
                continue
            ckeys, cvecs = got
            if cvecs.ndim != 2 or cvecs.shape[1] != dim or len(ckeys) != len(cvecs):
                continue
            hits = np.nonzero(np.isin(ckeys, wanted))[0]
            if hits.size == 0:
                continue
            for i in hits:
                j = position[bytes(ckeys[i])]
                if not found[j]:
                    found[j] = True
                    out[j] = cvecs[i]
            with _suppress_oserror():
                os.utime(path)  # recently used: pruned last
            wanted = wanted[~np.isin(wanted, ckeys[hits])]
            if wanted.size == 0:
                break
        return found, out

    def put(self, encoder_id: str, keys: list[bytes], vectors: np.ndarray) -> None:
        """Store vectors (one row per key) atomically, then enforce the size limit."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(keys) != len(vectors):
            raise ConfigError(f"{len(keys)} keys for {len(vectors)} vectors; expected one vector per key")
        if len(keys) == 0:
            return
        folder = self.encoder_dir(encoder_id)
        folder.mkdir(parents=True, exist_ok=True)
        id_file = folder / "encoder_id.txt"
        if not id_file.exists():
            self._atomic_write(folder, id_file, lambda fh: fh.write(encoder_id.encode("utf-8")))
        name = f"chunk-{time.time_ns():020d}-{os.getpid()}-{uuid.uuid4().hex[:8]}.npz"
        arrays = {"keys": np.array(keys, dtype=_KEY_DTYPE), "vectors": vectors}
        self._atomic_write(folder, folder / name, lambda fh: np.savez(fh, **arrays))
        if len(self._chunks(encoder_id)) > _COMPACT_AT:
            self._compact(encoder_id)
        self.prune()

    @staticmethod
    def _atomic_write(folder: Path, target: Path, write) -> None:
        tmp = folder / f".tmp-{uuid.uuid4().hex}"
        try:
            with open(tmp, "wb") as fh:
                write(fh)
            os.replace(tmp, target)
        finally:
            if tmp.exists():
                tmp.unlink()

    def _compact(self, encoder_id: str) -> None:
        """Merge an encoder's chunks into one (newest vector wins for a repeated key)."""
        chunks = self._chunks(encoder_id)
        parts = [(p, got) for p in chunks if (got := self._read(p)) is not None]
        if not parts:
            return
        keys = np.concatenate([g[0] for _, g in reversed(parts)])
        vecs = np.concatenate([g[1] for _, g in reversed(parts)])
        keys, first = np.unique(keys, return_index=True)
        folder = self.encoder_dir(encoder_id)
        name = f"chunk-{time.time_ns():020d}-{os.getpid()}-{uuid.uuid4().hex[:8]}.npz"
        self._atomic_write(folder, folder / name, lambda fh: np.savez(fh, keys=keys, vectors=vecs[first]))
        for path, _ in parts:
            with _suppress_oserror():
                path.unlink()

    def size_bytes(self) -> int:
        """Bytes on disk of every cached chunk."""
        total = 0
        for path in self._chunks():
            with _suppress_oserror():
                total += path.stat().st_size
        return total

    def prune(self, max_bytes: int | None = None) -> int:
        """Delete least recently used chunks until the cache is at most ``max_bytes``; returns bytes freed."""
        limit = self.max_bytes if max_bytes is None else max_bytes
        stats = []
        for path in self._chunks():
            try:
                st = path.stat()
            except OSError:
                continue
            stats.append((st.st_mtime_ns, path, st.st_size))
        total = sum(s for _, _, s in stats)
        freed = 0
        for _, path, size in sorted(stats):
            if total - freed <= limit:
                break
            with _suppress_oserror():
                path.unlink()
                freed += size
        return freed

    def clear(self, encoder_id: str | None = None) -> None:
        """Remove the vectors of one encoder, or of all encoders."""
        import shutil

        target = self.encoder_dir(encoder_id) if encoder_id is not None else self.root
        shutil.rmtree(target, ignore_errors=True)


class _suppress_oserror:
    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        return kind is not None and issubclass(kind, OSError)


class CachedEncoder:
    """Wrap an encoder so vectors already computed (by this or an earlier run) are read back, not recomputed.

    Texts are normalised with ``cache_text`` (NFC, whitespace collapsed) before keying and encoding; repeated
    texts within a call are encoded once. ``last_hits_`` / ``last_misses_`` count unique texts of the last call.
    """

    def __init__(self, encoder: Encoder, cache: EmbeddingCache | None = None):
        if not isinstance(encoder, Encoder):
            raise ConfigError(f"encoder must have id, dim and encode(); got {type(encoder).__name__}")
        self.encoder = encoder
        self.cache = cache if cache is not None else EmbeddingCache()

    @property
    def id(self) -> str:
        return self.encoder.id

    @property
    def dim(self) -> int:
        return self.encoder.dim

    def __repr__(self) -> str:
        return f"CachedEncoder({self.encoder!r}, {self.cache!r})"

    def encode(self, texts, *, batch_size: int | None = None, show_progress: bool | None = None) -> np.ndarray:
        texts = [cache_text(t) for t in check_texts(texts)]
        unique = list(dict.fromkeys(texts))
        keys = [text_key(t) for t in unique]
        found, vecs = self.cache.get(self.id, keys, self.dim)
        missing = np.nonzero(~found)[0]
        if missing.size:
            new = self.encoder.encode([unique[i] for i in missing], batch_size=batch_size,
                                      show_progress=show_progress)
            vecs[missing] = new
            self.cache.put(self.id, [keys[i] for i in missing], new)
        self.last_hits_ = int(found.sum())
        self.last_misses_ = int(missing.size)
        index = {t: i for i, t in enumerate(unique)}
        return vecs[[index[t] for t in texts]] if texts else vecs
