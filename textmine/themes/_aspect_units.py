"""Aspect-first clustering: each clause's aspect phrase (what it talks about), grouped in context into themes.

A clause's *aspect phrase* is the first run of aspect words among its aspect tokens (opinion words already
removed): nouns by jieba's part-of-speech tags, words of the domain and aspects lexicons, and otherwise the first
word that names something (停车, 装修) — never an opinion, function, time or number word or a generic verb
(:class:`~textmine.themes._naming.TermNamer` decides). "服务员态度很好" -> 服务员态度, "上菜太慢了" -> 上菜,
"停车不方便" -> 停车.

Phrases frequent in the survey are the units of clustering: each is represented by the mean vector of the clauses
that use it (the phrase *in context*), and the units are grouped by average-linkage agglomerative clustering on
cosine distance, cut at ``similarity``. Clauses of a grouped unit take its group; the others (rare or no aspect
phrase) are left for the nearest-theme rule. Nothing here is random: the same clauses give the same groups on any
seed, and a frequent phrase keeps its theme when the survey is resampled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..text import join_words

__all__ = ["aspect_labels", "aspect_phrases", "aspect_runs", "closest_within_room", "group_units", "head_phrases",
           "min_unit_count", "phrases_and_runs", "phrases_by_row", "secondary_mentions", "secondary_of",
           "split_by_units", "unit_themes"]

_MAX_UNITS = 4000  # agglomerative clustering of at most this many distinct phrases (the most frequent)


def _runs(toks: Sequence[str], kinds: dict, max_words: int) -> list[tuple[str, bool]]:
    """The aspect runs of one clause, in order: ``(phrase, True)`` for a run of aspect words (its last
    ``max_words`` words joined), ``(word, False)`` for a lone activity verb such as 停车. ``kinds``: :func:`_kinds`."""
    out: list[tuple[str, bool]] = []
    run: list[str] = []
    for t in toks:
        k = kinds[t]
        if k == 2:
            run.append(t)
            continue
        if run:
            out.append((join_words(run[-max_words:]), True))
            run = []
        if k == 1:
            out.append((t, False))
    if run:
        out.append((join_words(run[-max_words:]), True))
    return out


class _Kinds(dict):
    """token -> ``namer.aspect_kind(token)`` (0 for ``""``), each worked out on first use (for one call)."""

    def __init__(self, namer):
        super().__init__()
        self.namer = namer

    def __missing__(self, t: str) -> int:
        k = self[t] = self.namer.aspect_kind(t) if t else 0
        return k


def _kinds(namer) -> _Kinds:
    from ._naming import default_namer

    return _Kinds(namer if namer is not None else default_namer())


def _per_distinct(token_lists, one):
    """``[one(tuple(toks)) for toks in token_lists]``, worked out once per distinct token sequence (answers repeat
    short clauses: at 100k answers 435k clauses hold about 140k distinct ones)."""
    memo: dict = {}
    out = []
    for toks in token_lists:
        key = toks if toks.__class__ is tuple else tuple(toks)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = one(key)
        out.append(hit)
    return out


def aspect_phrases(token_lists: Sequence[Sequence[str]], namer=None, max_words: int = 2) -> list[str]:
    """The aspect phrase of each clause ("" when it names nothing): its first run of aspect words, its last
    ``max_words`` words joined (a noun run 服务员 态度 -> 服务员态度); else its first activity verb (停车)."""
    kinds = _kinds(namer)
    return _per_distinct(token_lists, lambda toks: _first(_runs(toks, kinds, max_words)))


def _first(runs: list) -> str:
    """A clause's aspect phrase from its runs: the first run of aspect words, else the first activity verb."""
    return next((p for p, noun_run in runs if noun_run), runs[0][0] if runs else "")


