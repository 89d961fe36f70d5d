"""The Survey object: one row per respondent, with the rows that could not be used kept aside."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..schemas import REJECTS, SURVEY

__all__ = ["Survey", "FRAME_COLUMNS", "REJECT_COLUMNS"]

#: Stable columns of ``Survey.frame`` (segment columns follow, under their original names).
FRAME_COLUMNS = SURVEY.names
#: Columns of ``Survey.rejects``.
REJECT_COLUMNS = REJECTS.names


@dataclass
class Survey:
    """A survey export read into a tidy frame.

    Attributes
    ----------
    frame : DataFrame
        One row per usable respondent: ``row`` (1-based position among the file's data rows),
        ``respondent_id`` (str), ``score`` (int 0–10; float NaN throughout when read with
        ``score_required=False`` from a file without a score column), ``nps_group`` (promoter/passive/detractor;
        None without scores),
        ``text`` (the original answer, "" when empty), ``empty_text`` (bool), ``date`` (datetime or NaT),
        ``duplicate_id`` (bool), ``weight`` (float >= 0; only when read with ``weight=``), then the segment
        columns under their original names.
    rejects : DataFrame
        Rows that could not be analysed: ``row, respondent_id, column, value, reason``.
    source : str
        The path read, or ``"<DataFrame>"``.
    encoding : str or None
        The text encoding used (CSV/TSV only).
    columns : dict
        The role → source column mapping actually used (``score``, ``text``, ``id``, ``date``, and ``weight``
        when weighted); None for a role without a column.
    segments : list of str
        Segment column names present in ``frame``.
    notes : list of str
        What was chosen or found (guessed columns, duplicates, unparseable dates, empty answers).
    n_read : int
        Data rows read from the source: always ``n + len(rejects)``.
    """

    frame: pd.DataFrame
    rejects: pd.DataFrame
    source: str = "<DataFrame>"
    encoding: str | None = None
    columns: dict = field(default_factory=dict)
    segments: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    n_read: int = 0

    @property
    def n(self) -> int:
        """Number of usable respondents."""
        return len(self.frame)

    @property
    def texts(self) -> pd.Series:
        """Non-empty answers indexed like ``frame``."""
        return self.frame.loc[~self.frame["empty_text"], "text"]

    def summary(self) -> str:
        """A short account of what was read (no verbatims)."""
        lines = [
            f"read {self.n_read} rows from {self.source}"
            + (f" (encoding {self.encoding})" if self.encoding else ""),
            f"  usable respondents: {self.n}; rejected rows: {len(self.rejects)}",
        ]
        used = ", ".join(f"{k}={v!r}" for k, v in self.columns.items() if v is not None)
        if used:
            lines.append(f"  columns: {used}")
        if self.segments:
            lines.append(f"  segments: {', '.join(map(repr, self.segments))}")
        if len(self.rejects):
            counts = self.rejects["reason"].value_counts()
            lines.append("  rejects by reason: " + "; ".join(f"{r}: {c}" for r, c in counts.items()))
        lines.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"Survey(n={self.n}, rejects={len(self.rejects)}, source={self.source!r})"
