"""Shared steps of the text commands: read a survey, split clauses, embed them (cached)."""

from __future__ import annotations

from ..errors import SchemaError


def read_for_text(path, *, text=None, score=None, id=None, **kw):
    from ..io import read_survey

    survey = read_survey(path, text=text, score=score, id=id, **kw)
    if survey.columns.get("text") is None:
        raise SchemaError("this command needs an open-answer column: pass --text COL")
    from .._analyze import _disambiguate_ids

    _disambiguate_ids(survey)
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
