"""Training labels: read a labelled file (delimited, wide 0/1 or long format) or derive weak labels from a
codebook; every problem row is reported, never silently used."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ConfigError, InputError, SchemaError
from ..io import show_columns
from ._files import id_column, label_column, polarity_column, read_label_file, text_column

__all__ = ["LabelSet", "LabelReport", "read_labels", "weak_labels", "LABEL_FORMATS", "POLARITIES"]

LABEL_FORMATS = ("auto", "delimited", "wide", "long")
POLARITIES = ("negative", "neutral", "positive")
_POL_MAP = {"-1": "negative", "0": "neutral", "1": "positive", "neg": "negative", "negative": "negative",
            "neu": "neutral", "neutral": "neutral", "pos": "positive", "positive": "positive",
            "负面": "negative", "中性": "neutral", "正面": "positive", "-1.0": "negative", "0.0": "neutral",
            "1.0": "positive"}


@dataclass
class LabelReport:
    """What was not used, by 1-based data row: labels outside the codebook, empty label sets, duplicate texts."""

    n_rows: int = 0
    n_used: int = 0
    unknown_labels: dict = field(default_factory=dict)   # label -> number of rows
    unknown_rows: list = field(default_factory=list)
    empty_rows: list = field(default_factory=list)
    duplicate_rows: list = field(default_factory=list)   # same text as an earlier row, same labels
    conflict_rows: list = field(default_factory=list)    # same text as an earlier row, other labels
    missing_text_rows: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}

    def summary(self) -> str:
        lines = [f"{self.n_used} of {self.n_rows} labelled rows used"]
        if self.unknown_labels:
            shown = ", ".join(f"{k!r} ({v} rows)" for k, v in sorted(self.unknown_labels.items())[:10])
            lines.append(f"  labels not in the codebook, ignored: {shown}")
        for name, rows in (("empty label sets", self.empty_rows), ("duplicate texts", self.duplicate_rows),
                           ("texts labelled differently before", self.conflict_rows),
                           ("empty texts", self.missing_text_rows)):
            if rows:
                lines.append(f"  {len(rows)} rows with {name}, not used: rows {_rows(rows)}")
        return "\n".join(lines)


def _rows(rows, k: int = 8) -> str:
    head = ", ".join(str(r) for r in rows[:k])
    return head + (f", … (+{len(rows) - k})" if len(rows) > k else "")


@dataclass
class LabelSet:
    """Texts with a 0/1 label matrix ``Y`` (rows × ``labels``), optional polarity per row, and the report."""

    texts: list
    Y: np.ndarray
    labels: list
    names: dict
    polarity: list = field(default_factory=list)  # per row: "negative"/"neutral"/"positive" or None
    report: LabelReport = field(default_factory=LabelReport)
    source: str = "labels"

    def __len__(self):
        return len(self.texts)

    def subset(self, mask) -> LabelSet:
        idx = np.flatnonzero(np.asarray(mask, dtype=bool)) if np.asarray(mask).dtype == bool else np.asarray(mask)
        pol = [self.polarity[i] for i in idx] if self.polarity else []
        return LabelSet([self.texts[i] for i in idx], self.Y[idx], list(self.labels), dict(self.names), pol,
                        self.report, self.source)

    def fingerprint(self) -> dict:
        """A hash of texts and labels, with counts: identifies the training data without holding verbatims."""
        h = hashlib.sha256()
        for t, row in zip(self.texts, self.Y):
            h.update(t.encode("utf-8") + b"\x00" + np.asarray(row, dtype=np.int8).tobytes() + b"\x01")
        h.update(json.dumps(self.labels, ensure_ascii=False).encode("utf-8"))
        return {"sha256": h.hexdigest(), "n_rows": len(self.texts), "source": self.source,
                "label_counts": {lab: int(c) for lab, c in zip(self.labels, self.Y.sum(axis=0))}}

    def to_frame(self) -> pd.DataFrame:
        """One row per label: ``label, name, n, share``."""
        n = self.Y.sum(axis=0)
        return pd.DataFrame({"label": self.labels, "name": [self.names.get(x, x) for x in self.labels],
                             "n": n.astype(int), "share": n / max(len(self.texts), 1)})

    def summary(self) -> str:
        t = self.to_frame()
        lines = [f"{len(self.texts)} texts, {len(self.labels)} labels ({self.source})"]
        lines += [f"  {r.label:<8} {r.name:<16} n={r.n}" for r in t.itertuples()]
        return "\n".join(lines + [self.report.summary()])


def _polarity(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    s = str(v).strip().lower()
    if s == "":
        return None
    if s not in _POL_MAP:
        raise InputError(f"polarity value {s!r} is not understood; expected one of -1/0/1 or "
                         f"{', '.join(POLARITIES)}")
    return _POL_MAP[s]


def _split_label(raw: str):
    """'价格#-1' -> ('价格', 'negative'); '价格' -> ('价格', None)."""
    if "#" in raw:
        lab, pol = raw.rsplit("#", 1)
        return lab.strip(), _polarity(pol)
    return raw.strip(), None


def read_labels(source, *, text: str | None = None, labels: str | None = None, format: str = "auto",
                sep: str = ";", codebook=None, id: str | None = None, polarity: str | None = None,
                keep_empty: bool = False) -> LabelSet:
    """Read labelled answers.

    Formats: ``delimited`` (a text column and a labels column, labels separated by ``sep``, each optionally
    ``label#-1/0/1`` for its polarity), ``wide`` (a text column and one 0/1 column per label) and ``long`` (one
    row per text and label, with an optional polarity column; rows are grouped by ``id`` or by text).
    ``auto`` picks long when a labels column exists and texts repeat, delimited when it exists, else wide.

    With a ``codebook``, labels are matched to theme ids or names; other labels are reported and ignored.
    Rows with an empty label set (unless ``keep_empty``), an empty text, or a text seen before are reported
    in ``report`` and not used.
    """
    if format not in LABEL_FORMATS:
        raise ConfigError(f"format={format!r} must be one of {list(LABEL_FORMATS)}")
    if not isinstance(sep, str) or not sep:
        raise ConfigError(f"sep={sep!r} must be a non-empty string such as ';' (the separator of labels in a cell)")
    if isinstance(source, pd.DataFrame):
        df, src = source.copy(), "<DataFrame>"
    else:
        df = read_label_file(source)
        src = str(getattr(source, "name", source))
    df.columns = [str(c).strip() for c in df.columns]
    tcol = text_column(df, text)
    if tcol is None:
        raise SchemaError(f"no text column found among {show_columns(df.columns)}: expected a header such as text, 原因 or "
                          "comment; name it with text=... (CLI: --text COL)")
    lcol = label_column(df, labels, exclude=[tcol])
    pcol = polarity_column(df, polarity)
    if id is not None:
        id = id_column(df, id)
    if format == "auto":
        if lcol is None:
            format = "wide"
        else:
            key = df[id] if id is not None else df[tcol]
            multi = df[lcol].astype(str).str.contains(sep, regex=False).any()
            format = "long" if not multi and (key.duplicated().any() or pcol is not None) else "delimited"
    texts = df[tcol].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())
    rows = [[] for _ in range(len(df))]  # per input row: list of (label, polarity)
    if format == "wide":
        cols = [c for c in df.columns if c not in (tcol, id, pcol)]
        if codebook is not None:
            known = set(codebook.ids) | set(codebook.names().values())
            cols = [c for c in cols if c in known] or cols
        good = []
        for c in cols:
            v = pd.to_numeric(df[c], errors="coerce")
            if v.isna().all() or not v.dropna().isin([0, 1]).all():
                continue
            good.append(c)
            for i in np.flatnonzero(v.fillna(0).to_numpy() == 1):
                rows[i].append((c, None))
        if not good:
                raise SchemaError(f"no labels column and no 0/1 label columns found among {show_columns(cols)}; expected a labels "
                              "column (a header such as labels or 标签) or one 0/1 column per label; name the "
                              "labels column with labels=... (CLI: --labels COL)")
    elif lcol is None:
        raise SchemaError(f"format={format!r} needs a labels column; no header such as labels or 标签 found "
                          f"among {show_columns(df.columns)}: name it with labels=... (CLI: --labels COL)")
    else:
        for i, v in enumerate(df[lcol].tolist()):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            parts = [p for p in str(v).split(sep) if p.strip()]
            for p in parts:
                lab, pol = _split_label(p)
                if pcol is not None:
                    pol = _polarity(df[pcol].iloc[i]) or pol
                rows[i].append((lab, pol))
    if format == "long":
        key = df[id].astype(str).tolist() if id is not None else texts.tolist()
        merged, first, order = {}, {}, []
        for i, k in enumerate(key):
            if k not in merged:
                merged[k], first[k] = [], i
                order.append(k)
            merged[k] += rows[i]
        idx = [first[k] for k in order]
        rows = [merged[k] for k in order]
        texts = texts.iloc[idx]
        rownums = [i + 1 for i in idx]
    else:
        rownums = list(range(1, len(df) + 1))
    return _assemble(texts.tolist(), rows, rownums, codebook, keep_empty, src)


def _assemble(texts, rows, rownums, codebook, keep_empty, source) -> LabelSet:
    report = LabelReport(n_rows=len(texts))
    if codebook is not None:
        by_name = {t.name: t.id for t in codebook}
        ids = list(codebook.ids)
        names = codebook.names()

        def resolve(lab):
            return lab if lab in names else by_name.get(lab)
    else:
        seen = []
        for r in rows:
            for lab, _ in r:
                if lab not in seen:
                    seen.append(lab)
        ids = sorted(seen)
        names = {i: i for i in ids}

        def resolve(lab):
            return lab
    col = {lab: j for j, lab in enumerate(ids)}
    keep_texts, keep_rows, keep_pol, seen_text = [], [], [], {}
    for text, r, rownum in zip(texts, rows, rownums):
        if not text:
            report.missing_text_rows.append(rownum)
            continue
        labs, pols = [], []
        for lab, pol in r:
            tid = resolve(lab)
            if tid is None:
                report.unknown_labels[lab] = report.unknown_labels.get(lab, 0) + 1
                if rownum not in report.unknown_rows:
                    report.unknown_rows.append(rownum)
                continue
            if tid not in labs:
                labs.append(tid)
            if pol is not None:
                pols.append(pol)
        if not labs and not keep_empty:
            report.empty_rows.append(rownum)
            continue
        key = frozenset(labs)
        if text in seen_text:
            (report.duplicate_rows if seen_text[text] == key else report.conflict_rows).append(rownum)
            continue
        seen_text[text] = key
        y = np.zeros(len(ids), dtype=np.int8)
        y[[col[lab] for lab in labs]] = 1
        keep_texts.append(text)
        keep_rows.append(y)
        keep_pol.append(pols[0] if pols and len(set(pols)) == 1 else None)
    report.n_used = len(keep_texts)
    Y = np.vstack(keep_rows) if keep_rows else np.zeros((0, len(ids)), dtype=np.int8)
    if not len(keep_texts):
        raise InputError(f"no usable labelled rows: {report.summary()}")
    return LabelSet(keep_texts, Y, ids, names, keep_pol if any(p is not None for p in keep_pol) else [],
                    report, source)


def weak_labels(codebook, texts=None, *, keywords: bool = True) -> LabelSet:
    """Weak supervision from a codebook alone: each seed phrase (and keyword) is an example of its theme; with
    unlabelled ``texts``, each text containing a theme's seed phrase or keyword is labelled with that theme
    (texts matching nothing are reported as empty and not used)."""
    if not len(codebook):
        raise ConfigError("the codebook has no themes; add themes with seed phrases first")
    phrases = {}
    for t in codebook:
        words = list(t.seeds) + (list(t.keywords) if keywords else [])
        phrases[t.id] = [w for w in dict.fromkeys(words) if w and w.strip()]
    empty = [t.id for t in codebook if not phrases[t.id]]
    if empty:
        raise ConfigError(f"themes {empty} have no seed phrases or keywords; weak supervision needs at least one "
                          "per theme (add them with `textmine codebook add` or edit the YAML)")
    texts_out, rows = [], []
    for tid, ph in phrases.items():
        for p in ph:
            texts_out.append(p)
            rows.append([(tid, None)])
    for text in texts or []:
        s = "" if text is None else str(text)
        texts_out.append(s)
        rows.append([(tid, None) for tid, ph in phrases.items() if any(p in s for p in ph)])
    return _assemble(texts_out, rows, list(range(1, len(texts_out) + 1)), codebook, False, "weak:codebook")
