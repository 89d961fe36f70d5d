"""The ``textmine`` command line: a thin typer app, one command per job."""

from ._app import app, main

__all__ = ["app", "main"]
