"""The vocabulary of textmine's tables, declared once: each column's name, type, display kind and meaning.

Every table textmine hands out — the clauses, the mentions, the themes, the drivers, the NPS tables and the
respondents — is built to one of these schemas, and the report, the workbook, the CSV files, their column guide
(``columns.md``), the CLI and the tests read the names from here. Two words are kept apart on purpose:
``sentiment`` is a score in [-1, 1] (a clause's lexicon or model score), ``polarity`` is a label (negative / neutral
/ positive). Counts are integers everywhere.

    from textmine.schemas import MENTIONS
    MENTIONS.names                  # ('respondent_id', 'clause_id', 'clause', 'theme', ...)
    MENTIONS.conform(df)            # declared columns first, in order, with their types; others after
    MENTIONS.meaning("similarity")  # one line for a researcher, units included
    MENTIONS.kind("similarity")     # "decimal": how the workbook and the CSV files show it (KINDS)

A column is declared on one line: ``name  type  kind  meaning``. This package is data plus one small class
(``_table_schema``): it imports nothing of textmine but its errors, so every layer may use it. The tables are
grouped by stage: text and themes (``_text_tables``), drivers (``_driver_tables``), survey and NPS
(``_nps_tables``).
"""

from ._driver_tables import DRIVERS, DRIVERS_FULL, DRIVERS_SHORT
from ._nps_tables import NPS, PERIODS, REJECTS, RESPONDENTS, SEGMENTS, SURVEY, TRUST
from ._table_schema import KINDS, TYPES, TableSchema
from ._text_tables import CLAUSES, CODED_CLAUSES, FIX_LIST, MENTIONS, REASONS, SUGGESTIONS, THEMES

__all__ = ["CLAUSES", "CODED_CLAUSES", "DRIVERS", "DRIVERS_FULL", "DRIVERS_SHORT", "FIX_LIST", "KINDS", "MENTIONS",
           "NPS", "PERIODS", "REASONS", "REJECTS", "RESPONDENTS", "SEGMENTS", "SUGGESTIONS", "SURVEY", "THEMES", "TRUST",
           "TableSchema"]
