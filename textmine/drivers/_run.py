"""Private: one plain function for the CLI (``textmine drivers``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from textmine.errors import SchemaError
from textmine.io import read_table, write_table

from ._analysis import DriverAnalysis
from ._matrix import mentions_to_matrix

__all__ = ["run_drivers", "segment_paths"]


def _read(path) -> pd.DataFrame:
    """A drivers table by the one reader, :func:`textmine.io.read_table` (cells as text: theme codes are read
    as text by ``prepare``, scores and weights are made numbers by ``run_drivers``)."""
    return read_table(path)[0]


def run_drivers(path_or_frame, score: str = "score", themes=None, weight: str | None = None,
                segment: str | None = None, *, id_col: str = "respondent_id", theme_col: str = "theme",
                polarity_col: str = "polarity", out=None, **params):
    """Run a driver analysis on a file or frame and return the :class:`DriverResult`.

    The input is either wide (one row per respondent, theme columns of 0/1 or signed codes) or
    long (one row per mention with ``id_col``, ``theme_col``, optional ``polarity_col`` and the
    respondent's score repeated; respondents without mentions appear once with an empty theme).
    ``params`` go to :class:`DriverAnalysis`. With ``out``, the per-theme table is written there by
    :func:`textmine.io.write_table` (.csv, .xlsx, .parquet or .json; atomic, formula cells neutralised); with a
    ``segment`` too, ``<out>_segments`` (segment x theme) and ``<out>_segment_tests`` (per theme) beside it.
    """
    if isinstance(path_or_frame, pd.DataFrame):
        df = path_or_frame
    else:
        df = _read(path_or_frame)
        for col in (score, weight):
            if col and col in df.columns:
                df[col] = pd.to_numeric(df[col].replace("", None), errors="coerce")
    if theme_col in df.columns and id_col in df.columns:
        per = [c for c in (score, weight, segment) if c]
        missing = [c for c in per if c not in df.columns]
        if missing:
            raise SchemaError(f"missing column(s) {missing} in the mentions table")
        resp = df[[id_col] + per].drop_duplicates(id_col).reset_index(drop=True)
        signed = polarity_col in df.columns
        df = mentions_to_matrix(df, resp, signed=signed, id_col=id_col, theme_col=theme_col,
                                polarity_col=polarity_col)
        if themes is None:
            themes = [c for c in df.columns if c not in resp.columns]
    result = DriverAnalysis(**params).fit(df, themes=themes, score=score, weight=weight,
                                          segment=segment).result_
    if out is not None:
        write_table(result.to_frame(), out)
        if result.segments is not None:  # per segment x theme, and the tests of differences per theme
            seg_path, tests_path = segment_paths(out)
            write_table(result.segments.to_frame(), seg_path)
            write_table(result.segments.tests, tests_path)
    return result


def segment_paths(out) -> tuple[Path, Path]:
    """Where :func:`run_drivers` writes the segment x theme table and the per-theme tests beside ``out``."""
    out = Path(out)
    return (out.with_name(f"{out.stem}_segments{out.suffix}"), out.with_name(f"{out.stem}_segment_tests{out.suffix}"))
