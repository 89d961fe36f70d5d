"""The drill-down's data: every answer of every theme, compact enough to live inside the one HTML file.

``drill_data(a)`` returns the JSON the report embeds: ``answers`` (each once: PII-masked text, score group,
score, date, segment values) and, per theme, one entry per answer that mentions it (``[answer, start, end,
polarity, polarities]``: the answer's clause closest to the theme, its character span in the masked answer, that
clause's polarity and a bit set of the polarities of all its clauses on the theme). Up to :data:`MAX_ANSWERS`
answers everything is embedded; beyond, the :data:`TOP_PER_THEME` answers closest to each theme, and the report
says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["MAX_ANSWERS", "TOP_PER_THEME", "drill_data"]

#: surveys up to this many answers embed every answer of every theme
MAX_ANSWERS = 100_000
#: beyond, this many answers per theme (the closest to it)
TOP_PER_THEME = 300
POLARITIES = ("positive", "neutral", "negative")
GROUPS = ("promoter", "passive", "detractor")


def drill_data(a, *, max_answers: int = MAX_ANSWERS, top: int = TOP_PER_THEME) -> dict:
    """``{"themes", "segments", "answers", "mentions", "capped", "n_answers"}`` for the report's drill-down."""
    from ..text import mask_pii
    from ..themes import NO_CONTENT_ID

    m = a.themes.mentions
    m = m.loc[m["theme"] != NO_CONTENT_ID, ["respondent_id", "clause_id", "theme", "polarity", "similarity"]]
    order = [t.id for t in a.themes.codebook]
    names = a.themes.codebook.names()
    n_answers = int((~a.survey.frame["empty_text"]).sum())
    capped = n_answers > max_answers
    # one entry per (answer, theme): its clause closest to the theme, and the polarities of all its clauses on it
    flags = pd.DataFrame({f"_b{i}": (m["polarity"] == p).to_numpy() for i, p in enumerate(POLARITIES)})
    flags[["respondent_id", "theme"]] = m[["respondent_id", "theme"]].to_numpy()
    anyp = flags.groupby(["respondent_id", "theme"], sort=False).any()
    anyp = pd.DataFrame({"_bits": sum(anyp[f"_b{i}"].to_numpy(int) << i for i in range(len(POLARITIES)))},
                        index=anyp.index).reset_index()
    best = m.sort_values(["theme", "similarity", "clause_id"], ascending=[True, False, True], kind="stable")
    best = best.drop_duplicates(["respondent_id", "theme"])
    if capped:
        best = best.groupby("theme", sort=False).head(top)
    best = best.merge(anyp, on=["respondent_id", "theme"], how="left", sort=False)

    f = a.survey.frame
    keep = f[f["respondent_id"].isin(best["respondent_id"].unique())]
    segs = list(a.survey.segments or [])
    texts = keep["text"].fillna("").astype(str).tolist()
    masked = [mask_pii(t) if t else t for t in texts]
    group = keep["nps_group"].map({g: i for i, g in enumerate(GROUPS)}).fillna(1).astype(int).tolist()
    dates = _dates(keep["date"]) if "date" in keep.columns else [""] * len(keep)
    seg_values = [keep[s].astype(object).where(keep[s].notna(), "").astype(str).tolist() for s in segs]
    answers = [[masked[i], group[i], int(s), dates[i], [v[i] for v in seg_values]]
               for i, s in enumerate(keep["score"].tolist())]

    # positions, not strings: which answer, which theme, which polarity (no per-row Python string work)
    ai = pd.Index(keep["respondent_id"]).get_indexer(best["respondent_id"])
    ti = pd.Index(order, dtype=object).get_indexer(best["theme"].astype(object))
    pi = pd.Index(POLARITIES, dtype=object).get_indexer(best["polarity"].astype(object))
    pi = np.where(pi < 0, 1, pi)
    cl = a.clauses.set_index("clause_id")[["start", "end"]] if len(a.clauses) else pd.DataFrame(columns=["start", "end"])
    spans = cl.reindex(best["clause_id"].to_numpy())
    starts = spans["start"].to_numpy(float)
    ends = spans["end"].to_numpy(float)
    changed = np.array([m_ != t_ for m_, t_ in zip(masked, texts)], dtype=bool)
    ok = (ai >= 0) & (ti >= 0)
    bits = best["_bits"].fillna(0).to_numpy(int)
    mentions: list[list] = [[] for _ in order]
    for j in np.flatnonzero(ok).tolist():
        k = int(ai[j])
        if changed[k]:
            start, end = _masked_span(texts[k], masked[k], starts[j], ends[j])
        elif np.isfinite(starts[j]) and np.isfinite(ends[j]):
            start, end = int(starts[j]), int(ends[j])
        else:
            start, end = -1, -1
        mentions[ti[j]].append([k, start, end, int(pi[j]), int(bits[j])])
    levels = [sorted(set(v) - {""}) for v in seg_values]
    return {"themes": [{"id": t, "name": names.get(t, t), "n": len(ms)} for t, ms in zip(order, mentions)],
            "segments": [{"name": s, "levels": lv} for s, lv in zip(segs, levels)],
            "answers": answers, "mentions": mentions, "capped": capped,
            "n_answers": n_answers, "top": top}


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
    d = pd.to_datetime(col, errors="coerce")
    return [x.strftime("%Y-%m-%d") if not pd.isna(x) else "" for x in d]
