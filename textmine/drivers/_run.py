"""Private: one plain function for the CLI (``textmine drivers``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from textmine.errors import InputError, SchemaError

from ._analysis import DriverAnalysis
from ._matrix import mentions_to_matrix

__all__ = ["run_drivers", "read_table", "write_table", "segment_paths"]


def read_table(path) -> pd.DataFrame:
    p = Path(path)
    if not p.exists():
        raise InputError(f"file not found: {p}")
    suf = p.suffix.lower()
    if suf in (".csv", ".txt"):
        return pd.read_csv(p, encoding="utf-8-sig")
    if suf == ".tsv":
        return pd.read_csv(p, sep="\t", encoding="utf-8-sig")
    if suf == ".parquet":
        return pd.read_parquet(p)
    if suf in (".xlsx", ".xls"):
        return pd.read_excel(p)
    if suf == ".json":
        return pd.read_json(p)
    raise InputError(f"cannot read '{p.name}': expected .csv, .tsv, .parquet, .xlsx or .json")


def write_table(df: pd.DataFrame, path) -> Path:
    p = Path(path)
    suf = p.suffix.lower()
    if suf == ".csv":
        df.to_csv(p, index=False, encoding="utf-8")
    elif suf == ".parquet":
        df.to_parquet(p, index=False)
    elif suf == ".xlsx":
        df.to_excel(p, index=False)
    elif suf == ".json":
        df.to_json(p, orient="records", force_ascii=False, indent=1)
    else:
        raise InputError(f"cannot write '{p.name}': expected .csv, .parquet, .xlsx or .json")
    return p


def run_drivers(path_or_frame, score: str = "score", themes=None, weight: str | None = None,
                segment: str | None = None, *, id_col: str = "respondent_id", theme_col: str = "theme",
                polarity_col: str = "polarity", out=None, **params):
    """Run a driver analysis on a file or frame and return the :class:`DriverResult`.

    The input is either wide (one row per respondent, theme columns of 0/1 or signed codes) or
    long (one row per mention with ``id_col``, ``theme_col``, optional ``polarity_col`` and the
    respondent's score repeated; respondents without mentions appear once with an empty theme).
    ``params`` go to :class:`DriverAnalysis`. With ``out``, the per-theme table is written there; with a
    ``segment`` too, ``<out>_segments`` (segment x theme) and ``<out>_segment_tests`` (per theme) beside it.
    """
    df = path_or_frame if isinstance(path_or_frame, pd.DataFrame) else read_table(path_or_frame)
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
        if result.segments_ is not None:  # per segment x theme, and the tests of differences per theme
            seg_path, tests_path = segment_paths(out)
            write_table(result.segments_.to_frame(), seg_path)
            write_table(result.segments_.tests_, tests_path)
    return result


def segment_paths(out) -> tuple[Path, Path]:
    """Where :func:`run_drivers` writes the segment x theme table and the per-theme tests beside ``out``."""
    out = Path(out)
    return (out.with_name(f"{out.stem}_segments{out.suffix}"), out.with_name(f"{out.stem}_segment_tests{out.suffix}"))
