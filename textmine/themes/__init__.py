"""Theme discovery, naming, quotes and the editable Codebook."""

from ._codebook import CODEBOOK_FORMAT, Codebook, Theme
from ._discover import REDUCTIONS, UNASSIGNED, ThemeDiscoverer
from ._naming import class_tfidf, make_label, top_keywords

__all__ = [
    "CODEBOOK_FORMAT",
    "Codebook",
    "REDUCTIONS",
    "Theme",
    "ThemeDiscoverer",
    "UNASSIGNED",
    "class_tfidf",
    "make_label",
    "top_keywords",
]
