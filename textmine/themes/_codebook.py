"""The Codebook: a human-editable YAML list of themes, with its centroids kept beside it in a .npz file."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import ConfigError, InputError
from ._theme import Theme, check_horizon, theme_from_yaml
from ._linalg import stable_dot

__all__ = ["Theme", "Codebook", "CODEBOOK_FORMAT", "OVERALL_ID", "OVERALL_NAME"]

CODEBOOK_FORMAT = 1
#: the overall-evaluation theme: clauses that only judge (很好, 东西不错, 失望), with their polarity; discovery adds it,
#: its id never changes, and only such clauses are coded to it (:func:`textmine.text.evaluation_only`)
OVERALL_ID = "OV"
OVERALL_NAME = "整体评价"
#: its name when most of its clauses are English
OVERALL_NAME_EN = "overall evaluation"


def _unit(v):
    v = np.asarray(v, dtype=np.float32)
    norm = np.linalg.norm(v)
    return v / norm if norm else v


class Codebook:
    """An editable list of themes: rename, merge, split, delete, move, add from seed phrases; apply to new data.

    Centroids (one L2-normalised vector per theme, in the space of ``encoder_id``) are kept beside the YAML
    file in ``<name>.centroids.npz``; a theme added by hand with seed phrases gets its centroid from them.
    """

    def __init__(self, themes: Sequence[Theme] = (), *, encoder_id: str | None = None, centroids: dict | None = None,
                 retired_ids: Sequence[str] = ()):
        self.themes = list(themes)
        self.retired_ids = list(retired_ids)  # ids once used and deleted: never reused
        self.encoder_id = encoder_id
        self.centroids = {k: _unit(v) for k, v in (centroids or {}).items()}
        ids = [t.id for t in self.themes]
        if len(set(ids)) != len(ids):
            dup = sorted({i for i in ids if ids.count(i) > 1})
            raise ConfigError(f"theme ids must be unique; found duplicates {dup}")

    # -- lookup -------------------------------------------------------------------------------------
    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def __len__(self):
        return len(self.themes)

    def __iter__(self):
        return iter(self.themes)

    def __getitem__(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise ConfigError(f"no theme with id {theme_id!r}; the codebook has {', '.join(self.ids) or 'no themes'}")

    def names(self) -> dict:
        return {t.id: t.name for t in self.themes}

    def next_id(self) -> str:
        nums = [int(i[1:]) for i in self.ids + self.retired_ids if i[:1] == "T" and i[1:].isdigit()]
        return f"T{(max(nums) + 1 if nums else 1):02d}"

    # -- edits --------------------------------------------------------------------------------------
    def rename(self, theme_id: str, name: str) -> Codebook:
        self[theme_id].name = name
        return self

    def delete(self, theme_id: str) -> Codebook:
        self[theme_id]
        self.themes = [t for t in self.themes if t.id != theme_id]
        self.centroids.pop(theme_id, None)
        self.retired_ids.append(theme_id)
        return self

    def move(self, theme_id: str, parent: str) -> Codebook:
        self[theme_id].parent = parent
        return self

    def find(self, theme: str) -> Theme:
        """The theme whose id, else whose name, is ``theme`` (a name two themes share is refused)."""
        named = [t.id for t in self.themes if t.name == theme]
        if theme not in self.ids and len(named) > 1:
            raise ConfigError(f"{len(named)} themes are named {theme!r} ({', '.join(named)}); give its id instead")
        return self[theme if theme in self.ids or not named else named[0]]

    def set(self, theme: str, *, owner: str | None = None, horizon: str | None = None) -> Codebook:
        """Record who owns ``theme`` (an id or a name) and when it can be fixed (now, later or none)."""
        t = self.find(theme)
        t.horizon = t.horizon if horizon is None else check_horizon(horizon, t.id)
        t.owner = t.owner if owner is None else str(owner).strip()
        return self

    def merge(self, theme_ids: Sequence[str], *, name: str | None = None) -> Codebook:
        """Merge themes into the first one; its centroid becomes the size-weighted mean."""
        if len(theme_ids) < 2:
            raise ConfigError(f"merge needs at least two theme ids; found {list(theme_ids)}")
        keep = self[theme_ids[0]]
        others = [self[i] for i in theme_ids[1:]]
        vecs, weights = [], []
        for t in [keep, *others]:
            if t.id in self.centroids:
                vecs.append(self.centroids[t.id])
                weights.append(max(t.n, 1))
        if vecs:
            self.centroids[keep.id] = _unit(np.average(np.vstack(vecs), axis=0, weights=weights))
        for t in others:
            keep.keywords += [k for k in t.keywords if k not in keep.keywords]
            keep.seeds += [s for s in t.seeds if s not in keep.seeds]
            keep.examples += [e for e in t.examples if e not in keep.examples]
            keep.n += t.n
            self.delete(t.id)
        if name:
            keep.name = name
        return self

    def split(self, theme_id: str, k: int, *, vectors, texts: Sequence[str] | None = None,
              tokens: Sequence[Sequence[str]] | None = None, random_state: int = 0) -> list[str]:
        """Re-cluster one theme's clauses (``vectors`` etc. are that theme's members) into ``k`` new themes.

        Returns the new theme ids; the old theme is removed.
        """
        from sklearn.cluster import KMeans

        from ._naming import class_tfidf, default_namer, make_label, top_keywords
        from ._quotes import representative_quotes

        old = self[theme_id]
        X = np.asarray(vectors, dtype=np.float32)
        if k < 2 or X.shape[0] < k:
            raise ConfigError(f"split needs 2 ≤ k ≤ number of clauses; found k={k} for {X.shape[0]} clauses")
        X = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
        labels = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit_predict(X)
        sizes = np.bincount(labels, minlength=k)
        order = np.argsort(-sizes, kind="stable")
        labels = np.argsort(order)[labels]
        toks = tokens if tokens is not None else [list(t) for t in (texts or [""] * len(X))]
        M, vocab = class_tfidf(toks, labels, k, min_df=1)
        new_ids, pos = [], self.themes.index(old)
        for j in range(k):
            members = np.flatnonzero(labels == j)
            c = _unit(X[members].mean(axis=0))
            kws = top_keywords(M[j], vocab, n=8)
            quotes = []
            if texts is not None:
                quotes = [texts[members[i]] for i in representative_quotes(X[members], [texts[m] for m in members], c)]
            tid = self.next_id()
            name = make_label(kws, namer=default_namer()) if kws else "(unnamed)"
            theme = Theme(id=tid, name=name if name != "(unnamed)" else f"{old.name} ({j + 1})",
                          parent=old.parent or old.name,
                          keywords=kws, examples=quotes, n=int(len(members)))
            self.themes.insert(pos + j + 1, theme)
            self.centroids[tid] = c
            new_ids.append(tid)
        self.delete(theme_id)
        return new_ids

    def add(self, name: str, seeds: Sequence[str], *, encoder=None, parent: str = "", description: str = "") -> str:
        """Add a theme defined by seed phrases; with an ``encoder`` its centroid is computed now."""
        seeds = [s for s in seeds if s and s.strip()]
        if not seeds:
            raise ConfigError("a theme added from seed phrases needs at least one non-empty seed phrase")
        tid = self.next_id()
        self.themes.append(Theme(id=tid, name=name, parent=parent, description=description, seeds=list(seeds)))
        if encoder is not None:
            self.centroids[tid] = _unit(np.asarray(encoder.encode(list(seeds))).mean(axis=0))
        return tid

    # -- applying -----------------------------------------------------------------------------------
    def centroid_matrix(self, encoder=None) -> np.ndarray:
        """Centroids in codebook order; themes without one get the mean of their seed phrases' vectors."""
        rows = []
        for t in self.themes:
            if t.id in self.centroids:
                rows.append(self.centroids[t.id])
            elif t.seeds and encoder is not None:
                self.centroids[t.id] = _unit(np.asarray(encoder.encode(list(t.seeds))).mean(axis=0))
                rows.append(self.centroids[t.id])
            else:
                raise ConfigError(
                    f"theme {t.id!r} has no centroid and "
                    + ("no seed phrases" if not t.seeds else "no encoder was given to embed its seed phrases")
                    + "; add seeds and pass encoder=..."
                )
        return np.vstack(rows) if rows else np.zeros((0, 1), dtype=np.float32)

    def apply(self, vectors, texts: Sequence[str] | None = None, *, encoder=None, threshold: float = 0.5):
        """Assign clauses to themes: nearest centroid above ``threshold``; a clause containing one of a theme's
        seed phrases goes to that theme (similarity reported as 1.0).

        Returns ``(theme_ids, similarity)``: an object array of theme ids (None when unassigned) and floats.
        """
        X = np.asarray(vectors, dtype=np.float32)
        n = X.shape[0]
        ids = np.array(self.ids, dtype=object)
        if not len(self.themes):
            return np.full(n, None, dtype=object), np.zeros(n)
        C = self.centroid_matrix(encoder)
        if C.shape[1] != X.shape[1]:
            raise ConfigError(
                f"the codebook's centroids have {C.shape[1]} dimensions but the vectors have {X.shape[1]}: "
                f"use the encoder the codebook was made with ({self.encoder_id!r})"
            )
        X = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
        sims = stable_dot(X, C)
        sims[:, ids == OVERALL_ID] = -np.inf  # the overall evaluation is coded by rule, never by similarity
        best = sims.argmax(axis=1)
        sim = sims[np.arange(n), best]
        sim = np.where(np.isfinite(sim), sim, 0.0)
        out = np.where(sim >= threshold, ids[best], None).astype(object)
        if texts is not None:
            for j, t in enumerate(self.themes):
                for seed in t.seeds:
                    hit = np.array([seed in (s or "") for s in texts], dtype=bool)
                    out[hit] = t.id
                    sim = np.where(hit, 1.0, sim)
        return out, sim.astype(float)

    def match(self, previous: Codebook, *, min_similarity: float = 0.6) -> dict:
        """Keep theme ids stable across runs: map this codebook's ids to ``previous``'s by Hungarian matching
        of centroids (pairs below ``min_similarity`` stay unmatched and get fresh ids). Renames ids in place
        (names of matched themes are taken from ``previous``, so a researcher's renames survive) and returns
        ``{old id in self: new id}``. A matched theme keeps the previous one's owner and horizon as well.
        """
        from scipy.optimize import linear_sum_assignment

        mine = [t for t in self.themes if t.id in self.centroids and t.id != OVERALL_ID]
        theirs = [t for t in previous.themes if t.id in previous.centroids and t.id != OVERALL_ID]
        mapping = {}
        if mine and theirs:
            A = np.vstack([self.centroids[t.id] for t in mine])
            B = np.vstack([previous.centroids[t.id] for t in theirs])
            if A.shape[1] != B.shape[1]:
                raise ConfigError("codebooks built with different encoders cannot be matched")
            S = A @ B.T
            r, c = linear_sum_assignment(-S)
            for i, j in zip(r, c):
                if S[i, j] >= min_similarity:
                    mapping[mine[i].id] = (theirs[j].id, theirs[j])
        used = {v[0] for v in mapping.values()}
        nums = [int(i[1:]) for i in previous.ids + self.ids + previous.retired_ids + self.retired_ids if i[:1] == "T" and i[1:].isdigit()]
        nxt = max(nums, default=0) + 1
        result, centroids = {}, {}
        for t in self.themes:
            if t.id in mapping:
                new_id, prev = mapping[t.id]
                t.name, t.parent = prev.name, prev.parent or t.parent
                t.owner, t.horizon = prev.owner, prev.horizon  # who fixes it, and when, survive too
                t.seeds = list(dict.fromkeys(prev.seeds + t.seeds))
            elif t.id == OVERALL_ID:
                new_id = t.id
                prev = next((p for p in previous.themes if p.id == OVERALL_ID), None)
                if prev is not None:  # a researcher's rename of the overall theme survives
                    t.name, t.owner, t.horizon = prev.name, prev.owner, prev.horizon
            else:
                new_id = f"T{nxt:02d}"
                nxt += 1
                while new_id in used:
                    new_id = f"T{nxt:02d}"
                    nxt += 1
            result[t.id] = new_id
            if t.id in self.centroids:
                centroids[new_id] = self.centroids[t.id]
            t.id = new_id
        self.centroids = centroids
        return result

    # -- files --------------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        def plain(v):
            if isinstance(v, (list, tuple)):
                return [plain(x) for x in v]
            if isinstance(v, np.generic):
                return v.item()
            return v

        return {"textmine_codebook": CODEBOOK_FORMAT, "encoder": self.encoder_id,
                "retired_ids": list(self.retired_ids),
                "themes": [{k: plain(v) for k, v in dataclasses.asdict(t).items()} for t in self.themes]}

    def save(self, path) -> Path:
        import yaml

        from ..io import atomic_write_text

        path = Path(path)
        header = ("# textmine codebook: edit names, descriptions, parents, keywords and seed phrases freely; owner (who\n"
                  "# fixes a theme's complaints, e.g. 物流部) and horizon (now, later or none) make the fix list.\n"
                  "# Delete a theme by removing its entry. Centroids live in the .centroids.npz file beside this one.\n")
        atomic_write_text(path, header + yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False,
                                                        width=120))
        if self.centroids:
            np.savez(_centroid_path(path), **{k: v for k, v in self.centroids.items()})
        return path

    @classmethod
    def load(cls, path) -> Codebook:
        import yaml

        path = Path(path)
        if not path.exists():
            raise InputError(f"codebook not found: {str(path)!r}; expected a YAML file written by textmine")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise InputError(f"codebook {path.name!r} is not UTF-8 text; expected a YAML file written by textmine "
                             "(save it as UTF-8)") from None
        except yaml.YAMLError as exc:  # never the offending line itself: it may hold a quoted answer
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or "syntax error"
            raise InputError(f"codebook {path.name!r} is not valid YAML{where}: {problem}; fix that line or "
                             "rewrite the file with textmine codebook commands") from None
        except RecursionError:
            raise InputError(f"codebook {path.name!r} is nested too deeply to be a textmine codebook") from None
        if not isinstance(data, dict) or not isinstance(data.get("themes", False), (list, type(None))):
            raise InputError(f"codebook {path.name!r} has no 'themes' list; expected a file written by textmine")
        fmt = data.get("textmine_codebook", CODEBOOK_FORMAT)
        if fmt != CODEBOOK_FORMAT:
            raise InputError(f"codebook format {fmt!r} is not supported; this textmine reads format {CODEBOOK_FORMAT}")
        themes = [theme_from_yaml(entry, i, path.name) for i, entry in enumerate(data["themes"] or [])]
        centroids = {}
        cp = _centroid_path(path)
        if cp.exists():
            try:
                with np.load(cp, allow_pickle=False) as z:
                    ids = {t.id for t in themes}
                    centroids = {k: np.asarray(z[k], dtype=np.float32) for k in z.files if k in ids}
            except Exception as exc:  # a truncated or foreign .npz: zipfile, pickle or value errors
                raise InputError(f"the centroids file {cp.name!r} beside the codebook cannot be read "
                                 f"({type(exc).__name__}); delete it to code by seeds only, or rerun textmine themes"
                                 ) from None
        retired = data.get("retired_ids") or []
        if not isinstance(retired, list):
            raise InputError(f"codebook {path.name!r}: 'retired_ids' must be a list of theme ids")
        try:
            return cls(themes, encoder_id=data.get("encoder"), centroids=centroids, retired_ids=[str(i) for i in retired])
        except ConfigError as exc:
            raise InputError(f"codebook {path.name!r}: {exc}") from None

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([{"theme": t.id, "name": t.name, "parent": t.parent, "keywords": " ".join(t.keywords),
                              "seeds": "; ".join(t.seeds), "n": t.n, "owner": t.owner, "horizon": t.horizon}
                             for t in self.themes])

    def __repr__(self):
        return f"Codebook({len(self.themes)} themes, encoder={self.encoder_id!r})"


def _centroid_path(path: Path) -> Path:
    return path.with_name(path.stem + ".centroids.npz")
