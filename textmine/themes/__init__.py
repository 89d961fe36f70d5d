"""Theme discovery, naming, quotes and the editable Codebook."""

from ._codebook import CODEBOOK_FORMAT, Codebook, Theme
from ._discover import REDUCTIONS, UNASSIGNED, ThemeDiscoverer
from ._naming import class_tfidf, make_label, top_keywords
from ._pipeline import (MENTION_COLUMNS, NO_CONTENT_ID, NO_CONTENT_NAME, ThemeResult, apply_codebook, build_theme_result,
                        combine_theme_results, discover_themes, mention_rows, polarity_label)
from ..text import aspect_texts, aspect_tokens  # moved to the text layer; kept here for existing callers

__all__ = [
    "CODEBOOK_FORMAT",
    "MENTION_COLUMNS",
    "NO_CONTENT_ID",
    "NO_CONTENT_NAME",
    "ThemeResult",
    "apply_codebook",
    "build_theme_result",
    "combine_theme_results",
    "aspect_texts",
    "aspect_tokens",
    "discover_themes",
    "mention_rows",
    "polarity_label",
    "Codebook",
    "REDUCTIONS",
    "Theme",
    "ThemeDiscoverer",
    "UNASSIGNED",
    "class_tfidf",
    "make_label",
    "top_keywords",
]
