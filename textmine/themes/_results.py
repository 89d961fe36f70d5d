"""From clauses and their vectors to themes, mentions and the promoter/detractor tables."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import SchemaError
from ..nps import proportion_ci
from ..schemas import MENTIONS, THEMES
from ..text import aspect_tokens, evaluation_only, mask_pii, suggestion_flags
from ._asks import suggestion_table
from ._aspect_units import aspect_phrases, warm_kinds
from ._codebook import OVERALL_ID, OVERALL_NAME, OVERALL_NAME_EN, Codebook, Theme
from ._discover import ThemeDiscoverer
from ._granularity import parent_groups
from ._naming import default_namer
from ._praise import polarity_labels
from ._linalg import RowVectors, row_mean, unit_rows

__all__ = ["ThemeResult", "discover_themes", "apply_codebook", "NO_CONTENT_ID", "NO_CONTENT_NAME", "polarity_label",
           "MENTION_COLUMNS", "mention_rows", "build_theme_result", "combine_theme_results"]

NO_CONTENT_ID = "NC"
NO_CONTENT_NAME = "无实质内容 (no content)"
MENTION_COLUMNS = list(MENTIONS.names)
_CLAUSE_COLUMNS = ("respondent_id", "clause_id", "text", "tokens", "sentiment", "no_content")


def polarity_label(sentiment, threshold: float = 0.05) -> np.ndarray:
    """``positive`` above ``threshold``, ``negative`` below ``-threshold``, else ``neutral``."""
    s = np.asarray(sentiment, dtype=float)
    return np.where(s > threshold, "positive", np.where(s < -threshold, "negative", "neutral")).astype(object)


@dataclass
class ThemeResult:
    """Themes of a survey: the codebook, one mention per (clause, theme), and the respondent tables.

    ``mentions`` has ``respondent_id, clause_id, clause, theme, theme_name, polarity, sentiment, similarity,
    source`` (clause text PII-masked). ``respondents`` is the survey frame it was computed on (respondent_id,
    score, nps_group, …). Shares are of respondents, with Wilson intervals.
    """

    codebook: Codebook
    mentions: pd.DataFrame
    respondents: pd.DataFrame
    n_clauses: int
    n_content_clauses: int
    unassigned_share: float
    alpha: float = 0.05
    quotes: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)  # theme -> {"praise": 上菜快, "complaint": 上菜慢} (themes._praise)

    _counts: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # see _theme_counts
    #: (clause ids, each clause's aspect phrase) as discovery worked them out, for coded_clauses(themes=...)
    _aspects: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def _theme_counts(self, polarity: str | None) -> dict:
        """Respondents per theme (``NC`` aside) with a mention of that ``polarity`` (None: any), counted once per
        (respondent, theme): ``{"n": {theme: n}, "group": {(theme, nps_group): n}, "mean_score": {theme: mean}}``
        ("mean_score" for None only). Computed once per polarity: the result is not changed after it is built, and
        the report, the workbook and the CLI each read these tables."""
        hit = self._counts.get(polarity)
        if hit is not None:
            return hit
        m = self.mentions
        keep = (m["theme"] != NO_CONTENT_ID).to_numpy(bool, na_value=False)
        if polarity is not None:
            keep = keep & (m["polarity"] == polarity).to_numpy(bool, na_value=False)
        pairs = m.loc[keep, ["respondent_id", "theme"]].drop_duplicates()
        groups = self._respondent_groups()
        by_group = pairs.merge(groups, on="respondent_id").groupby(["theme", "nps_group"], observed=True).size()
        out = {"n": pairs["theme"].value_counts(sort=False).to_dict(), "group": by_group.to_dict()}
        if polarity is None:
            resp = self.respondents
            score = resp.loc[~resp["respondent_id"].duplicated(), ["respondent_id", "score"]]
            scored = pairs.merge(score, on="respondent_id", how="left")
            out["mean_score"] = scored.groupby("theme")["score"].mean().to_dict()
        self._counts[polarity] = out
        return out

    def _respondent_groups(self) -> pd.DataFrame:
        """Distinct ``respondent_id, nps_group`` pairs of the respondents."""
        return self.respondents[["respondent_id", "nps_group"]].drop_duplicates()

    def _bases(self) -> tuple[int, dict, dict]:
        """The bases of the tables: respondents, respondents per NPS group, mentions per theme (a result summed
        over partitions elsewhere overrides this and ``_theme_counts``: ``textmine.distributed``)."""
        hit = self._counts.get("bases")  # computed once, as the counts: the result is not changed after it is built
        if hit is None:  # (the theme sizes need no NPS group)
            has = "nps_group" in self.respondents.columns
            hit = self._counts["bases"] = (len(self.respondents), self._respondent_groups()["nps_group"].value_counts(
            ).to_dict() if has else {}, self.mentions["theme"].value_counts(sort=False).to_dict())
        return hit

    def to_frame(self) -> pd.DataFrame:
        """One row per theme: ``theme, name, praise, complaint`` (its labels in the customers' words, see
        ``themes._praise``), ``parent, keywords, n_clauses, n, share, ci_low, ci_high, share_promoters,
        share_passives, share_detractors, n_positive, n_negative, mean_score``."""
        n_all, base, n_clauses = self._bases()
        every, pos, neg = (self._theme_counts(p) for p in (None, "positive", "negative"))
        rows = []
        for t in self.codebook:
            n = int(every["n"].get(t.id, 0))
            lab = self.labels.get(t.id, {})
            row = {"theme": t.id, "name": t.name, "praise": lab.get("praise", ""),
                   "complaint": lab.get("complaint", ""), "parent": t.parent, "keywords": " ".join(t.keywords),
                   "n_clauses": int(n_clauses.get(t.id, 0)), "n": n, "share": n / n_all if n_all else np.nan}
            for g in ("promoter", "passive", "detractor"):
                members = int(base.get(g, 0))
                row[f"share_{g}s"] = int(every["group"].get((t.id, g), 0)) / members if members else np.nan
            row["n_positive"] = int(pos["n"].get(t.id, 0))
            row["n_negative"] = int(neg["n"].get(t.id, 0))
            row["mean_score"] = float(every["mean_score"].get(t.id, np.nan)) if n else np.nan
            rows.append(row)
        out = pd.DataFrame(rows)
        if len(out):
            out["ci_low"], out["ci_high"] = proportion_ci(out["n"], n_all, alpha=self.alpha)
        return THEMES.conform(out.reindex(columns=list(THEMES.names)))

    def _group_table(self, group: str, polarity: str) -> pd.DataFrame:
        base = int(self._bases()[1].get(group, 0))
        counts = self._theme_counts(polarity)["group"]
        rows = []
        for t in self.codebook:
            k = int(counts.get((t.id, group), 0))
            label = self.labels.get(t.id, {}).get("praise" if polarity == "positive" else "complaint", "")
            rows.append({"theme": t.id, "name": t.name, "label": label, "n": k, "base": base})
        out = pd.DataFrame(rows, columns=["theme", "name", "label", "n", "base"])
        out["share"] = out["n"] / out["base"].where(out["base"] > 0)
        out["ci_low"], out["ci_high"] = proportion_ci(out["n"], out["base"], alpha=self.alpha)
        out = out[out["n"] > 0].assign(_overall=lambda f: f["theme"] == OVERALL_ID)
        # what is praised or criticised first; the overall evaluation (整体评价) last, as it names nothing to act on
        out = out.sort_values(["_overall", "n", "theme"], ascending=[True, False, True], kind="stable")
        return out.drop(columns="_overall").reset_index(drop=True)

    def promoter_reasons(self) -> pd.DataFrame:
        """What promoters praise: themes by the share of promoters with a positive clause about them."""
        return self._group_table("promoter", "positive")

    def detractor_complaints(self) -> pd.DataFrame:
        """What detractors complain about: themes by the share of detractors with a negative clause."""
        return self._group_table("detractor", "negative")

    def passive_mentions(self) -> pd.DataFrame:
        """What passives raise, praise or complaint: positive and negative tables concatenated."""
        return pd.concat({"positive": self._group_table("passive", "positive"),
                          "negative": self._group_table("passive", "negative")}, names=["polarity"]).reset_index(0)

    def suggestions(self, k: int = 3) -> pd.DataFrame:
        """What customers ask for, per theme, with up to ``k`` quotes (:func:`textmine.themes.suggestion_table`)."""
        return suggestion_table(self, k)

    def summary(self) -> str:
        t = self.to_frame()
        lines = [f"{len(self.codebook)} themes from {self.n_content_clauses} content clauses "
                 f"({self.unassigned_share:.1%} unassigned); {self._bases()[0]} respondents"]
        for r in t.sort_values("n", ascending=False).head(15).itertuples():
            lines.append(f"  {r.theme} {r.name:<24} n={r.n:<5} share {r.share:.1%} "
                         f"[{r.ci_low:.1%}, {r.ci_high:.1%}]  +{r.n_positive}/-{r.n_negative}")
        return "\n".join(lines)


def _check_clauses(clauses: pd.DataFrame, vectors):
    missing = [c for c in _CLAUSE_COLUMNS if c not in clauses.columns]
    if missing:
        raise SchemaError(f"the clause table lacks columns {missing}; expected the output of textmine.text.to_clauses")
    if isinstance(vectors, tuple):  # (U, inverse): rows taken as needed
        U, inv = np.asarray(vectors[0], dtype=np.float32), np.asarray(vectors[1], dtype=np.int64)
        if U.ndim != 2 or inv.ndim != 1 or len(inv) != len(clauses):
            raise SchemaError(f"expected one vector per clause ({len(clauses)}); found {len(inv)} rows of an array "
                              f"of shape {U.shape}")
        return RowVectors(U, inv)
    X = np.asarray(vectors, dtype=np.float32)
    if X.ndim != 2 or X.shape[0] != len(clauses):
        raise SchemaError(f"expected one vector per clause ({len(clauses)}); found an array of shape {X.shape}")
    return X


def _mask(texts):
    memo: dict = {}  # each distinct clause masked once
    return [(memo[t] if t in memo else memo.setdefault(t, mask_pii(t))) if t.__class__ is str else mask_pii(t)
            for t in texts]


def mention_rows(clauses: pd.DataFrame, themes, similarity, names: dict, source: str, *, rows=None,
                 sentiment=None, polarity=None) -> pd.DataFrame:
    """The mention table (:data:`MENTION_COLUMNS`): one row per (clause, theme) hit, plus one ``NC`` row per
    ``no_content`` clause; clause text PII-masked; ordered by clause, then by similarity (highest first).

    Without ``rows``, ``themes`` and ``similarity`` hold one entry per clause (``None`` or ``-1``: unassigned;
    ``no_content`` clauses are never coded). With ``rows`` (positions of content clauses, repeated for several
    themes), they hold one entry per hit. ``sentiment`` (default: the clause ``sentiment`` score, else 0) and
    ``polarity`` labels (default: :func:`polarity_label` of the sentiment) are per hit too.
    """
    content = ~clauses["no_content"].to_numpy(bool)
    themes = np.asarray(themes, dtype=object)
    sims = np.asarray(similarity, dtype=float)
    if rows is None:
        hit = np.array([t is not None and t != -1 for t in themes], dtype=bool) & content
        rows, themes, sims = np.flatnonzero(hit), themes[hit], sims[hit]
    rows = np.asarray(rows, dtype=np.int64)
    has_score = "sentiment" in clauses.columns
    if sentiment is None:
        sentiment = clauses["sentiment"].to_numpy(float)[rows] if has_score else np.zeros(len(rows))
    sentiment = np.asarray(sentiment, dtype=float)
    polarity = polarity_label(sentiment) if polarity is None else np.asarray(polarity, dtype=object)
    texts = clauses["text"].tolist()
    masked = np.array(_mask([texts[i] for i in rows]), dtype=object)
    m = pd.DataFrame({
        "respondent_id": clauses["respondent_id"].to_numpy()[rows],
        "clause_id": clauses["clause_id"].to_numpy()[rows],
        "clause": masked, "theme": themes, "polarity": polarity, "suggestion": suggestion_flags([texts[i] for i in rows]),
        "sentiment": sentiment, "similarity": sims, "source": source,
    })
    nc = clauses[~content]
    if len(nc):
        s = nc["sentiment"].to_numpy(float) if has_score else np.zeros(len(nc))
        m = pd.concat([m, pd.DataFrame({
            "respondent_id": nc["respondent_id"].to_numpy(), "clause_id": nc["clause_id"].to_numpy(),
            "clause": _mask(nc["text"].tolist()), "theme": NO_CONTENT_ID, "polarity": polarity_label(s),
            "suggestion": False, "sentiment": s, "similarity": 1.0, "source": "no_content"})], ignore_index=True)
    m["theme_name"] = m["theme"].map({**names, NO_CONTENT_ID: NO_CONTENT_NAME})
    m = MENTIONS.conform(m).sort_values(["clause_id", "similarity"], ascending=[True, False], kind="stable")
    return m.reset_index(drop=True)


def build_theme_result(codebook: Codebook, clauses: pd.DataFrame, respondents: pd.DataFrame, themes, similarity,
                       *, source: str, rows=None, sentiment=None, polarity=None, names: dict | None = None,
                       unassigned_share: float | None = None, quotes: dict | None = None,
                       alpha: float = 0.05) -> ThemeResult:
    """A :class:`ThemeResult` from how each clause was coded (arguments as in :func:`mention_rows`; ``names``
    default to the codebook's). ``unassigned_share`` defaults to the share of content clauses without a theme."""
    content = ~clauses["no_content"].to_numpy(bool)
    n_content = int(content.sum())
    if rows is None and OVERALL_ID in codebook.ids:  # clauses that only judge are the overall theme, and only they
        overall = evaluation_only(clauses)
        themes = np.asarray(themes, dtype=object).copy()
        on_overall = np.array([t == OVERALL_ID for t in themes], dtype=bool)
        themes[overall] = OVERALL_ID
        themes[~overall & on_overall] = None
        similarity = np.where(overall, 1.0, np.asarray(similarity, dtype=float))
    mentions = mention_rows(clauses, themes, similarity, codebook.names() if names is None else names, source,
                            rows=rows, sentiment=sentiment, polarity=polarity)
    if unassigned_share is None:
        coded = np.zeros(len(clauses), dtype=bool)
        if rows is None:
            coded[:] = [t is not None and t != -1 for t in np.asarray(themes, dtype=object)]
        else:
            coded[np.asarray(rows, dtype=np.int64)] = True
        unassigned_share = float(np.mean(~coded[content])) if n_content else 0.0
    return ThemeResult(codebook=codebook, mentions=mentions, respondents=respondents, n_clauses=len(clauses),
                       n_content_clauses=n_content, unassigned_share=unassigned_share, alpha=alpha,
                       quotes=dict(quotes or {}), labels=polarity_labels(mentions, clauses))


def combine_theme_results(parts: list, mentions: pd.DataFrame | None = None) -> ThemeResult:
    """One result from results on disjoint parts of a survey, coded with one codebook (that and the quotes of
    the first part): counts summed, the unassigned share weighted by content clauses, mentions concatenated
    (or ``mentions``, when the caller renumbered the clauses) in clause order."""
    first = parts[0]
    n_content = sum(p.n_content_clauses for p in parts)
    unassigned = sum(p.unassigned_share * p.n_content_clauses for p in parts)
    if mentions is None:
        mentions = pd.concat([p.mentions for p in parts], ignore_index=True)
    mentions = mentions.sort_values(["clause_id"], kind="stable").reset_index(drop=True)
    return ThemeResult(codebook=first.codebook, mentions=mentions, respondents=first.respondents,
                       n_clauses=sum(p.n_clauses for p in parts), n_content_clauses=n_content,
                       unassigned_share=unassigned / n_content if n_content else 0.0, alpha=first.alpha,
                       quotes=first.quotes, labels=first.labels)


def discover_themes(clauses: pd.DataFrame, vectors, respondents: pd.DataFrame, *,
                    discoverer: ThemeDiscoverer | None = None, encoder_id: str | None = None,
                    previous: Codebook | None = None, alpha: float = 0.05,
                    aspect_naming: bool = True, fit_vectors=None, tokens=None) -> ThemeResult:
    """Discover themes in the content clauses and code every clause.

    ``no_content`` clauses (无, 没有, 还行 …) get the code ``NC`` and are never clustered. With ``previous``
    (last month's codebook), theme ids and names are matched to it so that they stay stable over time.
    ``fit_vectors`` (one per clause, e.g. from an encoder adapted to the survey) are clustered instead of
    ``vectors``; they may also be a function returning them, called once the work that needs no vectors is done
    (so that a caller computing them in another process overlaps the two); either may be given as ``(U, inverse)`` (``U[inverse]`` is one vector per clause), which saves
    memory and gives the same themes. The codebook's centroids stay in the space of ``vectors`` (the encoder named
    by ``encoder_id``), so that the codebook can code another survey. ``tokens``: the clauses' aspect tokens when
    already worked out (``textmine.text.aspect_tokens``, lists or tuples); the clauses' aspect phrases are kept
    for :func:`~textmine.themes.coded_clauses` (``themes=``).
    """
    X = _check_clauses(clauses, vectors)
    content = ~clauses["no_content"].to_numpy(bool)
    overall = evaluation_only(clauses)  # 很好, 东西不错: one overall theme, never clustered
    disc = discoverer if discoverer is not None else ThemeDiscoverer()
    idx = np.flatnonzero(content & ~overall)
    texts = clauses["text"].tolist()
    # name themes by what clauses are about (aspect tokens), not by how they are judged
    if not aspect_naming:
        tokens = clauses["tokens"].tolist()
    elif tokens is None:
        tokens = aspect_tokens(clauses)
    if callable(fit_vectors):  # being computed elsewhere (a forked child): tag the words while waiting for them
        if aspect_naming and getattr(disc, "method", None) == "aspects":
            warm_kinds(tokens[i] for i in idx)
        fit_vectors = fit_vectors()
    F = X if fit_vectors is None else _check_clauses(clauses, fit_vectors)
    # (U, inverse) when F is: the discoverer normalises each distinct vector once, and copies no clause's vector
    disc.fit((F.U, F.inverse[idx]) if isinstance(F, RowVectors) else F[idx], texts=[texts[i] for i in idx],
             tokens=[tokens[i] for i in idx])
    k = disc.n_themes_
    ids = [f"T{t + 1:02d}" for t in range(k)]
    labels = disc.labels_
    parents = disc.themes_["parent"].tolist()
    if F is X:
        centroids = {ids[t]: disc.centroids_[t] for t in range(k)}
    else:  # in the space of the encoder the codebook names, where the parents are grouped too: the adapted
        # vectors tell 物流 from 快递 (two themes), the encoder's own knows they belong together (one parent)
        C = unit_rows(np.vstack([row_mean(X, idx[labels == t]) for t in range(k)])) if k else np.zeros((0, 1))
        centroids = {ids[t]: C[t] for t in range(k)}
        if k:
            groups, names = parent_groups(C, disc.keywords_, disc.labels_text_, disc.parent_similarity,
                                          default_namer())
            parents = [names[g] if g >= 0 else None for g in groups]
    themes = []
    for t in range(k):
        parent = parents[t]
        themes.append(Theme(id=ids[t], name=disc.labels_text_[t], parent=parent if isinstance(parent, str) else None,
                            keywords=list(disc.keywords_[t]),
                            examples=_mask([texts[idx[i]] for i in disc.quotes_[t]]),
                            n=int((labels == t).sum())))
    if overall.any():
        themes.append(_overall_theme(clauses, X, overall))
        centroids[OVERALL_ID] = unit_rows(row_mean(X, overall)[None])[0]
    codebook = Codebook(themes, encoder_id=encoder_id, centroids=centroids)
    if previous is not None:
        mapping = codebook.match(previous)
        ids = [mapping[i] for i in ids]
    theme_ids = np.full(len(clauses), None, dtype=object)
    sims = np.zeros(len(clauses))
    theme_ids[idx] = [ids[t] if t >= 0 else None for t in labels]
    sims[idx] = disc.similarity_
    quotes = {ids[t]: _mask([texts[idx[i]] for i in disc.quotes_[t]]) for t in range(k)}
    if overall.any():
        quotes[OVERALL_ID] = list(codebook[OVERALL_ID].examples)
        sims[overall] = 1.0
    # unassigned: content clauses in no theme (the overall evaluation counts as a theme)
    n_content = int(content.sum())
    unassigned = float(np.sum(disc.labels_ < 0) / n_content) if n_content else 0.0
    rows2, themes2, sims2 = getattr(disc, "secondary_", ((), (), ()))
    if len(rows2):  # a clause that also names another theme's phrase mentions that theme too
        coded = disc.labels_ >= 0
        coded[np.asarray(rows2)] = True
        unassigned = float(np.sum(~coded) / n_content) if n_content else 0.0
        theme_ids[overall] = OVERALL_ID
        hit = np.flatnonzero([t is not None for t in theme_ids])
        rows = np.concatenate([hit, idx[np.asarray(rows2)]])
        res = build_theme_result(codebook, clauses, respondents, np.concatenate([theme_ids[hit],
                                 np.array([ids[t] for t in themes2], dtype=object)]),
                                 np.concatenate([sims[hit], sims2]), source="discovered", rows=rows,
                                 unassigned_share=unassigned, quotes=quotes, alpha=alpha)
    else:
        res = build_theme_result(codebook, clauses, respondents, theme_ids, sims, source="discovered",
                                 unassigned_share=unassigned, quotes=quotes, alpha=alpha)
    fitted = getattr(disc, "phrases_", None)
    if aspect_naming and fitted is not None and len(fitted) == len(idx):  # the content clauses' phrases, kept
        phrases = np.full(len(clauses), "", dtype=object)
        phrases[idx] = np.asarray(fitted, dtype=object)  # (object arrays: no fixed-width copy of the strings)
        judge = np.flatnonzero(content & overall)  # (never fitted: worked out here)
        phrases[judge] = np.asarray(aspect_phrases([tokens[i] for i in judge]), dtype=object)
        res._aspects = (clauses["clause_id"].to_numpy(), phrases)
    return res


def _overall_theme(clauses: pd.DataFrame, X: np.ndarray, overall: np.ndarray) -> Theme:
    """The overall-evaluation theme of a survey: its most frequent judge words, and quotes nearest its centre."""
    from collections import Counter

    rows = np.flatnonzero(overall)
    texts = clauses["text"].to_numpy(object)[rows]
    common = [w for w, _ in Counter(texts).most_common(8)]
    centre = unit_rows(row_mean(X, rows)[None])[0]
    order = np.argsort(-(unit_rows(X[rows]) @ centre), kind="stable")
    quotes = list(dict.fromkeys(texts[order].tolist()))[:5]
    # named in the language its clauses are written in: "overall evaluation" when most of them are English
    english = "language" in clauses.columns and (clauses["language"].to_numpy(object)[rows] == "en").mean() > 0.5
    return Theme(id=OVERALL_ID, name=OVERALL_NAME_EN if english else OVERALL_NAME, keywords=common,
                 examples=_mask(quotes), n=int(len(rows)))


def apply_codebook(codebook: Codebook, clauses: pd.DataFrame, vectors, respondents: pd.DataFrame, *,
                   encoder=None, threshold: float = 0.5, alpha: float = 0.05) -> ThemeResult:
    """Code new clauses with an existing (possibly edited) codebook: centroid similarity + seed phrases."""
    X = _check_clauses(clauses, vectors)
    content = ~clauses["no_content"].to_numpy(bool)
    theme_ids, sims = codebook.apply(X, clauses["text"].tolist(), encoder=encoder, threshold=threshold)
    theme_ids = np.where(content, theme_ids, None)
    quotes = {t.id: list(t.examples) for t in codebook}
    return build_theme_result(codebook, clauses, respondents, theme_ids, sims, source="codebook", quotes=quotes,
                              alpha=alpha)
