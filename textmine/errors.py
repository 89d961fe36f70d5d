"""One exception tree for textmine.

Every error says what was expected, what was found and how to fix it. Messages never
contain survey verbatims: they name columns, row numbers, values of scores and paths only.
"""

from __future__ import annotations

__all__ = [
    "TextmineError",
    "InputError",
    "SchemaError",
    "ScoreError",
    "ConfigError",
    "NotFittedError",
    "ModelError",
    "IntegrityError",
    "DependencyError",
]


class TextmineError(Exception):
    """Base class of every error textmine raises on purpose."""


class InputError(TextmineError, ValueError):
    """An input file or frame cannot be read as given (missing file, bad format, bad sheet)."""


class SchemaError(InputError):
    """A column is missing, ambiguous or of the wrong kind."""


class ScoreError(InputError):
    """Scores cannot be used (none parseable, wrong range)."""


class ConfigError(TextmineError, ValueError):
    """A parameter has a value outside its allowed range or set."""


class NotFittedError(TextmineError, ValueError, AttributeError):
    """An estimator was used before ``fit`` (compatible with scikit-learn's NotFittedError)."""


class ModelError(TextmineError):
    """A saved model directory cannot be loaded (unknown format, version, missing file)."""


class IntegrityError(ModelError):
    """A saved model file does not match the hash recorded in its manifest, or holds an untrusted type."""


class DependencyError(TextmineError, ImportError):
    """An optional dependency needed for a feature is not installed."""


def require(module: str, feature: str, extra: str | None = None):
    """Import ``module`` or raise :class:`DependencyError` saying how to install it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        how = f"pip install 'textmine[{extra}]'" if extra else f"pip install {module}"
        raise DependencyError(
            f"{feature} needs the package '{module}', which is not installed; install it with: {how}"
        ) from exc
