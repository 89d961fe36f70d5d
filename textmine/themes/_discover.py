"""ThemeDiscoverer: density clustering of clause vectors into named themes with quotes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.utils.validation import validate_data

from ..errors import ConfigError, check_fitted
from ._aspect_units import aspect_labels, head_phrases, phrases_and_runs, phrases_by_row, secondary_of
from ._centroids import fit_input, member_floors, theme_centroids
from ._defaults import auto_min_cluster_size, stable_order
from ._granularity import cap_share, parent_groups
from ._linalg import row_mean, stable_dot, stable_rows, take_rows, unit_rows, usable_rows
from ._naming import class_tfidf, default_namer, default_stop_words, make_label, top_keywords
from ._quotes import representative_quotes

__all__ = ["ThemeDiscoverer", "REDUCTIONS", "SURVEY_SETTINGS", "UNASSIGNED", "survey_discoverer"]

REDUCTIONS = ("pca", "umap", "none")
METHODS = ("aspects", "hdbscan")
UNASSIGNED = -1


class ThemeDiscoverer(ClusterMixin, BaseEstimator):
    """Discover themes in clause vectors, aspect first (or with HDBSCAN), name them and pick quotes.

    Parameters
    ----------
    method : {'aspects', 'hdbscan'}
        'aspects' (default, with ``tokens``): clauses' aspect phrases (服务员态度, 上菜) grouped in context by
        agglomerative clustering (``themes._aspect_units``). 'hdbscan': density clustering of a reduced sample.
    unit_similarity : float
        'aspects': phrases whose in-context vectors have an average-linkage cosine similarity of at least this
        form one theme.
    min_cluster_size : int or None
        The smallest theme (clauses); None scales with the corpus (0.1% of the clauses clustered, 10–100).
    min_samples : int or None
        HDBSCAN's density smoothing; None uses 1 (least noise; leaf selection and merging keep themes coherent).
        (The first default was ``min(min_cluster_size, 10)``.)
    reduction : {'pca', 'umap', 'none'}
        Dimension reduction before clustering (UMAP needs the ``umap-learn`` package).
    n_components : int (dimensions kept by the reduction)
    max_fit_samples : int
        Cluster a seeded sample of at most this many clauses; the rest are assigned to the nearest theme.
        Keeps 100k+ clauses fast and memory bounded.
    reassign_threshold : float or None
        Clauses HDBSCAN leaves unassigned join the nearest theme when their cosine similarity to its centroid
        is at least this; None keeps every outlier unassigned. Default 0.3: on the benchmark the clauses moved
        in are about as often on topic as HDBSCAN's own members, while 0.5 left over half of them unassigned.
    cluster_selection_method : {'eom', 'leaf'}
        HDBSCAN's cluster selection. 'leaf' (default) takes the finest dense clusters; 'eom' tends to keep a few
        large ones and, with small clusters, can collapse into one or two giant clusters.
    merge_threshold : float or None
        After clustering, merge themes whose centroids have cosine similarity of at least this (average
        linkage): HDBSCAN finds every dense phrasing ("物流快", "送货速度快", "发货及时") as its own cluster, and a
        researcher wants one delivery theme. None keeps HDBSCAN's clusters. Default 0.7: only near-duplicates.
    max_themes : int or None
        Merge further (same linkage) until at most this many themes remain.
    max_share : float or None
        No theme above this share of the assigned clauses: a larger one is split along its aspect phrases, else by
        k-means on its members (``themes._granularity``). None (default) keeps any size; analyze uses 0.2
        (``SURVEY_SETTINGS``).
    parent_similarity : float
        Themes whose centroids are this similar (average linkage) share a parent; a theme without such
        neighbours has none.
    n_keywords, n_quotes : int
        Keywords and quotes kept per theme.
    stop_words : iterable of str or None
        Removed for keyword labelling only; None loads the shipped stop-word lexicon.
    random_state : int
        Seed for sampling and the reduction: same input and settings give the same themes, ids and labels.

    Attributes
    ----------
    labels_ : ndarray of int, shape (n,)
        Theme index per clause (``-1`` unassigned). Themes are numbered largest first, themes of near-equal size
        by name (see ``stable_order``), so ids do not depend on floating-point noise.
    similarity_ : ndarray of float, shape (n,)
        Cosine similarity of each clause to its theme's centroid (to the nearest centroid when unassigned).
    centroids_ : ndarray, shape (k, d)
        L2-normalised theme centroids in the original vector space.
    keywords_ : list of list of str
    labels_text_ : list of str (a short readable label per theme)
    quotes_ : list of list of int
        Indices of representative clauses per theme.
    parents_ : ndarray of int
        Parent category per theme (a few groups of similar themes).
    themes_ : DataFrame
        ``theme, label, keywords, n, share, parent``.
    unassigned_share_ : float
    reassigned_ : ndarray of bool, shape (n,): HDBSCAN's noise that joined a theme by ``reassign_threshold``
    unit_themes_, secondary_ : dict, (rows, themes, similarity): 'aspects' only, each frequent phrase's theme,
        and the clauses that also name another theme's phrase (门口停车方便 -> 停车 too), mentioned there as well
    phrases_ : list of str, shape (n,), or None: 'aspects' only, each clause's aspect phrase ("" for none)
    member_floor_ : ndarray of float, shape (k,)
        Per theme, the 5th percentile of its clustered members' similarity to the centroid: a clause outside the
        clustered sample joins its nearest theme at this similarity (or ``reassign_threshold``); see ``assign``.
    """

    def __init__(self, min_cluster_size=None, min_samples=None, reduction="pca", n_components=16,
                 max_fit_samples=20000, reassign_threshold=0.3, cluster_selection_method="leaf",
                 merge_threshold=0.7, max_themes=None, n_keywords=8, n_quotes=5, stop_words=None,
                 random_state=0, max_share=None, parent_similarity=0.3, method="aspects", unit_similarity=0.5):
        self.min_cluster_size = min_cluster_size
        self.min_samples = min_samples
        self.reduction = reduction
        self.n_components = n_components
        self.max_fit_samples = max_fit_samples
        self.reassign_threshold = reassign_threshold
        self.cluster_selection_method = cluster_selection_method
        self.merge_threshold = merge_threshold
        self.max_themes = max_themes
        self.max_share = max_share
        self.parent_similarity = parent_similarity
        self.n_keywords = n_keywords
        self.n_quotes = n_quotes
        self.stop_words = stop_words
        self.random_state = random_state
        self.method = method
        self.unit_similarity = unit_similarity

    # -- validation ---------------------------------------------------------------------------------
    def _check_params(self, n, n_unusable: int = 0):
        if self.reduction not in REDUCTIONS:
            raise ConfigError(f"reduction={self.reduction!r} is not known; choose one of {', '.join(REDUCTIONS)}")
        if self.method not in METHODS:
            raise ConfigError(f"method={self.method!r} is not known; choose one of {', '.join(METHODS)}")
        if not 0 < self.unit_similarity < 1:
            raise ConfigError(f"unit_similarity={self.unit_similarity} must be a cosine similarity in (0, 1)")
        if self.min_cluster_size is not None and self.min_cluster_size < 2:
            raise ConfigError(f"min_cluster_size={self.min_cluster_size} must be ≥ 2")
        if self.cluster_selection_method not in ("eom", "leaf"):
            raise ConfigError(f"cluster_selection_method={self.cluster_selection_method!r} must be 'eom' or 'leaf'")
        if self.reassign_threshold is not None and not -1 <= self.reassign_threshold <= 1:
            raise ConfigError(f"reassign_threshold={self.reassign_threshold} must be a cosine similarity in [-1, 1]")
        if self.merge_threshold is not None and not 0 < self.merge_threshold <= 1:
            raise ConfigError(f"merge_threshold={self.merge_threshold} must be a cosine similarity in (0, 1]")
        if self.max_share is not None and not 0 < self.max_share <= 1:
            raise ConfigError(f"max_share={self.max_share} must be in (0, 1] (a share of the clustered clauses)")
        if self.max_themes is not None and self.max_themes < 1:
            raise ConfigError(f"max_themes={self.max_themes} must be ≥ 1")
        if self.max_fit_samples < 100:
            raise ConfigError(f"max_fit_samples={self.max_fit_samples} must be ≥ 100")
        if n < 10:
            empty = f" ({n_unusable} more had empty vectors: nothing to cluster)" if n_unusable else ""
            raise ConfigError(f"theme discovery needs at least 10 clauses with content; found {n}{empty}")

    # -- fitting ------------------------------------------------------------------------------------
    def fit(self, X, y=None, *, texts: Sequence[str] | None = None, tokens: Sequence[Sequence[str]] | None = None):
        """Cluster clause vectors ``X`` (n × d, or ``(U, inverse)`` with ``U[inverse]`` one vector per clause: the
        same themes from less memory) and name the themes from ``tokens`` (or ``texts``)."""
        X, usable = fit_input(X, lambda A: self._validate(A, reset=True))
        n = X.shape[0]
        for name, seq in (("texts", texts), ("tokens", tokens)):
            if seq is not None and len(seq) != n:
                raise ConfigError(f"{name} has {len(seq)} entries for {n} vectors; expected one per clause")
        pool = np.flatnonzero(usable)  # zero or non-finite vectors (an encoder's "nothing here") are never clustered
        self._check_params(len(pool), n_unusable=n - len(pool))
        by_aspect = self.method == "aspects" and tokens is not None
        rng = np.random.default_rng(self.random_state)
        if by_aspect or len(pool) <= self.max_fit_samples:  # grouping phrases needs no sample: nothing random
            fit_idx = pool
        else:
            fit_idx = np.sort(rng.choice(pool, self.max_fit_samples, replace=False))
        mcs = self.min_cluster_size or auto_min_cluster_size(len(fit_idx))
        self.phrases_ = runs = None
        if by_aspect:  # every clause's phrase and runs, worked out once (grouping, naming and secondary_ read them)
            self.phrases_, runs = phrases_and_runs(tokens)
            every = len(fit_idx) == n  # then no copy of X or of the phrases
            self.reducer_, (sample_labels, joined, phrases) = None, aspect_labels(
                X if every else take_rows(X, fit_idx), None, similarity=self.unit_similarity, min_size=mcs,
                merge=lambda Xs, lab: self._merge(Xs, lab, cap=False), join_threshold=self.reassign_threshold,
                max_share=self.max_share, max_themes=self.max_themes, random_state=self.random_state,
                phrases=self.phrases_ if every else [self.phrases_[i] for i in fit_idx])
            self.n_clusters_hdbscan_ = 0  # no HDBSCAN here
        else:
            Z = self._reduce_fit(X[fit_idx])
            sample_labels = self._cluster(Z, mcs, self.min_samples or 1)
            self.n_clusters_hdbscan_ = int(sample_labels.max()) + 1 if (sample_labels >= 0).any() else 0
            sample_labels = self._merge(X[fit_idx], sample_labels)
        k = int(sample_labels.max()) + 1 if (sample_labels >= 0).any() else 0
        # provisional numbering; the final one (a content key, see _renumber) comes once themes are named
        centroids = theme_centroids(X, fit_idx, sample_labels, k)

        labels = np.full(n, UNASSIGNED, dtype=int)
        labels[fit_idx] = sample_labels
        sims = stable_dot(X, centroids) if k else np.zeros((n, 0), dtype=np.float32)
        nearest = sims.argmax(axis=1) if k else np.full(n, -1)
        best = sims.max(axis=1) if k else np.zeros(n, dtype=np.float32)
        in_sample = np.zeros(n, dtype=bool)
        in_sample[fit_idx] = True
        outside = ~in_sample
        # clauses outside the fitted sample join their nearest theme when they are as close to it as the theme's
        # own members are (5th percentile of the members' similarity), or above reassign_threshold
        self.member_floor_ = floor = member_floors(sims, fit_idx, sample_labels, k)
        outside &= usable
        if k and outside.any():
            labels[outside], _ = self._assign_rule(best[outside], nearest[outside])
        hdb_outliers = in_sample & (labels == UNASSIGNED)
        self.n_outliers_hdbscan_ = int(hdb_outliers.sum())
        if by_aspect:  # joined by similarity inside aspect_labels
            move = np.zeros(n, dtype=bool)
            move[fit_idx] = joined
        elif self.reassign_threshold is not None and k:
            move = hdb_outliers & (best >= self.reassign_threshold)
            labels[move] = nearest[move]
        else:
            move = np.zeros(n, dtype=bool)
        self.n_reassigned_ = int(move.sum())
        self.reassigned_ = move
        if k and self.max_share is not None and not by_aspect:  # no theme above max_share of the assigned clauses
            labels, centroids, self.member_floor_ = cap_share(X, labels, fit_idx, self.max_share, self.max_themes,
                                                              self.random_state, centroids, floor)
            k, sims = len(centroids), stable_dot(X, centroids)
        self.labels_ = labels
        best = sims.max(axis=1) if k else best
        self.similarity_ = np.where(labels >= 0, sims[np.arange(n), np.maximum(labels, 0)] if k else 0.0, best)
        self.centroids_ = centroids
        self.n_themes_ = k
        self.unassigned_share_ = float((labels == UNASSIGNED).mean())
        self.min_cluster_size_ = mcs
        self._name(X, texts, tokens, phrases_by_row(n, fit_idx, phrases if by_aspect else None))
        self._renumber(stable_order(np.bincount(labels[labels >= 0], minlength=k), self.labels_text_,
                                    [" ".join(kw) for kw in self.keywords_]))
        self._group_parents()
        # secondary_: (rows, themes, similarity) of clauses that also name a phrase of another theme
        self.unit_themes_, self.secondary_ = secondary_of(X, self.labels_, self.centroids_, fit_idx, tokens,
                                                          phrases if by_aspect else None, self.max_share, runs)
        return self

    def _renumber(self, order: np.ndarray) -> None:
        """Renumber themes so that theme ``order[j]`` becomes theme ``j`` (every fitted attribute follows)."""
        k = len(order)
        if not k:
            return
        remap = np.empty(k, dtype=int)
        remap[order] = np.arange(k)
        self.labels_ = np.where(self.labels_ >= 0, remap[np.maximum(self.labels_, 0)], UNASSIGNED)
        self.centroids_ = self.centroids_[order]
        self.member_floor_ = self.member_floor_[order]
        self.keywords_ = [self.keywords_[t] for t in order]
        self.labels_text_ = [self.labels_text_[t] for t in order]
        self.quotes_ = [self.quotes_[t] for t in order]

    def _merge(self, Xs, labels, cap: bool = True):
        """Merge clusters with similar centroids (average linkage on cosine distance); with ``cap``, further
        until at most ``max_themes`` remain."""
        k = int(labels.max()) + 1 if (labels >= 0).any() else 0
        max_themes = self.max_themes if cap else None
        if k < 2 or (self.merge_threshold is None and (max_themes is None or k <= max_themes)):
            return labels
        from scipy.cluster.hierarchy import fcluster, linkage

        C = unit_rows(np.vstack([row_mean(Xs, labels == t) for t in range(k)])).astype(np.float64)
        Z = linkage(C, method="average", metric="cosine")
        groups = np.arange(1, k + 1)
        if self.merge_threshold is not None:
            groups = fcluster(Z, t=1 - self.merge_threshold, criterion="distance")
        if max_themes is not None and len(np.unique(groups)) > max_themes:
            groups = fcluster(Z, t=max_themes, criterion="maxclust")
        _, groups = np.unique(groups, return_inverse=True)
        return np.where(labels >= 0, groups[np.maximum(labels, 0)], -1)

    def _reduce_fit(self, Xs):
        d = Xs.shape[1]
        nc = min(self.n_components, d, max(Xs.shape[0] - 1, 1))
        if self.reduction == "none" or nc >= d:
            self.reducer_ = None
            return Xs
        if self.reduction == "pca":
            from sklearn.decomposition import PCA

            self.reducer_ = PCA(n_components=nc, random_state=self.random_state, svd_solver="randomized")
        else:
            from ..errors import require

            umap = require("umap", "reduction='umap'", extra="bench")
            self.reducer_ = umap.UMAP(n_components=nc, metric="cosine", random_state=self.random_state,
                                      n_neighbors=15, min_dist=0.0)
        if self.reduction == "pca":  # in float64, then rounded: the same coordinates under any BLAS kernel
            Z = stable_rows(self.reducer_.fit_transform(np.asarray(Xs, dtype=np.float64)))
            return stable_rows(Z / np.maximum(np.linalg.norm(Z, axis=1, keepdims=True), 1e-300))
        Z = self.reducer_.fit_transform(Xs)
        return unit_rows(Z).astype(np.float64)

    def _cluster(self, Z, mcs, ms):
        import hdbscan

        clusterer = hdbscan.HDBSCAN(min_cluster_size=int(mcs), min_samples=int(ms), metric="euclidean",
                                    cluster_selection_method=self.cluster_selection_method,
                                    core_dist_n_jobs=1, approx_min_span_tree=False)
        return clusterer.fit_predict(np.ascontiguousarray(Z, dtype=np.float64)).astype(int)

    def _name(self, X, texts, tokens, phrases=None):
        k = self.n_themes_
        if tokens is None:
            tokens = [list(t) for t in texts] if texts is not None else [[] for _ in range(X.shape[0])]
        stop = default_stop_words() if self.stop_words is None else self.stop_words
        if k:
            M, vocab = class_tfidf(tokens, self.labels_, k, stop_words=stop)
            self.keywords_ = [top_keywords(M[t], vocab, n=self.n_keywords) for t in range(k)]
        else:
            self.keywords_ = []
        namer, heads = default_namer(), [[] for _ in range(k)]
        noun = lambda p: namer.aspect_kind(p) == 2  # noqa: E731
        if k and phrases is not None:  # named by its frequent aspect phrases; keywords join when none is a noun
            heads = head_phrases(phrases, self.labels_, k, is_noun=noun)
        self.labels_text_ = [make_label(h if h and noun(h[0]) else h + kw, namer=namer)
                             for h, kw in zip(heads, self.keywords_)]
        self.quotes_ = []
        for t in range(k):
            members = np.flatnonzero(self.labels_ == t)
            if texts is None:
                self.quotes_.append([])
                continue
            picked = representative_quotes(take_rows(X, members), [texts[i] for i in members], self.centroids_[t],
                                           n=self.n_quotes)
            self.quotes_.append([int(members[i]) for i in picked])

    def _group_parents(self):
        k = self.n_themes_
        self.parents_, self.parent_labels_ = parent_groups(self.centroids_, self.keywords_, self.labels_text_,
                                                           self.parent_similarity, default_namer())
        sizes = np.bincount(self.labels_[self.labels_ >= 0], minlength=k) if k else np.zeros(0, dtype=int)
        self.themes_ = pd.DataFrame({
            "theme": np.arange(k), "label": self.labels_text_, "keywords": [" ".join(kw) for kw in self.keywords_],
            "n": sizes, "share": sizes / max(len(self.labels_), 1),
            "parent": [self.parent_labels_[p] if p >= 0 else None for p in self.parents_],
        })

    # -- using the fitted model ---------------------------------------------------------------------
    def _validate(self, X, reset: bool) -> np.ndarray:  # dense 2-D numbers; sets or checks n_features_in_
        return validate_data(self, X, reset=reset, ensure_all_finite=False, ensure_min_samples=0)

    def _check_fitted(self):
        check_fitted(self, "call fit(X, texts=..., tokens=...) first", "labels_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True  # a zero or non-finite vector is left unassigned (see usable_rows)
        return tags

    def predict(self, X, threshold: float | None = None):
        """Assign new clause vectors to the nearest theme (``-1`` below ``threshold``, default reassign_threshold)."""
        self._check_fitted()
        X = self._validate(X, reset=False)
        if self.n_themes_ == 0:
            return np.full(X.shape[0], UNASSIGNED)
        X, usable = usable_rows(X)
        sims = stable_dot(X, self.centroids_)
        thr = self.reassign_threshold if threshold is None else threshold
        thr = -np.inf if thr is None else thr
        return np.where(usable & (sims.max(axis=1) >= thr), sims.argmax(axis=1), UNASSIGNED)

    def _assign_rule(self, best, nearest):
        thr = self.member_floor_[nearest]
        if self.reassign_threshold is not None:
            thr = np.minimum(thr, self.reassign_threshold)
        return np.where(best >= thr, nearest, UNASSIGNED), best

    def assign(self, X):
        """Labels and similarities of new clause vectors by the rule ``fit`` uses for clauses outside its
        clustered sample: the nearest theme when the clause is as close to it as the theme's own members are
        (5th percentile of their similarity) or at least ``reassign_threshold``; else ``-1``.

        Chunked analysis of large surveys discovers themes on a sample and codes the rest with this, so a clause
        gets the same label as it would have got had it been part of the fitted input but not of the clustered
        sample. Returns ``(labels, similarity)``; ``similarity`` is to the nearest centroid.
        """
        self._check_fitted()
        X, usable = usable_rows(self._validate(X, reset=False))
        if self.n_themes_ == 0:
            return np.full(X.shape[0], UNASSIGNED), np.zeros(X.shape[0], dtype=np.float32)
        sims = stable_dot(X, self.centroids_)
        labels, best = self._assign_rule(sims.max(axis=1), sims.argmax(axis=1))
        return np.where(usable, labels, UNASSIGNED), best

    def fit_predict(self, X, y=None, **kwargs):
        return self.fit(X, **kwargs).labels_


#: what analyze and ``textmine themes`` change from ThemeDiscoverer's own defaults, measured on surveys by
#: benchmarks/bench_theme_quality.py: aspect-first grouping, near-duplicate themes merged from 0.55, no theme
#: above 20% of the clauses with a theme, and clauses without a frequent aspect phrase joining the nearest theme
#: from a similarity of 0.2 (on vectors adapted to the survey, 0.25 left 14-20% of the content clauses unassigned)
SURVEY_SETTINGS = {"method": "aspects", "merge_threshold": 0.55, "max_share": 0.2, "reassign_threshold": 0.2}


def survey_discoverer(**params):
    """A :class:`~textmine.themes.ThemeDiscoverer` with :data:`SURVEY_SETTINGS`, ``params`` overriding them."""
    return ThemeDiscoverer(**{**SURVEY_SETTINGS, **params})
