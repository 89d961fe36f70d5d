"""Reading survey exports and writing tables safely.

The one table reader (:func:`read_table`: every cell kept as text) and the one safe writer (:func:`write_table`,
:func:`write_csv`, :func:`write_excel`: formula cells neutralised, atomic replacement) of textmine; the atomic
writers of text, bytes and whole folders; the column choosers other packages use.
"""

from ._columns import guess_text_column, header_matches, resolve_column, show_columns
from ._read import SUPPORTED_FORMATS, read_survey, read_table
from ._scores import parse_score
from ._survey import FRAME_COLUMNS, REJECT_COLUMNS, Survey
from ._write import (TABLE_FORMATS, atomic_dir, atomic_write_bytes, atomic_write_text, safe_cell, sanitize_frame,
                     write_csv, write_excel, write_table)

__all__ = [
    "FRAME_COLUMNS",
    "REJECT_COLUMNS",
    "SUPPORTED_FORMATS",
    "Survey",
    "TABLE_FORMATS",
    "atomic_dir",
    "atomic_write_bytes",
    "atomic_write_text",
    "guess_text_column",
    "header_matches",
    "parse_score",
    "read_survey",
    "read_table",
    "resolve_column",
    "safe_cell",
    "sanitize_frame",
    "show_columns",
    "write_csv",
    "write_excel",
    "write_table",
]
