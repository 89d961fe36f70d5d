"""The codebook edits of the review app: one function applies an edit (live and in replay), every edit is a
versioned write (refused when stale), logged to ``review_log.jsonl`` and undoable."""

from __future__ import annotations

import datetime as _dt
import getpass
import hashlib
import json
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

from ..errors import ConfigError, InputError

__all__ = ["CODEBOOK_OPS", "HORIZONS", "StaleVersionError", "apply_edit", "codebook_version", "EditLog"]

#: the edits of the codebook, as the log names them
CODEBOOK_OPS = ("rename", "merge", "split", "move", "delete", "add", "owner")
try:  # the codebook's own list, where this textmine has owners and horizons
    from ..themes import HORIZONS
except ImportError:  # pragma: no cover - an older codebook: owner edits are refused anyway
    HORIZONS = ("now", "later", "none")
LOG_FILE = "review_log.jsonl"
STATE_DIR = ".review"  # in OUT: the codebook before the first edit and one snapshot per edit (for undo)


class StaleVersionError(ConfigError):
    """An edit was based on a codebook version that is no longer the current one (HTTP 409)."""


def codebook_version(out) -> str:
    """A short hash of ``codebook.yaml`` as it is on disk: changes with every write, by anyone."""
    path = Path(out) / "codebook.yaml"
    if not path.exists():
        raise InputError(f"no codebook.yaml in {str(out)!r}; expected an output folder of textmine analyze")
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _text(args: dict, key: str, what: str) -> str:
    v = args.get(key)
    if not isinstance(v, str) or not v.strip():
        raise ConfigError(f"'{key}' must be a non-empty text ({what})")
    if len(v) > 200:
        raise ConfigError(f"'{key}' must be at most 200 characters; found {len(v)}")
    return v.strip()


def apply_edit(cb, op: str, args: dict, *, encoder=None, split_data=None) -> dict:
    """Apply one edit to the Codebook ``cb`` in place through its own API; returns what the log records as its
    result (new ids). ``split_data(theme, clause_ids)`` gives ``(vectors, texts, tokens)`` for a split."""
    if op == "rename":
        cb.rename(args["theme"], _text(args, "name", "the new name"))
    elif op == "merge":
        themes = args.get("themes")
        if not isinstance(themes, list) or len(themes) < 2 or not all(isinstance(t, str) for t in themes):
            raise ConfigError("'themes' must be a list of two or more theme ids; the first is kept")
        name = args.get("name") or None
        cb.merge(themes, name=_text(args, "name", "the merged theme's name") if name else None)
    elif op == "delete":
        cb.delete(args["theme"])
    elif op == "move":
        parent = args.get("parent", "")
        if not isinstance(parent, str):
            raise ConfigError("'parent' must be text (empty: top level)")
        cb.move(args["theme"], parent.strip())
    elif op == "add":
        seeds = args.get("seeds")
        if not isinstance(seeds, list) or not all(isinstance(s, str) for s in seeds):
            raise ConfigError("'seeds' must be a list of seed phrases")
        tid = cb.add(_text(args, "name", "the theme's name"), seeds, encoder=encoder,
                     parent=str(args.get("parent") or ""))
        return {"id": tid}
    elif op == "split":
        k = args.get("k")
        if not isinstance(k, int) or isinstance(k, bool):
            raise ConfigError(f"'k' must be a whole number >= 2; found {k!r}")
        cb[args["theme"]]
        vectors, texts, tokens = split_data(args["theme"], args["clause_ids"])
        new = cb.split(args["theme"], k, vectors=vectors, texts=texts, tokens=tokens,
                       random_state=int(args.get("seed", 0)))
        return {"ids": new}
    elif op == "owner":
        theme = cb[args["theme"]]
        setter = getattr(cb, "set", None)  # Codebook.set(theme, owner=, horizon=), where this textmine has it
        if setter is None or not hasattr(theme, "owner") or not hasattr(theme, "horizon"):
            raise ConfigError("this textmine's codebook themes have no 'owner' field yet; update textmine to set "
                              "owners and horizons")
        owner = args.get("owner")
        if owner is not None and (not isinstance(owner, str) or len(owner) > 100):
            raise ConfigError("'owner' must be text of at most 100 characters")
        horizon = args.get("horizon")
        if horizon is not None and horizon not in HORIZONS:
            raise ConfigError(f"horizon={horizon!r} must be one of {', '.join(HORIZONS)}")
        setter(args["theme"], owner=owner, horizon=horizon)
    else:
        raise ConfigError(f"unknown edit {op!r}; expected one of {', '.join(CODEBOOK_OPS)}")
    return {}


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "reviewer"


