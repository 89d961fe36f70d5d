"""Shared steps of the text commands: read a survey, split clauses, embed them (cached)."""

from __future__ import annotations

from ..errors import SchemaError


def read_for_text(path, *, text=None, score=None, id=None, score_optional=False, **kw):
    """The survey with its open answers; with ``score_optional`` and no ``--score``, a file without a score
    column is read without scores (theme discovery needs none): score missing, no NPS group, a note says so."""
    from ..io import read_survey

    survey = read_survey(path, text=text, score=score, id=id, score_required=not score_optional, **kw)
    if survey.columns.get("score") is None:  # say it in CLI terms
        survey.notes = ["no score column found: themes are discovered without NPS groups (pass --score COL for "
                        "shares by group)" if n.startswith("no score column found") else n for n in survey.notes]
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
