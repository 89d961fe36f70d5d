"""Retraining: a new numbered version beside the old ones, compared with the base on the same held-out rows;
a worse model is written but not marked preferred unless forced."""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ConfigError, InputError
from ._evaluate import fmt

__all__ = ["TrainReport", "train_version", "list_versions", "preferred_version"]

_V = re.compile(r"^v(\d+)$")


@dataclass
class TrainReport:
    """What :func:`train_version` did: the new version, its scores, the base's on the same rows, the verdict."""

    path: Path
    version: str
    preferred: bool
    worse: bool
    new: object            # EvaluationResult on the held-out rows (None when nothing was held out)
    base: object           # EvaluationResult of the base on the same rows, or None
    base_path: str | None
    comparison: pd.DataFrame
    n_train: int
    n_holdout: int
    message: str

    def to_frame(self) -> pd.DataFrame:
        return self.comparison.copy()

    def summary(self) -> str:
        """The comparison table, labels by name (the codebook's, when it has one), then the verdict."""
        lines = [f"wrote {self.version} to {self.path} (trained on {self.n_train} rows, {self.n_holdout} held out)"]
        if len(self.comparison):
            has_base = "f1_base" in self.comparison.columns
            shown = [str(r.name or r.label) for r in self.comparison.itertuples()]
            w = max(10, *(_width(x) + 2 for x in shown))
            lines.append(f"  {_pad('label', w)}{'support':>8}{'F1 new':>9}" + (f"{'F1 base':>9}{'delta':>8}"
                                                                              if has_base else ""))
            for name, r in zip(shown, self.comparison.itertuples()):
                line = f"  {_pad(name, w)}{r.support:>8}{fmt(r.f1_new):>9}"
                if has_base:
                    delta = "—" if np.isnan(r.delta) else f"{r.delta:+.3f}"
                    line += f"{fmt(r.f1_base):>9}{delta:>8}"
                lines.append(line)
            left_out = self.new.unscored if self.new is not None else []
            if left_out:
                names = dict(zip(self.comparison["label"], shown))
                lines.append(f"  macro-F1 leaves out {len(left_out)} label{'s' if len(left_out) != 1 else ''} "
                             "with no held-out example: " + ", ".join(names.get(x, str(x)) for x in left_out))
        lines.append(self.message)
        return "\n".join(lines)


