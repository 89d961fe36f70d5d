"""Theme discovery, naming, quotes and the editable Codebook; what customers ask for per theme and the fix list."""

from ._asks import fix_list, suggestion_table
from ._coded import coded_clauses
from ._codebook import CODEBOOK_FORMAT, OVERALL_ID, OVERALL_NAME, Codebook, Theme
from ._discover import REDUCTIONS, SURVEY_SETTINGS, UNASSIGNED, ThemeDiscoverer, survey_discoverer
from ._theme import HORIZONS
from ._naming import class_tfidf, make_label, top_keywords
from ._results import (MENTION_COLUMNS, NO_CONTENT_ID, NO_CONTENT_NAME, ThemeResult, apply_codebook, build_theme_result,
                        combine_theme_results, discover_themes, mention_rows, polarity_label)

__all__ = [
    "CODEBOOK_FORMAT",
    "Codebook",
    "HORIZONS",
    "MENTION_COLUMNS",
    "NO_CONTENT_ID",
    "NO_CONTENT_NAME",
    "OVERALL_ID",
    "OVERALL_NAME",
    "REDUCTIONS",
    "SURVEY_SETTINGS",
    "Theme",
    "ThemeDiscoverer",
    "ThemeResult",
    "UNASSIGNED",
    "apply_codebook",
    "build_theme_result",
    "class_tfidf",
    "coded_clauses",
    "combine_theme_results",
    "discover_themes",
    "fix_list",
    "make_label",
    "mention_rows",
    "polarity_label",
    "suggestion_table",
    "survey_discoverer",
    "top_keywords",
]