class EditLog:
    """``OUT/review_log.jsonl`` and the snapshots behind undo. One lock per folder and process: edits are serial.

    Each line: ``seq, at, who, op, args, base, version, result`` (ids, names, counts — never an answer). An
    ``undo`` line names the ``seq`` it undid; the files touched by that edit are restored from its snapshot.
    """

    _locks: dict = {}

    def __init__(self, out):
        self.out = Path(out)
        self.path = self.out / LOG_FILE
        self.state = self.out / STATE_DIR
        self._cache = (None, [])
        self._thread_lock = EditLog._locks.setdefault(str(self.out.resolve()), threading.RLock())

    @contextmanager
    def lock(self):
        """Serialise changes: between threads of this process, and (fcntl, where it exists) between processes
        serving the same folder."""
        with self._thread_lock:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - Windows: one process per folder
                yield
                return
            with open(self.out / ".review.lock", "a") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(fh, fcntl.LOCK_UN)

    def entries(self) -> list[dict]:
        """The log's lines, parsed (re-read only when the file changed)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return []
        key = (st.st_size, st.st_mtime_ns)
        if self._cache[0] != key:
            self._cache = (key, [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines()
                                 if line.strip()])
        return list(self._cache[1])

    def active(self, entries=None) -> list[dict]:
        """The edits not undone, oldest first (undo pops the newest of them)."""
        stack = []
        for e in entries if entries is not None else self.entries():
            if e["op"] == "undo":
                stack = [s for s in stack if s["seq"] != e["undoes"]]
            elif e.get("undoable", True):
                stack.append(e)
        return stack

    def snapshot(self, seq: int, files) -> None:
        """Keep the files an edit is about to change (and, before the first codebook edit, the base codebook)."""
        self.state.mkdir(exist_ok=True)
        snap = self.state / f"{seq:06d}"
        snap.mkdir(exist_ok=True)
        for name in files:
            src = self.out / name
            if src.exists():
                shutil.copy2(src, snap / name)
            else:
                (snap / (name + ".absent")).touch()
        base = self.state / "base"
        if not base.exists() and "codebook.yaml" in files:
            tmp = self.state / "base.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            for name in ("codebook.yaml", "codebook.centroids.npz"):
                if (self.out / name).exists():
                    shutil.copy2(self.out / name, tmp / name)
            tmp.rename(base)

    def restore(self, seq: int) -> None:
        from ..io import atomic_write_bytes

        snap = self.state / f"{seq:06d}"
        if not snap.exists():
            raise InputError(f"the snapshot of edit {seq} is missing from {STATE_DIR}/; it cannot be undone")
        for f in sorted(snap.iterdir()):
            if f.name.endswith(".absent"):
                (self.out / f.name[:-len(".absent")]).unlink(missing_ok=True)
            else:
                atomic_write_bytes(self.out / f.name, f.read_bytes())

    def append(self, op: str, args: dict, *, who: str | None, base: str | None, version: str | None,
               result: dict | None = None, seq: int | None = None, **extra) -> dict:
        entry = {"seq": seq if seq is not None else self.next_seq(), "at": _now(), "who": who or default_reviewer(),
                 "op": op, "args": args, "base": base, "version": version, "result": result or {}, **extra}
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
            f.flush()
        return entry

    def next_seq(self) -> int:
        entries = self.entries()
        return entries[-1]["seq"] + 1 if entries else 1
