"""The tables of a driver analysis: every driver column, and the short view drivers.csv shows."""

from ._table_schema import _CI, TableSchema

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

