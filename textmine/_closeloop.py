"""Closing the loop inside an analysis: :meth:`textmine.Analysis.close_loop` runs :mod:`textmine.loop`'s cadence,
panel and referral analyses on the analysed survey, so that ``report.html`` shows them beside the themes and
``save`` writes their tables (``cadence/``, ``panel/``, ``referrals/`` in the output folder, the files of the
``textmine cadence``, ``panel`` and ``referrals`` commands).

The analysed survey is the first wave of the panel and the survey of the contact log and the referral table; its
themes (``Analysis.respondents()``) are the wave-1 themes whose mentions precede conversion and loss.
"""

from __future__ import annotations

import os

import pandas as pd

from .errors import ConfigError

__all__ = ["LOOP_PARTS", "close_loop", "write_loop"]

#: the closed-loop analyses, in the report's order; each writes a folder of this name
LOOP_PARTS = ("cadence", "panel", "referrals")


def close_loop(a, *, contacts=None, waves=(), fixed=(), referrals=None, alpha: float | None = None,
               sheet=None, encoding=None) -> dict:
    """``{part: result}`` for the parts asked for: ``contacts`` (a contact log: :func:`textmine.loop.contact_cadence`),
    ``waves`` (later waves of the same panel, read with the analysis' id and score columns:
    :func:`textmine.loop.panel_transitions`, with ``fixed`` themes) and ``referrals``
    (:func:`textmine.loop.referral_rates`). ``alpha`` and ``min_n`` are the analysis' unless ``alpha`` is given;
    ``sheet`` and ``encoding`` are those of the given files. What was given is recorded in
    ``a.settings["loop"]`` (run.json)."""
    from .loop import contact_cadence, panel_transitions, referral_rates

    waves = [waves] if isinstance(waves, (str, os.PathLike, pd.DataFrame)) else list(waves or ())
    if fixed and not waves:
        raise ConfigError("fixed themes are compared across waves: give the next wave too (CLI: --next-wave FILE "
                          "with --fixed)")
    if (contacts is not None or waves or referrals is not None) and a.survey.columns.get("id") is None:
        raise ConfigError("closing the loop links respondents by id, but the survey was analysed without one: "
                          "name its id column (CLI: --id COLUMN)")
    min_n = int(a.settings.get("min_n", 30))
    alpha = float(a.settings.get("alpha", 0.05)) if alpha is None else alpha
    out = {}
    if contacts is not None:
        out["cadence"] = contact_cadence(contacts, a.survey, alpha=alpha, min_n=min_n, sheet=sheet,
                                         encoding=encoding)
    if waves:
        out["panel"] = panel_transitions([a.survey, *waves], id=a.survey.columns["id"],
                                         score=a.survey.columns.get("score"), themes=a.respondents(), fixed=fixed,
                                         alpha=alpha, min_n=min_n, sheet=sheet, encoding=encoding)
    if referrals is not None:
        out["referrals"] = referral_rates(a.survey, referrals, alpha=alpha, sheet=sheet, encoding=encoding)
    given = {"contacts": _name(contacts), "waves": [_name(w) for w in waves], "fixed": list(fixed),
             "referrals": _name(referrals), "alpha": alpha}
    a.settings["loop"] = {k: v for k, v in given.items() if v not in (None, [])}
    return out


def _name(source):
    """A file's path as text, "(a table)" for a DataFrame, None for nothing."""
    if source is None:
        return None
    return os.fspath(source) if isinstance(source, (str, os.PathLike)) else "(a table)"


def write_loop(loop: dict, d) -> list:
    """Each closed-loop result's files into its folder of ``d`` (``d/cadence`` …); returns the folder names."""
    written = []
    for part in LOOP_PARTS:
        if part in loop:
            loop[part].save(d / part)
            written.append(part)
    return written
