"""What customers ask for, and what to fix first: the suggestion table per theme and the fix list.

``suggestion_table`` counts, per theme, the respondents with a suggestion about it (a clause that asks for something:
希望物流快一点, 建议增加门店; :func:`textmine.text.is_suggestion`), as a share of the theme's respondents with a
Wilson interval, and quotes up to ``k`` of their clauses, closest to the theme first.

``fix_list`` lists the complaint themes with their ``horizon`` and ``owner`` from the codebook, the share of
detractors complaining about each, and the NPS points gained if every complaint on it were resolved. Themes sit in
layer 3 and never import drivers (layer 4): the gain comes from what the caller passes, either a driver result
(anything with the ``what_if(themes, resolved=1.0, method="removal")`` method of
:class:`textmine.drivers.DriverResult`) or the frame that method returns (``theme, change, ci_low, ci_high``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..nps import proportion_ci
from ..schemas import FIX_LIST, SUGGESTIONS
from ..text import mask_pii, suggestion_flags
from ._codebook import OVERALL_ID
from ._theme import HORIZONS

__all__ = ["fix_list", "suggestion_table"]


def suggestion_table(themes, k: int = 3) -> pd.DataFrame:
    """One row per theme with at least one suggestion (:data:`textmine.schemas.SUGGESTIONS`), the most asked-about
    first and the overall evaluation last: ``theme, name, n_suggestions`` (respondents asking something about it),
    ``n`` (respondents mentioning it: the base), ``share, ci_low, ci_high`` and ``examples``, a list of up to ``k``
    distinct clauses (PII-masked), the closest to the theme first, then the most often written."""
    if k < 0:
        raise ValueError(f"k={k} must be ≥ 0")
    m = themes.mentions
    asks = (m["suggestion"].to_numpy(bool) if "suggestion" in m.columns
            else suggestion_flags(m["clause"].tolist()))
    names = themes.codebook.names()
    on = m["theme"].isin(list(names)).to_numpy(bool)
    base = m.loc[on, ["respondent_id", "theme"]].drop_duplicates()["theme"].value_counts().to_dict()
    hits = m.loc[on & asks]
    counted = hits[["respondent_id", "theme"]].drop_duplicates()["theme"].value_counts().to_dict()
    rows = []
    for tid, group in hits.groupby("theme", sort=False):
        texts = group.assign(_n=group.groupby("clause")["clause"].transform("size"))
        texts = texts.sort_values(["similarity", "_n", "clause_id"], ascending=[False, False, True], kind="stable")
        quotes = list(dict.fromkeys(mask_pii(str(c)) for c in texts["clause"].tolist()))[:k]
        rows.append({"theme": tid, "name": names[tid], "n_suggestions": int(counted[tid]), "n": int(base[tid]),
                     "examples": quotes})
    out = pd.DataFrame(rows, columns=["theme", "name", "n_suggestions", "n", "examples"])
    out["share"] = out["n_suggestions"] / out["n"].where(out["n"] > 0)
    out["ci_low"], out["ci_high"] = proportion_ci(out["n_suggestions"], out["n"], alpha=themes.alpha)
    out = out.assign(_overall=out["theme"] == OVERALL_ID).sort_values(
        ["_overall", "n_suggestions", "share", "theme"], ascending=[True, False, False, True], kind="stable")
    return SUGGESTIONS.conform(out.drop(columns="_overall").reset_index(drop=True))


def _gains(drivers, known: list) -> pd.DataFrame:
    """``theme, gain, gain_ci_low, gain_ci_high`` from a driver result or a ``what_if`` frame (empty: none)."""
    cols = ["theme", "gain", "gain_ci_low", "gain_ci_high"]
    if drivers is None:
        return pd.DataFrame(columns=cols)
    if isinstance(drivers, pd.DataFrame):
        w = drivers
    else:
        table = drivers.to_frame()
        known = [t for t in known if t in set(table["theme"])]
        if not known or not getattr(drivers, "signed", False):
            return pd.DataFrame(columns=cols)  # unsigned mentions: no complaints to resolve
        w = drivers.what_if(known, resolved=1.0, method="removal")
    missing = [c for c in ("theme", "change") if c not in w.columns]
    if missing:
        raise ValueError(f"the drivers frame lacks {missing}; pass a DriverResult or its what_if(resolved=1.0) frame")
    w = w.reindex(columns=["theme", "change", "ci_low", "ci_high"])
    return w.set_axis(cols, axis=1)


def fix_list(themes, drivers=None) -> pd.DataFrame:
    """The complaint themes to act on (:data:`textmine.schemas.FIX_LIST`): every theme some respondent complains
    about (the overall evaluation aside), grouped by ``horizon`` (now, later, none) and then ``owner`` (unowned
    last), ranked within by ``gain`` (NPS points if every complaint were resolved; with ``drivers`` only), then by
    the detractors' complaint ``share`` (with its Wilson interval)."""
    table = themes.detractor_complaints().set_index("theme")
    m = themes.mentions
    neg = m[m["polarity"] == "negative"].groupby("theme")["respondent_id"].nunique()
    rows = []
    for t in themes.codebook:
        if t.id == OVERALL_ID or int(neg.get(t.id, 0)) == 0:
            continue
        d = table.loc[t.id] if t.id in table.index else None
        base = int((themes.respondents[["respondent_id", "nps_group"]].drop_duplicates()["nps_group"]
                    == "detractor").sum()) if d is None else int(d["base"])
        rows.append({"horizon": t.horizon, "owner": t.owner, "theme": t.id, "name": t.name,
                     "complaint": themes.labels.get(t.id, {}).get("complaint", ""),
                     "n": 0 if d is None else int(d["n"]), "base": base, "n_complainers": int(neg[t.id])})
    out = pd.DataFrame(rows, columns=["horizon", "owner", "theme", "name", "complaint", "n", "base", "n_complainers"])
    out["share"] = out["n"] / out["base"].where(out["base"] > 0)
    out["ci_low"], out["ci_high"] = proportion_ci(out["n"], out["base"], alpha=themes.alpha)
    out = out.merge(_gains(drivers, out["theme"].tolist()), on="theme", how="left")
    order = {h: i for i, h in enumerate(HORIZONS)}
    out = out.assign(_h=out["horizon"].map(order).fillna(len(order)), _unowned=out["owner"].eq(""),
                     _g=-out["gain"].astype(float).fillna(-np.inf), _s=-out["share"].fillna(0))
    out = out.sort_values(["_h", "_unowned", "owner", "_g", "_s", "theme"], kind="stable")
    return FIX_LIST.conform(out.drop(columns=["_h", "_unowned", "_g", "_s"]).reset_index(drop=True))
