"""Output folders written all-or-nothing.

A run writes its files into a hidden staging folder inside the output folder (``OUT/.textmine-partial-<pid>-<random>``,
so that the final moves are renames on one filesystem) and moves them into place at the end: first the old
``run.json`` goes (a folder never looks complete while it mixes new and stale files), then every new file, then the
new ``run.json`` with ``"complete": true``. SIGINT and SIGTERM are held back during those renames, so an interrupt
leaves either the old folder or the new one. A killed run leaves only its staging folder (and, from older versions,
hidden ``.NAME.*.tmp`` files); the next run in that folder removes them.

    with staged_output(out, owned=("report.html", "run.json")) as stage:
        write_report(stage.path / "report.html")
        paths = stage.commit({"settings": ...})   # {name: final path}
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError

__all__ = ["PARTIAL_PREFIX", "RUN_FILE", "Stage", "check_out_dir", "mark", "pending_partials", "remove_stale",
           "staged_output", "written_since"]

PARTIAL_PREFIX = ".textmine-partial-"
RUN_FILE = "run.json"

#: staging folders of this process being written (never removed as stale)
_LIVE: list[Path] = []
#: staging folders an interrupt left behind (the partial output), until a later run removes them
_LEFT: list[Path] = []
#: output folders this process completed
_COMMITTED: list[Path] = []


def check_out_dir(out, option: str = "out_dir") -> Path:
    """Raise :class:`InputError` now, before any work, if ``out`` cannot be made an output folder."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{option} {str(out)!r} is an existing file; expected a folder (created if needed): "
                         f"pass another {option}")
    parent = out
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(f"{option} {str(out)!r} cannot be created: {str(parent)!r} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{option} {str(out)!r}: no permission to write in {str(parent)!r}; pass another folder")
    return out


def check_in_the_way(out, *, folders=(), files=()) -> None:
    """An :class:`InputError` when ``out`` holds a file where a run writes the folder of that name, or a folder
    where it writes a file: nothing would be moved into place."""
    out = Path(out)
    for name, want_dir in [(n, True) for n in folders] + [(n, False) for n in files]:
        there = out / name
        if there.exists() and there.is_dir() != want_dir:
            found, expected = ("a folder", "file") if there.is_dir() else ("a file", "folder")
            raise InputError(f"{there} is {found}, but this run writes a {expected} of that name there; move or "
                             "rename it, or choose another output folder (CLI: --out)")


def pending_partials() -> list[Path]:
    """Staging folders this process left behind uncommitted that hold files (partial output)."""
    return [p for p in _LEFT if p.is_dir() and any(p.iterdir())]


def mark() -> tuple:
    """This process's output activity so far, to compare with later (:func:`written_since`)."""
    return len(_COMMITTED), tuple(_LEFT)


def written_since(marker: tuple):
    """``("partial", staging folder)``, ``("complete", output folder)`` or None: what was written since
    :func:`mark` returned ``marker``."""
    n, left = marker
    partial = [p for p in pending_partials() if p not in left]
    if partial:
        return "partial", partial[-1]
    if len(_COMMITTED) > n:
        return "complete", _COMMITTED[-1]
    return None


def remove_stale(out: Path, owned) -> list[Path]:
    """Remove what killed runs left in ``out``: staging folders of dead processes and hidden temp files of the
    owned outputs (``.NAME.<random>.tmp`` / ``.results.xlsx.<random>.xlsx`` from the atomic writers)."""
    removed = []
    if not out.is_dir():
        return removed
    prefixes = tuple(f".{name}." for name in owned)
    for p in out.iterdir():
        if p.name.startswith(PARTIAL_PREFIX) and p.is_dir() and p not in _LIVE and not _alive(p.name):
            shutil.rmtree(p, ignore_errors=True)
            if p in _LEFT:
                _LEFT.remove(p)
            removed.append(p)
        elif p.name.startswith(prefixes) and p.is_file():
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed


def _alive(name: str) -> bool:
    """Whether the process that made staging folder ``name`` still runs (a concurrent run: leave it)."""
    pid = name[len(PARTIAL_PREFIX):].split("-", 1)[0]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


class Stage:
    """A staging folder in ``out``; write into :attr:`path`, then :meth:`commit`."""

    def __init__(self, out: Path, owned):
        self.out, self.owned = out, tuple(owned)
        self.path = out / f"{PARTIAL_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        self.committed = False

    def commit(self, run: dict | None = None) -> dict:
        """Move every staged file into ``out`` (``run.json`` last, with ``"complete": true`` when ``run`` is
        given) and remove owned files this run did not write; returns ``{name: final path}``."""
        if run is not None:
            text = json.dumps({**run, "complete": True}, ensure_ascii=False, indent=2, default=str)
            (self.path / RUN_FILE).write_text(text, encoding="utf-8")
        names = sorted(p.name for p in self.path.iterdir() if not p.name.startswith("."))
        order = [n for n in names if n != RUN_FILE] + [n for n in names if n == RUN_FILE]
        check_in_the_way(self.out, folders=[n for n in names if (self.path / n).is_dir()],
                         files=[n for n in names if not (self.path / n).is_dir()])  # before anything moves
        with _signals_held():
            (self.out / RUN_FILE).unlink(missing_ok=True)
            for name in self.owned:
                if name not in names and (self.out / name).is_file():
                    (self.out / name).unlink()
                elif name not in names and (self.out / name).is_dir():  # an owned folder this run did not write
                    os.replace(self.out / name, self.path / f".old-{name}")
            for name in order:
                if (self.path / name).is_dir() and (self.out / name).is_dir():  # a folder of tables: the old
                    os.replace(self.out / name, self.path / f".old-{name}")  # one goes with the staging folder
                os.replace(self.path / name, self.out / name)
            self.committed = True
            _COMMITTED.append(self.out)
            shutil.rmtree(self.path, ignore_errors=True)
        return {name: self.out / name for name in order}


@contextmanager
def staged_output(out, owned=()):
    """A :class:`Stage` in ``out`` (created if needed), after removing what killed runs left there.

    ``owned`` names the files this kind of run writes: their stale temp files are removed, and an old copy that
    the new run does not write is removed at commit. On an error the staging folder is removed; on an interrupt
    (KeyboardInterrupt, SIGTERM) it stays, as the partial output, until the next run in ``out``.
    """
    out = check_out_dir(out)
    out.mkdir(parents=True, exist_ok=True)
    owned = tuple(owned) + ((RUN_FILE,) if RUN_FILE not in owned else ())
    remove_stale(out, owned)
    stage = Stage(out, owned)
    stage.path.mkdir()
    _LIVE.append(stage.path)
    try:
        yield stage
    except Exception:
        shutil.rmtree(stage.path, ignore_errors=True)
        raise
    finally:
        _LIVE.remove(stage.path)
        if not stage.committed and stage.path.exists():
            _LEFT.append(stage.path)


@contextmanager
def _signals_held():
    """Hold SIGINT and SIGTERM back (POSIX) while the renames run; they are delivered after."""
    sigs = {signal.SIGINT, signal.SIGTERM}
    can = hasattr(signal, "pthread_sigmask")
    if can:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    try:
        yield
    finally:
        if can:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
