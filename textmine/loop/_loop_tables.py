"""The columns of every closed-loop table, declared once (name, type, display kind, meaning).

The result objects build their frames to these schemas, the CLI writes them with their display kinds, and
docs/LOOP.md describes the same columns. Names never depend on ``alpha``: ``ci_low``/``ci_high`` are the ends of
the ``1 - alpha`` interval.
"""

from __future__ import annotations

import pandas as pd

from ..schemas import TableSchema

__all__ = ["CADENCE", "CADENCE_TRENDS", "OVER_CONTACTED", "UNMATCHED", "TRANSITIONS", "CONVERSION", "REFERRALS",
           "GUIDE", "kinds", "conform", "plain", "records", "write_outputs", "column_table"]

CADENCE = TableSchema.parse("cadence", """
window str text what the invitations are grouped by: invitations_30d, invitations_90d (invitations in the previous 30 or 90 days) or days_since_last
bin str text the group: a count of previous invitations (the last one is that many or more), or a range of days since the previous invitation (first: none before)
invitations int64 count invitations in the group
responses int64 count invitations in the group that were answered
rate float64 share response rate: responses / invitations
ci_low float64 share lower end of the response rate's Wilson interval
ci_high float64 share upper end of the response rate's Wilson interval
rate_ratio float64 decimal response rate over the first group's (1 for the first group, without an interval)
rr_ci_low float64 decimal lower end of the rate ratio's Katz log interval
rr_ci_high float64 decimal upper end of the rate ratio's Katz log interval
n_scored int64 count answers in the group linked to a survey row with a 0-10 score
mean_score float64 decimal mean 0-10 score of those answers
mean_ci_low float64 decimal lower end of the mean score's t interval
mean_ci_high float64 decimal upper end of the mean score's t interval
nps float64 points NPS of those answers
nps_ci_low float64 points lower end of the NPS interval (adjusted Wald)
nps_ci_high float64 points upper end of the NPS interval (adjusted Wald)
small_base bool flag fewer than min_n invitations or scored answers
""")

CADENCE_TRENDS = TableSchema.parse("cadence_trends", """
window str text invitations_30d or invitations_90d
measure str text response_rate (change in the rate, a share, per extra invitation; Cochran-Armitage p) or score (change in the 0-10 score per extra invitation; least squares, t interval)
slope float64 decimal change per extra previous invitation (the last count group scored as its count)
ci_low float64 decimal lower end of the slope's interval
ci_high float64 decimal upper end of the slope's interval
pval float64 pvalue two-sided p-value of no trend
n int64 count invitations (response_rate) or scored answers (score)
""")

OVER_CONTACTED = TableSchema.parse("over_contacted", """
respondent_id str id the contact's id
invitations int64 count invitations in the whole log
max_in_window int64 count most invitations within any window of limit_days days
window_start object date first day of the busiest window
window_end object date last invitation of the busiest window
responses int64 count invitations the contact answered
in_survey bool flag the id answered the survey
""")

UNMATCHED = TableSchema.parse("unmatched", """
source str text the input the row comes from (survey, contacts, wave 1, referrals …)
row int64 id the row of that input (1 = first data row)
respondent_id str id the row's id
reason str text why the row was not linked or not analysed
""")

TRANSITIONS = TableSchema.parse("transitions", """
waves str text the two waves compared, e.g. 1-2
from str text NPS group in the earlier wave
to str text NPS group in the later wave
n int64 count respondents of both waves who moved from this group to that one
n_from int64 count respondents of both waves in the earlier group
share float64 share n / n_from: share of the earlier group that moved to this one
ci_low float64 share lower end of the share's Wilson interval
ci_high float64 share upper end of the share's Wilson interval
""")

