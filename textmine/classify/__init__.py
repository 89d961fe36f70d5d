"""Trained classifiers: apply a codebook to new surveys, learn from coders' corrections, prove each new model
is not worse than the last.

    from textmine.classify import ReasonClassifier, read_labels, save_model, load_classifier
    labels = read_labels("coded.csv", codebook=Codebook.load("codebook.yaml"))
    clf = ReasonClassifier().fit_labels(labels)
"""

from ._evaluate import EvaluationResult, cross_validate_labels, evaluate
from ._files import read_answers
from ._labels import LABEL_FORMATS, LabelReport, LabelSet, read_labels, weak_labels
from ._polarity import PolarityClassifier
from ._reason import ReasonClassifier
from ._store import MODEL_FORMAT_VERSION, load_classifier, save_model
from ._suggest import suggest
from ._versions import TrainReport, train_version

__all__ = [
    "EvaluationResult",
    "LABEL_FORMATS",
    "LabelReport",
    "LabelSet",
    "MODEL_FORMAT_VERSION",
    "PolarityClassifier",
    "ReasonClassifier",
    "TrainReport",
    "cross_validate_labels",
    "evaluate",
    "load_classifier",
    "read_answers",
    "read_labels",
    "save_model",
    "suggest",
    "train_version",
    "weak_labels",
]
