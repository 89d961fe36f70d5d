"""Typer application and the one-line error handling shared by every command.

Whatever goes wrong ends as one line on stderr and an exit code: 2 for a usage mistake (unknown option or command,
a missing or malformed value), 1 for bad input and for internal errors, 130 / 143 for SIGINT / SIGTERM. Nothing
prints a traceback unless ``TEXTMINE_DEBUG=1``, and no message quotes a survey answer.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
import traceback
from contextlib import contextmanager
from pathlib import Path

import typer

from ..errors import TextmineError


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"textmine {__version__}")
        raise typer.Exit(0)


app = typer.Typer(
    name="textmine",
    help="Mine the verbatim answers of NPS surveys: NPS with intervals, themes, drivers, reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the textmine version and exit."),
):
    """textmine: from a survey export to evidence."""


def fail(message: str) -> None:
    """Print one line to stderr and exit 1 (user errors: no traceback, no verbatim)."""
    say(f"error: {message}")
    raise typer.Exit(1)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived: raised where the program is, so that ``finally`` blocks run."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def main(argv=None) -> int:
    """Console-script entry point: runs one command and returns its exit code; every failure is one line."""
    from .._output import mark

    args = sys.argv[1:] if argv is None else list(argv)
    received: list[int] = []
    code, marker = 1, mark()
    with _interrupts_raise(received) as running:
        try:
            try:
                _register_commands()
                rv = app(args=args, standalone_mode=False, prog_name="textmine")
                code = rv if isinstance(rv, int) and not isinstance(rv, bool) else 0
                if code == 130 and not received:  # typer turns a KeyboardInterrupt into Exit(130)
                    received.append(signal.SIGINT)
            except BaseException as exc:  # noqa: BLE001 - the one place where everything becomes one line
                running.clear()
                if isinstance(exc, KeyboardInterrupt) and not received:
                    received.append(getattr(exc, "signum", signal.SIGINT))
                if not received:
                    code = _report(exc, args)
            finally:
                running.clear()
        except Interrupted:  # a signal between the command's end and running.clear(): recorded in received
            pass
        if received:
            code = 128 + int(received[0])
            say(_interrupt_line(marker))
    return code


def say(line: str) -> None:
    """One line on stderr, even when the terminal cannot encode it."""
    try:
        typer.echo(line, err=True)
    except UnicodeEncodeError:
        enc = getattr(sys.stderr, "encoding", None) or "ascii"
        typer.echo(line.encode(enc, "replace").decode(enc), err=True)


def _report(exc: BaseException, args: list) -> int:
    """Print the one line for ``exc``; return the exit code."""
    kinds = {c.__name__ for c in type(exc).__mro__} if type(exc).__module__.startswith(("typer", "click")) else set()
    if "Exit" in kinds:
        return int(getattr(exc, "exit_code", 0) or 0)
    if "Abort" in kinds:
        say("error: aborted")
        return 1
    if "NoArgsIsHelpError" in kinds:  # bare `textmine` or `textmine codebook`: the help (rich prints it itself)
        text = exc.format_message()
        if text.strip():
            typer.echo(text)
        return 0
    if "ClickException" in kinds:
        say(f"error: {_usage_message(exc, args)}")
        return int(getattr(exc, "exit_code", 2))
    if isinstance(exc, SystemExit):
        return exc.code if isinstance(exc.code, int) else 1
    if isinstance(exc, TextmineError):
        say(f"error: {cli_terms(exc)}")
        return 1
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {str(exc.filename)!r}" if exc.filename is not None else ""
        say(f"error: {exc.strerror}{where}")
        return 1
    _debug_traceback(exc)
    if isinstance(exc, MemoryError):
        say(f"error: out of memory{_where(exc)}; pass a smaller --chunk-size, or free memory")
        return 1
    say(f"error: internal error ({type(exc).__name__}{_where(exc)}) — please report it; rerun with "
        "TEXTMINE_DEBUG=1 for the traceback")
    return 1


def cli_terms(exc) -> str:
    """An error message on one line, in command-line terms: ``pass score=... (CLI: --score)`` → ``pass --score``."""
    msg = " ".join(str(exc).split())
    msg = re.sub(r"\b[a-z_]+=(?:\.\.\.|\[\.\.\.\]|\S+)\s+\(CLI: ([^)]*)\)", r"\1", msg)
    return re.sub(r"\(CLI: ([^)]*)\)", r"(\1)", msg)


def _usage_message(exc, args: list) -> str:
    """click's message, lower-cased into one line, with the value found and where to read the help."""
    msg = " ".join(exc.format_message().split())
    msg = re.sub(r"Input should be a valid (\w+)\b[^(]*", lambda m: f"expected {_a(m.group(1))} ", msg).strip()
    for words, sign in (("greater than or equal to", ">="), ("less than or equal to", "<="), ("greater than", ">"),
                        ("less than", "<")):
        msg = msg.replace(f"Input should be {words}", f"expected a value {sign}")
    param = getattr(exc, "param", None)
    found = _found_value(args, param) if param is not None and type(exc).__name__ == "BadParameter" else None
    if found is not None and not re.search(rf"(?<![\w-]){re.escape(found)}(?![\w-])", msg):
        msg += f", found {found[:40]!r}"
    msg = re.sub(r"'(--?[A-Za-z][\w-]*)'", r"\1", msg)  # --n-boot, not '--n-boot'
    msg = re.sub(r"argument '(\w+)'", lambda m: f"argument {m.group(1).upper()}", msg)
    parts = [p.rstrip(".") for p in re.split(r"(?<=[.])\s+", msg) if p.strip()]
    msg = "; ".join(p[:1].lower() + p[1:] for p in parts).replace("(Possible", "(possible")
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        where = ctx.command_path
    else:
        names = {c.name for c in typer.main.get_command(app).commands.values()} if args else set()
        where = "textmine" + (f" {args[0]}" if args and args[0] in names else "")
    return f"{msg} (see '{where} --help')"


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _found_value(args: list, param):
    """The value given on the command line for ``param`` (an option), if any."""
    for opt in getattr(param, "opts", ()):
        for i, a in enumerate(args):
            if a == opt and i + 1 < len(args):
                return args[i + 1]
            if a.startswith(opt + "="):
                return a[len(opt) + 1:]
    return None


