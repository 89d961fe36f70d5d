"""Partitioned inputs: a directory of Parquet files (a partitioned dataset) or a glob of CSV files, each file a
partition read on its own by a worker."""

from __future__ import annotations

import glob
import os
from pathlib import Path
from urllib.parse import unquote

from ..errors import InputError

__all__ = ["is_partitioned", "partition_paths", "read_partition", "read_partitions"]

_GLOB_CHARS = ("*", "?", "[")
#: what a partition may be (the formats ``textmine.io.read_table`` reads as delimited text or Parquet)
PARTITION_SUFFIXES = (".parquet", ".pq", ".csv", ".tsv", ".txt")


def is_partitioned(data) -> bool:
    """True for a directory or a glob pattern (a string with ``*``, ``?`` or ``[``), False for a file or a frame."""
    if not isinstance(data, (str, os.PathLike)):
        return False
    text = os.fspath(data)
    return Path(text).is_dir() or (any(ch in text for ch in _GLOB_CHARS) and not Path(text).exists())


def partition_paths(data) -> list[Path]:
    """The partition files of a directory (its Parquet files, searched recursively, as in a ``key=value/``
    partitioned dataset; else its CSV/TSV files) or of a glob pattern, sorted by path: that order is the row order."""
    text = os.fspath(data)
    if Path(text).is_dir():
        root = Path(text)
        files = [p for p in root.rglob("*") if p.is_file()  # hidden and _-prefixed files and folders are not data
                 and not any(part.startswith((".", "_")) for part in p.relative_to(root).parts)]
        parquet = sorted(p for p in files if p.suffix.lower() in (".parquet", ".pq"))
        delimited = sorted(p for p in files if p.suffix.lower() in (".csv", ".tsv"))
        if parquet and delimited:
            raise InputError(f"the directory {text!r} holds both Parquet files ({len(parquet)}) and CSV/TSV files "
                             f"({len(delimited)}, first {str(delimited[0])!r}); expected one format: move the others "
                             "out or name the files with a glob pattern")
        paths = parquet or delimited
        where = f"directory {text!r}"
    else:
        paths = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        where = f"pattern {text!r}"
    if not paths:
        raise InputError(f"no partition files in the {where}; expected Parquet files (a partitioned dataset) or "
                         "CSV files; check the path or the pattern")
    odd = [p for p in paths if p.suffix.lower() not in PARTITION_SUFFIXES]
    if odd:
        raise InputError(f"partition {str(odd[0])!r} of the {where} is a {odd[0].suffix or 'file without suffix'}; "
                         f"expected one of {', '.join(PARTITION_SUFFIXES)}: narrow the pattern")
    return paths


def read_partition(path, *, encoding=None):
    """One partition as a raw table (every cell as found, ``textmine.io.read_table``); an unreadable partition is
    an :class:`InputError` that names its path."""
    from ..io import read_table

    try:
        frame, _ = read_table(path, encoding=encoding)
    except InputError as exc:
        raise InputError(f"partition {str(path)!r} cannot be read: {exc}") from None
    except OSError as exc:
        raise InputError(f"partition {str(path)!r} cannot be read ({exc.strerror or type(exc).__name__}); check "
                         "that it exists and is readable") from None
    return frame


def hive_values(path: Path, root: Path) -> dict:
    """``{key: value}`` of the ``key=value`` folders between ``root`` and ``path`` (a Hive-style partitioned
    dataset: ``channel=APP/part-0.parquet``), values as text."""
    out = {}
    for part in path.relative_to(root).parts[:-1]:
        key, sep, value = part.partition("=")
        if sep and key:  # written URL-quoted (渠道=%E5%BE%AE%E4%BF%A1); Hive's name for a missing value
            value = unquote(value)
            out[unquote(key)] = "" if value == "__HIVE_DEFAULT_PARTITION__" else value
    return out


def read_partitions(data, engine, *, encoding=None):
    """The partitions of ``data`` read by the workers of ``engine`` (a :class:`DaskEngine`) and put together in
    path order, as one raw table. In a directory, ``key=value`` folders become a column ``key`` of their files'
    rows (unless the files hold that column). Every partition must have the same columns; the first unreadable one
    stops the read with an :class:`InputError` naming its path."""
    import pandas as pd

    paths = partition_paths(data)
    frames = engine.map_chunks(_read_one, [str(p) for p in paths], {"encoding": encoding})
    if Path(os.fspath(data)).is_dir():
        for p, f in zip(paths, frames):
            for key, value in hive_values(p, Path(os.fspath(data))).items():
                if key not in f.columns:
                    f[key] = value
    first = list(frames[0].columns)
    for p, f in zip(paths, frames):
        if list(f.columns) != first:
            raise InputError(f"partition {str(p)!r} has the columns {list(f.columns)}, the first partition "
                             f"{str(paths[0])!r} has {first}; every partition needs the same columns")
    return pd.concat(frames, ignore_index=True)


def _read_one(path: str, *, encoding=None):
    return read_partition(path, encoding=encoding)
