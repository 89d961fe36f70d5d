"""Private: the respondent x theme matrix, its codes and input validation."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from textmine.errors import ConfigError, SchemaError, ScoreError

__all__ = ["CODES", "collapse", "counted_rows", "first_seen", "mentions_to_matrix", "Prepared", "prepare", "row_key",
           "with_frequencies"]

#: Cell codes of a signed respondent x theme matrix.
CODES = {"none": 0, "positive": 1, "negative": -1, "neutral": 2, "mixed": 3}
_POLARITY = {
    1: 1, -1: -1, 0: 0, "1": 1, "-1": -1, "0": 0,
    "positive": 1, "pos": 1, "+": 1, "negative": -1, "neg": -1, "-": -1,
    "neutral": 0, "neu": 0,
}


def _polarity_code(v):
    """-1/0/1 of a polarity cell (a number, its text "-1" / "-1.0", or a label); missing or empty is 0; None if
    it is none of these."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return 0
    if isinstance(v, str):
        v = v.strip()
        if v == "":
            return 0
        if v.lower() in _POLARITY:
            return _POLARITY[v.lower()]
        try:
            v = float(v)
        except ValueError:
            return None
    if isinstance(v, (float, np.floating)):
        return _POLARITY.get(int(v), None) if float(v).is_integer() else None
    return _POLARITY.get(v, None)


def mentions_to_matrix(mentions: pd.DataFrame, respondents=None, *, signed: bool = True,
                       id_col: str = "respondent_id", theme_col: str = "theme",
                       polarity_col: str = "polarity") -> pd.DataFrame:
    """Turn a long mentions table (one row per respondent x theme x clause) into a wide matrix.

    ``respondents`` (a frame holding ``id_col``, or a sequence of ids) fixes the rows, so
    respondents without any mention get a row of zeros; the matrix columns are appended to
    a respondents frame. Without it, the rows are the ids seen in ``mentions``.

    Unsigned cells are 1 (mentioned) or 0. Signed cells use :data:`CODES`: 1 positive only,
    -1 negative only, 2 neutral only, 3 both positive and negative ("mixed"; it counts as a
    positive and as a negative mention), 0 not mentioned. Polarity may be -1/0/1 or
    "negative"/"neutral"/"positive".
    """
    for col in (id_col, theme_col) + ((polarity_col,) if signed else ()):
        if col not in mentions.columns:
            raise SchemaError(
                f"mentions table: missing column '{col}'; found columns {list(mentions.columns)}; "
                f"pass id_col=/theme_col=/polarity_col= to name yours")
    theme_cells = mentions[theme_col]
    # a missing or empty theme cell is a respondent without a mention (files are read as text)
    m = mentions[theme_cells.notna() & (theme_cells.astype(str).str.strip() != "")]
    if isinstance(respondents, pd.DataFrame):
        if id_col not in respondents.columns:
            raise SchemaError(f"respondents frame: missing column '{id_col}'")
        ids = pd.Index(respondents[id_col])
    elif respondents is not None:
        ids = pd.Index(list(respondents))
    else:
        ids = pd.Index(pd.unique(m[id_col]))
    if ids.has_duplicates:
        raise SchemaError(f"respondents: column '{id_col}' has {int(ids.duplicated().sum())} duplicated ids")
    unknown = ~m[id_col].isin(ids)
    if unknown.any():
        raise SchemaError(
            f"mentions table: {int(unknown.sum())} rows have a '{id_col}' not among the respondents "
            f"(first at row {int(np.flatnonzero(unknown.to_numpy())[0])}); add those respondents or drop the rows")
    themes = sorted(pd.unique(m[theme_col]).tolist(), key=str)
    row = ids.get_indexer(m[id_col])
    col = pd.Index(themes).get_indexer(m[theme_col])
    shape = (len(ids), len(themes))
    if not signed:
        mat = np.zeros(shape, dtype=np.int8)
        mat[row, col] = 1
    else:
        pol = m[polarity_col].map(_polarity_code)
        if pol.isna().any():
            bad = int(np.flatnonzero(pol.isna().to_numpy())[0])
            raise SchemaError(
                f"mentions table: column '{polarity_col}' row {bad} is not a polarity; expected -1/0/1 "
                f"or negative/neutral/positive")
        pol = pol.to_numpy(dtype=int)
        pos = np.zeros(shape, bool)
        neg = np.zeros(shape, bool)
        any_ = np.zeros(shape, bool)
        np.logical_or.at(pos, (row, col), pol > 0)
        np.logical_or.at(neg, (row, col), pol < 0)
        any_[row, col] = True
        mat = np.where(pos & neg, 3, np.where(pos, 1, np.where(neg, -1, np.where(any_, 2, 0)))).astype(np.int8)
    wide = pd.DataFrame(mat, columns=[str(t) for t in themes], index=ids)
    if isinstance(respondents, pd.DataFrame):
        clash = [t for t in wide.columns if t in respondents.columns]
        if clash:
            raise SchemaError(f"theme names {clash} clash with respondent columns; rename them")
        return pd.concat([respondents.reset_index(drop=True), wide.reset_index(drop=True)], axis=1)
    wide.index.name = id_col
    return wide


