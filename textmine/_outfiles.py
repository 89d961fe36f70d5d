"""The output files of an analysis: what each file and workbook sheet holds, how each column is shown and what it
means (read from :mod:`textmine.schemas`), and the column guide written beside them (``columns.md``).

The workbook opens on what promoters praise and detractors complain about, then themes, drivers (the columns a
researcher reads; ``drivers_full.csv`` has all), NPS overall, by segment and by period; the row-level sheets
(mentions, respondents) hold their first :data:`ROW_SHEET_ROWS` rows, the full tables being the CSV files; a
``notes`` sheet says so and a ``columns`` sheet, last, explains every column of every sheet.

The guide of the demo survey is ``docs/OUTPUTS.md``; regenerate it with
``.venv/bin/python -m textmine._outfiles > docs/OUTPUTS.md``.
"""

from __future__ import annotations

import pandas as pd

from .schemas import (CODED_CLAUSES, DRIVERS_FULL, DRIVERS_SHORT, KINDS, MENTIONS, NPS, PERIODS, REASONS, REJECTS,
                      RESPONDENTS, SEGMENTS, SUGGESTIONS, THEMES, TRUST, FIX_LIST)

__all__ = ["CSV_FILES", "DEMO_SEGMENTS", "FILES", "ROW_SHEET_ROWS", "SHEETS", "columns_frame", "columns_markdown",
           "csv_kinds", "workbook_charts", "workbook_kinds", "workbook_notes"]

#: rows of the mentions and respondents sheets of results.xlsx: enough to browse; the full tables are CSV files
#: (writing every row took 96 s of the 171 s of saving 100k answers, and made a 46 MB workbook)
ROW_SHEET_ROWS = 10_000

#: the workbook's sheets in order: sheet (= table key of ``Analysis._tables``) -> schema; then notes, columns
SHEETS = {"promoter_reasons": REASONS, "detractor_complaints": REASONS, "fix_list": FIX_LIST,
          "suggestions": SUGGESTIONS, "themes": THEMES, "drivers": DRIVERS_SHORT,
          "nps": NPS, "segments": SEGMENTS, "periods": PERIODS, "trust": TRUST, "mentions": MENTIONS,
          "respondents": RESPONDENTS, "rejects": REJECTS}
#: the CSV files: file -> (table key, schema)
CSV_FILES = {"respondents.csv": ("respondents", RESPONDENTS), "clauses.csv": ("clauses", CODED_CLAUSES),
             "mentions.csv": ("mentions", MENTIONS), "themes.csv": ("themes", THEMES),
             "drivers.csv": ("drivers", DRIVERS_SHORT), "drivers_full.csv": ("drivers_full", DRIVERS_FULL),
             "trust.csv": ("trust", TRUST), "suggestions.csv": ("suggestions", SUGGESTIONS),
             "fix_list.csv": ("fix_list", FIX_LIST), "rejects.csv": ("rejects", REJECTS)}
#: every file of an output folder, what it is for
FILES = {
    "report.html": "the report to read first: NPS, reasons, complaints, drivers, with charts (one self-contained "
                   "file)",
    "results.xlsx": "the workbook: every summary table formatted for reading (percents, NPS points, p-values, "
                    f"dates), the first {ROW_SHEET_ROWS:,} rows of mentions and respondents, a `notes` and a "
                    "`columns` sheet",
    "respondents.csv": "one row per respondent: the survey's columns and what the analysis found in the answer",
    "clauses.csv": "one row per clause, as a coder sees it: its theme(s), aspect and polarity, or why it holds no "
                   "content",
    "mentions.csv": "one row per (clause, theme) hit, plus one row per clause without content (theme NC)",
    "themes.csv": "one row per theme: its name, labels, keywords and how many mention it",
    "drivers.csv": "one row per theme: how it moves NPS, the columns a researcher reads",
    "drivers_full.csv": "drivers.csv with every column: standard errors, intervals, p-values, score-scale effects, "
                        "importance",
    "trust.csv": "can the scores be trusted: per segment level, the share of promoters who only complain and "
                 "detractors who only praise, the share of 10s and score heaping, each against the rest with its "
                 "interval and a BH-adjusted test; `flagged` levels deserve a review",
    "suggestions.csv": "what customers ask for (希望, 建议, 要是…就好了 …): per theme, how many of its respondents make a "
                       "suggestion or wish, with an interval and examples (`|`-separated, masked)",
    "fix_list.csv": "the complaint themes to act on: grouped by the codebook's horizon (now, later) and owner, ranked "
                    "by the NPS gain if resolved, with intervals (set them with `textmine codebook set`)",
    "rejects.csv": "the input rows not analysed, with the reason",
    "nps.json": "the overall NPS (the `nps` sheet's columns) with `segments` and `periods` lists (those sheets' "
                "rows), full precision",
    "codebook.yaml": "the themes as a codebook: apply it to the next wave with `textmine analyze --codebook`",
    "columns.md": "this guide: every output file and every column",
    "run.json": "settings, timings (s) per stage, accounting of rows and versions; `complete: true` once every file "
                "is in place",
}
#: the demo survey's segment columns (examples/demo_survey.csv), shown in docs/OUTPUTS.md
DEMO_SEGMENTS = ("渠道", "城市级别")
#: CSV precision and Excel display of each kind, for the guide
_SHOWN = {"points": "1 decimal", "decimal": "2 decimals", "share": "percent, 1 decimal", "count": "whole, 1,234",
          "pvalue": "3 decimals, <0.001", "date": "a date"}


