"""Score–text mismatch per respondent: a promoter whose answer only complains, a detractor whose answer only praises.

What counts is the polarity of the answer's mentions (one row per clause × theme, :data:`textmine.schemas.MENTIONS`):
how analyze (or a codebook, or a classifier) reads each clause that speaks of a theme, the overall-evaluation theme
(很好, 太差了) included. Clauses without content (theme ``NC``) and clauses no theme was found for are not in the
count: an answer is judged on what was coded, the same reading the themes and drivers tables show. Neutral mentions
carry no verdict.

- ``promoter_complains``: a score of 9-10 and at least one negative mention, no positive one;
- ``detractor_praises``: a score of 0-6 and at least one positive mention, no negative one.

A passive (7-8), an answer that praises and complains, and an answer with no positive or negative mention (empty,
"无", only neutral clauses) are never a mismatch. ``judged`` marks the respondents who *could* mismatch (a promoter
or a detractor whose answer praises or complains): they are the base of a segment's mismatch rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError, SchemaError, ScoreError
from ..nps import nps_groups

__all__ = ["respondent_mismatch", "MISMATCH_KINDS", "MISMATCH_COLUMNS", "scores_of"]

#: the two ways a score can contradict its answer
MISMATCH_KINDS = ("promoter_complains", "detractor_praises")
#: the columns :func:`respondent_mismatch` returns (``evidence_clause`` only with ``with_text=True``)
MISMATCH_COLUMNS = ("respondent_id", "score", "n_positive", "n_negative", "judged", "mismatch", "kind",
                    "evidence_clause_id")
_NEEDED = ("respondent_id", "clause_id", "theme", "polarity")
_POLARITIES = ("positive", "negative", "neutral")


def scores_of(frame: pd.DataFrame, score: str) -> np.ndarray:
    """The 0-10 scores of ``frame`` as integers, or a one-line error naming what is wrong (never a value of another
    column)."""
    if score not in frame.columns:
        raise SchemaError(f"missing column {score!r} (the score column); columns: "
                          f"{', '.join(map(repr, frame.columns))}")
    column = frame[score]
    if len(frame) == 0 or column.isna().all():
        raise ScoreError(f"no scores to check the answers against: column {score!r} holds no 0-10 score "
                         f"({len(frame)} rows); read the survey with its score column")
    nps_groups(column.to_numpy())  # missing, fractional, out-of-range or non-numeric scores: its ScoreError
    return pd.to_numeric(column).to_numpy(dtype=float).astype(np.int64)


def _respondent_ids(frame: pd.DataFrame, what: str) -> pd.Series:
    if "respondent_id" not in frame.columns:
        raise SchemaError(f"missing column 'respondent_id' in the {what}; columns: "
                          f"{', '.join(map(repr, frame.columns))}")
    return frame["respondent_id"].astype(str)


def respondent_mismatch(mentions: pd.DataFrame, respondents: pd.DataFrame, *, score: str = "score",
                        with_text: bool = False) -> pd.DataFrame:
    """Does each respondent's score contradict what the answer says? One row per row of ``respondents``, in order.

    Parameters
    ----------
    mentions : DataFrame
        The mentions table (:data:`textmine.schemas.MENTIONS`): ``respondent_id, clause_id, theme, polarity``;
        ``sentiment`` (optional) picks the strongest evidence, ``clause`` the text of ``with_text``.
    respondents : DataFrame
        The survey frame (``Survey.frame``): ``respondent_id`` (unique) and the 0-10 ``score`` column.
    with_text : bool
        Add ``evidence_clause``: the evidence clause as the mentions hold it (PII-masked by analyze). Off by
        default: a verbatim travels only when the caller asks for it, and then it is the caller's to escape.

    Returns
    -------
    DataFrame with ``respondent_id, score, n_positive, n_negative, judged, mismatch, kind, evidence_clause_id``:
    the numbers of positive and negative clauses (a clause counted once per polarity however many themes it
    mentions), whether the respondent can mismatch (``judged``) and does (``mismatch``), the kind
    (:data:`MISMATCH_KINDS`, "" when none) and the clause that shows it (``clause_id``, nullable ``Int64``): the most
    negative complaint of a promoter, the most positive praise of a detractor (by ``sentiment``; the first in the
    answer on a tie or without sentiment).
    """
    from ..themes import NO_CONTENT_ID

    missing = [c for c in _NEEDED if c not in mentions.columns]
    if missing:
        raise SchemaError(f"the mentions table lacks the column(s) {missing}; found {list(mentions.columns)} "
                          "(pass Analysis.mentions or ThemeResult.mentions)")
    if with_text and "clause" not in mentions.columns:
        raise SchemaError("with_text=True needs the mentions' 'clause' column (the clause text); it is missing")
    ids = _respondent_ids(respondents, "survey frame")
    repeated = int(ids.duplicated().sum())
    if repeated:
        raise SchemaError(f"respondent_id repeats in the survey frame ({repeated} repeated ids); make the ids "
                          "unique first (textmine.analyze suffixes repeats #2, #3 …)")
    scores = scores_of(respondents, score)
    polarity = mentions["polarity"].astype(object)
    unknown = ~polarity.isin(_POLARITIES) & polarity.notna()
    if unknown.any():  # the values are not shown: a text column passed by mistake would print verbatims
        raise SchemaError(f"the mentions' polarity must be one of {', '.join(_POLARITIES)}; {int(unknown.sum())} "
                          "rows hold something else")
    m = mentions.loc[:, [c for c in ("respondent_id", "clause_id", "theme", "polarity", "sentiment", "clause")
                         if c in mentions.columns]]
    m = m[(m["theme"].notna() & (m["theme"].astype(str) != "") & (m["theme"] != NO_CONTENT_ID)).to_numpy(bool)
          & m["polarity"].isin(("positive", "negative")).to_numpy(bool)]
    m = m.assign(respondent_id=m["respondent_id"].astype(str))
    stray = ~m["respondent_id"].isin(set(ids))
    if stray.any():
        raise InputError(f"{int(stray.sum())} mentions belong to respondents that are not in the survey frame; pass "
                         "the frame the mentions were coded from (its respondent_id column)")
    # one row per (respondent, clause, polarity): a clause naming two themes counts once
    m = m.drop_duplicates(["respondent_id", "clause_id", "polarity"])
    counts = m.groupby(["respondent_id", "polarity"]).size().unstack(fill_value=0)
    n_pos = ids.map(counts["positive"] if "positive" in counts else {}).fillna(0).astype(np.int64).to_numpy()
    n_neg = ids.map(counts["negative"] if "negative" in counts else {}).fillna(0).astype(np.int64).to_numpy()
    promoter, detractor = scores >= 9, scores <= 6
    complains = promoter & (n_neg > 0) & (n_pos == 0)
    praises = detractor & (n_pos > 0) & (n_neg == 0)
    out = pd.DataFrame({
        "respondent_id": ids.to_numpy(), "score": scores, "n_positive": n_pos, "n_negative": n_neg,
        "judged": (promoter | detractor) & (n_pos + n_neg > 0), "mismatch": complains | praises,
        "kind": np.where(complains, MISMATCH_KINDS[0], np.where(praises, MISMATCH_KINDS[1], "")).astype(object)},
        index=respondents.index)
    evidence = _evidence(m, out)
    out["evidence_clause_id"] = out["respondent_id"].map(evidence["clause_id"]).astype("Int64")
    if with_text:
        out["evidence_clause"] = out["respondent_id"].map(evidence["clause"]).fillna("").astype(object)
    return out.reset_index(drop=True)


def _evidence(m: pd.DataFrame, out: pd.DataFrame) -> pd.DataFrame:
    """Per mismatching respondent (index), the clause that shows it: ``clause_id`` and, when known, ``clause``."""
    want = out.loc[out["mismatch"], ["respondent_id", "kind"]]
    wanted_polarity = want["kind"].map({MISMATCH_KINDS[0]: "negative", MISMATCH_KINDS[1]: "positive"})
    cand = m.merge(pd.DataFrame({"respondent_id": want["respondent_id"], "polarity": wanted_polarity}),
                   on=["respondent_id", "polarity"])
    if "sentiment" in cand.columns:  # the strongest: lowest sentiment of a complaint, highest of a praise
        s = pd.to_numeric(cand["sentiment"], errors="coerce").fillna(0.0)
        cand = cand.assign(_strength=np.where(cand["polarity"] == "negative", s, -s))
    else:
        cand = cand.assign(_strength=0.0)
    cand = cand.sort_values(["respondent_id", "_strength", "clause_id"], kind="stable")
    first = cand.drop_duplicates("respondent_id").set_index("respondent_id")
    if "clause" not in first.columns:
        first = first.assign(clause="")
    return first[["clause_id", "clause"]]