@dataclass
class Prepared:
    """Validated arrays for one analysis."""
    themes: list[str]
    codes: np.ndarray  # n x T int8
    score: np.ndarray
    w: np.ndarray
    weighted: bool
    signed: bool
    rows: np.ndarray  # positions kept in the input frame
    rejects: pd.DataFrame
    #: frequency weights: row r stands for freq[r] identical respondents (None: one respondent per row)
    freq: np.ndarray | None = None
    #: with ``freq``: each respondent's row, in respondent order (what the bootstrap resamples)
    members: np.ndarray | None = None

    @property
    def f(self) -> np.ndarray:
        """The rows' frequencies (ones without frequency weights)."""
        return np.ones(len(self.score)) if self.freq is None else self.freq

    @property
    def n(self) -> int:
        """Respondents (the sum of the frequencies)."""
        return len(self.score) if self.freq is None else int(np.rint(self.freq.sum()))

    @cached_property
    def mention(self) -> np.ndarray:
        return (self.codes != 0).astype(float)

    @cached_property
    def pos(self) -> np.ndarray:
        return np.isin(self.codes, (1, 3)).astype(float)

    @cached_property
    def neg(self) -> np.ndarray:
        return np.isin(self.codes, (-1, 3)).astype(float)

    @cached_property
    def neu(self) -> np.ndarray:
        return (self.codes == 2).astype(float)


def _theme_like(s: pd.Series) -> bool:
    """A column of mention codes: numbers in -1/0/1/2/3, or text that reads as them (survey files are read
    as text by :func:`textmine.io.read_table`; empty cells count as 0)."""
    if pd.api.types.is_bool_dtype(s):
        return False
    if not pd.api.types.is_numeric_dtype(s):
        if not (pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s)):
            return False
        txt = s.dropna().astype(str).str.strip()
        txt = txt[txt != ""]
        s = pd.to_numeric(txt, errors="coerce")
        if s.isna().any():
            return False
    vals = pd.unique(s.dropna())
    return len(vals) > 0 and set(np.asarray(vals, dtype=float).tolist()) <= {-1.0, 0.0, 1.0, 2.0, 3.0}


def _cell_codes(s: pd.Series) -> np.ndarray:
    """A theme column's cells as the analysis reads them: numbers, missing and empty cells as 0."""
    return pd.to_numeric(s, errors="coerce").fillna(0).to_numpy(dtype=float)


def _never_zero(s: pd.Series) -> bool:
    """No cell reads as 0."""
    v = _cell_codes(s)
    return len(v) > 0 and bool((v != 0).all())


