"""Theme discovery, naming, quotes and the editable Codebook."""

from ._codebook import CODEBOOK_FORMAT, Codebook, Theme
from ._discover import REDUCTIONS, UNASSIGNED, ThemeDiscoverer
from ._naming import class_tfidf, make_label, top_keywords
from ._pipeline import MENTION_COLUMNS, NO_CONTENT_ID, ThemeResult, apply_codebook, aspect_texts, aspect_tokens, discover_themes, polarity_label

__all__ = [
    "CODEBOOK_FORMAT",
    "MENTION_COLUMNS",
    "NO_CONTENT_ID",
    "ThemeResult",
    "apply_codebook",
    "aspect_texts",
    "aspect_tokens",
    "discover_themes",
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
