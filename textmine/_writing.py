"""Writing an analysis' output files (:meth:`textmine.Analysis.save` stages them): the workbook, the CSV tables,
nps.json, the codebook, columns.md and the closed-loop folders here; clauses.csv and report.html, the two long ones,
in a forked child on large surveys (``textmine._background``), so the two halves of the writing use two cores."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

__all__ = ["BACKGROUND_MIN_RESPONDENTS", "write_files"]


#: from this many respondents on, the clause table and the report are written by a forked child while this process
#: writes the workbook and the other files (``textmine._background``): two cores for the two halves of the writing
BACKGROUND_MIN_RESPONDENTS = 20_000


def write_files(a, d: Path, bar=None, *, background: bool | None = None) -> None:
    """Every output file but run.json into folder ``d``; ``bar.update()`` after each.

    ``background``: write clauses.csv and report.html in a forked child (None: for surveys of
    :data:`BACKGROUND_MIN_RESPONDENTS` or more, where the platform forks); the files are the same either way."""
    from ._background import in_background
    from ._outfiles import CSV_FILES, columns_markdown, csv_kinds
    from .io import atomic_write_text, write_csv

    tick = bar.update if bar is not None else (lambda n=1: None)
    a.languages()  # computed once, before the fork: the report and respondents.csv both read them
    a.masked_answers()
    if background is None:
        background = a.survey.n >= BACKGROUND_MIN_RESPONDENTS
    back = in_background(_write_clauses_and_report, a, d, fork=background)
    tabs = a._tables()
    a.to_excel(d / "results.xlsx", tabs)
    tick()
    for name, (key, _) in CSV_FILES.items():
        if key != "clauses":  # the child's
            write_csv(tabs[key], d / name, kinds=csv_kinds(key, tabs[key]))
            tick()
    atomic_write_text(d / "nps.json", json.dumps(a.nps_dict(), ensure_ascii=False, indent=2, default=str))
    tick()
    a.themes.codebook.save(d / "codebook.yaml")
    tick()
    clause_columns = back.join()
    tick()  # clauses.csv
    tick()  # report.html
    atomic_write_text(d / "columns.md", columns_markdown(tabs, clauses=pd.DataFrame(columns=clause_columns)))
    tick()
    if a.loop:
        from ._closeloop import write_loop

        write_loop(a.loop, d)


def _write_clauses_and_report(a, d: Path) -> list:
    """clauses.csv (one row per clause: long to build) and report.html; returns clauses.csv's columns."""
    from ._outfiles import CSV_FILES, csv_kinds
    from .io import write_csv

    clauses = a.coded_clauses()  # CSV only: one row per clause is too long a sheet
    name = next(f for f, (key, _) in CSV_FILES.items() if key == "clauses")
    write_csv(clauses, d / name, kinds=csv_kinds("clauses", clauses))
    columns = [str(c) for c in clauses.columns]
    del clauses
    a.to_html(d / "report.html")
    return columns