def prepare(frame: pd.DataFrame, themes, score: str, weight: str | None, exclude=(),
            signed="auto") -> Prepared:
    """Validate the input frame; rows without a score go to ``rejects`` (never dropped silently)."""
    if not isinstance(frame, pd.DataFrame):
        raise SchemaError(f"expected a pandas DataFrame, found {type(frame).__name__}")
    if score not in frame.columns:
        raise SchemaError(f"missing column '{score}' (the 0-10 score); pass score= to name it")
    if weight is not None and weight not in frame.columns:
        raise SchemaError(f"missing column '{weight}' (weight=)")
    skip = {score, weight, *[e for e in exclude if e]}
    if themes is None:
        themes = [c for c in frame.columns if c not in skip and _theme_like(frame[c])]
        coded = [c for c in themes if _never_zero(frame[c])]
        if coded:
            # every respondent "mentions" it: a category code (a tier 1-3, a wave 1/2), not a mention column
            warnings.warn(f"columns {coded} hold codes 1-3 with no 0 (no respondent without them), so they were "
                          "not taken as themes; pass themes=[...] (CLI: --theme) to choose theme columns "
                          "explicitly", UserWarning, stacklevel=3)
            themes = [c for c in themes if c not in coded]
        if not themes:
            raise SchemaError("no theme columns found: expected columns of 0/1 mentions or signed codes "
                              "(-1/0/1/2/3); pass themes=[...]")
    else:
        themes = list(themes)
        missing = [t for t in themes if t not in frame.columns]
        if missing:
            raise SchemaError(f"missing theme columns {missing}")
        if len(set(themes)) != len(themes):
            raise ConfigError("themes= lists a column more than once")
    sc = pd.to_numeric(frame[score], errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(sc)
    if ok.sum() == 0:
        raise ScoreError(f"column '{score}': no numeric scores found")
    bad = ok & ((sc < 0) | (sc > 10) | (sc != np.round(sc)))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ScoreError(f"column '{score}': row {i} has {float(sc[i])}; expected whole numbers 0-10")
    reasons = np.where(ok, "", f"missing score in '{score}'").astype(object)
    if weight is not None:
        wv = pd.to_numeric(frame[weight], errors="coerce").to_numpy(dtype=float)
        wbad = ~np.isfinite(wv) | (wv < 0)
        if (wbad & ok).any():
            i = int(np.flatnonzero(wbad & ok)[0])
            raise SchemaError(f"column '{weight}': row {i} has {float(wv[i])}; weights must be finite and >= 0")
    else:
        wv = np.ones(len(frame))
    codes = np.zeros((len(frame), len(themes)), dtype=np.int8)
    for j, t in enumerate(themes):
        v = _cell_codes(frame[t])
        if not set(np.unique(v).tolist()) <= {-1.0, 0.0, 1.0, 2.0, 3.0}:
            raise SchemaError(f"theme column '{t}': values {sorted(set(np.unique(v).tolist()))[:6]}; "
                              f"expected 0/1 mentions or signed codes -1/0/1/2/3")
        codes[:, j] = v.astype(np.int8)
    if signed == "auto":
        signed = bool(np.isin(codes, (-1, 2, 3)).any())
    elif not signed:
        codes = (codes != 0).astype(np.int8)
    rows = np.flatnonzero(ok)
    rejects = pd.DataFrame({"row": np.flatnonzero(~ok), "reason": reasons[~ok]})
    return Prepared(themes, codes[ok], sc[ok], wv[ok], weight is not None, bool(signed), rows, rejects)


def first_seen(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``key`` numbered in order of first appearance: (each distinct value's first
    position, each element's number)."""
    _, first, inv = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return first[order], rank[np.ravel(inv)]


def row_key(*blocks: np.ndarray) -> np.ndarray:
    """One opaque value per row of the 2-D arrays ``blocks`` (their bytes side by side), for :func:`first_seen`."""
    flat = np.hstack([np.ascontiguousarray(b).view(np.uint8).reshape(len(b), -1) for b in blocks])
    flat = np.ascontiguousarray(flat)
    return flat.view(np.dtype((np.void, max(flat.shape[1], 1)))).ravel() if flat.shape[1] else np.zeros(len(flat))


def collapse(prep: Prepared) -> Prepared:
    """``prep`` with identical respondents (the same score, weight and theme codes) as one row each, counted by
    ``freq``, in order of first appearance; ``members`` keeps each respondent's row. Every statistic of the driver
    analysis is a sum over respondents, so it is the same (to rounding) on the collapsed rows and far cheaper:
    respondents mention few themes, and 1M of them fall into a few thousand patterns."""
    if prep.freq is not None:
        return prep
    n = len(prep.score)
    first, members = first_seen(row_key(prep.score.astype(np.int8)[:, None], prep.codes,
                                        np.asarray(prep.w, dtype=np.float64)[:, None]))
    if len(first) == n:  # no two respondents alike
        return prep
    return Prepared(prep.themes, prep.codes[first], prep.score[first], prep.w[first], prep.weighted, prep.signed,
                    prep.rows, prep.rejects, freq=np.bincount(members, minlength=len(first)).astype(float),
                    members=members)


def counted_rows(frame: pd.DataFrame, freq: str, members=None) -> tuple[pd.DataFrame, np.ndarray | None]:
    """``frame`` without its rows of frequency 0 and ``members`` renumbered to match; the frequencies checked
    (whole numbers >= 0) and ``members`` too (each row ``freq`` times)."""
    if freq not in frame.columns:
        raise SchemaError(f"missing column '{freq}' (freq=, the number of respondents each row stands for)")
    f = pd.to_numeric(frame[freq], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(f) | (f < 0) | (f != np.round(f))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise SchemaError(f"column '{freq}': row {i} has {frame[freq].iloc[i]!r}; frequencies must be whole "
                          "numbers >= 0 (how many respondents the row stands for)")
    if members is not None:
        m = np.asarray(members)
        if m.ndim != 1 or not np.issubdtype(m.dtype, np.integer) or (len(m) and (m.min() < 0 or m.max() >= len(f))) \
                or not np.array_equal(np.bincount(m, minlength=len(f)), f):
            raise SchemaError(f"members= must give each respondent's row (0 to {len(f) - 1}), row r as many times "
                              f"as column '{freq}' says: {int(f.sum())} respondents in all")
    keep = f > 0
    if keep.all():
        return frame, members
    at = np.cumsum(keep) - 1
    return frame[keep], (None if members is None else at[np.asarray(members)])


def with_frequencies(prep: Prepared, frame: pd.DataFrame, freq: str, members=None) -> Prepared:
    """``prep`` whose rows are counted by ``frame[freq]`` (checked by :func:`counted_rows`, which left out the rows
    of 0). ``members``: each respondent's row (a position in ``frame``), in the respondents' order; default: the
    rows repeated in place."""
    f = pd.to_numeric(frame[freq], errors="coerce").to_numpy(dtype=float)[prep.rows]
    if members is None:
        members = np.repeat(np.arange(len(f)), f.astype(np.int64))
    else:  # frame positions -> rows kept
        at = np.full(len(frame), -1, dtype=np.int64)
        at[prep.rows] = np.arange(len(f))
        members = at[np.asarray(members, dtype=np.int64)]
        if (members < 0).any():
            raise SchemaError("members= lists rows without a score (rows the analysis rejects); leave those "
                              "respondents out, or give them a score")
    return Prepared(prep.themes, prep.codes, prep.score, prep.w, prep.weighted, prep.signed, prep.rows, prep.rejects,
                    freq=f, members=members)
