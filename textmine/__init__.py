"""textmine: mine the verbatim answers of NPS surveys.

``import textmine`` is cheap: it loads no torch, no jieba and no pandas. Public names are
resolved lazily on first use.
"""

from __future__ import annotations

import importlib

from ._version import __version__

# name -> module that defines it. Pinned by tests/test_public_api.py.
_EXPORTS = {
    "analyze": "textmine._analyze",
    "Analysis": "textmine._analyze",
    "read_survey": "textmine.io",
    "Survey": "textmine.io",
    "nps_score": "textmine.nps",
    "NPSResult": "textmine.nps",
    "segment_nps": "textmine.nps",
    "period_nps": "textmine.nps",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'textmine' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
