"""The drill-down's data: every answer of every theme, compact enough to live inside the one HTML file.

``drill_data(a)`` returns the JSON the report embeds: ``answers`` (each once: PII-masked text, score group,
score, date, segment values) and, per theme, one entry per answer that mentions it (``[answer, start, end,
polarity, polarities]``: the answer's clause closest to the theme, its character span in the masked answer, that
clause's polarity and a bit set of the polarities of all its clauses on the theme). Up to :data:`MAX_ANSWERS`
answers everything is embedded; beyond, the :data:`TOP_PER_THEME` answers closest to each theme, and the report
says so.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from ._perf import positions, respondent_codes

__all__ = ["MAX_ANSWERS", "TOP_PER_THEME", "drill_data"]

#: surveys up to this many answers embed every answer of every theme
MAX_ANSWERS = 100_000
#: beyond, this many answers per theme (the closest to it)
TOP_PER_THEME = 300
POLARITIES = ("positive", "neutral", "negative")
GROUPS = ("promoter", "passive", "detractor")


def drill_data(a, *, max_answers: int = MAX_ANSWERS, top: int = TOP_PER_THEME) -> dict:
    """``{"themes", "segments", "answers", "mentions", "capped", "n_answers"}`` for the report's drill-down."""
    from ..themes import NO_CONTENT_ID

    m = a.themes.mentions
    order = [t.id for t in a.themes.codebook]
    names = a.themes.codebook.names()
    f = a.survey.frame
    n_answers = int((~f["empty_text"]).sum())
    capped = n_answers > max_answers
    # the mentions as numbers, no per-row Python string work: which answer, which theme (its code, its position in
    # ``order``), which polarity
    frame_ids, mention_ids = respondent_codes(a)
    d = pd.DataFrame({"answer": mention_ids, "theme": pd.factorize(m["theme"], use_na_sentinel=False)[0],
                      "ti": positions(m["theme"], order), "pi": positions(m["polarity"], POLARITIES),
                      "similarity": m["similarity"].to_numpy(float), "clause_id": m["clause_id"].to_numpy()})
    d = d[(m["theme"] != NO_CONTENT_ID).to_numpy()]
    d, bits = _closest(d, top if capped else None)
    rows = np.flatnonzero(np.isin(frame_ids, d["answer"].unique()))
    keep = f.iloc[rows]
    segs = list(a.survey.segments or [])
    texts = keep["text"].fillna("").astype(str).tolist()
    masked = _masked(a, rows, texts)
    group = keep["nps_group"].map({g: i for i, g in enumerate(GROUPS)}).fillna(1).astype(int).tolist()
    dates = _dates(keep["date"]) if "date" in keep.columns else [""] * len(keep)
    seg_values = [keep[s].astype(object).where(keep[s].notna(), "").astype(str).tolist() for s in segs]
    seg_rows = zip(*seg_values) if seg_values else itertools.repeat(())
    answers = [[t, g, int(s), dt, list(v)]
               for t, g, s, dt, v in zip(masked, group, keep["score"].tolist(), dates, seg_rows)]

    ai = pd.Index(frame_ids[rows]).get_indexer(d["answer"])
    ti = d["ti"].to_numpy()
    pi = np.where(d["pi"] < 0, 1, d["pi"])
    cl = a.clauses.set_index("clause_id")[["start", "end"]] if len(a.clauses) else pd.DataFrame(columns=["start", "end"])
    spans = cl.reindex(d["clause_id"].to_numpy())
    starts, ends = spans["start"].to_numpy(float), spans["end"].to_numpy(float)
    known = np.isfinite(starts) & np.isfinite(ends)
    start, end = np.where(known, starts, -1).astype(int), np.where(known, ends, -1).astype(int)
    # an answer with personal data masked is shorter or longer: its spans move (a few answers)
    changed = np.array([m_ != t_ for m_, t_ in zip(masked, texts)], dtype=bool)
    ok = np.flatnonzero((ai >= 0) & (ti >= 0))
    for j in ok[changed[ai[ok]]].tolist():
        k = int(ai[j])
        start[j], end[j] = _masked_span(texts[k], masked[k], starts[j], ends[j])
    # each theme's entries in the order of ``d`` (closest first)
    table = np.column_stack([ai, start, end, pi, bits])[ok]
    by_theme = np.argsort(ti[ok], kind="stable")
    cuts = np.cumsum(np.bincount(ti[ok], minlength=len(order)))[:-1]
    mentions = [part.tolist() for part in np.split(table[by_theme], cuts)] if order else []
    levels = [sorted(set(v) - {""}) for v in seg_values]
    return {"themes": [{"id": t, "name": names.get(t, t), "n": len(ms)} for t, ms in zip(order, mentions)],
            "segments": [{"name": s, "levels": lv} for s, lv in zip(segs, levels)],
            "answers": answers, "mentions": mentions, "capped": capped,
            "n_answers": n_answers, "top": top}


def _closest(d: pd.DataFrame, top: int | None) -> tuple[pd.DataFrame, np.ndarray]:
    """One mention per (answer, theme) of ``d``: its clause closest to the theme (highest ``similarity``, then the
    first clause, then the first row), ordered per theme closest first (only the ``top`` first of each theme when
    given), and the bit set of the polarities (bit i: ``POLARITIES[i]``) of all the answer's clauses on that
    theme."""
    pair = d.groupby(["answer", "theme"], sort=False).ngroup().to_numpy()
    pol = d["pi"].to_numpy()
    bits = np.zeros(pair.max() + 1 if len(pair) else 0, dtype=np.int64)
    np.bitwise_or.at(bits, pair, np.where(pol >= 0, 1 << np.maximum(pol, 0), 0))
    # np.lexsort is stable and sorts by its last key first; NaN similarities come last, as in sort_values
    ranked = np.lexsort((d["clause_id"].to_numpy(), -d["similarity"].to_numpy(), d["theme"].to_numpy()))
    best = ranked[~pd.Index(pair[ranked]).duplicated()]
    if top is not None:
        theme = d["theme"].to_numpy()[best]
        best = best[pd.Series(theme).groupby(theme).cumcount().to_numpy() < top]
    return d.iloc[best], bits[pair[best]]


def _masked(a, rows: np.ndarray, texts: list[str]) -> list[str]:
    """The answers of the frame's ``rows`` (``texts``) with personal data masked: from ``a.masked_answers()``
    (masked once per analysis, shared with respondents.csv), else masked here (an object without that method)."""
    every = getattr(a, "masked_answers", None)
    if every is None:
        from ..text import mask_pii

        return [mask_pii(t) if t else t for t in texts]
    every = every()
    return [every[i] for i in rows.tolist()]


def _masked_span(text: str, masked: str, start, end) -> tuple[int, int]:
    """The clause's span in the masked answer (-1, -1 when unknown)."""
    if start is None or end is None or not (np.isfinite(start) and np.isfinite(end)):
        return -1, -1
    start, end = int(start), int(end)
    if masked == text:
        return start, end
    from ..text import mask_pii

    s = len(mask_pii(text[:start]))
    return s, s + len(mask_pii(text[start:end]))


def _dates(col: pd.Series) -> list[str]:
    """Each date as YYYY-MM-DD, "" when missing."""
    return pd.to_datetime(col, errors="coerce").dt.strftime("%Y-%m-%d").fillna("").tolist()
