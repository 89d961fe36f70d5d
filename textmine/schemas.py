"""The vocabulary of textmine's tables, declared once: the column names, their order and their types.

Every table textmine hands out — the clauses, the mentions, the themes, the drivers and the respondents — is built
to one of these schemas, and the report, the workbook, the CLI and the tests read the names from here. Two words
are kept apart on purpose: ``sentiment`` is a score in [-1, 1] (a clause's lexicon or model score), ``polarity``
is a label (negative / neutral / positive). Counts are integers everywhere.

    from textmine.schemas import MENTIONS
    MENTIONS.names          # ('respondent_id', 'clause_id', 'clause', 'theme', ...)
    MENTIONS.conform(df)    # declared columns first, in order, with their types; others after

This module is data plus one small class: it imports nothing of textmine but its errors, so every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CLAUSES", "CODED_CLAUSES", "DRIVERS", "MENTIONS", "REJECTS", "RESPONDENTS", "SURVEY", "THEMES",
           "TableSchema"]

#: types a column may be declared with; "str" and "object" (lists, mixed) columns are left as they are built
TYPES = ("str", "int64", "float64", "bool", "object")


@dataclass(frozen=True)
class TableSchema:
    """A table's columns in order, each with its type, and which of them every table must hold.

    Columns not in ``required`` may be absent (e.g. the drivers' reward/penalty columns without signed mentions);
    columns the schema does not declare (a survey's segment columns) are kept after the declared ones."""

    name: str
    columns: tuple[tuple[str, str], ...]
    required: tuple[str, ...] = ()

    def __post_init__(self):
        bad = [(c, t) for c, t in self.columns if t not in TYPES]
        if bad:
            raise ValueError(f"{self.name}: unknown column types {bad}; expected one of {TYPES}")
        names = [c for c, _ in self.columns]
        if len(set(names)) != len(names) or not set(self.required) <= set(names):
            raise ValueError(f"{self.name}: duplicate columns, or required columns not declared")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)

    @property
    def dtypes(self) -> dict[str, str]:
        return dict(self.columns)

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

        from .errors import SchemaError

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


def _cols(spec: str) -> tuple[tuple[str, str], ...]:
    """'a:int64 b:str' -> (('a', 'int64'), ('b', 'str'))."""
    return tuple(tuple(item.split(":")) for item in spec.split())  # type: ignore[misc]


#: one row per clause of an answer (:func:`textmine.text.to_clauses`)
CLAUSES = TableSchema("clauses", _cols(
    "respondent_id:str clause_id:int64 clause_index:int64 text:str original:str start:int64 end:int64 "
    "contrast:bool tokens:object sentiment:float64 no_content:bool language:str"),
    required=("respondent_id", "clause_id", "text"))

#: one row per clause as ``clauses.csv`` shows it to a coder (:func:`textmine.themes.coded_clauses`): the clause in
#: the respondent's words (PII-masked), why it holds no content (empty when it has content), its aspect, its themes
#: (";"-joined, empty when unassigned), its polarity label and sentiment score
CODED_CLAUSES = TableSchema("coded clauses", _cols(
    "respondent_id:str clause_id:int64 clause:str start:int64 end:int64 no_content:str language:str aspect:str "
    "theme:str theme_name:str polarity:str sentiment:float64"),
    required=("respondent_id", "clause_id", "clause", "theme", "polarity"))

#: one row per (clause, theme) hit, plus one no-content row per clause without content
MENTIONS = TableSchema("mentions", _cols(
    "respondent_id:str clause_id:int64 clause:str theme:str theme_name:str polarity:str sentiment:float64 "
    "similarity:float64 source:str"),
    required=("respondent_id", "theme", "polarity"))

#: one row per theme (:meth:`textmine.themes.ThemeResult.to_frame`)
THEMES = TableSchema("themes", _cols(
    "theme:str name:str praise:str complaint:str parent:str keywords:str n_clauses:int64 n:int64 share:float64 ci_low:float64 "
    "ci_high:float64 share_promoters:float64 share_passives:float64 share_detractors:float64 n_positive:int64 "
    "n_negative:int64 mean_score:float64"),
    required=("theme", "name", "n"))

#: one row per theme of a driver analysis (:meth:`textmine.drivers.DriverResult.to_frame`); the reward and penalty
#: columns need signed mentions, the relative-importance ones at least two themes
DRIVERS = TableSchema("drivers", _cols(
    "theme:str n:int64 share:float64 n_positive:int64 n_negative:int64 n_neutral:int64 small_base:bool "
    "mean_with:float64 mean_with_ci_low:float64 mean_with_ci_high:float64 "
    "mean_without:float64 mean_without_ci_low:float64 mean_without_ci_high:float64 "
    "nps_with:float64 nps_with_ci_low:float64 nps_with_ci_high:float64 "
    "nps_without:float64 nps_without_ci_low:float64 nps_without_ci_high:float64 "
    "removal_impact:float64 removal_se:float64 removal_ci_low:float64 removal_ci_high:float64 "
    "impact_nps:float64 impact_se:float64 impact_ci_low:float64 impact_ci_high:float64 impact_pval:float64 "
    "impact_pval_adj:float64 impact_score:float64 impact_score_se:float64 impact_score_pval_adj:float64 "
    "reward_nps:float64 reward_se:float64 reward_ci_low:float64 reward_ci_high:float64 reward_pval:float64 "
    "reward_pval_adj:float64 reward_score:float64 "
    "penalty_nps:float64 penalty_se:float64 penalty_ci_low:float64 penalty_ci_high:float64 penalty_pval:float64 "
    "penalty_pval_adj:float64 penalty_score:float64 "
    "kano:str rel_weight:float64 rel_weight_pct:float64 shapley:float64 note:str"),
    required=("theme", "n", "share"))

#: the analysed survey as :func:`textmine.read_survey` returns it (its segment columns follow these)
SURVEY = TableSchema("survey", _cols(
    "row:int64 respondent_id:str score:int64 nps_group:str text:str empty_text:bool date:object "
    "duplicate_id:bool"),
    required=("row", "respondent_id", "score", "nps_group", "text"))

#: the input rows not analysed, with the reason
REJECTS = TableSchema("rejects", _cols("row:int64 respondent_id:str column:str value:object reason:str"),
                      required=("row", "column", "reason"))

#: one row per respondent of an analysis: the survey's columns, then what the analysis found in the answer
RESPONDENTS = TableSchema("respondents", SURVEY.columns + _cols(
    "themes:str praised:str criticised:str n_clauses:int64 sentiment:float64 no_content:bool language:str"),
    required=SURVEY.required)