CONVERSION = TableSchema.parse("conversion_by_theme", """
transition str text detractor_to_promoter (wave-1 detractors who are promoters in wave 2) or promoter_to_detractor (wave-1 promoters who are detractors in wave 2)
kind str text theme (those who mention the theme in wave 1 against those who do not) or fixed (those who criticised a theme tagged as fixed against those who criticised only others)
theme str text the theme's name (for kind fixed: the fixed themes, ;-joined)
theme_id str id the theme's id (;-joined for kind fixed)
n_with int64 count respondents with the theme
events_with int64 count of them, those who made the transition
rate_with float64 share events_with / n_with
ci_low_with float64 share lower end of rate_with's Wilson interval
ci_high_with float64 share upper end of rate_with's Wilson interval
n_without int64 count respondents without it
events_without int64 count of them, those who made the transition
rate_without float64 share events_without / n_without
ci_low_without float64 share lower end of rate_without's Wilson interval
ci_high_without float64 share upper end of rate_without's Wilson interval
diff float64 share rate_with - rate_without
diff_ci_low float64 share lower end of the difference's Newcombe (hybrid score) interval
diff_ci_high float64 share upper end of the difference's Newcombe (hybrid score) interval
pval float64 pvalue two-sided Fisher exact p-value
pval_adj float64 pvalue Benjamini-Hochberg adjusted across the themes of one transition (kind fixed: one planned test, not adjusted)
small_base bool flag fewer than min_n respondents with or without the theme
""")

REFERRALS = TableSchema.parse("referrals", """
group str text promoter, passive, detractor or all
n int64 count respondents in the group
referrers int64 count of them, those who referred at least one customer
rate float64 share referrers / n
ci_low float64 share lower end of the rate's Wilson interval
ci_high float64 share upper end of the rate's Wilson interval
rate_ratio float64 decimal the group's rate over the detractors' (1 for detractors; empty for all)
rr_ci_low float64 decimal lower end of the rate ratio's Katz log interval
rr_ci_high float64 decimal upper end of the rate ratio's Katz log interval
""")


def kinds(schema: TableSchema) -> dict:
    """``{column: display kind}`` for :func:`textmine.io.write_csv`."""
    return {c: schema.kind(c) for c in schema.names}


def conform(schema: TableSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with exactly the schema's columns, in order, with its types."""
    out = frame.reindex(columns=list(schema.names))
    for col, dtype in schema.columns:
        if dtype == "int64":
            out[col] = out[col].fillna(0).astype("int64")
        elif dtype == "float64":
            out[col] = out[col].astype("float64")
        elif dtype == "bool":
            out[col] = out[col].fillna(False).astype(bool)
        elif dtype == "str":
            out[col] = out[col].astype(object)
    return out.reset_index(drop=True)


def plain(v):
    """A JSON-ready value: numpy scalars as Python ones, NaN as None, dates as YYYY-MM-DD."""
    import numpy as np

    if isinstance(v, (np.floating, np.integer, np.bool_)):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, (pd.Timestamp, np.datetime64)):
        return None if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d")
    return v


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows of ``frame`` as JSON-ready dicts."""
    return [{k: plain(v) for k, v in r.items()} for r in frame.to_dict(orient="records")]


def write_outputs(out_dir, tables: dict, extra: dict | None = None) -> dict:
    """Write ``{file name: (frame, schema)}`` as CSV (display kinds applied) and ``{file name: text}`` as text
    files into ``out_dir`` (created; other files in it are left alone); return ``{file name: path}``."""
    from pathlib import Path

    from ..io import atomic_write_text, write_csv

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        from ..errors import InputError

        raise InputError(f"the output folder {str(out)!r} is a file; expected a folder to write into")
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, (frame, schema) in tables.items():
        written[name] = write_csv(frame, out / name, kinds=kinds(schema))
    for name, text in (extra or {}).items():
        written[name] = atomic_write_text(out / name, text)
    return written


#: the tables of docs/LOOP.md, in its order: (file name, schema)
GUIDE = (("cadence.csv", CADENCE), ("cadence_trends.csv", CADENCE_TRENDS), ("over_contacted.csv", OVER_CONTACTED),
         ("transitions.csv", TRANSITIONS), ("conversion_by_theme.csv", CONVERSION), ("referrals.csv", REFERRALS),
         ("unmatched.csv", UNMATCHED))


def column_table(schema: TableSchema) -> str:
    """The markdown table of ``schema``'s columns (docs/LOOP.md holds one per file; a test keeps them equal)."""
    rows = [f"| `{c}` | {k} | {m} |" for c, k, m in schema.docs]
    return "\n".join(["| column | kind | meaning |", "|---|---|---|", *rows])
