"""The table schema class: a table's columns declared once, each with its type, display kind and meaning."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["KINDS", "TYPES", "TableSchema"]

#: types a column may be declared with; "str" and "object" (lists, mixed) columns are left as they are built
TYPES = ("str", "int64", "float64", "bool", "object")

#: how a column is shown: (Excel number format, precision in the CSV files, what the kind means for a reader)
KINDS = {
    "id": (None, "as is", "an identifier (text)"),
    "text": (None, "as is", "text"),
    "flag": (None, "as is", "True or False"),
    "count": ("#,##0", "whole numbers (weighted counts: 2 decimals)", "a count"),
    "share": ("0.0%", "4 decimals", "a share from 0 to 1 (the workbook shows it as a percent)"),
    "points": ("0.0", "2 decimals", "NPS points, from -100 to 100, or a difference of them"),
    "decimal": ("0.00", "4 decimals", "a number; its unit is in the meaning"),
    "pvalue": ('[<0.001]"<0.001";0.000', "4 significant digits", "a p-value from 0 to 1 (the workbook shows <0.001)"),
    "date": ("yyyy-mm-dd", "YYYY-MM-DD", "a date"),
}


@dataclass(frozen=True)
class TableSchema:
    """A table's columns in order, each with its type, and which of them every table must hold.

    Columns not in ``required`` may be absent (e.g. the drivers' reward/penalty columns without signed mentions);
    columns the schema does not declare (a survey's segment columns) are kept after the declared ones. ``docs`` has
    each column's display kind (a key of :data:`KINDS`) and meaning; ``others`` says what undeclared columns are
    (empty: the table has none)."""

    name: str
    columns: tuple[tuple[str, str], ...]
    required: tuple[str, ...] = ()
    docs: tuple[tuple[str, str, str], ...] = field(default=(), compare=False)
    others: str = field(default="", compare=False)

    def __post_init__(self):
        bad = [(c, t) for c, t in self.columns if t not in TYPES]
        if bad:
            raise ValueError(f"{self.name}: unknown column types {bad}; expected one of {TYPES}")
        names = [c for c, _ in self.columns]
        if len(set(names)) != len(names) or not set(self.required) <= set(names):
            raise ValueError(f"{self.name}: duplicate columns, or required columns not declared")
        bad_docs = [d for d in self.docs if d[0] not in names or d[1] not in KINDS or not d[2]]
        if bad_docs:
            raise ValueError(f"{self.name}: documented columns undeclared, of an unknown kind or blank: {bad_docs}")

    @classmethod
    def parse(cls, name: str, spec: str, required: tuple[str, ...] = (), others: str = "",
              base: TableSchema | None = None) -> TableSchema:
        """A schema from one line per column, ``name type kind meaning…`` (after the columns of ``base``)."""
        rows = [line.split(None, 3) for line in spec.splitlines() if line.strip()]
        bad = [r for r in rows if len(r) < 4]
        if bad:
            raise ValueError(f"{name}: a column line needs a name, a type, a kind and a meaning: {bad}")
        columns = (base.columns if base else ()) + tuple((r[0], r[1]) for r in rows)
        docs = (base.docs if base else ()) + tuple((r[0], r[2], r[3].strip()) for r in rows)
        return cls(name, columns, required, docs, others)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)

    @property
    def dtypes(self) -> dict[str, str]:
        return dict(self.columns)

    def meaning(self, column: str) -> str | None:
        """What ``column`` holds, one line for a reader with its unit; an undeclared column gets ``others``;
        None when there is nothing to say."""
        doc = {c: m for c, _, m in self.docs}.get(column)
        if doc is None and column not in self.dtypes:
            doc = self.others or None
        return doc

    def kind(self, column: str) -> str:
        """How ``column`` is shown (a key of :data:`KINDS`); an undocumented column is shown as text."""
        return {c: k for c, k, _ in self.docs}.get(column, "text")

    def pick(self, name: str, *columns: str) -> TableSchema:
        """A schema ``name`` of some of these columns, in the order given (a shorter view of the same table)."""
        self.declared(*columns)
        keep = set(columns)
        docs = {d[0]: d for d in self.docs}
        return TableSchema(name, tuple((c, self.dtypes[c]) for c in columns),
                           tuple(c for c in self.required if c in keep), tuple(docs[c] for c in columns if c in docs),
                           self.others)

    def declared(self, *names: str) -> tuple[str, ...]:
        """``names``, once each is checked to be a column of this table: a reader that names a column the table
        does not have fails here instead of silently showing nothing (e.g. ``relative_weight`` for
        ``rel_weight``)."""
        unknown = [n for n in names if n not in self.dtypes]
        if unknown:
            raise ValueError(f"{unknown} are not columns of the {self.name} table; its columns are {self.names}")
        return names

    @property
    def counts(self) -> tuple[str, ...]:
        """The integer columns."""
        return tuple(c for c, t in self.columns if t == "int64")

    def conform(self, frame):
        """``frame`` with the declared columns first, in the declared order, and int/float/bool columns of their
        declared type (a count with missing values, one that does not apply, becomes pandas' nullable Int64, never
        a float); undeclared columns follow in their own order. A missing required column, or a count that is not
        a whole number, raises a SchemaError naming it."""
        import numpy as np

        from ..errors import SchemaError

        missing = [c for c in self.required if c not in frame.columns]
        if missing:
            raise SchemaError(f"the {self.name} table lacks the column(s) {missing}; found {list(frame.columns)}")
        order = [c for c in self.names if c in frame.columns] + [c for c in frame.columns if c not in self.dtypes]
        out = frame.loc[:, order]
        casts = {}
        for c in order:
            kind = self.dtypes.get(c)
            if kind not in ("int64", "float64", "bool") or str(out[c].dtype) == kind:
                continue
            if kind == "int64":
                v = np.asarray(out[c].astype("Float64").to_numpy(dtype="float64", na_value=np.nan))
                known = v[~np.isnan(v)]
                if not np.all(known == np.round(known)) or np.isinf(known).any():
                    raise SchemaError(f"column {c!r} of the {self.name} table is a count but holds fractional "
                                      "values")
                if len(known) < len(v):  # a count that does not apply (e.g. unsigned mentions): nullable integer
                    kind = "Int64"
                if str(out[c].dtype) == kind:
                    continue
            casts[c] = kind
        return out.astype(casts) if casts else out.copy()


_CI = "interval (1 - alpha, 95% by default)"
