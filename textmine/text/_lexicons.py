"""Lexicon files: location, parsing and the :class:`Lexicons` bundle.

A lexicon is a UTF-8 text file with one entry per line. Lines starting with ``#`` are the
header (source and licence) or comments. An entry is ``word`` or ``word<TAB>value`` where
the value is a weight (degree adverbs, opinion words) or a kind (contrast markers).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from textmine.errors import ConfigError, InputError

__all__ = ["LEXICON_NAMES", "default_lexicon_dir", "load_lexicon", "Lexicons"]

#: The lexicons shipped in ``lexicons/`` (file ``<name>.txt``).
LEXICON_NAMES = (
    "stopwords",
    "negators",
    "degree",
    "positive",
    "negative",
    "contrast",
    "domain",
    "no_content",
    "aspects",
    "evaluation",
    "suggestion",
)


def default_lexicon_dir() -> Path:
    """``$TEXTMINE_LEXICONS`` when set, else ``<repo root>/lexicons`` (an installed wheel:
    ``<prefix>/share/textmine/lexicons``)."""
    from textmine._data import shipped_dir

    env = os.environ.get("TEXTMINE_LEXICONS")
    if env:
        return Path(env)
    return shipped_dir("lexicons")


def _resolve(name_or_path: str | os.PathLike, directory: str | os.PathLike | None) -> Path:
    text = os.fspath(name_or_path)
    if text in LEXICON_NAMES:
        base = Path(directory) if directory is not None else default_lexicon_dir()
        return base / f"{text}.txt"
    path = Path(text)
    if path.suffix == "" and not path.exists() and os.sep not in text:
        raise ConfigError(
            f"unknown lexicon {text!r}: expected one of {', '.join(LEXICON_NAMES)} or a path to a .txt file"
        )
    return path


def _parse_value(raw: str) -> float | str:
    try:
        return float(raw)
    except ValueError:
        return raw


def load_lexicon(
    name_or_path: str | os.PathLike, directory: str | os.PathLike | None = None
) -> dict[str, float | str]:
    """Read a lexicon into ``{entry: value}`` (value 1.0 when the line has no second column).

    ``name_or_path`` is one of :data:`LEXICON_NAMES` (read from ``directory`` or the default
    lexicon directory) or a path to a file. Later duplicates override earlier ones.
    """
    path = _resolve(name_or_path, directory)
    if not path.is_file():
        raise InputError(
            f"lexicon file not found: {path}; expected a UTF-8 text file with one entry per line "
            "(set TEXTMINE_LEXICONS or pass an explicit path)"
        )
    entries: dict[str, float | str] = {}
    with open(path, encoding="utf-8-sig") as handle:
        for lineno, line in enumerate(handle, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t") if "\t" in line else line.split(None, 1)
            word = parts[0].strip()
            if len(parts) > 1 and parts[1].strip():
                value = _parse_value(parts[1].strip().split()[0])
            else:
                value = 1.0
            entries[word] = value
    return entries


def _coerce(value, name: str, directory) -> dict[str, float | str]:
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, (str, os.PathLike)):
        return load_lexicon(value, directory)
    if isinstance(value, Iterable):
        return {str(k): 1.0 for k in value}
    raise ConfigError(
        f"lexicon {name!r} must be a path, a mapping or an iterable of words; got {type(value).__name__}"
    )


class Lexicons:
    """The bundle of lexicons used by the text stage.

    Parameters
    ----------
    directory : path, optional
        Folder holding ``<name>.txt`` files; defaults to :func:`default_lexicon_dir`.
    extra : mapping name -> path/mapping/iterable, optional
        Entries *added* to (and overriding) the named lexicon.
    **replace : path/mapping/iterable
        Replaces the named lexicon entirely, e.g. ``Lexicons(positive="my_pos.txt")``.
    """

    def __init__(self, directory=None, extra: Mapping | None = None, **replace):
        unknown = sorted(set(replace) - set(LEXICON_NAMES))
        if unknown:
            raise ConfigError(
                f"unknown lexicon name(s) {unknown}: expected names among {', '.join(LEXICON_NAMES)}"
            )
        self.directory = directory
        self.extra = dict(extra or {})
        self.replace = replace
        bad = sorted(set(self.extra) - set(LEXICON_NAMES))
        if bad:
            raise ConfigError(
                f"unknown lexicon name(s) {bad} in extra: expected names among {', '.join(LEXICON_NAMES)}"
            )
        self._cache: dict[str, dict] = {}

    def get(self, name: str) -> dict[str, float | str]:
        if name not in LEXICON_NAMES:
            raise ConfigError(f"unknown lexicon {name!r}: expected one of {', '.join(LEXICON_NAMES)}")
        if name not in self._cache:
            if name in self.replace:
                data = _coerce(self.replace[name], name, self.directory)
            else:
                data = load_lexicon(name, self.directory)
            if name in self.extra:
                data = {**data, **_coerce(self.extra[name], name, self.directory)}
            self._cache[name] = data
        return self._cache[name]

    def weights(self, name: str) -> dict[str, float]:
        """The lexicon with numeric values (non-numeric values count as 1.0)."""
        return {k: (v if isinstance(v, float) else 1.0) for k, v in self.get(name).items()}

    def words(self, name: str) -> frozenset[str]:
        return frozenset(self.get(name))

    def __getattr__(self, name: str):
        if name in LEXICON_NAMES:
            return self.get(name)
        raise AttributeError(name)

    def __getstate__(self):
        return {"directory": self.directory, "extra": self.extra, "replace": self.replace}

    def __setstate__(self, state):
        self.__init__(state["directory"], state["extra"], **state["replace"])

    def __repr__(self) -> str:
        return f"Lexicons(directory={self.directory!r})"
