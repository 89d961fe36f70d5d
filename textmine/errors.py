"""One exception tree for textmine.

Every error says what was expected, what was found and how to fix it. Messages never
contain survey verbatims: they name columns, row numbers, values of scores and paths only.
"""

from __future__ import annotations

import threading

__all__ = [
    "ConfigError",
    "DependencyError",
    "InputError",
    "IntegrityError",
    "ModelError",
    "NotFittedError",
    "SchemaError",
    "ScoreError",
    "TextmineError",
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


class ModelError(TextmineError):
    """A saved model directory cannot be loaded (unknown format, version, missing file)."""


class IntegrityError(ModelError):
    """A saved model file does not match the hash recorded in its manifest, or holds an untrusted type."""


class DependencyError(TextmineError, ImportError):
    """An optional dependency needed for a feature is not installed."""


_LOCK = threading.Lock()


def _not_fitted_error() -> type:
    """textmine's NotFittedError: a TextmineError and a subclass of scikit-learn's ``NotFittedError`` (itself a
    ValueError and an AttributeError), so ``check_is_fitted`` and code catching scikit-learn's error see it as
    theirs. Built on first use: importing scikit-learn costs about a second, and the CLI imports this module to
    turn errors into one line."""
    with _LOCK:
        cls = globals().get("NotFittedError")
        if cls is None:
            from sklearn.exceptions import NotFittedError as SklearnNotFittedError

            cls = type("NotFittedError", (TextmineError, SklearnNotFittedError), {
                "__module__": __name__, "__qualname__": "NotFittedError",
                "__doc__": "An estimator was used before ``fit`` (a subclass of scikit-learn's NotFittedError)."})
            globals()["NotFittedError"] = cls
        return cls


def __getattr__(name: str):
    if name == "NotFittedError":
        return _not_fitted_error()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_fitted(estimator, how: str, attributes=None) -> None:
    """``sklearn.utils.validation.check_is_fitted`` raising textmine's NotFittedError, whose message names the
    estimator and says what to call first (``how``, e.g. ``"call fit(texts, labels) first"``)."""
    from sklearn.exceptions import NotFittedError as SklearnNotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(estimator, attributes)
    except SklearnNotFittedError:
        raise _not_fitted_error()(f"this {type(estimator).__name__} is not fitted yet; {how}") from None


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
