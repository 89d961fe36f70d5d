"""Shared steps of the text commands: read a survey, split clauses, embed them (cached)."""

from __future__ import annotations

import numpy as np

from ..errors import SchemaError, ScoreError


def read_for_text(path, *, text=None, score=None, id=None, score_optional=False, **kw):
    """The survey with its open answers; with ``score_optional`` and no ``--score``, a file whose score column
    cannot be found is read without scores (theme discovery needs none)."""
    from ..io import read_survey

    try:
        survey = read_survey(path, text=text, score=score, id=id, **kw)
    except (SchemaError, ScoreError):
        if score is not None or not score_optional:
            raise
        survey = _read_unscored(path, text=text, id=id, **kw)  # raises the text / id error if that was the cause
    if survey.columns.get("text") is None:
        raise SchemaError("this command needs an open-answer column: pass --text COL")
    from .._analyze import _disambiguate_ids

    _disambiguate_ids(survey)
    return survey


def _read_unscored(path, *, text=None, id=None, sheet=None, encoding=None, **kw):
    """``read_survey`` without a score column: every row kept, score missing, no NPS group.

    read_survey has no ``score=False`` yet, so a constant placeholder score column is read and then blanked.
    """
    from ..io import read_survey, read_table

    raw, facts = read_table(path, sheet=sheet, encoding=encoding)
    placeholder = "__unscored__"
    while placeholder in raw.columns:
        placeholder += "_"
    raw[placeholder] = "0"
    survey = read_survey(raw, text=text, score=placeholder, id=id, **kw)
    survey.frame["score"] = np.nan
    survey.frame["nps_group"] = None
    survey.columns["score"] = None
    survey.source, survey.encoding = str(path), facts["encoding"]
    survey.notes.insert(0, "no score column found: themes are discovered without NPS groups "
                           "(pass --score COL for shares by group)")
    return survey


def clauses_and_vectors(survey, encoder=None, *, quiet=False, cache=True):
    from ..embed import CachedEncoder, EmbeddingCache, get_encoder
    from ..text import to_clauses
    from ..themes import aspect_texts

    answered = survey.frame.loc[~survey.frame["empty_text"], ["respondent_id", "text"]]
    clauses = to_clauses(answered, text_col="text", id_col="respondent_id", progress=False if quiet else None)
    enc = get_encoder(encoder)
    cached = CachedEncoder(enc, EmbeddingCache()) if cache else enc
    vectors = cached.encode(aspect_texts(clauses), show_progress=False if quiet else None)
    return clauses, vectors, enc
