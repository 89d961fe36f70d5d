"""Typer application and error handling shared by every command."""

from __future__ import annotations

import sys

import typer

from ..errors import TextmineError

app = typer.Typer(
    name="textmine",
    help="Mine the verbatim answers of NPS surveys: NPS with intervals, themes, drivers, reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print the textmine version and exit."),
):
    """textmine: from a survey export to evidence."""
    if version:
        from .. import __version__

        typer.echo(f"textmine {__version__}")
        raise typer.Exit(0)


def fail(message: str) -> None:
    """Print one line to stderr and exit 1 (user errors: no traceback, no verbatim)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def main(argv=None) -> int:
    """Console-script entry point: known errors become one line and exit code 1."""
    from . import _nps  # noqa: F401  (registers commands)
    _register_optional()
    try:
        app(args=argv, standalone_mode=False)
    except TextmineError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 1
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        typer.echo(f"error: {exc.strerror or type(exc).__name__}: {exc.filename!r}", err=True)
        return 1
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        typer.echo("aborted", err=True)
        return 1
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return 130
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            return exc.exit_code
        raise
    return 0


def _register_optional() -> None:
    """Register the commands of stages that exist (each module adds its commands to ``app``)."""
    import importlib

    for name in ("_analyze", "_themes", "_classify", "_drivers"):
        try:
            importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
