"""``textmine review``: the local review app over an analyze output folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ._app import app


@app.command("review")
def review_command(
    out: Path = typer.Argument(..., help="An output folder of textmine analyze (codebook.yaml, mentions.csv …)."),
    host: Optional[str] = typer.Option(None, "--host", help="Address to listen on (default 127.0.0.1; a "
                                       "non-local address is served only when given here explicitly)."),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port (0: any free port)."),
    model: Optional[Path] = typer.Option(None, "--model", help="Model folder (or version) whose least sure "
                                         "answers fill the labelling queue and to which Train adds a version "
                                         "(default: OUT/models/review)."),
):
    """Serve a local web app to review themes, label answers and train a new model version (Ctrl-C stops it)."""
    from ..review import serve

    serve(out, host=host or "127.0.0.1", port=port, model=model, allow_remote=host is not None,
          echo=lambda line: typer.echo(line, err=False) or sys.stdout.flush())
