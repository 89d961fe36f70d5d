"""One theme of a codebook and its fields as codebook.yaml holds them, checked on load; among them its
actionability: who owns it (``owner``, free text such as 物流部) and when it can be fixed (``horizon``: ``now``,
``later`` or ``none``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..errors import ConfigError, InputError

__all__ = ["HORIZONS", "Theme", "check_horizon", "theme_from_yaml"]

#: when a theme's complaints can be fixed: now (this quarter), later (needs a project), none (not decided / not ours)
HORIZONS = ("now", "later", "none")


def check_horizon(value, theme: str = "") -> str:
    """``value`` as a horizon (case and spaces aside; empty or None: ``none``); anything else raises a ConfigError
    that names the allowed values."""
    text = "" if value is None else str(value).strip().lower()
    if text in ("", "null"):
        return "none"
    if text not in HORIZONS:
        where = f"theme {theme!r}: " if theme else ""
        raise ConfigError(f"{where}horizon {value!r} is not allowed; expected one of {', '.join(HORIZONS)}")
    return text


@dataclass
class Theme:
    """One theme of a codebook. ``seeds`` are phrases that always mean this theme; ``owner`` (物流部) and
    ``horizon`` (now, later or none: :data:`~textmine.themes.HORIZONS`) say who can fix its complaints, and when."""

    id: str
    name: str
    description: str = ""
    parent: str = ""
    keywords: list = field(default_factory=list)
    seeds: list = field(default_factory=list)
    examples: list = field(default_factory=list)
    n: int = 0
    owner: str = ""
    horizon: str = "none"


_LIST_FIELDS = ("keywords", "seeds", "examples")
_TEXT_FIELDS = ("id", "name", "description", "parent", "owner")


def theme_from_yaml(entry, i: int, file: str) -> Theme:
    """One theme of a codebook file, its fields checked (errors name the theme and field, never its text)."""
    if not isinstance(entry, dict) or "id" not in entry or "name" not in entry:
        raise InputError(f"codebook {file!r}: theme #{i + 1} needs at least 'id' and 'name'")
    tid = str(entry["id"])
    fields = {f.name for f in dataclasses.fields(Theme)}
    unknown = set(map(str, entry)) - fields
    if unknown:
        raise InputError(f"codebook theme {tid!r} has unknown fields {sorted(unknown)}; allowed: {sorted(fields)}")
    out = {}
    for k, v in entry.items():
        if k in _LIST_FIELDS:
            v = [] if v is None else v
            if not isinstance(v, (list, tuple)) or not all(isinstance(x, (str, int, float)) for x in v):
                raise InputError(f"codebook theme {tid!r}: '{k}' must be a list of phrases")
            v = [str(x) for x in v]
        elif k in _TEXT_FIELDS:
            if v is None and k in ("description", "parent", "owner"):
                v = ""
            if not isinstance(v, (str, int, float)) or isinstance(v, bool):
                raise InputError(f"codebook theme {tid!r}: '{k}' must be text")
            v = str(v)
        elif k == "n":
            if v is None:
                v = 0
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise InputError(f"codebook theme {tid!r}: 'n' must be a whole number >= 0")
        elif k == "horizon":
            try:
                v = check_horizon(v, tid)
            except ConfigError as exc:
                raise ConfigError(f"codebook {file!r}: {exc}") from None
        out[k] = v
    return Theme(**out)
