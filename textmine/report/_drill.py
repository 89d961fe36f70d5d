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
    bits = m["polarity"].map({p: 1 << i for i, p in enumerate(POLARITIES)}).fillna(0).astype(int)
    m = m.assign(_bit=bits)
    allbits = m.groupby(["respondent_id", "theme"], sort=False)["_bit"].agg(lambda s: int(np.bitwise_or.reduce(s.to_numpy())))
    best = m.sort_values(["theme", "similarity", "clause_id"], ascending=[True, False, True], kind="stable")
    best = best.drop_duplicates(["respondent_id", "theme"])
    if capped:
        best = best.groupby("theme", sort=False).head(top)
    best = best.assign(_bits=[allbits[(r, t)] for r, t in zip(best["respondent_id"], best["theme"])])

    f = a.survey.frame
    keep = f[f["respondent_id"].isin(set(best["respondent_id"]))]
    segs = list(a.survey.segments or [])
    answer_index = {rid: i for i, rid in enumerate(keep["respondent_id"])}
    texts = keep["text"].fillna("").astype(str).tolist()
    masked = [mask_pii(t) if t else t for t in texts]
    group = keep["nps_group"].map({g: i for i, g in enumerate(GROUPS)}).fillna(1).astype(int).tolist()
    dates = _dates(keep["date"]) if "date" in keep.columns else [""] * len(keep)
    seg_values = [keep[s].astype(object).where(keep[s].notna(), "").astype(str).tolist() for s in segs]
    answers = [[masked[i], group[i], int(s), dates[i], [v[i] for v in seg_values]]
               for i, s in enumerate(keep["score"].tolist())]

    cl = a.clauses.set_index("clause_id")[["start", "end"]] if len(a.clauses) else pd.DataFrame(columns=["start", "end"])
    spans = cl.reindex(best["clause_id"].to_numpy())
    mentions: dict[str, list] = {t: [] for t in order}
    for rid, theme, pol, b, s, e in zip(best["respondent_id"], best["theme"], best["polarity"], best["_bits"],
                                        spans["start"].to_numpy(), spans["end"].to_numpy()):
        ai = answer_index.get(rid)
        if ai is None or theme not in mentions:
            continue
        start, end = _masked_span(texts[ai], masked[ai], s, e)
        mentions[theme].append([ai, start, end, POLARITIES.index(pol) if pol in POLARITIES else 1, int(b)])
    levels = [sorted(set(v) - {""}) for v in seg_values]
    return {"themes": [{"id": t, "name": names.get(t, t), "n": len(mentions[t])} for t in order],
            "segments": [{"name": s, "levels": lv} for s, lv in zip(segs, levels)],
            "answers": answers, "mentions": [mentions[t] for t in order], "capped": capped,
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