def aspect_runs(token_lists: Sequence[Sequence[str]], namer=None, max_words: int = 2) -> list[list[str]]:
    """Every aspect phrase of each clause (each run of aspect words, as :func:`aspect_phrases` makes the first;
    a lone activity verb such as 停车 counts as a run), in order, without repeats."""
    return [list(r) for r in _distinct_runs(token_lists, namer, max_words)]


def _distinct_runs(token_lists, namer=None, max_words: int = 2) -> list[tuple]:
    """:func:`aspect_runs` as tuples, one shared tuple per distinct token sequence."""
    kinds = _kinds(namer)
    return _per_distinct(token_lists, lambda toks: tuple(dict.fromkeys(p for p, _ in _runs(toks, kinds, max_words))))


def phrases_and_runs(token_lists, namer=None, max_words: int = 2) -> tuple[list[str], list[tuple]]:
    """``(aspect_phrases(token_lists), _distinct_runs(token_lists))`` from one pass over each distinct token
    sequence: its first noun run is its phrase (else its first activity verb), all its runs without repeats."""
    kinds = _kinds(namer)

    def both(toks) -> tuple:
        runs = _runs(toks, kinds, max_words)
        return _first(runs), tuple(dict.fromkeys(p for p, _ in runs))

    pairs = _per_distinct(token_lists, both)
    return [p for p, _ in pairs], [r for _, r in pairs]


def warm_kinds(token_lists, namer=None) -> None:
    """Tag every distinct token's part of speech now (the namer keeps it: ``TermNamer._words``), so that a later
    :func:`phrases_and_runs` over these tokens finds it done; for a caller with time to spare meanwhile."""
    kinds = _kinds(namer)
    for t in {t for toks in token_lists for t in toks}:
        kinds[t]


def min_unit_count(n: int) -> int:
    """Clauses a phrase needs to be a unit of clustering: 0.05% of the clauses, at least 3."""
    return max(3, int(round(0.0005 * n)))


def closest_within_room(groups, score, room):
    """Mask of the candidates kept when group ``g`` takes at most ``room[g]`` of them, the highest ``score``
    first (ties by position)."""
    keep = np.ones(len(groups), dtype=bool)
    for g in np.unique(groups):
        cand = np.flatnonzero(groups == g)
        if len(cand) > max(room[g], 0):
            order = cand[np.lexsort((cand, -score[cand]))]
            keep[order[max(room[g], 0):]] = False
    return keep


def secondary_mentions(labels, token_lists, unit_theme: dict, runs=None):
    """``(rows, themes)``: a clause that names, besides what put it in its theme, a phrase of another theme
    ("门口可以停车": 门口 and 停车) mentions that theme too. ``unit_theme`` maps a frequent phrase to its theme.
    ``runs``: the clauses' runs (:func:`phrases_and_runs`) when already worked out (then ``token_lists`` is unused)."""
    rows, themes = [], []
    found: dict = {}  # a run tuple -> the themes of its frequent phrases, in order, without repeats
    for i, its in enumerate(_distinct_runs(token_lists) if runs is None else runs):
        hits = found.get(its)
        if hits is None:
            hits = found[its] = tuple(dict.fromkeys(t for t in map(unit_theme.get, its) if t is not None))
        if hits:
            own = int(labels[i])
            for t in hits:
                if t != own:
                    rows.append(i)
                    themes.append(t)
    return np.asarray(rows, dtype=np.int64), np.asarray(themes, dtype=int)


def unit_themes(phrases: Sequence[str], labels, min_count: int) -> dict:
    """The theme of each phrase used by >= ``min_count`` clauses: where most of its clauses are (ties: lowest)."""
    votes: dict = {}
    for p, t in zip(phrases, np.asarray(labels).tolist()):
        if p and t >= 0:
            votes.setdefault(p, Counter())[t] += 1
    return {p: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for p, c in votes.items()
            if sum(c.values()) >= min_count}


