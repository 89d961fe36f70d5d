"""``textmine themes`` and ``textmine codebook …``: discover themes, edit the codebook."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ._app import app

codebook_app = typer.Typer(help="Edit a codebook: show, rename, merge, split, delete, move, add, set.",
                           no_args_is_help=True)
app.add_typer(codebook_app, name="codebook")


#: the files ``textmine themes`` writes in OUT (run.json last)
THEMES_FILES = ("codebook.yaml", "codebook.centroids.npz", "themes.csv", "clauses.csv", "mentions.csv", "run.json")


@app.command("themes")
def themes_command(
    input: Path = typer.Argument(..., help="Survey export."),
    out: Path = typer.Option(..., "--out", help="Output directory."),
    text: Optional[str] = typer.Option(None, "--text", help="Open-answer column."),
    score: Optional[str] = typer.Option(None, "--score", help="Score column (0-10); optional: without one, themes "
                                        "are discovered without shares by NPS group."),
    id: Optional[str] = typer.Option(None, "--id", help="Respondent id column."),
    encoder: Optional[str] = typer.Option(None, "--encoder", help="Encoder model directory or name."),
    previous: Optional[Path] = typer.Option(None, "--previous", help="Last run's codebook: keep its theme ids."),
    max_themes: int = typer.Option(30, "--max-themes", min=1, help="At most this many themes."),
    seed: int = typer.Option(0, "--seed", min=0, help="Random seed."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the vector cache."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress output."),
):
    """Discover themes: writes codebook.yaml, themes.csv, clauses.csv, mentions.csv and run.json to OUT (all or
    nothing)."""
    from .._output import check_out_dir, staged_output
    from ..io import write_csv
    from .._stages import DiscoverThemes
    from ..themes import Codebook, coded_clauses, survey_discoverer
    from ._steps import read_for_text, run_text_stages

    check_out_dir(out, "--out")
    prev = Codebook.load(previous) if previous else None
    survey = read_for_text(input, text=text, score=score, id=id, score_optional=True)
    disc = survey_discoverer(max_themes=max_themes, random_state=seed)
    run = run_text_stages(survey, DiscoverThemes(disc, previous=prev, adapt=True), encoder, quiet=quiet, cache=not no_cache)
    res, enc = run.themes, run.encoder
    with staged_output(out, owned=THEMES_FILES) as stage:
        res.codebook.save(stage.path / "codebook.yaml")
        write_csv(res.to_frame(), stage.path / "themes.csv")
        write_csv(res.mentions, stage.path / "mentions.csv")
        write_csv(coded_clauses(run.clauses, res.mentions, themes=res), stage.path / "clauses.csv")
        settings = {"source": survey.source, "columns": survey.columns, "encoder_id": enc.id,
                    "previous": str(previous) if previous else None, "max_themes": max_themes, "seed": seed}
        paths = stage.commit({"command": "themes", "settings": settings,
                              "files": sorted(p.name for p in stage.path.iterdir() if not p.name.startswith("."))})
    if not quiet:
        typer.echo(survey.summary())
        typer.echo(res.summary())
        typer.echo(f"wrote {', '.join(paths)} to {out}")


@codebook_app.command("show")
def cb_show(codebook: Path = typer.Argument(..., help="codebook.yaml")):
    """List the themes of a codebook (with the owner and horizon of those that have them)."""
    from ..themes import Codebook

    cb = Codebook.load(codebook)
    for t in cb:
        fix = f"\t{t.horizon} {t.owner}".rstrip() if t.owner or t.horizon != "none" else ""
        typer.echo(f"{t.id}\t{t.name}\t{t.parent}\tn={t.n}\t{' '.join(t.keywords[:6])}{fix}")


@codebook_app.command("rename")
def cb_rename(codebook: Path, theme: str, name: str):
    """Rename THEME to NAME."""
    from ..themes import Codebook

    Codebook.load(codebook).rename(theme, name).save(codebook)
    typer.echo(f"renamed {theme} to {name}")


@codebook_app.command("merge")
def cb_merge(codebook: Path, themes: List[str] = typer.Argument(..., help="Two or more theme ids; the first is kept."),
             name: Optional[str] = typer.Option(None, "--name", help="Name of the merged theme.")):
    """Merge themes into the first one."""
    from ..themes import Codebook

    Codebook.load(codebook).merge(themes, name=name).save(codebook)
    typer.echo(f"merged {', '.join(themes[1:])} into {themes[0]}")


@codebook_app.command("delete")
def cb_delete(codebook: Path, theme: str):
    """Delete THEME (its id is never reused)."""
    from ..themes import Codebook

    Codebook.load(codebook).delete(theme).save(codebook)
    typer.echo(f"deleted {theme}")


@codebook_app.command("move")
def cb_move(codebook: Path, theme: str, parent: str):
    """Put THEME under the parent category PARENT."""
    from ..themes import Codebook

    Codebook.load(codebook).move(theme, parent).save(codebook)
    typer.echo(f"moved {theme} under {parent}")


@codebook_app.command("add")
def cb_add(codebook: Path, name: str,
           seed: List[str] = typer.Option(..., "--seed", help="A seed phrase; repeat for several."),
           parent: str = typer.Option("", "--parent"),
           encoder: Optional[str] = typer.Option(None, "--encoder", help="Encoder for the seed centroid.")):
    """Add a theme NAME defined by seed phrases."""
    from ..embed import get_encoder
    from ..themes import Codebook

    cb = Codebook.load(codebook)
    tid = cb.add(name, seed, encoder=get_encoder(encoder), parent=parent)
    cb.save(codebook)
    typer.echo(f"added {tid} {name}")


@codebook_app.command("split")
def cb_split(codebook: Path, theme: str,
             input: Path = typer.Option(..., "--input", help="The survey whose clauses to re-cluster."),
             k: int = typer.Option(2, "--k", min=2, help="Number of new themes."),
             text: Optional[str] = typer.Option(None, "--text"), score: Optional[str] = typer.Option(None, "--score"),
             encoder: Optional[str] = typer.Option(None, "--encoder"),
             seed: int = typer.Option(0, "--seed", min=0)):
    """Split THEME into K themes by re-clustering its clauses in INPUT."""
    from .._stages import ApplyCodebook
    from ..text import aspect_tokens
    from ..themes import Codebook
    from ._steps import read_for_text, run_text_stages

    cb = Codebook.load(codebook)
    survey = read_for_text(input, text=text, score=score, score_optional=True)
    run = run_text_stages(survey, ApplyCodebook(cb), encoder, quiet=True, keep_vectors=True)
    res, clauses, vectors = run.themes, run.clauses, run.vectors
    ids = set(res.mentions.loc[res.mentions["theme"] == theme, "clause_id"])
    mask = clauses["clause_id"].isin(ids).to_numpy()
    new = cb.split(theme, k, vectors=vectors[mask], texts=clauses.loc[mask, "text"].tolist(),
                   tokens=[t for t, m in zip(aspect_tokens(clauses), mask) if m], random_state=seed)
    cb.save(codebook)
    typer.echo(f"split {theme} into {', '.join(new)}")


@codebook_app.command("set")
def cb_set(codebook: Path, theme: str = typer.Argument(..., help="Theme id (T03) or name."),
           owner: Optional[str] = typer.Option(None, "--owner", help="Who fixes its complaints, e.g. 物流部."),
           horizon: Optional[str] = typer.Option(None, "--horizon", help="When they can be fixed: now, later or none.")):
    """Record THEME's owner and horizon (now, later or none) for the fix list."""
    from ..errors import ConfigError
    from ..themes import Codebook

    if owner is None and horizon is None:
        raise ConfigError("codebook set needs --owner, --horizon or both")
    cb = Codebook.load(codebook)
    t = cb.set(theme, owner=owner, horizon=horizon).find(theme)
    cb.save(codebook)
    typer.echo(f"set {t.id}: owner {t.owner or '(none)'}, horizon {t.horizon}")
