"""The tables of the survey and its NPS: the NPS, segments, periods, the survey, rejects, respondents, trust."""

from ._table_schema import _CI, TableSchema

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
mismatch          bool     flag    the score contradicts the answer: a promoter (9-10) whose mentions are all complaints, or a detractor (0-6) whose mentions are all praise (see trust.csv)
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
