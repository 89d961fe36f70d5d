"""Reading survey exports and writing tables safely."""

from ._read import SUPPORTED_FORMATS, read_survey, read_table
from ._scores import parse_score
from ._survey import FRAME_COLUMNS, REJECT_COLUMNS, Survey
from ._write import safe_cell, sanitize_frame, write_csv, write_excel

__all__ = [
    "FRAME_COLUMNS",
    "REJECT_COLUMNS",
    "SUPPORTED_FORMATS",
    "Survey",
    "parse_score",
    "read_survey",
    "read_table",
    "safe_cell",
    "sanitize_frame",
    "write_csv",
    "write_excel",
]
