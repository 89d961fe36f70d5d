"""The client's side of the large run's statistics: from the compact survey columns, the counted theme patterns
and the theme counts the workers send back, the same NPS, segment, period, trust, themes and driver tables as
``analyze`` computes from every row."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..themes import ThemeResult

__all__ = ["ThemeTotals", "drivers_on_patterns", "survey_statistics", "theme_totals"]

#: the column of the drivers' frame of counted patterns that holds each pattern's respondents
_COUNT = "__respondents"


def survey_statistics(frame: pd.DataFrame, spec: dict, *, period, alpha, min_n):
    """(overall NPS, segment NPS or None, period NPS or None, trust) of the compact survey ``frame``."""
    from ..nps import nps_score, period_nps, segment_nps
    from ..trust import segment_trust

    w = "weight" if spec["weight"] else None
    segments = list(spec["segments"])  # categories: the levels are their text, as analyze reads them
    overall = nps_score(frame["score"].to_numpy(), alpha=alpha, min_n=min_n,
                        weights=frame["weight"].to_numpy() if w else None)
    seg = segment_nps(frame, segments, weight=w, alpha=alpha, min_n=min_n) if segments else None
    per = period_nps(frame, period=period, weight=w, alpha=alpha, min_n=min_n) if spec["date"] else None
    trust = segment_trust(frame, segments, mismatch="mismatch", alpha=alpha, min_n=min_n)
    return overall, seg, per, trust


class ThemeTotals(ThemeResult):
    """A :class:`~textmine.themes.ThemeResult` summed over partitions: the codebook, quotes and labels of the
    discovery sample, and the counts of every partition; it holds no mention rows (they are in the ``mentions/``
    files), so its tables (``to_frame``, ``promoter_reasons``, ``detractor_complaints``) come from the counts."""

    _totals: tuple = (0, {}, {})  # respondents, per NPS group, mentions per theme: set by theme_totals

    def _bases(self) -> tuple[int, dict, dict]:
        return self._totals


def theme_totals(parts: list, sample: dict, frame: pd.DataFrame) -> ThemeTotals:
    """The partitions' theme counts (each holds its respondents' mentions, the sample's among them) as one
    result, with the discovery sample's codebook, quotes and labels (``sample``: ``_large_tasks.discover``'s
    summary)."""
    coded = {k: sum(p["coded"][k] for p in parts) for k in ("n_clauses", "n_content", "unassigned")}
    n_content = sample["n_content_clauses"] + coded["n_content"]
    unassigned = sample["unassigned_share"] * sample["n_content_clauses"] + coded["unassigned"]
    out = ThemeTotals(codebook=sample["codebook"], mentions=pd.DataFrame(columns=sample["mention_columns"]),
                      respondents=frame.iloc[:0], n_clauses=sample["n_clauses"] + coded["n_clauses"],
                      n_content_clauses=n_content, unassigned_share=unassigned / n_content if n_content else 0.0,
                      alpha=sample["alpha"], quotes=sample["quotes"], labels=sample["labels"])
    counts = {}
    for pol in (None, "positive", "negative"):
        n, group, score = {}, {}, {}
        for p in parts:
            c = p["counts"][pol]
            for t, v in c["n"].items():
                n[t] = n.get(t, 0) + int(v)
            for t, v in c.get("score_sum", {}).items():  # the mentioners' scores, summed exactly
                score[t] = score.get(t, 0.0) + float(v)
            for key, v in c["group"].items():
                group[key] = group.get(key, 0) + int(v)
        counts[pol] = {"n": n, "group": group}
        if pol is None:
            counts[pol]["mean_score"] = {t: s / n[t] for t, s in score.items() if n[t]}
    clauses: dict = {}
    for p in parts:
        for t, v in p["theme_clauses"].items():
            clauses[t] = clauses.get(t, 0) + int(v)
    out._counts.update(counts)
    groups = {str(k): int(v) for k, v in frame["nps_group"].value_counts().items() if v}
    out._totals = (len(frame), groups, clauses)
    return out


def drivers_on_patterns(parts: list, frame: pd.DataFrame, themes: ThemeResult, spec: dict, *, alpha, min_n,
                        n_boot, random_state):
    """(driver result or None, note): :class:`~textmine.drivers.DriverAnalysis` on the respondents' distinct
    (theme pattern, score, weight) rows, counted, with each respondent's row in survey order so that the bootstrap
    draws the respondents ``analyze`` draws."""
    from ..drivers import DriverAnalysis
    from ..themes import NO_CONTENT_ID
    from ._large_tasks import first_seen

    columns = parts[0]["themes"] if parts else []
    mentioned = themes._bases()[2]
    theme_ids = [t for t in columns if t != NO_CONTENT_ID and mentioned.get(t, 0) > 0]
    if not theme_ids:
        return None, "no themes were found, so there is nothing to relate to the score"
    table, pid = _global_patterns(parts)
    w = "weight" if spec["weight"] else None
    key = np.empty(len(frame), dtype=[("p", "<i4"), ("s", "i1"), ("w", "<f8")])
    key["p"], key["s"] = pid, frame["score"].to_numpy(float)
    key["w"] = frame["weight"].to_numpy(float) if w else 1.0
    del pid
    # distinct (pattern, score[, weight]); without weights one int64 per respondent sorts far faster than records
    packed = key if w else key["p"].astype(np.int64) * 16 + key["s"]
    first, members = first_seen(packed)  # rows in order of first appearance, as fit() collapses respondents
    del packed
    members = members.astype(np.int32 if len(first) < 2**31 else np.int64)
    rows = pd.DataFrame(table[key["p"][first]], columns=columns)
    rows["score"] = key["s"][first].astype(float)
    if w:
        rows["weight"] = key["w"][first]
    rows[_COUNT] = np.bincount(members, minlength=len(first))
    del key
    est = DriverAnalysis(n_boot=n_boot, alpha=alpha, min_n=min_n, random_state=random_state)
    return est.fit(rows, themes=theme_ids, score="score", weight=w, freq=_COUNT, members=members).result_, ""


def _global_patterns(parts: list) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct theme patterns of every partition, numbered in order of first appearance; each respondent's
    pattern number, in survey order)."""
    seen: dict = {}
    rows, ids = [], []
    for p in parts:
        local = p.pop("patterns")
        to_global = np.empty(len(local), dtype=np.int32)
        for i, row in enumerate(local):
            b = row.tobytes()
            if b not in seen:
                seen[b] = len(seen)
                rows.append(row)
            to_global[i] = seen[b]
        ids.append(to_global[p.pop("pattern_ids")])
    width = len(parts[0]["themes"]) if parts else 0
    table = np.vstack(rows) if rows else np.zeros((0, width), dtype=np.int8)
    return table, np.concatenate(ids) if ids else np.zeros(0, dtype=np.int32)