def _columns(tables: dict | None, key: str, schema, segments) -> list[str]:
    if tables is not None:
        return [str(c) for c in tables[key].columns]
    return list(schema.names) + (list(segments) if schema.others else [])


def columns_frame(tables: dict | None = None, segments=(), files: bool = False) -> pd.DataFrame:
    """Every column of every workbook sheet (``files``: of every CSV file) with its meaning: ``sheet`` (or
    ``file``), ``column``, ``meaning``. ``tables`` are the tables written (their actual columns); None: the
    declared columns, the survey's ``segments`` after the respondents' ones."""
    rows = []
    where = {f: v for f, v in CSV_FILES.items()} if files else {s: (s, schema) for s, schema in SHEETS.items()}
    for place, (key, schema) in where.items():
        for col in _columns(tables, key, schema, segments):
            rows.append({"file" if files else "sheet": place, "column": col, "meaning": schema.meaning(col) or ""})
    return pd.DataFrame(rows, columns=["file" if files else "sheet", "column", "meaning"])


def workbook_kinds(tables: dict) -> dict:
    """``{sheet: {column: display kind}}`` for :func:`textmine.io.write_excel`."""
    return {s: {c: schema.kind(c) for c in tables[s].columns} for s, schema in SHEETS.items() if s in tables}


def csv_kinds(key: str, frame: pd.DataFrame) -> dict:
    """``{column: display kind}`` of table ``key`` for :func:`textmine.io.write_csv` (its rounding)."""
    schema = dict(CSV_FILES.values()).get(key) or SHEETS[key]
    return {c: schema.kind(c) for c in frame.columns}


def workbook_charts(tables: dict) -> dict:
    """Bar charts of the top ten promoter reasons and detractor complaints, each titled with its base."""
    out = {}
    for sheet, who, what in (("promoter_reasons", "promoters", "praising"),
                             ("detractor_complaints", "detractors", "complaining about")):
        t = tables.get(sheet)
        if t is not None and len(t) and {"name", "share", "base"} <= set(t.columns):
            out[sheet] = {"category": "name", "value": "share", "top": 10,
                          "title": f"Share of the {int(t['base'].iloc[0]):,} {who} {what} each theme",
                          "x_title": f"share of {who}", "color": "#2E7D32" if who == "promoters" else "#C62828"}
    return out


def workbook_notes(full_rows: dict) -> pd.DataFrame:
    """The ``notes`` sheet: what the workbook holds, and which sheets hold only their first rows."""
    lines = ["Sheets: promoter reasons and detractor complaints (with charts), themes, drivers (the columns a "
             "researcher reads; drivers_full.csv has all), NPS overall, by segment and by period, mentions, "
             "respondents and rejected rows. The sheet 'columns' explains every column."]
    for sheet, n in full_rows.items():
        if n > ROW_SHEET_ROWS:
            lines.append(f"Sheet '{sheet}' holds the first {ROW_SHEET_ROWS:,} of {n:,} rows: the full table is "
                         f"{sheet}.csv beside this workbook.")
    return pd.DataFrame({"note": lines})


def columns_markdown(tables: dict | None = None, segments=(), clauses: pd.DataFrame | None = None) -> str:
    """The guide to an output folder (``columns.md``): every file, and every column of every table file and
    workbook sheet with its meaning and how it is shown. ``tables``/``clauses``: the tables written (None: the
    declared columns, ``segments`` after the respondents' ones)."""
    lines = ["# The output files of `textmine analyze`", "",
             "Generated from the column declarations of `textmine/schemas/`; every CSV file is UTF-8 with a BOM "
             "(Excel shows Chinese correctly), text quoted, numbers bare.", "", "| file | what it holds |",
             "|---|---|"]
    lines += [f"| `{f}` | {about} |" for f, about in FILES.items()]
    lines += ["", "## How numbers are written", "", "| kind | meaning | CSV | workbook |", "|---|---|---|---|"]
    lines += [f"| {k} | {about} | {csv} | {_SHOWN.get(k, 'as is')} |" for k, (_, csv, about) in KINDS.items()]
    all_tables = dict(tables or {}, clauses=clauses) if tables is not None else None
    for f, (key, schema) in CSV_FILES.items():
        cols = _columns(all_tables, key, schema, segments)
        sheet = key if key in SHEETS else None
        where = f"`{f}`" + (f" and the workbook's `{sheet}` sheet" if sheet else "")
        lines += ["", f"## {where}", "", FILES[f][0].upper() + FILES[f][1:] + ".", "",
                  "| column | kind | meaning |", "|---|---|---|"]
        lines += [f"| `{c}` | {schema.kind(c)} | {schema.meaning(c) or ''} |" for c in cols]
    for sheet in ("promoter_reasons", "detractor_complaints", "nps", "segments", "periods"):
        schema = SHEETS[sheet]
        lines += ["", f"## The workbook's `{sheet}` sheet", "", "| column | kind | meaning |", "|---|---|---|"]
        lines += [f"| `{c}` | {schema.kind(c)} | {schema.meaning(c) or ''} |"
                  for c in _columns(tables, sheet, schema, segments)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(columns_markdown(segments=DEMO_SEGMENTS), end="")
