"""Linking survey answers to the answered invitations of a contact log, every row that cannot be linked reported.

With the survey's dates, an answer goes to its id's latest answered invitation at most ``max_lag`` days before it
(an invitation answers one row at most: the nearest answer after it). Without dates, an answer goes to its id's
only answered invitation; an id with several, or a survey id given twice, cannot be linked by id alone and is
reported as unmatched with the way to fix it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ._contacts import survey_rejects

__all__ = ["link_answers"]

NOT_IN_LOG = "id not in the contact log"
NO_ANSWERED = "no answered invitation for this id in the contact log"
SEVERAL = "several answered invitations for this id: link by date with survey_date= (CLI: --survey-date)"
DUPLICATE = "id given to several survey rows: link by date with survey_date= (CLI: --survey-date)"
NO_DATE = "no date in the survey row"
TOO_LATE = "no answered invitation of this id up to max_lag days before the answer"
TAKEN = "its invitation is linked to an earlier answer of the same id"
NOT_LINKED = "answered, but no survey row was linked to it"


def link_answers(log: pd.DataFrame, survey, *, by_date: bool, max_lag: int, contacts_src: str,
                 contact_id_col: str):
    """``(linked, unmatched)``: one linked row per survey answer (``survey_row, respondent_id, score,
    contact_row`` and the invitation's window counts) and the rows that could not be linked
    (``source, row, respondent_id, reason``), survey rejects included."""
    f = survey.frame
    answered = log[log["responded"]]
    known = set(log["respondent_id"])
    in_log = f["respondent_id"].isin(known).to_numpy()
    if not in_log.any():
        raise InputError(f"none of the {len(f)} survey respondent ids (column {survey.columns['id']!r}) is in the "
                         f"contact log {contacts_src} (column {contact_id_col!r}, {len(known)} ids); expected the "
                         "same ids in both: check id= (CLI: --id) and survey_id= (CLI: --survey-id)")
    if by_date:
        pairs, reasons = _by_date(f, answered, max_lag)
    else:
        pairs, reasons = _by_id(f, answered)
    reasons = np.where(in_log, reasons, NOT_IN_LOG)
    reasons[pairs.index.to_numpy()] = ""
    if pairs.empty:
        found = pd.Series(reasons).value_counts().to_dict()
        raise InputError(f"no survey answer could be linked to an answered invitation of the contact log "
                         f"{contacts_src} ({len(f)} survey rows: {found}); expected the survey to hold the answers "
                         "to the logged invitations")
    linked = pd.DataFrame({"survey_row": f["row"].to_numpy()[pairs.index], "respondent_id":
                           f["respondent_id"].to_numpy()[pairs.index], "score": f["score"].to_numpy()[pairs.index],
                           "contact_row": pairs.to_numpy()})
    cols = [c for c in log.columns if c.startswith("invitations_")] + ["days_since_last"]
    linked = linked.merge(log[["row"] + cols].rename(columns={"row": "contact_row"}), on="contact_row",
                          how="left")
    bad = reasons != ""
    parts = [survey_rejects(survey, "survey"),
             pd.DataFrame({"source": "survey", "row": f["row"].to_numpy()[bad],
                           "respondent_id": f["respondent_id"].to_numpy()[bad], "reason": reasons[bad]})]
    spare = answered[~answered["row"].isin(linked["contact_row"])]
    parts.append(pd.DataFrame({"source": "contacts", "row": spare["row"].to_numpy(),
                               "respondent_id": spare["respondent_id"].to_numpy(), "reason": NOT_LINKED}))
    unmatched = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else \
        pd.DataFrame(columns=["source", "row", "respondent_id", "reason"])
    if len(unmatched):
        unmatched = unmatched.sort_values(["source", "row"], ascending=[False, True], kind="stable")
    return linked, unmatched


def _by_id(f: pd.DataFrame, answered: pd.DataFrame):
    """Link by id alone: (survey position → contact row, reason of every survey row)."""
    reasons = np.full(len(f), NO_ANSWERED, dtype=object)
    per_id = answered.groupby("respondent_id")["row"].agg(["size", "first"])
    ids = f["respondent_id"]
    size = ids.map(per_id["size"]).fillna(0).to_numpy()
    dup = ids.duplicated(keep=False).to_numpy()
    reasons[size > 1] = SEVERAL
    reasons[dup & (size > 0)] = DUPLICATE
    ok = (size == 1) & ~dup
    pairs = pd.Series(ids[ok].map(per_id["first"]).to_numpy(dtype=np.int64), index=np.flatnonzero(ok))
    return pairs, reasons


def _by_date(f: pd.DataFrame, answered: pd.DataFrame, max_lag: int):
    """Link by date: each answer to the latest answered invitation of its id at most ``max_lag`` days before."""
    reasons = np.full(len(f), NO_ANSWERED, dtype=object)
    dates = pd.to_datetime(f["date"]).dt.floor("D")
    has_date = dates.notna().to_numpy()
    reasons[~has_date] = NO_DATE
    has_answered = f["respondent_id"].isin(set(answered["respondent_id"])).to_numpy()
    reasons[has_date & has_answered] = TOO_LATE
    left = pd.DataFrame({"pos": np.arange(len(f)), "respondent_id": f["respondent_id"].astype(object),
                         "day": dates})[has_date].sort_values("day", kind="stable")
    right = answered[["respondent_id", "invited", "row"]].rename(columns={"invited": "day"})
    right = right.astype({"day": "datetime64[ns]", "respondent_id": object}).sort_values("day", kind="stable")
    left = left.astype({"day": "datetime64[ns]"})
    m = pd.merge_asof(left, right, on="day", by="respondent_id", direction="backward",
                      tolerance=pd.Timedelta(days=max_lag)).dropna(subset=["row"])
    m = m.sort_values(["row", "day"], kind="stable")
    taken = m.duplicated("row", keep="first").to_numpy()  # an invitation answers the nearest answer after it
    reasons[m["pos"].to_numpy()[taken]] = TAKEN
    m = m[~taken]
    pairs = pd.Series(m["row"].to_numpy(dtype=np.int64), index=m["pos"].to_numpy()).sort_index()
    return pairs, reasons
