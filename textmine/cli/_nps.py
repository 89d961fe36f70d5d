"""``textmine nps``: NPS with its interval, per segment and per period."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from ._app import app


@app.command("nps")
def nps_command(
    input: Path = typer.Argument(..., help="Survey export: CSV/TSV, XLSX, SPSS .sav or Parquet."),
    score: Optional[str] = typer.Option(None, "--score", help="Score column (0-10); guessed from headers if omitted."),
    segment: List[str] = typer.Option([], "--segment", help="Segment column; repeat for several."),
    date: Optional[str] = typer.Option(None, "--date", help="Date column, for the trend by period."),
    period: str = typer.Option("month", "--period", help="Trend period: month, quarter, week or year."),
    weight: Optional[str] = typer.Option(None, "--weight", help="Survey weight column (numbers >= 0): weighted NPS "
                                         "with Kish's effective n; rows without a usable weight are rejected."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="Excel sheet name or 0-based index."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force the text encoding of a CSV."),
    alpha: float = typer.Option(0.05, "--alpha", help="1 - confidence level."),
    method: str = typer.Option("wald_adjusted", "--method", help="Interval: wald_adjusted, wald or bootstrap."),
    min_n: int = typer.Option(30, "--min-n", help="Flag bases below this n."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON object instead of a table."),
    rejects: Optional[Path] = typer.Option(None, "--rejects", help="Write rejected rows to this CSV."),
):
    """NPS with its confidence interval, per segment and per period."""
    from ..io import read_survey, write_csv
    from ..nps import nps_score, period_nps, segment_nps

    # the NPS needs no open answer: text=False skips guessing (and its ambiguity errors)
    survey = read_survey(input, score=score, text=False, date=date, segments=segment, sheet=sheet,
                         encoding=encoding, weight=weight)
    w = "weight" if weight is not None else None  # read_survey keeps the weight column as "weight"
    overall = nps_score(survey.frame["score"].to_numpy(), alpha=alpha, method=method, min_n=min_n,
                        weights=survey.frame["weight"].to_numpy() if w else None)
    # segments and periods use the same analytic interval (the bootstrap is for the overall NPS only)
    table_method = "wald_adjusted" if method == "bootstrap" else method
    seg = (segment_nps(survey.frame, survey.segments, weight=w, alpha=alpha, method=table_method, min_n=min_n)
           if segment else None)
    per = (period_nps(survey.frame, date="date", period=period, weight=w, alpha=alpha, method=table_method,
                      min_n=min_n) if date else None)
    if rejects is not None:
        write_csv(survey.rejects, rejects)
    if as_json:
        out = {k: v for k, v in overall.to_dict().items()}
        out.update({
            "pct_promoters": overall.pct_promoters, "pct_detractors": overall.pct_detractors,
            "rejected": len(survey.rejects), "encoding": survey.encoding, "weight": survey.columns.get("weight"),
            "segments": seg.to_records() if seg is not None else [],
            "periods": per.to_records() if per is not None else [],
        })
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return
    typer.echo(survey.summary())
    typer.echo("")
    typer.echo(overall.summary())
    for table in (seg, per):
        if table is not None:
            typer.echo("")
            typer.echo(table.summary())
