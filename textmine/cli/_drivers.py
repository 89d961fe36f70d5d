"""``textmine drivers``: how much each theme moves NPS, with intervals."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ._app import app


def check_alpha(value: float) -> float:
    """--alpha is strictly between 0 and 1."""
    if not 0 < value < 1:
        raise typer.BadParameter(f"{value} is not between 0 and 1 (e.g. 0.05 for 95% intervals)")
    return value


@app.command("drivers")
def drivers_command(
    input: Path = typer.Argument(..., help="Respondent x theme table (wide) or a mentions table (long: "
                                           "respondent_id, theme, polarity)."),
    out: Path = typer.Option(..., "--out", help="Per-theme driver table (.csv, .xlsx or .parquet)."),
    score: str = typer.Option("score", "--score", help="Score column (0-10)."),
    theme: List[str] = typer.Option([], "--theme", help="Theme column (wide input); repeat. Default: all others."),
    respondents: Optional[Path] = typer.Option(None, "--respondents", help="respondents.csv to take scores from "
                                               "(for a mentions.csv written by textmine analyze)."),
    weight: Optional[str] = typer.Option(None, "--weight", help="Survey weight column."),
    segment: Optional[str] = typer.Option(None, "--segment", help="Segment column: impacts per segment, "
                                           "written beside OUT as OUT_segments and OUT_segment_tests."),
    min_n: int = typer.Option(30, "--min-n", min=1, help="Flag bases below this n."),
    min_mentions: int = typer.Option(10, "--min-mentions", min=1, help="Themes with fewer mentions are not "
                                     "modelled."),
    n_boot: int = typer.Option(1000, "--n-boot", min=0, help="Bootstrap resamples."),
    alpha: float = typer.Option(0.05, "--alpha", callback=check_alpha, help="1 - confidence level."),
    seed: int = typer.Option(0, "--seed", min=0, help="Random seed."),
    quiet: bool = typer.Option(False, "--quiet", help="Do not print the summary."),
):
    """Removal impact, regression impact (penalty/reward), relative importance and Kano per theme."""
    import pandas as pd

    from ..drivers import run_drivers, segment_paths
    from ..errors import SchemaError
    from ..io import read_table
    from ..themes import NO_CONTENT_ID

    if out.is_dir():
        raise SchemaError(f"--out {str(out)!r} is a folder; expected a table file to write (.csv, .xlsx or .parquet)")
    frame, _ = read_table(input)
    if respondents is not None:
        resp, _ = read_table(respondents)
        for col in ("respondent_id", score):
            if col not in resp.columns:
                raise SchemaError(f"missing column {col!r} in {respondents.name!r}")
        keep = ["respondent_id", score] + [c for c in (weight, segment) if c and c in resp.columns]
        resp = resp[keep].copy()
        resp[score] = _numeric_scores(resp[score], f"--respondents {respondents.name!r}", score)
        frame = frame[frame["theme"].astype(str) != NO_CONTENT_ID] if "theme" in frame.columns else frame
        _check_same_survey(frame, resp, input, respondents)
        frame = resp.merge(frame.drop(columns=[c for c in keep[1:] if c in frame.columns]), on="respondent_id",
                           how="left")
    for col in (score, weight):
        if col and col in frame.columns:
            frame[col] = pd.to_numeric(frame[col], errors="coerce")
    result = run_drivers(frame, score=score, themes=list(theme) or None, weight=weight, segment=segment,
                         out=out, min_n=min_n, min_mentions=min_mentions, n_boot=n_boot, alpha=alpha,
                         random_state=seed)
    if not quiet:
        typer.echo(result.summary())
        extra = (", {} and {}".format(*(p.name for p in segment_paths(out)))
                 if result.segments is not None else "")
        typer.echo(f"wrote {out}{extra}")


def _check_same_survey(mentions, resp, mentions_path: Path, resp_path: Path) -> None:
    """Every respondent of the mentions must be in the respondents table (counts only: ids can be personal)."""
    from ..errors import InputError

    if "respondent_id" not in mentions.columns:
        raise InputError(f"{mentions_path.name!r} has no respondent_id column; --respondents needs a mentions "
                         "table (respondent_id, theme, polarity) such as mentions.csv from textmine analyze")
    ids = set(mentions["respondent_id"].astype(str))
    missing = len(ids - set(resp["respondent_id"].astype(str)))
    if missing:
        raise InputError(f"{missing} of {len(ids)} respondents in {mentions_path.name!r} are not in "
                         f"{resp_path.name!r}; expected the respondents.csv written by the same textmine analyze "
                         "run as the mentions: pass that file to --respondents")


def _numeric_scores(values, where: str, score: str):
    """The score column as numbers; a cell that is not a number is an error naming how many there are."""
    import pandas as pd

    from ..errors import ScoreError

    num = pd.to_numeric(values, errors="coerce")
    bad = num.isna() & values.notna() & (values.astype(str).str.strip() != "")
    if bad.any():
        raise ScoreError(f"{int(bad.sum())} rows of {where} have a non-numeric {score!r}; expected 0-10 scores: "
                         "check the file or pass the right column to --score")
    return num
