"""The labelling queue (from ``suggest`` when a model exists, else a theme's borderline answers), labels saved to
``OUT/labels.csv`` in the delimited format ``textmine train`` reads, and training a new model version."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ConfigError, InputError

__all__ = ["LABELS_FILE", "POLARITY_CODES", "queue", "save_labels", "train_new_version"]

LABELS_FILE = "labels.csv"
LABEL_COLUMNS = ["respondent_id", "text", "labels"]
#: how a polarity is written after a label: T03#-1
POLARITY_CODES = {"positive": "1", "neutral": "0", "negative": "-1"}
_POOL = 5000  # answers scored by the model for one queue (a deterministic sample of the unlabelled ones)


def read_label_rows(out) -> pd.DataFrame:
    path = Path(out) / LABELS_FILE
    if not path.exists():
        return pd.DataFrame(columns=LABEL_COLUMNS)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def encode_labels(labels) -> str:
    """``[{"theme": "T01", "polarity": "negative"}, …]`` → ``T01#-1`` joined by ``;``."""
    if not isinstance(labels, list):
        raise ConfigError("'labels' must be a list of {theme, polarity} objects (empty: the answer has no theme)")
    parts = []
    for lab in labels:
        if not isinstance(lab, dict) or not isinstance(lab.get("theme"), str) or not lab["theme"]:
            raise ConfigError("each label must be an object with a theme id, e.g. {\"theme\": \"T01\"}")
        pol = lab.get("polarity") or ""
        if pol and pol not in POLARITY_CODES:
            raise ConfigError(f"polarity {pol!r} must be one of {', '.join(POLARITY_CODES)} or empty")
        parts.append(lab["theme"] + (f"#{POLARITY_CODES[pol]}" if pol else ""))
    return ";".join(dict.fromkeys(parts))


def _checked(store, rid, labels) -> tuple[str, str]:
    """(the answer's text, the labels cell) of one label, checked against respondents.csv and the codebook."""
    if not isinstance(rid, str) or not rid:
        raise ConfigError("'respondent_id' must be a respondent id from respondents.csv")
    answer = store.tables.respondent(rid)
    ids = set(store.codebook().ids)
    cell = encode_labels(labels)
    unknown = [lab["theme"] for lab in labels if lab["theme"] not in ids]
    if unknown:
        raise ConfigError(f"unknown theme ids {unknown}; the codebook has {', '.join(sorted(ids))}")
    return answer["text"], cell


def save_labels(store, items, *, who=None) -> dict:
    """Write (or replace) the labels of each ``{respondent_id, labels}`` in labels.csv, each one logged and
    undoable; nothing is written unless every item is valid."""
    from ..io import write_csv

    if not isinstance(items, list) or not items or not all(isinstance(it, dict) for it in items):
        raise ConfigError("send {respondent_id, labels} or {items: [{respondent_id, labels}, …]}")
    checked = [(it.get("respondent_id"), *_checked(store, it.get("respondent_id"), it.get("labels")))
               for it in items]
    n = 0
    for rid, text, cell in checked:
        def write(rid=rid, text=text, cell=cell):
            rows = read_label_rows(store.out)
            rows = rows[rows["respondent_id"] != rid]
            rows = pd.concat([rows, pd.DataFrame([{"respondent_id": rid, "text": text, "labels": cell}])],
                             ignore_index=True)
            write_csv(rows[LABEL_COLUMNS], store.out / LABELS_FILE)
            return {"n_labelled": len(rows)}

        n = store.record("label", {"respondent_id": rid, "labels": cell}, [LABELS_FILE], write,
                         who=who)["result"]["n_labelled"]
    return {"saved": len(checked), "n_labelled": n}


def model_folder(store) -> tuple[Path, Path | None]:
    """(the model folder new versions go to, the base version or None): ``--model`` (a folder, or a version
    whose folder gets the new one), else ``OUT/models/review``."""
    m = store.model
    if m is None:
        return store.out / "models" / "review", None
    if (m / "manifest.json").exists():
        return m.parent, m
    return m, None