def secondary_of(X, labels, centroids, fit_idx, tokens, phrases, max_share=None, runs=None):
    """A fitted discoverer's ``(unit_themes_, secondary_)``: the theme of each frequent phrase, and the
    ``(rows, themes, similarity)`` of the clauses that also name a phrase of another theme (none without
    ``phrases``, i.e. unless the themes were found aspect first). With ``max_share``, a theme takes only as many
    extra mentions (the closest first) as keep it within that share of the clauses with a theme. ``runs``: every
    clause's runs (:func:`phrases_and_runs`), when already worked out from ``tokens``."""
    none = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=int), np.zeros(0))
    if phrases is None or not len(centroids):
        return {}, none
    full = phrases_by_row(len(labels), fit_idx, phrases)
    units = unit_themes(full, labels, min_unit_count(len(fit_idx)))
    rows, themes = secondary_mentions(labels[fit_idx], None if runs is not None else [tokens[i] for i in fit_idx],
                                      units, runs=None if runs is None else [runs[i] for i in fit_idx])
    rows = fit_idx[rows]
    sims = np.empty(len(rows))
    for i in range(0, len(rows), 8192):  # a block at a time: no float64 copy of every such clause's vector
        part = slice(i, i + 8192)
        sims[part] = np.einsum("ij,ij->i", np.asarray(X[rows[part]], dtype=np.float64),
                               np.asarray(centroids[themes[part]], dtype=np.float64))
    sims = np.round(sims, 6)
    if max_share is not None and len(rows):
        coded = labels >= 0
        coded[rows] = True
        room = int(np.floor(max_share * coded.sum())) - np.bincount(labels[labels >= 0], minlength=len(centroids))
        keep = closest_within_room(themes, sims, room)
        rows, themes, sims = rows[keep], themes[keep], sims[keep]
    return units, (rows, themes, sims)


def phrases_by_row(n: int, fit_idx, phrases) -> list[str] | None:
    """The phrases of the fitted rows ``fit_idx`` spread over all ``n`` rows ("" elsewhere); None stays None."""
    if phrases is None:
        return None
    full = [""] * n
    for j, i in enumerate(fit_idx):
        full[i] = phrases[j]
    return full


#: a theme's name holds a further phrase only when it is used at least this share as often as its first one: a
#: phrase a few clauses bring along ("bill · life", "包裹 · 压坏") says nothing of the theme
NAME_PHRASE_SHARE = 0.25


def head_phrases(phrases: Sequence[str], labels, k: int, n: int = 4, min_share: float = NAME_PHRASE_SHARE,
                 is_noun=None) -> list[list[str]]:
    """Per theme, its ``n`` most frequent aspect phrases used at least twice and at least ``min_share`` times as
    often as its most frequent one (ties by the phrase). With ``is_noun``, a theme whose first phrase is not a
    noun (停车, an activity) keeps every phrase used twice, so that a noun may join its name."""
    counts = [Counter() for _ in range(k)]
    for p, t in zip(phrases, np.asarray(labels).tolist()):
        if p and t >= 0:
            counts[t][p] += 1
    out = []
    for cnt in counts:
        ranked = sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        floor = max(2, min_share * ranked[0][1]) if ranked else 2
        if ranked and is_noun is not None and not is_noun(ranked[0][0]):
            floor = 2
        out.append([p for p, c in ranked if c >= floor])
    return out


