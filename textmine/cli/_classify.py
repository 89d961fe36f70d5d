"""``textmine train`` / ``classify`` / ``suggest``: trained classifiers from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._app import app


def _sep(value: str) -> str:
    if not value:
        raise typer.BadParameter("must be a non-empty string such as ';' (it separates the labels in one cell)")
    return value


def _share(value: Optional[float]) -> Optional[float]:
    if value is not None and not 0 <= value < 1:
        raise typer.BadParameter(f"{value} must be at least 0 and below 1")
    return value


def _format(value: str) -> str:
    from ..classify import LABEL_FORMATS

    if value not in LABEL_FORMATS:
        raise typer.BadParameter(f"{value!r} must be one of {', '.join(LABEL_FORMATS)}")
    return value


_LABELS_HELP = ("Labels column (labels separated by --sep, or one label per row); default: a header such as "
                "labels or 标签.")
_TEXT_HELP = "Text column; default: a header such as text, 原因 or comment, as `textmine analyze` guesses it."


@app.command("train")
def train_command(
    labels: Optional[Path] = typer.Argument(None, help="Labelled answers (CSV/XLSX…): a text column plus labels "
                                            "separated by ';', one 0/1 column per label, or long format. Omit it "
                                            "to train from the codebook's seed phrases and keywords alone."),
    codebook: Optional[Path] = typer.Option(None, "--codebook", help="codebook.yaml: the label set and its names "
                                            "(optional with LABELS: the label set is then the labels found in it)."),
    out: Path = typer.Option(..., "--out", help="Model folder models/NAME; versions v1, v2 … are written in it."),
    base: Optional[Path] = typer.Option(None, "--base", help="Model version to compare with (default: the "
                                        "folder's preferred version)."),
    text: Optional[str] = typer.Option(None, "--text", help=_TEXT_HELP),
    label_col: Optional[str] = typer.Option(None, "--labels", help=_LABELS_HELP),
    format: str = typer.Option("auto", "--format", callback=_format, help="auto, delimited, wide or long."),
    sep: str = typer.Option(";", "--sep", callback=_sep, help="Separator of labels in one cell."),
    unlabelled: Optional[Path] = typer.Option(None, "--unlabelled", help="Unlabelled answers: with LABELS, "
                                              "used for self-training; without, labelled weakly by the codebook's "
                                              "seed phrases and keywords."),
    test_size: Optional[float] = typer.Option(None, "--test-size", callback=_share, help="Share of rows held out (by a hash of "
                                              "the text) to compare versions; default 0.2 (0 without LABELS)."),
    force: bool = typer.Option(False, "--force", help="Mark the new version preferred even if it is worse."),
    embed_weight: Optional[float] = typer.Option(None, "--embed-weight", min=0.0, help="Weight of the encoder vectors "
                                                 "beside the TF-IDF features (default: the base's, else 0.5; 0: no "
                                                 "encoder needed to apply the model)."),
    quiet: bool = typer.Option(False, "--quiet"),
):
    """Train a new model version in OUT and compare it with the base on the same held-out rows."""
    from ..classify import read_answers, read_labels, train_version, weak_labels
    from ..themes import Codebook

    if labels is None and codebook is None:
        raise typer.BadParameter("both are missing; give LABELS (coded answers), --codebook (to train from its "
                                 "seed phrases alone) or both", param_hint="LABELS and --codebook")
    cb = Codebook.load(codebook) if codebook is not None else None
    extra = None
    if labels is not None:
        if unlabelled is not None:
            extra = read_answers(unlabelled, text, None)[0]
        ls = read_labels(labels, text=text, labels=label_col, format=format, sep=sep, codebook=cb)
        ts = 0.2 if test_size is None else test_size
    else:
        texts = read_answers(unlabelled, text, None)[0] if unlabelled is not None else None
        ls = weak_labels(cb, texts)
        ts = 0.0 if test_size is None else test_size
    if not quiet:
        typer.echo(ls.report.summary())
        fewest = int(ls.Y.sum(axis=0).min()) if len(ls) else 0
        if labels is not None and extra is None and fewest < 64:
            typer.echo(f"hint: a label has only {fewest} examples; pass --unlabelled with the survey's uncoded "
                       "answers to self-train (16 examples per label: about 0.76 -> 0.86 of the full-data macro-F1 "
                       "in benchmarks/results/classify_quality.json)")
    params = {"embed_weight": embed_weight} if embed_weight is not None else None
    rep = train_version(ls, out, codebook=cb, base=base, force=force, test_size=ts, unlabelled=extra, params=params)
    typer.echo(rep.summary())


@app.command("evaluate")
def evaluate_command(
    labels: Path = typer.Argument(..., help="Labelled answers (CSV/XLSX…), in any format `textmine train` reads."),
    codebook: Optional[Path] = typer.Option(None, "--codebook", help="codebook.yaml: the label set and its names "
                                            "(default: the labels found in LABELS)."),
    model: Optional[Path] = typer.Option(None, "--model", help="Score this model version (or model folder) on "
                                         "the labelled answers instead of cross-validating a new classifier."),
    folds: int = typer.Option(5, "--folds", min=2, help="Cross-validation folds (stratified for multi-label "
                              "data)."),
    text: Optional[str] = typer.Option(None, "--text", help=_TEXT_HELP),
    label_col: Optional[str] = typer.Option(None, "--labels", help=_LABELS_HELP),
    format: str = typer.Option("auto", "--format", callback=_format, help="auto, delimited, wide or long."),
    sep: str = typer.Option(";", "--sep", callback=_sep, help="Separator of labels in one cell."),
    embed_weight: Optional[float] = typer.Option(None, "--embed-weight", min=0.0, help="Encoder weight of the "
                                                 "cross-validated classifier (default 0.5)."),
    out: Optional[Path] = typer.Option(None, "--out", help="JSON file for the full result."),
    quiet: bool = typer.Option(False, "--quiet"),
):
    """Per-label precision/recall/F1 with support, micro/macro/weighted F1, a learning curve and the most
    confused label pairs: by k-fold cross-validation, or of a saved model on your own coded answers."""
    import json

    from ..classify import ReasonClassifier, cross_validate_labels, evaluate, load_classifier, read_labels
    from ..errors import ConfigError
    from ..io import atomic_write_text
    from ..themes import Codebook

    cb = Codebook.load(codebook) if codebook is not None else None
    ls = read_labels(labels, text=text, labels=label_col, format=format, sep=sep, codebook=cb)
    if not quiet:
        typer.echo(ls.report.summary())
    if model is not None:
        clf = load_classifier(model)
        res = evaluate(clf, ls.texts, ls.Y, labels=ls.labels, method=f"model {clf.model_dir_}")
    else:
        pos = ls.Y.sum(axis=0)
        if len(ls) and int(pos.min()) < folds:
            few = [lab for lab, c in zip(ls.labels, pos) if c < folds]
            raise ConfigError(f"labels {few} have fewer than {folds} examples, so {folds}-fold cross-validation "
                              "cannot test each of them; label more answers or pass a smaller --folds")
        params = {"embed_weight": embed_weight} if embed_weight is not None else {}
        res = cross_validate_labels(ReasonClassifier(**params), ls, n_splits=folds)
    typer.echo(res.summary())
    if out is not None:
        atomic_write_text(out, json.dumps(res.to_dict(), ensure_ascii=False, indent=1) + "\n")
        typer.echo(f"wrote {out}")


@app.command("classify")
def classify_command(
    input: Path = typer.Argument(..., help="Answers to code (CSV/XLSX…)."),
    model: Path = typer.Option(..., "--model", help="Model version directory, or a model folder (its preferred "
                               "version)."),
    out: Path = typer.Option(..., "--out", help="Mentions CSV to write."),
    text: Optional[str] = typer.Option(None, "--text", help=_TEXT_HELP),
    id: Optional[str] = typer.Option(None, "--id", help="Respondent id column (default: row numbers)."),
    quiet: bool = typer.Option(False, "--quiet"),
):
    """Split answers into clauses and write one mention per (clause, theme) with its probability."""
    import pandas as pd

    from .._stages import ApplyModel, run_stages
    from ..classify import load_classifier, read_answers
    from ..io import write_csv

    clf = load_classifier(model)
    texts, ids = read_answers(input, text, id)
    frame = pd.DataFrame({"respondent_id": ids, "text": texts})
    run = run_stages(frame, frame[["respondent_id"]], ApplyModel(clf), embed=False,
                     show_progress=False if quiet else None)
    clauses, res = run.clauses, run.themes
    write_csv(res.mentions, out)
    if not quiet:
        m = res.mentions
        n = int((m["source"] == "classifier").sum())
        typer.echo(f"{n} mentions in {len(clauses)} clauses of {len(frame)} answers "
                   f"({res.unassigned_share:.1%} of content clauses unassigned); wrote {out}")


@app.command("suggest")
def suggest_command(
    input: Path = typer.Argument(..., help="Unlabelled answers (CSV/XLSX…)."),
    model: Path = typer.Option(..., "--model", help="Model version directory or model folder."),
    n: int = typer.Option(50, "--n", min=1, help="How many answers to suggest."),
    text: Optional[str] = typer.Option(None, "--text", help=_TEXT_HELP),
    id: Optional[str] = typer.Option(None, "--id", help="Respondent id column (default: row numbers)."),
    out: Optional[Path] = typer.Option(None, "--out", help="CSV to write (default: print a table)."),
    diversity: float = typer.Option(0.3, "--diversity", min=0.0, max=1.0, help="0: most uncertain only; 1: most "
                                    "diverse."),
    no_mask: bool = typer.Option(False, "--no-mask", help="Write answers unmasked: the file then holds phone "
                                 "numbers, e-mail addresses, ID and card numbers as respondents wrote them. By "
                                 "default they are replaced by <PHONE>, <EMAIL>, <ID> …, because labelling files "
                                 "travel."),
):
    """List the unlabelled answers whose labels would help the model most, ready to label (personal data masked
    unless --no-mask)."""
    from ..classify import load_classifier, read_answers, suggest
    from ..io import write_csv

    clf = load_classifier(model)
    texts, ids = read_answers(input, text, id)
    table = suggest(clf, texts, n=n, ids=ids, diversity=diversity, mask=not no_mask)
    if out is not None:
        write_csv(table, out)
        typer.echo(f"wrote {len(table)} answers to label to {out}")
    else:
        typer.echo(table.drop(columns=["labels"]).to_string(index=False))
    if no_mask:
        typer.echo("answers NOT masked (--no-mask): phone numbers, e-mail addresses and ID numbers are as "
                   "respondents wrote them; keep the list inside the team", err=True)
    else:
        typer.echo("answers masked: phone numbers, e-mail addresses and ID numbers replaced by <PHONE>, <EMAIL>, "
                   "<ID> … (--no-mask writes them as respondents wrote them)", err=True)
