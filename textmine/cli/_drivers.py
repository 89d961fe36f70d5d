"""``textmine drivers``: how much each theme moves NPS, with intervals."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ._app import app


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
    min_n: int = typer.Option(30, "--min-n", help="Flag bases below this n."),
    min_mentions: int = typer.Option(10, "--min-mentions", help="Themes with fewer mentions are not modelled."),
    n_boot: int = typer.Option(1000, "--n-boot", help="Bootstrap resamples."),
    alpha: float = typer.Option(0.05, "--alpha", help="1 - confidence level."),
    seed: int = typer.Option(0, "--seed", help="Random seed."),
    quiet: bool = typer.Option(False, "--quiet", help="Do not print the summary."),
):
    """Removal impact, regression impact (penalty/reward), relative importance and Kano per theme."""
    import pandas as pd

    from ..drivers import run_drivers
    from ..drivers._run import segment_paths
    from ..errors import SchemaError
    from ..io import read_table

    frame, _ = read_table(input)
    if respondents is not None:
        resp, _ = read_table(respondents)
        for col in ("respondent_id", score):
            if col not in resp.columns:
                raise SchemaError(f"missing column {col!r} in {respondents.name!r}")
        keep = ["respondent_id", score] + [c for c in (weight, segment) if c and c in resp.columns]
        resp = resp[keep].copy()
        resp[score] = pd.to_numeric(resp[score], errors="raise")
        frame = frame[frame["theme"].astype(str) != "NC"] if "theme" in frame.columns else frame
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
                 if result.segments_ is not None else "")
        typer.echo(f"wrote {out}{extra}")