def _unit_vectors(X, phrases, units):
    from ._linalg import RowVectors, unit_rows

    index = {u: i for i, u in enumerate(units)}
    rows = np.fromiter((index.get(p, -1) for p in phrases), dtype=np.int64, count=len(phrases))
    keep = np.flatnonzero(rows >= 0)
    # the sum of each unit's clause vectors as a sparse indicator product: no float64 copy of X (at 100k answers
    # that copy was 1.1 GB of the themes stage's peak); scipy's sparse product is plain loops, the same on any BLAS
    from scipy import sparse

    S = sparse.csr_matrix((np.ones(len(keep), dtype=np.float32), (rows[keep], keep)), shape=(len(units), len(rows)))
    if isinstance(X, RowVectors):  # the same sums in the same order, reading each clause's row of the distinct U
        S = sparse.csr_matrix((S.data, X.inverse[S.indices], S.indptr), shape=(len(units), X.U.shape[0]))
        V = np.asarray(S @ np.asarray(X.U, dtype=np.float32), dtype=np.float64)
    else:
        V = np.asarray(S @ np.asarray(X, dtype=np.float32), dtype=np.float64)
    return unit_rows(V), rows


def group_units(X, phrases: Sequence[str], *, min_count: int, similarity: float, min_size: int):
    """Clause labels from aspect phrases: units (phrases used by >= ``min_count`` clauses) grouped by average
    linkage on the cosine distance of their in-context vectors, cut at ``1 - similarity``; a group holding fewer
    than ``min_size`` clauses is dropped. Returns ``labels`` (-1: rare or no phrase, or a dropped group), groups
    numbered by size, largest first (ties by their most frequent phrase)."""
    from scipy.cluster.hierarchy import fcluster, linkage

    n = len(phrases)
    labels = np.full(n, -1, dtype=int)
    counts = Counter(p for p in phrases if p)
    units = sorted((u for u, c in counts.items() if c >= min_count), key=lambda u: (-counts[u], u))[:_MAX_UNITS]
    if not units:
        return labels
    V, rows = _unit_vectors(X, phrases, units)
    if len(units) == 1:
        groups = np.zeros(1, dtype=int)
    else:
        dist = np.clip(1 - V @ V.T, 0, 2)
        dist = (dist + dist.T) / 2
        np.fill_diagonal(dist, 0)
        Z = linkage(dist[np.triu_indices(len(units), 1)], method="average")
        groups = fcluster(Z, t=1 - similarity, criterion="distance") - 1
    sizes = np.bincount(groups, weights=[counts[u] for u in units])
    first = {}
    for i, g in enumerate(groups):  # units are in frequency order: the first seen is the group's top phrase
        first.setdefault(int(g), units[i])
    kept = [g for g in range(len(sizes)) if sizes[g] >= min_size]
    kept.sort(key=lambda g: (-sizes[g], first[g]))
    remap = np.full(len(sizes), -1, dtype=int)
    remap[kept] = np.arange(len(kept))
    has = rows >= 0
    labels[has] = remap[groups[rows[has]]]
    return labels


def split_by_units(X, labels, phrases, cap: int, similarity: float, min_size: int, max_themes: int | None):
    """Split every theme of more than ``cap`` clauses along its aspect phrases: its units are re-grouped with a
    tighter cut (``similarity`` raised step by step) until no part exceeds ``cap`` or no cut splits it. Parts
    below ``min_size`` stay with the largest part. Returns new labels (new parts numbered after the others)."""
    labels = np.asarray(labels).copy()
    k = int(labels.max()) + 1 if (labels >= 0).any() else 0
    for t in range(k):
        members = np.flatnonzero(labels == t)
        if len(members) <= cap or (max_themes is not None and k >= max_themes):
            continue
        ph = [phrases[i] for i in members]
        if len(set(ph)) < 2:
            continue
        for sim in np.arange(similarity + 0.05, 0.96, 0.05):
            sub = group_units(X[members], ph, min_count=1, similarity=float(sim), min_size=min_size)
            n_parts = int(sub.max()) + 1 if (sub >= 0).any() else 0
            if n_parts >= 2:
                sub = np.where(sub < 0, 0, sub)  # small parts and leftovers stay with the largest part
                if max_themes is not None:
                    sub = np.minimum(sub, max(max_themes - k, 0))
                labels[members] = np.where(sub == 0, t, k + sub - 1)
                k += int(sub.max())
                break
    return labels