def _width(s: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(width - _width(s), 0)


def list_versions(out) -> list[str]:
    p = Path(out)
    if not p.is_dir():
        return []
    vs = [d.name for d in p.iterdir() if d.is_dir() and _V.match(d.name)]
    return sorted(vs, key=lambda v: int(v[1:]))


def preferred_version(out) -> str | None:
    from ._store import PREFERRED_FILE

    f = Path(out) / PREFERRED_FILE
    if not f.is_file():
        return None
    try:
        return json.loads(f.read_text(encoding="utf-8"))["version"]
    except (ValueError, KeyError, TypeError):
        return None


def _comparison(new_eval, base_eval) -> pd.DataFrame:
    t = new_eval.per_label[["label", "name", "support", "f1"]].rename(columns={"f1": "f1_new"})
    rows = [t]
    avg = pd.DataFrame([{"label": "micro", "name": "", "support": int(t["support"].sum()),
                         "f1_new": new_eval.micro_f1},
                        {"label": "macro", "name": "", "support": int(t["support"].sum()),
                         "f1_new": new_eval.macro_f1}])
    out = pd.concat(rows + [avg], ignore_index=True)
    if base_eval is not None:
        b = dict(zip(base_eval.per_label["label"], base_eval.per_label["f1"]))
        b.update({"micro": base_eval.micro_f1, "macro": base_eval.macro_f1})
        out["f1_base"] = out["label"].map(b).astype(float)
        out["delta"] = out["f1_new"] - out["f1_base"]
    return out


def train_version(labels, out, *, codebook=None, base=None, force: bool = False, test_size: float = 0.2,
                  tolerance: float = 0.0, params: dict | None = None, notes: str = "",
                  unlabelled=None) -> TrainReport:
    """Train a new version ``vN`` of the model in folder ``out`` (``models/NAME``) from a :class:`LabelSet`.

    Rows are held out by a hash of their text (``test_size``), so the same answers are held out in every
    version and no version trains on them. The base (``base``, else the folder's preferred version) is scored
    on the same rows, on the labels both models know. The new version becomes preferred unless its macro-F1 is
    below the base's by more than ``tolerance`` — then only with ``force``. Versions are never overwritten.
    ``unlabelled`` answers turn on self-training (2 rounds unless ``params`` says otherwise).
    """
    from ._evaluate import evaluate
    from ._reason import ReasonClassifier
    from ._split import hash_holdout
    from ._store import PREFERRED_FILE, load_classifier, save_model

    out = Path(out)
    if out.exists() and (out / "manifest.json").exists():
        raise ConfigError(f"{str(out)!r} is a model version; pass the model folder (models/NAME) as out")
    base_clf, base_path = None, None
    if base is not None:
        base_clf = load_classifier(base)
        base_path = base_clf.model_dir_
    elif preferred_version(out):
        base_clf = load_classifier(out)
        base_path = base_clf.model_dir_
    p = {}
    if base_clf is not None:
        p = {k: v for k, v in base_clf.get_params().items() if k != "encoder"}
    p.update(params or {})
    if unlabelled is not None and not p.get("self_training"):
        p["self_training"] = 2
    held = hash_holdout(labels.texts, test_size=test_size)
    train, test = labels.subset(~held), labels.subset(held)
    pos = train.Y.sum(axis=0)
    if len(train) < 2 or (pos == 0).any() or (pos == len(train)).any():
        lacking = [lab for lab, c in zip(labels.labels, pos) if c == 0 or c == len(train)]
        raise InputError(f"after holding out {int(held.sum())} rows for evaluation, labels {lacking} have no "
                         "positive (or no negative) training examples; label more answers for them")
    clf = ReasonClassifier(**p).fit_labels(train, codebook=codebook, unlabelled=unlabelled)
    new_eval = base_eval = None
    comparison = pd.DataFrame()
    if len(test):
        new_eval = evaluate(clf, test.texts, test.Y, labels=test.labels)
        if base_clf is not None:
            base_eval = evaluate(base_clf, test.texts, test.Y, labels=test.labels)
            common = list(base_eval.per_label["label"])
            new_common = evaluate(clf, test.texts, test.Y[:, [test.labels.index(c) for c in common]], labels=common)
            comparison = _comparison(new_common, base_eval)
            # labels the base does not know, scored for the new model only
            extra = new_eval.per_label[~new_eval.per_label["label"].isin(common)]
            if len(extra):
                comparison = pd.concat([comparison.iloc[:-2], extra[["label", "name", "support", "f1"]].rename(
                    columns={"f1": "f1_new"}), comparison.iloc[-2:]], ignore_index=True)
        else:
            comparison = _comparison(new_eval, None)
    worse = False
    if base_eval is not None:
        new_macro = float(comparison.loc[comparison["label"] == "macro", "f1_new"].iloc[0])
        worse = new_macro < base_eval.macro_f1 - tolerance
    versions = list_versions(out)
    version = f"v{int(versions[-1][1:]) + 1 if versions else 1}"
    metrics = {"holdout": new_eval.to_dict() if new_eval is not None else None,
               "base": {"path": base_path, "holdout": base_eval.to_dict() if base_eval is not None else None},
               "comparison": comparison.replace({np.nan: None}).to_dict("records"),
               "holdout_rule": f"sha256 of text < {test_size}", "worse_than_base": worse}
    training = {**labels.fingerprint(), "n_train": len(train), "n_holdout": len(test),
                "report": {k: (len(v) if isinstance(v, list) else v) for k, v in labels.report.to_dict().items()}}
    path = save_model(clf, out / version, metrics=metrics, training=training, name=out.name, version=version,
                      notes=notes)
    preferred = not worse or force
    if preferred:
        from ..io import atomic_write_text

        atomic_write_text(out / PREFERRED_FILE, json.dumps({
            "version": version, "updated": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
            "macro_f1_holdout": new_eval.macro_f1 if new_eval is not None else None, "forced": bool(worse and force)},
            indent=2) + "\n")
    if base_eval is None:
        msg = f"{version} is the preferred version (no base to compare with)"
    elif worse and not force:
        msg = (f"{version} is worse than the base on the same held-out rows (macro-F1 {new_macro:.3f} < "
               f"{base_eval.macro_f1:.3f}); it was written but NOT marked preferred: pass --force (force=True) "
               "to prefer it anyway")
    elif worse:
        msg = (f"{version} is worse than the base (macro-F1 {new_macro:.3f} < {base_eval.macro_f1:.3f}) but was "
               "marked preferred because force was given")
    else:
        msg = (f"{version} is not worse than the base (macro-F1 {new_macro:.3f} vs {base_eval.macro_f1:.3f}): "
               "marked preferred")
    return TrainReport(path=path, version=version, preferred=preferred, worse=worse, new=new_eval, base=base_eval,
                       base_path=base_path, comparison=comparison, n_train=len(train), n_holdout=len(test),
                       message=msg)
