"""Work on the second core while this process goes on: a forked child that shares the analysis, copy on write.

Writing the outputs of a large survey is two independent halves (the clause table and the report; the workbook and the
CSV files), each several seconds of single-threaded Python. :func:`in_background` runs the first half in a forked
child, so nothing is pickled or copied: the child reads the parent's tables through shared pages. Its error comes
back as the original exception type and message, raised by :meth:`Background.join` in the parent.

Forking is used only where it is safe and cheap (Linux); elsewhere, or when ``fork=False``, the work runs in this
process when joined, so the outputs are identical either way.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import traceback

from .errors import TextmineError

__all__ = ["Background", "can_fork", "in_background", "release_free_memory"]


def can_fork() -> bool:
    """True where a forked child is safe and cheap: Linux (macOS's system libraries are not fork-safe), in a process
    allowed children (not a daemon, such as a Dask worker)."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and not multiprocessing.current_process().daemon)


class Background:
    """A call started by :func:`in_background`; :meth:`join` waits for it and raises its error."""

    def __init__(self, fn, args, fork: bool):
        self._fn, self._args, self._proc, self._conn = fn, args, None, None
        if fork:
            ctx = multiprocessing.get_context("fork")
            self._conn, child = ctx.Pipe(duplex=False)
            gc.collect()
            release_free_memory()  # freed heap pages stay resident (and count in both processes) until returned
            gc.freeze()  # the child's collector then never walks (and so never copies) the parent's objects
            try:
                self._proc = ctx.Process(target=_child, args=(fn, args, child), daemon=True)
                self._proc.start()
            finally:
                gc.unfreeze()
            child.close()

    @property
    def forked(self) -> bool:
        return self._proc is not None

    def join(self):
        """Wait for the call; return its result (pickled back from the child) or raise its error."""
        if self._proc is None:
            return self._fn(*self._args)
        try:
            status, payload = self._conn.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            status, payload = "died", None
        self._proc.join()
        self._conn.close()
        if status == "error":
            raise _rebuild(*payload)
        if status == "died" or self._proc.exitcode != 0:
            raise TextmineError(f"a background worker stopped with exit code {self._proc.exitcode} (killed, or out "
                                "of memory?); rerun, or free memory and rerun")
        return payload


def release_free_memory() -> None:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``; nothing elsewhere). After a stage
    frees large tables, their pages otherwise stay resident in this process and in any child it forks."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc
        pass


def in_background(fn, *args, fork: bool | None = None) -> Background:
    """Start ``fn(*args)`` in a forked child (``fork=None``: where :func:`can_fork`); call ``join()`` on the
    result to wait for it. ``fn`` returns nothing: it writes files."""
    return Background(fn, args, can_fork() if fork is None else bool(fork) and can_fork())


def _child(fn, args, conn) -> None:
    try:
        result = fn(*args)
    except BaseException as exc:  # reported to the parent, which raises it
        conn.send(("error", (type(exc), str(exc) or traceback.format_exc(limit=3))))
    else:
        conn.send(("ok", result))
    finally:
        conn.close()


def _rebuild(kind, message: str) -> BaseException:
    try:
        return kind(message)
    except Exception:  # an exception type whose constructor takes other arguments
        return TextmineError(f"{kind.__name__}: {message}")