def _current_model(store):
    from ..classify import load_classifier

    folder, base = model_folder(store)
    target = base if base is not None else folder
    versions = tuple(sorted(str(p) for p in folder.glob("v*/manifest.json")))
    if base is None and not versions:
        return None
    key = (str(target), versions)
    if store.cache.get("model", (None,))[0] != key:
        store.cache["model"] = (key, load_classifier(target))
    return store.cache["model"][1]


def queue(store, *, theme: str | None = None, n: int = 20) -> dict:
    """Answers to label next, not yet labelled: a theme's borderline answers (lowest similarity) when ``theme``
    is given or no model exists, else the model's least sure answers (:func:`textmine.classify.suggest`)."""
    tables, aliases = store.tables, store.aliases()
    done = set(read_label_rows(store.out)["respondent_id"])
    clf = None if theme else _current_model(store)
    if clf is not None:
        from ..classify import suggest

        key = (str(clf.model_dir_), len(done) // 100)  # ranked once per model version (and 100 new labels)
        cache = store.cache.get("queue")
        if cache is None or cache[0] != key:
            a = tables.answers
            a = a[(a["text"].str.strip() != "") & ~a["respondent_id"].isin(done)]
            if len(a) > _POOL:
                a = a.sample(_POOL, random_state=0)
            table = suggest(clf, a["text"].tolist(), ids=a["respondent_id"].tolist(), n=5 * n, mask=False)
            cache = (key, [(r.id, str(r.suggested).split(";") if r.suggested else [], 1.0 - float(r.uncertainty),
                            None) for r in table.itertuples()])
            store.cache["queue"] = cache
        picks = [p for p in cache[1] if p[0] not in done][:n]
        source = "model"
    else:
        m = tables.borderline(theme, aliases, done, n)
        picks = [(rid, None, float(s), c) for rid, s, c in zip(m["respondent_id"], m["similarity"], m["clause_id"])]
        source = "borderline"
    ids = set(store.codebook().ids)
    items = []
    for rid, suggested, confidence, clause_id in picks:
        mm = tables.respondent_mentions(rid)
        found = {}
        for t, pol in zip(mm["theme"], mm["polarity"]):
            t = aliases.get(t, t)
            if t in ids and t not in found:
                found[t] = pol if pol in POLARITY_CODES else ""
        themes = suggested if suggested is not None else list(found)
        row = tables.answer_row(tables.respondent(rid), clause_id)
        row["suggested"] = [{"theme": t, "polarity": found.get(t, "")} for t in themes if t in ids]
        row["confidence"] = round(confidence, 3)
        items.append(row)
    return {"source": source, "theme": theme, "items": items, "n_labelled": len(done)}


def train_new_version(store) -> dict:
    """Train a new version from labels.csv and compare it with the base on the same held-out rows."""
    from ..classify import LabelSet, read_labels, train_version

    path = store.out / LABELS_FILE
    if not path.exists():
        raise InputError("no labels.csv yet: label some answers first")
    cb = store.codebook()
    ls = read_labels(path, text="text", labels="labels", format="delimited", id="respondent_id", keep_empty=True)
    names = cb.names()
    keep = [j for j, lab in enumerate(ls.labels) if lab in names and 2 <= ls.Y[:, j].sum() < len(ls)]
    if not keep:
        raise InputError(f"{len(ls)} labelled answers, but no theme has two or more of them (and not all): "
                         "label more answers")
    ls = LabelSet(ls.texts, ls.Y[:, keep], [ls.labels[j] for j in keep], {ls.labels[j]: names[ls.labels[j]]
                  for j in keep}, ls.polarity, ls.report, ls.source)
    folder, base = model_folder(store)
    rep = train_version(ls, folder, base=base, test_size=0.2)
    comp = rep.comparison.replace({np.nan: None})
    return {"model_version": rep.version, "path": str(rep.path), "preferred": bool(rep.preferred), "worse": bool(rep.worse),
            "message": rep.message, "n_train": rep.n_train, "n_holdout": rep.n_holdout,
            "base": rep.base_path, "comparison": comp.to_dict("records")}
