"""The vocabulary of textmine's tables, declared once: each column's name, type, display kind and meaning.

Every table textmine hands out — the clauses, the mentions, the themes, the drivers, the NPS tables and the
respondents — is built to one of these schemas, and the report, the workbook, the CSV files, their column guide
(``columns.md``), the CLI and the tests read the names from here. Two words are kept apart on purpose:
``sentiment`` is a score in [-1, 1] (a clause's lexicon or model score), ``polarity`` is a label (negative / neutral
/ positive). Counts are integers everywhere.

    from textmine.schemas import MENTIONS
    MENTIONS.names                  # ('respondent_id', 'clause_id', 'clause', 'theme', ...)
    MENTIONS.conform(df)            # declared columns first, in order, with their types; others after
    MENTIONS.meaning("similarity")  # one line for a researcher, units included
    MENTIONS.kind("similarity")     # "decimal": how the workbook and the CSV files show it (KINDS)

A column is declared on one line: ``name  type  kind  meaning``. This module is data plus one small class: it imports
nothing of textmine but its errors, so every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CLAUSES", "CODED_CLAUSES", "DRIVERS", "DRIVERS_FULL", "DRIVERS_SHORT", "KINDS", "MENTIONS", "NPS", "PERIODS", "REASONS", "REJECTS",
           "RESPONDENTS", "SEGMENTS", "SURVEY", "THEMES", "TRUST", "TableSchema"]

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


_CI = "interval (1 - alpha, 95% by default)"

#: one row per clause of an answer (:func:`textmine.text.to_clauses`)
CLAUSES = TableSchema.parse("clauses", f"""
respondent_id   str      id      the respondent who wrote the clause
clause_id       int64    id      the clause's number, unique in the survey, in answer order
clause_index    int64    count   the clause's position in its answer (0 = first)
text            str      text    the clause as analysed (normalised: half-width, simplified Chinese)
original        str      text    the clause in the respondent's own characters
start           int64    count   where the clause starts in the answer (characters from 0)
end             int64    count   where it ends (characters, exclusive)
contrast        bool     flag    the clause follows a contrast word (但是, 不过, but)
tokens          object   text    its words
sentiment       float64  decimal sentiment score from -1 (negative) to 1 (positive)
no_content      bool     flag    the clause says nothing to code (无, 没有, "/")
language        str      text    its language: zh, en, mixed or other
""", required=("respondent_id", "clause_id", "text"))

#: one row per clause as ``clauses.csv`` shows it to a coder (:func:`textmine.themes.coded_clauses`)
CODED_CLAUSES = TableSchema.parse("coded clauses", """
respondent_id   str      id      the respondent who wrote the clause
clause_id       int64    id      the clause's number, unique in the survey, in answer order
clause          str      text    the clause in the respondent's words, phone numbers and e-mails masked
start           int64    count   where the clause starts in the answer (characters from 0)
end             int64    count   where it ends (characters, exclusive)
no_content      str      text    why the clause holds no content (e.g. "placeholder"); empty when it has content
language        str      text    its language: zh, en, mixed or other; empty when it has no word
aspect          str      text    the aspect phrase that grouped it into a theme (服务员态度); empty when none
theme           str      id      its theme ids, ";"-joined, most similar first; empty when unassigned
theme_name      str      text    the names of those themes, in the same order
polarity        str      text    positive, negative or neutral (of its first mention, else of its sentiment)
sentiment       float64  decimal sentiment score from -1 (negative) to 1 (positive)
""", required=("respondent_id", "clause_id", "clause", "theme", "polarity"))

#: one row per (clause, theme) hit, plus one no-content row per clause without content
MENTIONS = TableSchema.parse("mentions", """
respondent_id   str      id      the respondent who wrote the clause
clause_id       int64    id      the clause's number (joins clauses.csv)
clause          str      text    the clause in the respondent's words, phone numbers and e-mails masked
theme           str      id      the theme mentioned (NC: the clause holds no content)
theme_name      str      text    the theme's name
polarity        str      text    positive, negative or neutral: how the clause speaks of the theme
sentiment       float64  decimal the clause's sentiment score from -1 (negative) to 1 (positive)
similarity      float64  decimal how close the clause is to the theme, 0 to 1 (cosine or classifier probability)
source          str      text    how the theme was found: discovered, codebook, classifier or no_content
""", required=("respondent_id", "theme", "polarity"))

#: one row per theme (:meth:`textmine.themes.ThemeResult.to_frame`)
THEMES = TableSchema.parse("themes", f"""
theme             str      id      theme id (T01 …; OV the overall evaluation), the key of every theme table
name              str      text    the theme's name (its leading phrases)
praise            str      text    a typical praise of it, in the customers' words
complaint         str      text    a typical complaint about it, in the customers' words
parent            str      text    the broader theme it belongs to
keywords          str      text    its keywords, space-separated
n_clauses         int64    count   clauses that mention it
n                 int64    count   respondents who mention it
share             float64  share   share of all respondents who mention it
ci_low            float64  share   lower end of the share's {_CI}
ci_high           float64  share   upper end of the share's {_CI}
share_promoters   float64  share   share of promoters (9-10) who mention it
share_passives    float64  share   share of passives (7-8) who mention it
share_detractors  float64  share   share of detractors (0-6) who mention it
n_positive        int64    count   respondents who speak of it positively
n_negative        int64    count   respondents who speak of it negatively
mean_score        float64  decimal mean 0-10 score of the respondents who mention it
""", required=("theme", "name", "n"))

#: what promoters praise and what detractors complain about (:meth:`textmine.themes.ThemeResult.promoter_reasons`)
REASONS = TableSchema.parse("reasons", f"""
theme     str      id      theme id (joins themes and drivers)
name      str      text    the theme's name
label     str      text    a typical praise (promoter reasons) or complaint (detractor complaints), in their words
n         int64    count   promoters praising it (detractors complaining about it)
base      int64    count   all promoters (all detractors): the base of the share
share     float64  share   n / base: the share of promoters praising it (of detractors complaining about it)
ci_low    float64  share   lower end of the share's {_CI}
ci_high   float64  share   upper end of the share's {_CI}
""", required=("theme", "n", "base", "share"))

#: one row per theme of a driver analysis (:meth:`textmine.drivers.DriverResult.to_frame`); the reward and penalty
#: columns need signed mentions, the relative-importance ones at least two themes
DRIVERS = TableSchema.parse("drivers", f"""
theme                 str      id      theme id (joins themes)
n                     int64    count   respondents who mention the theme
share                 float64  share   share of respondents who mention it
n_positive            int64    count   respondents who speak of it positively
n_negative            int64    count   respondents who speak of it negatively
n_neutral             int64    count   respondents who mention it neutrally
small_base            bool     flag    fewer than min_n respondents mention it (or do not): read with care
mean_with             float64  decimal mean 0-10 score of the respondents who mention it
mean_with_ci_low      float64  decimal lower end of its {_CI}
mean_with_ci_high     float64  decimal upper end of its {_CI}
mean_without          float64  decimal mean 0-10 score of the respondents who do not mention it
mean_without_ci_low   float64  decimal lower end of its {_CI}
mean_without_ci_high  float64  decimal upper end of its {_CI}
nps_with              float64  points  NPS of the respondents who mention it
nps_with_ci_low       float64  points  lower end of its {_CI}
nps_with_ci_high      float64  points  upper end of its {_CI}
nps_without           float64  points  NPS of the respondents who do not mention it
nps_without_ci_low    float64  points  lower end of its {_CI}
nps_without_ci_high   float64  points  upper end of its {_CI}
removal_impact        float64  points  NPS change if the theme's mentioners scored like the rest (overall minus without)
removal_se            float64  points  bootstrap standard error of removal_impact
removal_ci_low        float64  points  lower end of removal_impact's bootstrap {_CI}
removal_ci_high       float64  points  upper end of removal_impact's bootstrap {_CI}
impact_nps            float64  points  NPS points a mention adds (negative: costs), other themes held equal (regression)
impact_se             float64  points  standard error of impact_nps
impact_ci_low         float64  points  lower end of impact_nps's {_CI}
impact_ci_high        float64  points  upper end of impact_nps's {_CI}
impact_pval           float64  pvalue  p-value of impact_nps (no effect)
impact_pval_adj       float64  pvalue  impact_pval adjusted for the number of themes (Benjamini-Hochberg)
impact_score          float64  decimal points of the 0-10 score a mention adds, other themes held equal
impact_score_se       float64  decimal standard error of impact_score
impact_score_pval_adj float64  pvalue  adjusted p-value of impact_score (Benjamini-Hochberg)
reward_nps            float64  points  NPS points a positive mention adds, other themes held equal
reward_se             float64  points  standard error of reward_nps
reward_ci_low         float64  points  lower end of reward_nps's {_CI}
reward_ci_high        float64  points  upper end of reward_nps's {_CI}
reward_pval           float64  pvalue  p-value of reward_nps
reward_pval_adj       float64  pvalue  reward_pval adjusted (Benjamini-Hochberg)
reward_score          float64  decimal points of the 0-10 score a positive mention adds
penalty_nps           float64  points  NPS points a negative mention adds (usually below 0), other themes held equal
penalty_se            float64  points  standard error of penalty_nps
penalty_ci_low        float64  points  lower end of penalty_nps's {_CI}
penalty_ci_high       float64  points  upper end of penalty_nps's {_CI}
penalty_pval          float64  pvalue  p-value of penalty_nps
penalty_pval_adj      float64  pvalue  penalty_pval adjusted (Benjamini-Hochberg)
penalty_score         float64  decimal points of the 0-10 score a negative mention adds
kano                  str      text    reading of penalty vs reward: must-be, performance, delighter or indifferent
rel_weight            float64  decimal relative weight: the part of the NPS variance (R², 0 to 1) due to the theme
rel_weight_pct        float64  decimal rel_weight as a percent of all the explained variance (0 to 100)
shapley               float64  decimal Shapley (LMG) share of R² (0 to 1); empty with many themes
note                  str      text    terms left out of or stabilised in the regressions, and why
""", required=("theme", "n", "share"))

_DRIVERS_NAMED = TableSchema.parse("drivers", "name  str  text  the theme's name", DRIVERS.required, base=DRIVERS)
#: drivers_full.csv: every driver column, the theme's name beside its id
DRIVERS_FULL = _DRIVERS_NAMED.pick("drivers (full)", "theme", "name", *DRIVERS.names[1:])
#: drivers.csv and the workbook's drivers sheet: the columns a researcher reads first
DRIVERS_SHORT = _DRIVERS_NAMED.pick(
    "drivers", "theme", "name", "n", "share", "small_base", "nps_with", "nps_without", "removal_impact",
    "removal_ci_low", "removal_ci_high", "impact_nps", "impact_ci_low", "impact_ci_high", "impact_pval_adj",
    "reward_nps", "reward_pval_adj", "penalty_nps", "penalty_pval_adj", "kano", "rel_weight_pct", "note")

_STATS = f"""
n           float64  count   respondents (a weighted sum with weights)
promoters   float64  count   promoters, scores 9-10
passives    float64  count   passives, scores 7-8
detractors  float64  count   detractors, scores 0-6
nps         float64  points  NPS: % promoters minus % detractors (-100 to 100)
se          float64  points  standard error of the NPS
ci_low      float64  points  lower end of the NPS's {_CI}
ci_high     float64  points  upper end of the NPS's {_CI}
"""
_TEST = """
z           float64  decimal the z statistic of that difference
pval        float64  pvalue  its p-value (no difference)
pval_adj    float64  pvalue  pval adjusted by Benjamini-Hochberg ({family})
small_base  bool     flag    fewer than min_n respondents: read with care
"""

#: the NPS of all respondents (:meth:`textmine.nps.NPSResult.to_frame`)
NPS = TableSchema.parse("nps", _STATS + """
method      str      text    how the interval was computed (wald_adjusted: adjusted Wald)
alpha       float64  decimal 1 - the intervals' confidence level (0.05: 95%)
n_eff       float64  count   effective number of respondents (Kish; n without weights)
small_base  bool     flag    fewer than min_n respondents: read with care
""", required=("n", "nps"))

#: NPS per segment level, each compared with everyone else (:func:`textmine.nps.segment_nps`)
SEGMENTS = TableSchema.parse("segments", """
segment     str      text    the segment column
level       str      text    its level
""" + _STATS + f"""
diff          float64  points  the level's NPS minus the NPS of everyone else
diff_ci_low   float64  points  lower end of diff's {_CI}
diff_ci_high  float64  points  upper end of diff's {_CI}
""" + _TEST.format(family="within each segment column"), required=("segment", "level", "nps"))

#: NPS per period with the change from the previous one (:func:`textmine.nps.period_nps`)
PERIODS = TableSchema.parse("periods", """
period      str      text    the period (2026-05, 2026Q2, 2026-W18 or 2026)
start       str      date    its first day
""" + _STATS + f"""
change          float64  points  the NPS change from the previous period
change_ci_low   float64  points  lower end of change's {_CI}
change_ci_high  float64  points  upper end of change's {_CI}
""" + _TEST.format(family="over the periods"), required=("period", "nps"))

#: the analysed survey as :func:`textmine.read_survey` returns it (its segment columns follow these)
SURVEY = TableSchema.parse("survey", """
row            int64    id      the row of the input file (1 = first data row)
respondent_id  str      id      the respondent's id (a repeated id gets #2, #3 …)
score          int64    count   the 0-10 likelihood-to-recommend score
nps_group      str      text    promoter (9-10), passive (7-8) or detractor (0-6)
text           str      text    the open answer, phone numbers and e-mails masked
empty_text     bool     flag    the answer is empty
date           object   date    the answer's date
duplicate_id   bool     flag    the id was repeated in the input
""", required=("row", "respondent_id", "score", "nps_group", "text"),
    others="a segment column of the survey, as read")

#: the input rows not analysed, with the reason
REJECTS = TableSchema.parse("rejects", """
row            int64    id      the row of the input file (1 = first data row)
respondent_id  str      id      the respondent's id, when there is one
column         str      text    the column whose value was refused
value          object   text    the value refused
reason         str      text    why the row was not analysed (e.g. out of range 0-10)
""", required=("row", "column", "reason"))

#: one row per respondent of an analysis: the survey's columns, then what the analysis found in the answer
RESPONDENTS = TableSchema.parse("respondents", """
themes            str      id      the themes the answer mentions, ";"-joined ids, in order of mention
theme_names       str      text    the names of those themes, ";"-joined in the same order
praised           str      id      the themes it speaks of positively, ";"-joined ids
praised_names     str      text    their names, ";"-joined in the same order
criticised        str      id      the themes it speaks of negatively, ";"-joined ids
criticised_names  str      text    their names, ";"-joined in the same order
n_clauses         int64    count   clauses in the answer
sentiment         float64  decimal the answer's mean clause sentiment, -1 (negative) to 1 (positive)
no_content        bool     flag    the answer says nothing to code (无, 没有, "/")
language          str      text    the answer's language: zh, en, mixed or other; empty when it has no word
""", required=SURVEY.required, others=SURVEY.others, base=SURVEY)
_TESTED = "".join(f"""{r}  float64  share  {w}
{lo}  float64  share  lower end of {r}'s Wilson {_CI}
{lo.replace("low", "high")}  float64  share  upper end of {r}'s Wilson {_CI}
{r}_rest  float64  share  {r} of everyone not in the level
{p}  float64  pvalue  one-sided Fisher exact test (hypergeometric tail) that {r} is higher than the rest's
{p}_adj  float64  pvalue  {p} adjusted by Benjamini-Hochberg over every test of every level of every segment\n""" for r, lo, p, w in (
    ("mismatch_rate", "ci_low", "pval_mismatch", "mismatches / n_judged"),
    ("share_10", "share_10_ci_low", "pval_10", "share of the level's scores that are exactly 10"),
    ("heaping", "heaping_ci_low", "pval_heaping", "score heaping: of the scores on 0, 1, 4, 5, 6, 9, 10, the share on 0, 5, 10")))
#: one row per segment level: can its scores be trusted? (:meth:`textmine.trust.TrustResult.to_frame`, trust.csv)
TRUST = TableSchema.parse("trust", """n  int64  count  respondents of the level
n_judged    int64    count   its promoters and detractors whose answer praises or complains: the base of mismatch_rate
mismatches  int64    count   of them, promoters (9-10) who only complain (as coached scores do) and detractors (0-6) who only praise
""" + _TESTED + """pval_adj  float64  pvalue  the smallest of the level's three adjusted p-values
flagged     bool     flag    pval_adj below the false discovery rate (0.05): the level's scores are to be reviewed
small_base  bool     flag    fewer than min_n respondents: reported, not tested
note        str      text    which tests flagged the level, or why a test was not run
""", required=("segment", "level", "n", "mismatch_rate", "share_10", "pval_adj", "flagged"), base=SEGMENTS.pick("trust", "segment", "level"))
