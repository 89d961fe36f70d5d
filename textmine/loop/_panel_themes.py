"""Wave-1 themes for the panel analysis: read from a ``textmine analyze`` output and turned into flags per respondent.

The table is the ``respondents.csv`` of an analyze run of wave 1 (or ``Analysis.respondents()``): ``respondent_id``
and the ";"-joined theme ids and names it mentions (``themes``/``theme_names``), criticises
(``criticised``/``criticised_names``) and praises (``praised``/``praised_names``). Themes are shown by name.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import ConfigError, InputError, SchemaError
from ._contacts import clean_ids, read_frame

__all__ = ["MENTIONS", "ThemeFlags", "read_theme_flags", "match_fixed"]

#: which wave-1 mentions count: any mention, complaints only, or praise only (columns of respondents.csv)
MENTIONS = {"any": ("themes", "theme_names"), "criticised": ("criticised", "criticised_names"),
            "praised": ("praised", "praised_names")}


class ThemeFlags:
    """Per respondent, the sets of theme ids mentioned / criticised / praised; ``names`` maps id → name."""

    def __init__(self, sets: dict, names: dict, ids: pd.Index, source: str, rows: pd.Series):
        self.sets = sets  # kind -> Series(respondent_id -> frozenset of theme ids)
        self.names = names
        self.ids = ids
        self.source = source
        self.rows = rows  # respondent_id -> row of the themes table

    def has(self, kind: str) -> bool:
        return kind in self.sets

    def flags(self, kind: str, ids, theme: str) -> pd.Series:
        s = self.sets[kind].reindex(ids)
        return s.map(lambda t: isinstance(t, frozenset) and theme in t)

    def themes_of(self, kind: str, ids) -> pd.Series:
        return self.sets[kind].reindex(ids)


def _split(v) -> list[str]:
    if v is None or (isinstance(v, float) and v != v):
        return []
    return [p.strip() for p in str(v).split(";") if p.strip()]


def read_theme_flags(themes) -> ThemeFlags:
    """Theme flags from an analyze output folder, its ``respondents.csv`` (or .xlsx/.parquet), or a frame."""
    if isinstance(themes, (str, Path)) and Path(themes).is_dir():
        path = Path(themes) / "respondents.csv"
        if not path.is_file():
            raise InputError(f"the themes folder {str(themes)!r} has no respondents.csv; expected the output folder "
                             "of textmine analyze run on wave 1 (CLI: --themes)")
        themes = path
    frame = read_frame(themes)
    source = "<DataFrame>" if isinstance(themes, pd.DataFrame) else repr(Path(themes).name)
    if "respondent_id" not in frame.columns or not any(c in frame.columns for c in ("themes", "theme_names")):
        raise SchemaError(f"the themes table {source} lacks respondent_id and themes/theme_names; expected the "
                          "respondents.csv written by textmine analyze on wave 1")
    ids = clean_ids(frame["respondent_id"].to_numpy())
    keep = ~pd.Series(ids).duplicated(keep=False).to_numpy() & (ids != "")
    frame, ids = frame[keep], ids[keep]
    index = pd.Index(ids, name="respondent_id")
    sets, names = {}, {}
    for kind, (id_col, name_col) in MENTIONS.items():
        if id_col not in frame.columns and name_col not in frame.columns:
            continue
        id_lists = [_split(v) for v in frame[id_col]] if id_col in frame.columns else None
        name_lists = [_split(v) for v in frame[name_col]] if name_col in frame.columns else None
        if id_lists is None:
            id_lists = name_lists
        if name_lists is not None:
            for il, nl in zip(id_lists, name_lists):
                if len(il) == len(nl):
                    names.update(dict(zip(il, nl)))
        sets[kind] = pd.Series([frozenset(x) for x in id_lists], index=index, dtype=object)
    for t in set().union(*[set().union(*s.tolist()) for s in sets.values()]) if sets else ():
        names.setdefault(t, t)
    return ThemeFlags(sets, names, index, source, pd.Series(frame.index.to_numpy() + 1, index=index))


def match_fixed(fixed, flags: ThemeFlags) -> list[str]:
    """Theme ids for the ``fixed`` entries: each an id or a name (case-insensitive), or one part of a name
    joined by " · " (配送小哥 matches 配送小哥 · 送货); entries may be comma-separated. Unknown entries are an
    error listing the theme names."""
    wanted = [p.strip() for f in ([fixed] if isinstance(fixed, str) else fixed) for p in str(f).split(",")
              if p.strip()]
    out, unknown = [], []
    for w in wanted:
        key = w.casefold()
        hits = [t for t, n in flags.names.items() if key in (t.casefold(), n.casefold())]
        if not hits:
            hits = [t for t, n in flags.names.items() if key in (p.strip().casefold() for p in n.split("·"))]
        if not hits:
            unknown.append(w)
        out.extend(h for h in hits if h not in out)
    if unknown:
        known = sorted(flags.names.values())
        shown = ", ".join(known[:40]) + (" …" if len(known) > 40 else "")
        raise ConfigError(f"fixed themes {unknown} are not themes of wave 1; expected a theme id or name among: "
                          f"{shown} (CLI: --fixed)")
    return out
