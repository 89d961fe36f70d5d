"""Model directories: a JSON manifest (versions, label set, thresholds, metrics, training-data fingerprint,
sha256 of every file, and of the manifest itself), weights as .npy (loaded with ``allow_pickle=False``) and
vocabularies as JSON — nothing that runs code on load.

Loading refuses a directory whose files do not match the manifest: a file changed, missing, or not listed,
a JSON file too large or nested too deeply, an untrusted type. The sha256 hashes detect accidents (a truncated
copy, a file edited by hand or by another tool, a stray file), not attacks: anyone who can change a model file
can also rewrite the manifest and its hashes. Keep models where only trusted people can write, as you would
keep code; nothing in a model directory runs code on load, so a rewritten model can give wrong codes but
cannot run a program."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import platform
import re
from pathlib import Path

import numpy as np

from .._data import file_sha256
from ..errors import ConfigError, IntegrityError, ModelError, TextmineError
from ..io import atomic_dir

__all__ = ["save_model", "load_classifier", "MODEL_FORMAT", "MODEL_FORMAT_VERSION", "TRUSTED_KINDS",
           "read_manifest", "resolve_model_dir"]

MODEL_FORMAT = "textmine-classifier"
MODEL_FORMAT_VERSION = 1
#: the only estimator kinds a model directory may declare; anything else is refused as untrusted
TRUSTED_KINDS = ("ReasonClassifier",)
_ARRAY_KINDS = "fiub"  # float, signed/unsigned int, bool: never object arrays
PREFERRED_FILE = "PREFERRED.json"
MANIFEST_FILE = "manifest.json"
#: the largest JSON file loading reads (bytes), and the deepest nesting; a model's own files stay far below
MAX_JSON_BYTES = {MANIFEST_FILE: 16 << 20, PREFERRED_FILE: 64 << 10}
MAX_FEATURES_JSON_BYTES = 512 << 20
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')


def _sha256(path: Path) -> str:
    return file_sha256(path)


def _manifest_hash(manifest: dict) -> str:
    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _json_depth(data: bytes) -> int:
    """How deeply ``[`` and ``{`` nest in a JSON text (brackets inside strings are not counted)."""
    b = np.frombuffer(_JSON_STRING.sub(b'""', data), dtype=np.uint8)
    idx = np.flatnonzero((b == ord("[")) | (b == ord("{")) | (b == ord("]")) | (b == ord("}")))
    if not len(idx):
        return 0
    steps = np.where((b[idx] == ord("[")) | (b[idx] == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


def read_json(path: Path, max_bytes: int | None = None):
    """Parse a model's JSON file, refusing one too large or nested too deeply before parsing it (a damaged or
    hostile file gives a :class:`ModelError`, never a RecursionError or a memory blow-up)."""
    limit = max_bytes if max_bytes is not None else MAX_JSON_BYTES.get(path.name, MAX_FEATURES_JSON_BYTES)
    where = f"{path.name!r} in {str(path.parent)!r}"
    size = path.stat().st_size
    if size > limit:
        raise ModelError(f"{where} is {size:,} bytes, more than the {limit:,} a textmine model file may hold; "
                         "the model was damaged or is not a textmine model: restore it or retrain")
    data = path.read_bytes()
    depth = _json_depth(data)
    if depth > MAX_JSON_DEPTH:
        raise ModelError(f"{where} nests {depth} levels deep, more than the {MAX_JSON_DEPTH} a textmine model "
                         "file may; the model was damaged or is not a textmine model: restore it or retrain")
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        raise IntegrityError(f"{where} is not valid UTF-8 JSON; the model was damaged or edited: restore it or "
                             "retrain") from None


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for dist in ("numpy", "scipy", "scikit-learn", "jieba", "pandas"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:  # pragma: no cover
            out[dist] = None
    return out


def _features_state(prefix: str, feats, arrays: dict, files: dict) -> dict:
    meta, arrs = feats.to_state()
    for k, v in arrs.items():
        arrays[f"{prefix}{k}"] = v
    files[f"{prefix}features.json"] = meta
    return {"encoder_id": meta["encoder_id"], "embed_dim": meta["embed_dim"], "params": meta["params"]}


def save_model(clf, path, *, metrics: dict | None = None, training: dict | None = None, name: str | None = None,
               version: str | None = None, notes: str = "", extra: dict | None = None) -> Path:
    """Write a fitted :class:`ReasonClassifier` to the new directory ``path`` (refused if it exists and is not
    empty). ``metrics`` and ``training`` (e.g. ``LabelSet.fingerprint()``) go to the manifest; ``notes``
    (e.g. the licence of the training data) to the model card."""
    from .._version import __version__

    clf._check()
    out = Path(path)
    if out.exists() and any(out.iterdir()):
        raise ModelError(f"model directory {str(out)!r} already exists and is not empty; models are never "
                         "overwritten: choose a new directory (train_version numbers versions for you)")
    arrays = {"coef": clf.coef_, "intercept": clf.intercept_, "platt": clf.platt_,
              "thresholds": np.asarray(clf.thresholds_, dtype=np.float64)}
    jsons: dict = {}
    feat_info = _features_state("", clf.features_, arrays, jsons)
    pol = None
    if clf.polarity_model_ is not None:
        pm = clf.polarity_model_
        arrays["polarity_coef"], arrays["polarity_intercept"] = pm.coef_, pm.intercept_
        _features_state("polarity_", pm.features_, arrays, jsons)
        pol = {"classes": [str(c) for c in pm.classes_], "params": {k: (list(v) if isinstance(v, tuple) else v)
                                                                     for k, v in pm.get_params().items()}}
    params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in clf.get_params().items()}
    enc = params.pop("encoder", None)
    manifest = {
        "format": MODEL_FORMAT, "format_version": MODEL_FORMAT_VERSION, "kind": type(clf).__name__,
        "name": name, "version": version,
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "textmine_version": __version__, "dependencies": _versions(),
        "encoder": {"id": feat_info["encoder_id"], "source": str(enc) if isinstance(enc, (str, os.PathLike))
                    else None, "weight": params.get("embed_weight")} if feat_info["embed_dim"] else None,
        "params": params,
        "labels": clf.themes_,
        "thresholds": {str(i): float(t) for i, t in zip(clf.classes_, clf.thresholds_)},
        "cv_folds": int(getattr(clf, "cv_folds_", 0)),
        "n_train": int(getattr(clf, "n_train_", 0)),
        "polarity": pol,
        "metrics": metrics or {},
        "training_data": training or {},
        "extra": extra or {},
    }
    card = _model_card(manifest, notes)
    # the directory is built beside ``out`` and renamed into place: an interrupted save leaves no half model
    with atomic_dir(out) as tmp:
        files = []
        for k, v in arrays.items():
            np.save(tmp / f"{k}.npy", np.ascontiguousarray(v), allow_pickle=False)
            files.append(f"{k}.npy")
        for k, v in jsons.items():
            (tmp / k).write_text(json.dumps(v, ensure_ascii=False), encoding="utf-8")
            files.append(k)
        (tmp / "MODEL_CARD.md").write_text(card, encoding="utf-8")
        files.append("MODEL_CARD.md")
        manifest["files"] = {k: _sha256(tmp / k) for k in sorted(files)}
        manifest["manifest_sha256"] = _manifest_hash(manifest)
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return out


def _model_card(m: dict, notes: str) -> str:
    lines = [f"# {m.get('name') or 'textmine classifier'} {m.get('version') or ''}".rstrip(), "",
             f"- kind: {m['kind']} (format {m['format']} v{m['format_version']}), textmine {m['textmine_version']}",
             f"- created: {m['created']}",
             "- features: " + json.dumps({k: m['params'][k] for k in ('word', 'word_bigrams', 'char_ngrams',
                                                                      'embed_weight') if k in m['params']}),
             f"- encoder: {m['encoder']['id'] if m['encoder'] else 'none'}",
             f"- polarity: {'trained model ' + str(m['polarity']['classes']) if m['polarity'] else 'lexicon'}",
             f"- training rows: {m['training_data'].get('n_rows', m['n_train'])} "
             f"(fingerprint {str(m['training_data'].get('sha256', ''))[:16]})", "",
             "## Labels", "", "| id | name | threshold |", "|---|---|---|"]
    for t in m["labels"]:
        lines.append(f"| {t['id']} | {t.get('name', '')} | {m['thresholds'].get(t['id'], float('nan')):.3f} |")
    met = m.get("metrics") or {}
    if met:
        lines += ["", "## Metrics", "", "```", json.dumps({k: v for k, v in met.items() if not isinstance(v, (list,
                  dict)) or k in ("holdout", "base")}, ensure_ascii=False, indent=1)[:4000], "```"]
    lines += ["", "## Use", "", "Codes clauses of open answers into the themes above (multi-label); a mention's "
              "`similarity` is the calibrated probability. Check it on your own coded sample before relying on "
              "it; retrain with `textmine train` when the codebook changes.", "",
              "`features.json` holds the words and character n-grams seen in the training answers (phone numbers, "
              "e-mails and ID numbers masked before counting): treat the model as derived from that data."]
    if notes:
        lines += ["", "## Notes", "", notes]
    return "\n".join(lines) + "\n"


def resolve_model_dir(path) -> Path:
    """A version directory (with manifest.json), or a model folder holding versions: its preferred one."""
    p = Path(path)
    if (p / "manifest.json").is_file():
        return p
    pref = p / PREFERRED_FILE
    if pref.is_file():
        try:
            v = read_json(pref)["version"]
        except (ModelError, KeyError, TypeError):
            raise ModelError(f"{str(pref)!r} is damaged; expected {{\"version\": \"vN\"}}") from None
        if not isinstance(v, str) or "/" in v or "\\" in v or v.startswith("."):
            raise ModelError(f"{str(pref)!r} names an invalid version {v!r}")
        return p / v
    if not p.exists():
        raise ModelError(f"model directory not found: {str(p)!r}")
    raise ModelError(f"{str(p)!r} is not a textmine model: expected manifest.json (a version directory) or "
                     f"{PREFERRED_FILE} (a model folder with versions)")


def read_manifest(path) -> dict:
    """Read and verify a manifest: format, version, kind and its own hash (it is never trusted unchecked)."""
    d = resolve_model_dir(path)
    mf = d / MANIFEST_FILE
    if not mf.is_file():
        raise ModelError(f"no manifest.json in {str(d)!r}; expected a directory written by save_model")
    m = read_json(mf)
    if not isinstance(m, dict) or m.get("format") != MODEL_FORMAT:
        found = m.get("format") if isinstance(m, dict) else None
        raise ModelError(f"{str(d)!r} is not a textmine classifier (format {found!r}; expected {MODEL_FORMAT!r})")
    if m.get("format_version") != MODEL_FORMAT_VERSION:
        raise ModelError(f"model format version {m.get('format_version')!r} is not supported; this textmine reads "
                         f"format version {MODEL_FORMAT_VERSION}: retrain the model with this textmine")
    if m.get("manifest_sha256") != _manifest_hash(m):
        raise IntegrityError(f"manifest.json in {str(d)!r} was edited after saving (its checksum does not match); "
                             "refusing to load: restore the original or retrain")
    if m.get("kind") not in TRUSTED_KINDS:
        raise IntegrityError(f"untrusted model type {m.get('kind')!r} in {str(d)!r}; trusted types: "
                             f"{list(TRUSTED_KINDS)}")
    return m


def _verified(d: Path, m: dict):
    """Every file the manifest lists is there with its sha256, and nothing else is."""
    files = m.get("files")
    if not isinstance(files, dict) or not files:
        raise IntegrityError(f"manifest.json in {str(d)!r} lists no files; refusing to load")
    extra = sorted(p.name for p in d.iterdir() if p.name != MANIFEST_FILE and p.name not in files)
    if extra:
        more = f" (and {len(extra) - 1} more)" if len(extra) > 1 else ""
        raise IntegrityError(f"{str(d)!r} holds {extra[0]!r}{more}, which its manifest.json does not list; a model "
                             "directory holds only the files it was saved with: move the file out of it, or retrain")
    for name, digest in files.items():
        f = d / name
        if Path(name).name != name:
            raise IntegrityError(f"manifest.json lists the file {name!r} outside the model directory; refusing")
        if not f.is_file():
            raise ModelError(f"model file {name!r} is missing from {str(d)!r}; restore it or retrain")
        if _sha256(f) != digest:
            raise IntegrityError(f"model file {name!r} in {str(d)!r} does not match the sha256 in manifest.json "
                                 "(modified after saving); refusing to load: restore it or retrain")


def _array(d: Path, m: dict, name: str) -> np.ndarray:
    fname = f"{name}.npy"
    if fname not in m["files"]:
        raise ModelError(f"model file {fname!r} is not listed in the manifest of {str(d)!r}")
    try:
        a = np.load(d / fname, allow_pickle=False)
    except ValueError as exc:
        raise IntegrityError(f"model file {fname!r} holds an untrusted type (object arrays are refused): {exc}") \
            from None
    if a.dtype.kind not in _ARRAY_KINDS:
        raise IntegrityError(f"model file {fname!r} has dtype {a.dtype}, an untrusted type; expected numbers")
    return a


def _json(d: Path, m: dict, name: str):
    if name not in m["files"]:
        raise ModelError(f"model file {name!r} is not listed in the manifest of {str(d)!r}")
    return read_json(d / name)


def load_classifier(path, *, encoder=None):
    """Load a model directory written by :func:`save_model` (or a model folder: its preferred version),
    verifying the manifest, the sha256 of every file, that no other file is there, and the trusted types first.

    The hashes catch accidents (truncated copies, edited or stray files), not attacks: whoever can write the
    directory can rewrite the manifest too. Only load models from places only trusted people can write."""
    d = resolve_model_dir(path)
    m = read_manifest(d)
    try:
        _verified(d, m)
        return _build(d, m, encoder)
    except TextmineError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        what = f"the field {exc.args[0]!r} is missing" if isinstance(exc, KeyError) else "a field has the wrong type"
        raise ModelError(f"the model files in {str(d)!r} do not have the structure this textmine writes ({what}); "
                         "the model was damaged or edited: restore it or retrain") from None


def _build(d: Path, m: dict, encoder):
    from ._features import TextFeatures
    from ._polarity import PolarityClassifier
    from ._reason import ReasonClassifier

    params = dict(m["params"])
    if isinstance(params.get("char_ngrams"), list):
        params["char_ngrams"] = tuple(params["char_ngrams"])
    enc = encoder if encoder is not None else ((m.get("encoder") or {}).get("source"))
    try:
        clf = ReasonClassifier(**params, encoder=enc)
    except TypeError as exc:
        raise ModelError(f"the manifest's parameters do not fit this textmine's ReasonClassifier: {exc}") from None
    clf.features_ = TextFeatures.from_state(_json(d, m, "features.json"),
                                            {"word_idf": _array(d, m, "word_idf"),
                                             "char_idf": _array(d, m, "char_idf")}, encoder=enc)
    clf.coef_ = _array(d, m, "coef").astype(np.float32)
    clf.intercept_ = _array(d, m, "intercept").astype(np.float32)
    clf.platt_ = _array(d, m, "platt").astype(np.float64)
    clf.thresholds_ = _array(d, m, "thresholds").astype(np.float64)
    labels = m["labels"]
    clf.classes_ = np.array([t["id"] for t in labels], dtype=object)
    clf.names_ = {t["id"]: t.get("name", t["id"]) for t in labels}
    clf.themes_ = [dict(t) for t in labels]
    k, dim = len(labels), clf.features_.n_features_
    if clf.coef_.shape != (k, dim) or clf.intercept_.shape != (k,) or clf.platt_.shape != (k, 2) \
            or clf.thresholds_.shape != (k,):
        raise ModelError(f"the weights' shapes do not match {k} labels and {dim} features; the model directory "
                         "is inconsistent: retrain it")
    clf.cv_folds_ = int(m.get("cv_folds", 0))
    clf.n_train_ = int(m.get("n_train", 0))
    clf.polarity_model_ = None
    if m.get("polarity"):
        p = dict(m["polarity"]["params"])
        if isinstance(p.get("char_ngrams"), list):
            p["char_ngrams"] = tuple(p["char_ngrams"])
        pm = PolarityClassifier(**p)
        pm.features_ = TextFeatures.from_state(_json(d, m, "polarity_features.json"),
                                               {"word_idf": _array(d, m, "polarity_word_idf"),
                                                "char_idf": _array(d, m, "polarity_char_idf")})
        pm.coef_ = _array(d, m, "polarity_coef").astype(np.float32)
        pm.intercept_ = _array(d, m, "polarity_intercept").astype(np.float32)
        pm.classes_ = np.array(m["polarity"]["classes"], dtype=object)
        clf.polarity_model_ = pm
    clf.manifest_ = m
    clf.model_dir_ = str(d)
    return clf


def check_name(name: str) -> str:
    if not name or any(c in name for c in "/\\") or name.startswith("."):
        raise ConfigError(f"model name {name!r} must be a plain folder name")
    return name
