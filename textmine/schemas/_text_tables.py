"""The tables of the text and themes stages: clauses, coded clauses, mentions, themes and reasons."""

from ._table_schema import _CI, TableSchema


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
suggestion      bool     flag    the clause asks for something: a suggestion, wish or expectation (希望, 建议, please)
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
suggestion      bool     flag    the clause asks for something about the theme (希望物流快一点, 建议, please add); it keeps its polarity
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


#: what customers ask for, per theme (:meth:`textmine.themes.ThemeResult.suggestions`)
SUGGESTIONS = TableSchema.parse("suggestions", f"""
theme          str      id      theme id (joins themes)
name           str      text    the theme's name
n_suggestions  int64    count   respondents who ask for something about it (希望, 建议, please …): a suggestion or wish
n              int64    count   respondents who mention it: the base of the share
share          float64  share   n_suggestions / n: the share of the theme's respondents who ask for something
ci_low         float64  share   lower end of the share's Wilson {_CI}
ci_high        float64  share   upper end of the share's Wilson {_CI}
examples       object   text    up to k of their clauses (a list), PII-masked, the closest to the theme first
""", required=("theme", "n_suggestions", "n", "share"))

#: the complaint themes to act on, by horizon and owner (:func:`textmine.themes.fix_list`)
FIX_LIST = TableSchema.parse("fix list", f"""
horizon        str      text    when its complaints can be fixed: now, later or none (the codebook's horizon)
owner          str      text    who fixes them (the codebook's owner, e.g. 物流部); empty when nobody is named
theme          str      id      theme id (joins themes and drivers)
name           str      text    the theme's name
complaint      str      text    a typical complaint about it, in the customers' words
n              int64    count   detractors complaining about it
base           int64    count   all detractors: the base of the share
n_complainers  int64    count   respondents of any score complaining about it
share          float64  share   n / base: the share of detractors complaining about it
ci_low         float64  share   lower end of the share's Wilson {_CI}
ci_high        float64  share   upper end of the share's Wilson {_CI}
gain           float64  points  NPS points gained if every complaint on it were resolved (they score like the rest); empty without drivers
gain_ci_low    float64  points  lower end of gain's bootstrap {_CI}
gain_ci_high   float64  points  upper end of gain's bootstrap {_CI}
""", required=("horizon", "owner", "theme", "n", "share"))
