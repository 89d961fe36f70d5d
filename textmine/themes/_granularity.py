"""Granularity of discovered themes: no theme above a set share of the clauses (``split_large``), and parents
that group only related themes (``parent_groups``)."""

from __future__ import annotations

import numpy as np

__all__ = ["cap_share", "parent_groups", "split_large"]


def split_large(Xs, labels, max_share: float | None, max_themes: int | None = None, random_state: int = 0):
    """Labels where every theme above ``max_share`` of the assigned clauses (label >= 0) is split by k-means on
    its members into as many parts as it is times too large; new parts are numbered after the existing themes,
    and no more than ``max_themes`` themes result. ``max_share`` None returns ``labels`` unchanged."""
    labels = np.asarray(labels)
    if max_share is None or not (labels >= 0).any():
        return labels
    from sklearn.cluster import KMeans

    labels = labels.copy()
    cap = max(1, int(np.floor(max_share * int((labels >= 0).sum()))))
    for _ in range(8):  # a part k-means leaves too large is split again, a bounded number of times
        sizes = np.bincount(labels[labels >= 0])
        k = len(sizes)
        big = [t for t in np.argsort(-sizes, kind="stable") if sizes[t] > cap]
        split = False
        for t in big:
            parts = int(np.ceil(sizes[t] / cap))
            if max_themes is not None:
                parts = min(parts, max_themes - k + 1)
            members = np.flatnonzero(labels == t)
            parts = min(parts, len(np.unique(np.asarray(Xs[members]), axis=0)))
            if parts < 2:
                continue
            km = KMeans(n_clusters=parts, n_init=4, random_state=random_state)
            sub = km.fit_predict(np.asarray(Xs[members], dtype=np.float64))
            labels[members] = np.where(sub == 0, t, k + sub - 1)
            k += parts - 1
            split = True
        if not split:
            break
    return labels


def cap_share(X, labels, fit_idx, max_share, max_themes, random_state, centroids, floor):
    """:func:`split_large` on a fitted discoverer's final labels (after outliers joined their nearest theme),
    with the centroids and member floors (5th percentile of the members' similarity, as fitted) of the new parts.
    Returns ``(labels, centroids, floor)``; unchanged when no theme is too large."""
    from ._linalg import row_mean, stable_dot, unit_rows

    new = split_large(X, labels, max_share, max_themes, random_state)
    k_old, k = len(centroids), int(new.max()) + 1
    if k == k_old and (new == labels).all():
        return labels, centroids, floor
    centroids = unit_rows(np.vstack([row_mean(X, new == t) for t in range(k)]))
    sample = new[fit_idx]
    member_sims = stable_dot(X[fit_idx], centroids)[np.arange(len(fit_idx)), np.maximum(sample, 0)]
    floor = np.array([np.quantile(member_sims[sample == t], 0.05) if (sample == t).any() else 1.0
                      for t in range(k)])
    return new, centroids, floor


def parent_groups(centroids, keywords, labels_text, min_similarity: float = 0.3, namer=None):
    """Parents of themes: average-linkage clustering of the theme centroids cut at cosine similarity
    ``min_similarity``. A group of two themes or more gets a parent, named by the aspect word its themes' keywords
    share most (客服 for 客服态度 and 客服电话), else by its largest theme's label; a theme with no close
    neighbour has no parent (-1), never an unrelated one. Returns ``(parents, parent_labels)``: the parent index
    per theme (-1 for none) and the label per parent. Themes are taken in order (largest first)."""
    from collections import Counter

    from scipy.cluster.hierarchy import fcluster, linkage

    from ._linalg import stable_dot

    k = len(centroids)
    parents = np.full(k, -1, dtype=int)
    if k < 2:
        return parents, []
    dist = np.clip(1 - stable_dot(centroids, centroids).astype(np.float64), 0, 2)
    dist = (dist + dist.T) / 2
    np.fill_diagonal(dist, 0)
    condensed = dist[np.triu_indices(k, 1)]
    groups = fcluster(linkage(condensed, method="average"), t=1 - min_similarity, criterion="distance")
    labels: list[str] = []
    for g in dict.fromkeys(groups):  # in theme order: a parent is numbered by its largest theme
        members = np.flatnonzero(groups == g)
        if len(members) < 2:
            continue
        counts = Counter()
        for t in members:
            # in keyword order, not a set's: ties in most_common then fall the same way in every process
            words = dict.fromkeys(namer.head(w) if namer is not None else w for w in keywords[t])
            counts.update(w for w in words if w)
        shared = [w for w, c in counts.most_common() if c >= 2]
        parents[members] = len(labels)
        labels.append(shared[0] if shared else labels_text[members[0]])
    return parents, labels
