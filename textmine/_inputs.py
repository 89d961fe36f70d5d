"""Checks of an input before analysis: repeated respondent ids made unique, and the input's fingerprint."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

__all__ = ["disambiguate_ids", "input_fingerprint"]


def disambiguate_ids(survey) -> None:
    """Respondents are the unit of NPS and drivers: make repeated ids unique (``A2``, ``A2#2``) and say so.

    A suffix never collides with an id of the survey: when ``A2#2`` is itself a respondent, the repeat of ``A2``
    becomes ``A2#3``. Runs right after reading, so an id problem shows before any analysis."""
    f = survey.frame
    if not f["duplicate_id"].any():
        return
    ids = f["respondent_id"].astype(str).tolist()
    nth = f.groupby("respondent_id", sort=False).cumcount().to_numpy()
    taken = set(ids)
    for i in np.flatnonzero(nth > 0):
        k = int(nth[i]) + 1
        while f"{ids[i]}#{k}" in taken:
            k += 1
        ids[i] = f"{ids[i]}#{k}"
        taken.add(ids[i])
    f["respondent_id"] = pd.Series(ids, index=f.index, dtype=f["respondent_id"].dtype)
    survey.notes.append(f"{int((nth > 0).sum())} repeated respondent ids were suffixed #2, #3 … for the analysis "
                        "(a suffix already used as an id is skipped)")


def input_fingerprint(path_or_frame) -> str:
    h = hashlib.sha256()
    if isinstance(path_or_frame, pd.DataFrame):
        h.update(pd.util.hash_pandas_object(path_or_frame, index=False).values.tobytes())
    else:
        with open(path_or_frame, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()[:16]