def _centroids(X, labels):
    from ._linalg import row_mean, unit_rows

    k = int(labels.max()) + 1 if (labels >= 0).any() else 0
    return unit_rows(np.vstack([row_mean(X, labels == t) for t in range(k)])) if k else None


def _join(X, labels, threshold, cap: int | None = None):
    """Unlabelled clauses join the nearest theme when their similarity to its centroid is >= ``threshold``; with
    ``cap``, a theme takes only its closest candidates up to ``cap`` clauses (the others stay unassigned)."""
    from ._linalg import stable_nearest, take_rows

    C = _centroids(X, labels)
    free = labels < 0
    if C is None or threshold is None or not free.any():
        return labels, np.zeros(len(labels), dtype=bool)
    best, nearest = stable_nearest(take_rows(X, np.flatnonzero(free)), C)
    ok = best >= threshold
    if cap is not None:
        cand = np.flatnonzero(ok)
        ok[cand] = closest_within_room(nearest[cand], best[cand], cap - np.bincount(labels[labels >= 0],
                                                                                      minlength=len(C)))
    out = labels.copy()
    rows = np.flatnonzero(free)[ok]
    out[rows] = nearest[ok]
    moved = np.zeros(len(labels), dtype=bool)
    moved[rows] = True
    return out, moved


def _renumber_dense(labels):
    used = np.unique(labels[labels >= 0])
    remap = np.full(int(labels.max()) + 1 if len(used) else 1, -1, dtype=int)
    remap[used] = np.arange(len(used))
    return np.where(labels >= 0, remap[np.maximum(labels, 0)], -1)


def aspect_labels(X, token_lists, *, similarity: float, min_size: int, merge, join_threshold,
                  max_share, max_themes, random_state: int = 0, phrases=None):
    """Theme labels of the clauses ``X`` (their aspect tokens in ``token_lists``), aspect first:

    1. :func:`group_units` on the aspect phrases (units used by >= 0.05% of the clauses, at least 3);
    2. ``merge(X, labels)`` joins near-duplicate groups (the discoverer's centroid merging);
    3. clauses without a grouped phrase join the nearest theme at ``join_threshold``;
    4. themes above ``max_share`` of the assigned clauses are split along their phrases
       (:func:`split_by_units`), then by k-means on their members where one phrase dominates;
    5. beyond ``max_themes``, the smallest themes are dissolved and their clauses rejoin the nearest theme.

    Returns ``(labels, joined, phrases)``: labels (-1 unassigned), which clauses joined by similarity (not by
    phrase), and each clause's aspect phrase (``phrases`` when given: :func:`aspect_phrases` of ``token_lists``).
    """
    from ._granularity import split_large

    phrases = aspect_phrases(token_lists) if phrases is None else phrases
    n = len(phrases)
    labels = group_units(X, phrases, min_count=min_unit_count(n), similarity=similarity, min_size=min_size)
    labels = _renumber_dense(merge(X, labels)) if (labels >= 0).any() else labels
    labels, joined = _join(X, labels, join_threshold)
    cap = None
    if max_share is not None and (labels >= 0).any():
        cap = max(1, int(np.floor(max_share * int((labels >= 0).sum()))))
        labels = split_by_units(X, labels, phrases, cap, similarity, min_size, None)
        labels = split_large(X, labels, max_share, None, random_state)
    k = int(labels.max()) + 1 if (labels >= 0).any() else 0
    if max_themes is not None and k > max_themes:
        sizes = np.bincount(labels[labels >= 0], minlength=k)
        order = sorted(range(k), key=lambda t: -sizes[t])
        drop = np.isin(labels, order[max_themes:])
        labels = np.where(drop, -1, labels)
        labels = _renumber_dense(labels)
        labels, again = _join(X, labels, join_threshold, cap)  # rejoining never makes a theme too large
        joined = (joined & ~drop) | again
    return labels, joined, phrases