def _where(exc: BaseException) -> str:
    """`` in textmine/x/_y.py:12 (func)``: the innermost textmine frame, never the exception's message."""
    root = Path(__file__).resolve().parents[1]
    where = ""
    for frame, line in traceback.walk_tb(exc.__traceback__):
        path = Path(frame.f_code.co_filename)
        if path.is_relative_to(root):
            rel = path.relative_to(root.parent).as_posix()
            where = f" in {rel}:{line} ({frame.f_code.co_name})"
    return where


def _debug_traceback(exc: BaseException) -> None:
    if os.environ.get("TEXTMINE_DEBUG", "") not in ("", "0"):
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)


def _interrupt_line(marker: tuple) -> str:
    from .._output import written_since

    written = written_since(marker)
    if written is None:
        return "interrupted, nothing written"
    kind, path = written
    if kind == "partial":
        return (f"interrupted: partial output in {path} ({path.parent} itself is unchanged; the next run in it "
                "removes this folder)")
    return f"interrupted after the output in {path} was complete"


@contextmanager
def _interrupts_raise(received: list):
    """While the yielded list is non-empty, SIGINT and SIGTERM raise :class:`Interrupted`; every such signal is
    recorded in ``received``. Main thread only; a signal the caller ignores stays ignored; the previous handlers
    come back after."""
    running = [True]
    if threading.current_thread() is not threading.main_thread():
        yield running
        return

    def handler(signum, frame):
        received.append(signum)
        if running:
            raise Interrupted(signum)

    old = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(sig) is not signal.SIG_IGN:
            old[sig] = signal.signal(sig, handler)
    try:
        yield running
    finally:
        for sig, h in old.items():
            signal.signal(sig, h)


def _register_commands() -> None:
    """Register the commands of stages that exist (each module adds its commands to ``app``)."""
    import importlib

    for name in ("_nps", "_analyze", "_themes", "_classify", "_drivers", "_loop", "_review"):
        try:
            importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
