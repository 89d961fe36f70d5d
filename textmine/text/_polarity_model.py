"""Clause polarity from the shipped character n-gram model (``models/textmine-zh-polarity``), and its blend with
the lexicon.

The lexicon (:mod:`textmine.text._sentiment`) only sees opinion words: 用了没几天就坏了, 包裹被压坏了 or
打客服电话一直占线 carry none and score 0 or even praise. The model is a logistic regression on character
1–3-grams (TF-IDF, sublinear tf, l2) trained on labelled Chinese reviews by ``scripts/train_polarity.py``; it reads
events. The two are blended per clause (:func:`blend_polarity`): where the lexicon fires with confidence (an
explicit opinion word, read with its negation and degree: 没坏, 不难吃, 非常慢) its score leads, elsewhere the
model's. Answer-level rules (但是 weighing the clause after it more) stay in :func:`answer_polarity`.

A model directory holds ``manifest.json`` (what it is, the sha256 of every weight file, metrics, the training-data
fingerprint), ``vocabulary.json`` (the n-grams, position = feature index) and ``idf.npy``, ``coef.npy``,
``intercept.npy``. Loading reads JSON and ``np.load(..., allow_pickle=False)`` only, after checking each file's
sha256: nothing in the directory runs code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from textmine._data import file_sha256
from textmine.errors import ConfigError, IntegrityError, ModelError

__all__ = ["PolarityModel", "POLARITY_MODEL_NAME", "SENTIMENT_MODES", "blend_polarity", "char_ngrams",
           "default_polarity_model"]

POLARITY_MODEL_NAME = "textmine-zh-polarity"
MODEL_FORMAT = "textmine-polarity"
MODEL_FORMAT_VERSION = 1
MANIFEST = "manifest.json"
WEIGHT_FILES = ("vocabulary.json", "idf.npy", "coef.npy", "intercept.npy")
#: how ``to_clauses`` fills the clause ``sentiment`` column
SENTIMENT_MODES = ("combined", "lexicon", "model")
_MAX_VOCAB_BYTES = 64 << 20
_RUNS = re.compile(r"\w+")
_DIGITS = re.compile(r"\d")


def char_ngrams(text: str, ngram_range: tuple[int, int] = (1, 3)) -> list[str]:
    """The model's features of one normalised text: character n-grams inside runs of word characters (never
    across punctuation or spaces, so a review reads like its clauses), lower case, every digit as ``0``."""
    lo, hi = ngram_range
    out: list[str] = []
    for run in _RUNS.findall(_DIGITS.sub("0", text.lower())):
        size = len(run)
        for n in range(lo, min(hi, size) + 1):
            out.extend(run[i:i + n] for i in range(size - n + 1))
    return out


def _sha256(path: Path) -> str:
    return file_sha256(path)


def default_model_dir() -> Path:
    """``models/textmine-zh-polarity`` of the source checkout, else of ``<prefix>/share/textmine``."""
    from textmine._data import shipped_dir

    return shipped_dir("models") / POLARITY_MODEL_NAME


class PolarityModel:
    """The character n-gram polarity model of a model directory, loaded on first use.

    Parameters
    ----------
    path : str or Path, optional
        A directory written by ``scripts/train_polarity.py``; defaults to the shipped ``textmine-zh-polarity``.
    verify : bool
        Check every weight file against the sha256 in ``manifest.json`` before loading it.
    """

    def __init__(self, path=None, *, verify: bool = True):
        self.path = path
        self.verify = verify

    def _state(self):
        state = self.__dict__.get("_state_")
        if state is None:
            state = self._state_ = self._load()
        return state

    def _load(self):
        import numpy as np

        d = Path(self.path) if self.path is not None else default_model_dir()
        mf = d / MANIFEST
        if not mf.is_file():
            raise ModelError(f"no polarity model at {str(d)!r} (expected {MANIFEST}); reinstall textmine, pass "
                             "the path of a directory written by scripts/train_polarity.py, or use "
                             "sentiment='lexicon'")
        try:
            m = json.loads(mf.read_text(encoding="utf-8"))
        except ValueError:
            raise IntegrityError(f"{MANIFEST} in {str(d)!r} is not valid JSON; restore the model or retrain") from None
        if not isinstance(m, dict) or m.get("format") != MODEL_FORMAT:
            found = m.get("format") if isinstance(m, dict) else None
            raise ModelError(f"{str(d)!r} is not a textmine polarity model (format {found!r}; expected "
                             f"{MODEL_FORMAT!r})")
        if m.get("format_version") != MODEL_FORMAT_VERSION:
            raise ModelError(f"polarity model format version {m.get('format_version')!r} is not supported; this "
                             f"textmine reads version {MODEL_FORMAT_VERSION}: retrain with scripts/train_polarity.py")
        files = m.get("files_sha256")
        if not isinstance(files, dict) or set(files) != set(WEIGHT_FILES):
            raise IntegrityError(f"{MANIFEST} in {str(d)!r} must list the sha256 of {list(WEIGHT_FILES)}; "
                                 "restore the model or retrain")
        for name in WEIGHT_FILES:
            f = d / name
            if not f.is_file():
                raise ModelError(f"model file {name!r} is missing from {str(d)!r}; restore it or retrain")
            if self.verify and _sha256(f) != files[name]:
                raise IntegrityError(f"model file {name!r} in {str(d)!r} does not match the sha256 in {MANIFEST} "
                                     "(modified after saving); refusing to load: restore it or retrain")
        if (d / "vocabulary.json").stat().st_size > _MAX_VOCAB_BYTES:
            raise ModelError(f"vocabulary.json in {str(d)!r} is larger than {_MAX_VOCAB_BYTES:,} bytes; the model "
                             "was damaged or is not a textmine polarity model")
        vocab = json.loads((d / "vocabulary.json").read_text(encoding="utf-8"))
        arrays = {}
        for name in ("idf", "coef", "intercept"):
            try:
                a = np.load(d / f"{name}.npy", allow_pickle=False)
            except ValueError as exc:
                raise IntegrityError(f"model file '{name}.npy' holds an untrusted type: {exc}") from None
            if a.dtype.kind != "f":
                raise IntegrityError(f"model file '{name}.npy' has dtype {a.dtype}; expected floats")
            arrays[name] = a.astype("float64").ravel()
        if not isinstance(vocab, list) or not (len(vocab) == len(arrays["idf"]) == len(arrays["coef"])):
            raise IntegrityError(f"the vocabulary, idf and coef of {str(d)!r} differ in length; retrain the model")
        lo, hi = m.get("ngram_range", (1, 3))
        self.manifest_ = m
        return ({g: i for i, g in enumerate(vocab)}, arrays["idf"], arrays["coef"], float(arrays["intercept"][0]),
                (int(lo), int(hi)), bool(m.get("sublinear_tf", True)))

    def blend_settings(self) -> dict:
        """The :func:`blend_polarity` settings chosen for this model on its validation split (manifest
        ``blend``); the function's defaults when the manifest records none."""
        self._state()
        blend = self.manifest_.get("blend") or {}
        return {k: float(blend[k]) for k in ("lexicon_confidence", "lexicon_lead", "model_weight", "deadzone")
                if k in blend}

    def decision_function(self, texts):
        """The logistic regression's log-odds of praise per text, and whether the text had any known n-gram
        (a text with none scores the intercept). Vectorised over the texts; ``texts`` are normalised."""
        import numpy as np

        vocab, idf, coef, intercept, ngram_range, sublinear = self._state()
        get = vocab.get
        cols: list[int] = []
        lengths = np.zeros(len(texts), dtype=np.int64)
        for r, text in enumerate(texts):
            hit = [i for i in map(get, char_ngrams(text, ngram_range)) if i is not None]
            cols.extend(hit)
            lengths[r] = len(hit)
        n, v = len(texts), len(idf)
        if not cols:
            return np.full(n, intercept), np.zeros(n, dtype=bool)
        keys, counts = np.unique(np.repeat(np.arange(n, dtype=np.int64), lengths) * v + np.asarray(cols), return_counts=True)
        rows, feats = np.divmod(keys, v)
        tf = 1.0 + np.log(counts) if sublinear else counts.astype(float)
        w = tf * idf[feats]
        norm = np.sqrt(np.bincount(rows, w * w, minlength=n))
        dot = np.bincount(rows, w * coef[feats], minlength=n)
        z = np.divide(dot, norm, out=np.zeros(n), where=norm > 0) + intercept
        return z, lengths > 0

    def scores(self, texts):
        """Polarity in [-1, 1] per normalised text (``2 * P(praise) - 1``); 0.0 for a text with no known n-gram."""
        import numpy as np

        z, known = self.decision_function(list(texts))
        return np.where(known, np.tanh(z / 2), 0.0)  # 2 * sigmoid(z) - 1

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if not k.endswith("_")}

    def __repr__(self) -> str:
        return f"PolarityModel(path={str(self.path) if self.path is not None else POLARITY_MODEL_NAME!r})"


