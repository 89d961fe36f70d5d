"""Corpora for training and evaluating the default Chinese encoder (shared by the training script and the benchmark).

The public datasets live outside the repository (``$TEXTMINE_DATA``, default ``../shared/data`` beside the repo).
Nothing here copies their rows anywhere: they are read where they are.

Held out of encoder training, always:
- ``ccf2018_car_opinions`` (every file): the car-forum benchmark set.
- the evaluation split of ``online_shopping_10_cats``: every review whose normalised text hashes into bucket 0 of 5
  (``is_eval_text``), about 20 %. Hashing the text (not the row number) keeps duplicates in one split.
Any training text equal (after normalisation) to an evaluation text is dropped as well.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import unicodedata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

# (folder, file, text column) for the training corpus; ccf2018 is deliberately absent.
TRAIN_SOURCES = [
    ("online_shopping_10_cats", "online_shopping_10_cats.csv", "review"),  # train split only
    ("waimai_10k", "waimai_10k.csv", "review"),
    ("chnsenticorp_htl_all", "chnsenticorp_htl_all.csv", "review"),
    ("fewclue_eprstmt", "eprstmt_unlabeled.csv", "sentence"),
    ("fewclue_eprstmt", "eprstmt_labeled.csv", "sentence"),
    ("jd_aircon_reviews", "jd_aircon_reviews.csv", "review"),
    ("chinese_absa_pyabsa", "chinese_absa_apc.csv", "sentence"),
    ("asap_sample", "asap_sample.csv", "reviewbody"),
    ("douban_dmr_sample", "douban_dmr_sample.csv", "text"),
    ("fewclue_tnews", "tnews_labeled.csv", "sentence"),
    ("fewclue_iflytek", "iflytek_labeled.csv", "sentence"),
]

_WS = re.compile(r"\s+")
_T2S = None


def data_dir() -> Path | None:
    """The public data folder, or None when it is absent."""
    path = Path(os.environ.get("TEXTMINE_DATA", REPO_ROOT.parent / "shared" / "data"))
    return path if path.is_dir() else None


def normalise(text: str) -> str:
    """NFKC, traditional -> simplified, lower case, whitespace collapsed, BOM and HTML spaces removed."""
    global _T2S
    if _T2S is None:
        import opencc

        _T2S = opencc.OpenCC("t2s")
    text = text.replace("\ufeff", "").replace("&nbsp;", " ")
    text = unicodedata.normalize("NFKC", text)
    text = _T2S.convert(text).lower()
    return _WS.sub(" ", text).strip()


def is_eval_text(normalised: str) -> bool:
    """True for the ~20 % of online_shopping_10_cats reviews kept for evaluation."""
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).digest()[0] % 5 == 0


def read_column(path: Path, column: str, *extra: str) -> list[tuple]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh)
        return [(row[column] or "", *(row[c] for c in extra)) for row in rows]


def online_shopping_eval(root: Path) -> tuple[list[str], list[str]]:
    """(normalised texts, categories) of the held-out online_shopping_10_cats split, duplicates removed."""
    seen, texts, cats = set(), [], []
    for text, cat in read_column(root / "online_shopping_10_cats" / "online_shopping_10_cats.csv", "review", "cat"):
        t = normalise(text)
        if t and is_eval_text(t) and t not in seen:
            seen.add(t)
            texts.append(t)
            cats.append(cat)
    return texts, cats


def ccf_single_subject(root: Path) -> tuple[list[str], list[str]]:
    """(normalised texts, subject) of the ccf2018 texts that carry exactly one subject."""
    seen, texts, subjects = set(), [], []
    path = root / "ccf2018_car_opinions" / "reviews_labeled.csv"
    for text, subject in read_column(path, "content", "single_subject"):
        t = normalise(text)
        if t and subject and t not in seen:
            seen.add(t)
            texts.append(t)
            subjects.append(subject)
    return texts, subjects


def eval_texts(root: Path) -> set[str]:
    """Every normalised text that must stay out of training (all of ccf2018 + the online_shopping eval split)."""
    held = set(online_shopping_eval(root)[0])
    ccf = root / "ccf2018_car_opinions"
    for name in ("reviews_labeled.csv", "reviews_unlabeled_test.csv"):
        held.update(normalise(t) for (t,) in read_column(ccf / name, "content"))
    return held


def training_texts(root: Path) -> tuple[list[str], dict[str, int]]:
    """Normalised, de-duplicated training texts and the count taken from each source."""
    held = eval_texts(root)
    seen: set[str] = set()
    texts: list[str] = []
    counts: dict[str, int] = {}
    for folder, name, column in TRAIN_SOURCES:
        n = 0
        for (raw,) in read_column(root / folder / name, column):
            t = normalise(raw)
            if not t or t in held or t in seen:
                continue
            if folder == "online_shopping_10_cats" and is_eval_text(t):
                continue
            seen.add(t)
            texts.append(t)
            n += 1
        counts[f"{folder}/{name}"] = n
    return texts, counts
