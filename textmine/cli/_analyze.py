"""``textmine analyze``: the main job, from a survey export to a report."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ._app import app


def check_lang(value: Optional[str]) -> Optional[str]:
    """--lang is zh or en (omitted: the answers' language)."""
    if value is not None and value not in ("zh", "en"):
        raise typer.BadParameter(f"{value!r} is not a report language; choose zh or en (or omit --lang for the "
                                 "answers' language)")
    return value


def check_chunk_size(value: int) -> int:
    """--chunk-size is 0 (one piece) or at least MIN_CHUNK_SIZE answers."""
    from .._analyze import MIN_CHUNK_SIZE

    if value != 0 and value < MIN_CHUNK_SIZE:
        raise typer.BadParameter(f"{value} is neither 0 (one piece) nor >= {MIN_CHUNK_SIZE} answers per chunk")
    return value


def _runner(engine: str, scheduler: Optional[str], workers: Optional[int]):
    """``analyze`` on this machine, or ``distributed.analyze_dask`` on the Dask cluster (started locally unless
    ``scheduler`` is given): the same arguments, the same result."""
    from .._analyze import analyze

    if engine == "local":
        return analyze
    from functools import partial

    from ..distributed import analyze_dask

    return partial(analyze_dask, scheduler=scheduler, workers=workers)


def _check_outputs_fit(out: Path) -> None:
    """Before the work: no file of OUT stands where analyze writes a folder (cadence/ …), nor the reverse."""
    from .._analyze import OUTPUT_FILES
    from .._closeloop import LOOP_PARTS
    from .._output import check_in_the_way

    check_in_the_way(out, folders=LOOP_PARTS, files=OUTPUT_FILES)


def _check_large(input: Path, out: Path, engine: str, chunk_size: int, *, loop: bool) -> None:
    """--large needs the Dask engine, partitions and chunks; the closed loop needs the rows (an ordinary run)."""
    from ..distributed import is_partitioned

    if engine != "dask":
        raise typer.BadParameter("--large runs on a Dask cluster: add --engine dask", param_hint="--large")
    if not is_partitioned(input):
        raise typer.BadParameter(f"{input} is one file; --large reads a folder of Parquet or CSV partitions or a "
                                 "quoted glob, each partition read by a worker", param_hint="INPUT")
    if input.is_dir() and out.resolve().is_relative_to(input.resolve()):
        raise typer.BadParameter(f"{out} is inside the input folder {input}: its Parquet files would be read as "
                                 "partitions by the next run; choose an --out outside it", param_hint="--out")
    if chunk_size == 0:
        raise typer.BadParameter("--large discovers themes on a sample of --chunk-size answers: give a size, not 0",
                                 param_hint="--chunk-size")
    if loop:
        raise typer.BadParameter("--contacts, --next-wave and --referrals read the analysed rows, which a --large "
                                 "run leaves on the workers: run them without --large", param_hint="--large")


@app.command("analyze")
def analyze_command(
    input: Path = typer.Argument(..., help="Survey export: CSV/TSV, XLSX, SPSS .sav or Parquet; with --engine dask "
                                 "also a folder of Parquet or CSV partitions or a quoted glob ('exports/*.csv')."),
    out: Path = typer.Option(..., "--out", help="Output directory (created if needed)."),
    text: Optional[str] = typer.Option(None, "--text", help="Open-answer column; guessed from headers if omitted."),
    score: Optional[str] = typer.Option(None, "--score", help="Score column (0-10); guessed if omitted."),
    id: Optional[str] = typer.Option(None, "--id", help="Respondent id column."),
    date: Optional[str] = typer.Option(None, "--date", help="Date column, for NPS by period."),
    segment: List[str] = typer.Option([], "--segment", help="Segment column; repeat for several."),
    weight: Optional[str] = typer.Option(None, "--weight", help="Survey weight column (numbers >= 0): NPS, "
                                         "segments, periods and drivers are weighted (Kish effective n shown); "
                                         "rows without a usable weight go to rejects.csv."),
    lang: Optional[str] = typer.Option(None, "--lang", callback=check_lang, help="Language of the report and "
                                       "workbook labels: zh or en; default: the answers' language"),
    period: str = typer.Option("month", "--period", help="month, quarter, week or year."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="Excel sheet name or 0-based index."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force the text encoding of a CSV."),
    encoder: Optional[str] = typer.Option(None, "--encoder", help="sentence-transformers model directory or name "
                                          "(default: the shipped offline Chinese encoder)."),
    codebook: Optional[Path] = typer.Option(None, "--codebook", help="Apply this codebook instead of discovering."),
    model: Optional[Path] = typer.Option(None, "--model", help="Apply this trained classifier directory."),
    max_themes: int = typer.Option(30, "--max-themes", min=1, help="At most this many discovered themes."),
    min_n: int = typer.Option(30, "--min-n", min=1, help="Flag bases below this n."),
    n_boot: int = typer.Option(1000, "--n-boot", min=0, help="Bootstrap resamples for driver intervals."),
    seed: int = typer.Option(0, "--seed", min=0, help="Random seed (same seed, same results)."),
    chunk_size: int = typer.Option(100_000, "--chunk-size", callback=check_chunk_size, help="Answers analysed at "
                                   "once: a larger survey is chunked (themes from a sample of this many answers), "
                                   "so memory stays bounded; 0 analyses the survey in one piece."),
    contacts: Optional[Path] = typer.Option(
        None, "--contacts", exists=True, dir_okay=False,
        help="Contact log (id, invitation date, answered yes/no): survey cadence and fatigue in the report and "
             "OUT/cadence/ (as 'textmine cadence')."),
    next_wave: List[Path] = typer.Option(
        [], "--next-wave", exists=True,
        help="A later wave of the same panel (same --id and --score); repeat for several: transitions and "
             "conversion by theme in the report and OUT/panel/ (as 'textmine panel')."),
    fixed: List[str] = typer.Option([], "--fixed", help="With --next-wave: theme names or ids whose complaints "
                                    "were fixed between the waves; comma-separated or repeated."),
    referrals: Optional[Path] = typer.Option(
        None, "--referrals", exists=True, dir_okay=False,
        help="Referral table (per respondent a count or yes/no, or one row per referral): referral rates by NPS "
             "group in the report and OUT/referrals/ (as 'textmine referrals')."),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or dask: the chunks coded on a Dask "
                               "cluster, same results (needs textmine's dask extra); INPUT may then also be a "
                               "partitioned Parquet dataset or a glob of CSV files."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="With --engine dask: the address of a running "
                                            "Dask scheduler (tcp://host:8786); omitted: a local cluster."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="With --engine dask and no --scheduler: "
                                          "worker processes of the local cluster (default 2)."),
    large: bool = typer.Option(False, "--large", help="With --engine dask and a partitioned INPUT: the workers "
                               "read their partitions and write the row tables (OUT/respondents/, clauses/, "
                               "mentions/, rejects/: Parquet, one file per partition); the client keeps counts, so "
                               "its memory does not grow with the answers. Writes the summary tables, no report "
                               "or workbook."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the vector cache."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress output (on a terminal: live bars with ETA; "
                               "otherwise one line per stage)."),
):
    """Read → NPS → clauses → vectors → themes → drivers → report.html, results.xlsx and tables in OUT."""
    from .._output import check_out_dir
    from .._stages import Progress

    check_out_dir(out, "--out")
    _check_outputs_fit(out)
    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"{engine!r} is not an engine; choose local or dask", param_hint="--engine")
    if engine == "local" and (scheduler is not None or workers is not None):
        raise typer.BadParameter("--scheduler and --workers are for the Dask cluster: add --engine dask",
                                 param_hint="--engine")
    if scheduler is not None and workers is not None:
        raise typer.BadParameter("--workers sizes the local cluster started without --scheduler; a running "
                                 "scheduler has its own workers: drop one of the two", param_hint="--workers")
    if engine == "local":
        from ..distributed import is_partitioned

        if is_partitioned(input):
            raise typer.BadParameter(f"{input} is a folder or a pattern of partitions, which the Dask engine reads: "
                                     "add --engine dask, or give one file", param_hint="INPUT")
    if fixed and not next_wave:
        raise typer.BadParameter("--fixed names themes fixed between waves: give the next wave with --next-wave")
    progress = Progress(quiet=quiet)
    if large:
        _check_large(input, out, engine, chunk_size,
                     loop=contacts is not None or bool(next_wave) or referrals is not None)
        from ..distributed import analyze_large

        r = analyze_large(input, out, scheduler=scheduler, workers=workers, text=text, score=score, id=id, date=date,
                          segments=segment, period=period, encoding=encoding, encoder=encoder, codebook=codebook,
                          model=model, max_themes=max_themes, min_n=min_n, n_boot=n_boot, random_state=seed,
                          cache_dir=False if no_cache else None, chunk_size=chunk_size, weight=weight, quiet=quiet,
                          progress=progress)
        if not quiet:
            typer.echo(r.summary())
            typer.echo(f"wrote {len(r.paths)} files and folders to {out}: " + ", ".join(r.paths))
        return
    run = _runner(engine, scheduler, workers)
    a = run(input, text=text, score=score, id=id, date=date, segments=segment, period=period, sheet=sheet,
            encoding=encoding, encoder=encoder, codebook=codebook, model=model, max_themes=max_themes,
            min_n=min_n, n_boot=n_boot, random_state=seed, cache_dir=False if no_cache else None,
            chunk_size=chunk_size or None, quiet=quiet, weight=weight, lang=lang, progress=progress)
    if contacts is not None or next_wave or referrals is not None:
        a.close_loop(contacts=contacts, waves=next_wave, fixed=fixed, referrals=referrals)
    paths = a.save(out, progress=progress)
    if quiet:
        return
    acc = a.accounting
    typer.echo(a.survey.summary())
    typer.echo("")
    typer.echo(a.nps.summary())
    typer.echo(f"{acc['clauses']} clauses, {len(a.themes.codebook)} themes, "
               f"{acc['unassigned_share']:.1%} of content clauses unassigned")
    langs = {k: v for k, v in acc.get("languages", {}).items() if k}
    if langs:
        names = {"zh": "Chinese", "en": "English", "mixed": "mixed Chinese-English", "other": "other languages"}
        typer.echo("answers by language: " + ", ".join(f"{names.get(k, k)} {v}" for k, v in langs.items()))
    typer.echo("timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in a.timings.items()))
    for part, result in a.loop.items():
        typer.echo(f"\n{part}:\n{result.summary()}")
    typer.echo(f"wrote {len(paths)} files to {out}: " + ", ".join(paths))