def blend_polarity(lexicon, model, *, lexicon_confidence: float = 0.4, lexicon_lead: float = 1.0,
                   model_weight: float = 1.0, deadzone: float = 0.2):
    """Per-clause blend of lexicon and model polarity (arrays in [-1, 1]).

    Where ``|lexicon| >= lexicon_confidence`` (an opinion word fired, read with its negation and degree: 没坏,
    不难吃, 非常慢) the lexicon leads: ``lexicon_lead * lexicon + (1 - lexicon_lead) * model``. Elsewhere (no
    opinion word, or only a bare negator) ``model_weight * model + (1 - model_weight) * lexicon``. Model scores
    inside ``±deadzone`` (the model is unsure: a plain statement) count as 0, so a clause stays 0 when neither
    side has a clear reading.
    """
    import numpy as np

    for name, value in (("lexicon_confidence", lexicon_confidence), ("lexicon_lead", lexicon_lead),
                        ("model_weight", model_weight), ("deadzone", deadzone)):
        if not 0.0 <= value <= 1.0:
            raise ConfigError(f"{name}={value} must be in [0, 1]")
    lex = np.asarray(lexicon, dtype=float)
    mod = np.asarray(model, dtype=float)
    mod = np.where(np.abs(mod) < deadzone, 0.0, mod)
    lead = lexicon_lead * lex + (1 - lexicon_lead) * mod
    other = model_weight * mod + (1 - model_weight) * lex
    return np.clip(np.where(np.abs(lex) >= lexicon_confidence, lead, other), -1.0, 1.0)


_DEFAULT: list = [None]


def default_polarity_model() -> PolarityModel:
    """The shipped polarity model (one instance per process, loaded on first use)."""
    if _DEFAULT[0] is None:
        _DEFAULT[0] = PolarityModel()
    return _DEFAULT[0]
