"""Shared steps of the text commands: read a survey, then text → embed → code through the stage runner."""

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
    from .._analyze import disambiguate_ids

    disambiguate_ids(survey)
    return survey


def run_text_stages(survey, coder, encoder=None, *, quiet=False, cache=True, keep_vectors=False):
    """The answered rows of ``survey`` through ``textmine._stages.run_stages`` in one piece (progress bars unless
    ``quiet``; the default vector cache unless ``cache`` is False)."""
    from .._stages import run_stages

    answered = survey.frame.loc[~survey.frame["empty_text"], ["respondent_id", "text"]]
    return run_stages(answered, survey.frame, coder, encoder=encoder, cache=None if cache else False,
                      show_progress=False if quiet else None, keep_vectors=keep_vectors)
