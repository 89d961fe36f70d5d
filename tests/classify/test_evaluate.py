import numpy as np
import pandas as pd
import pytest

from textmine.classify import ReasonClassifier, cross_validate_labels, evaluate
from textmine.classify._evaluate import confusable_pairs, scores


def test_scores_exact():
    Y = np.array([[1, 0], [1, 1], [0, 1], [0, 0]])
    P = np.array([[1, 0], [1, 0], [1, 1], [0, 0]])
    table, avg = scores(Y, P, ["a", "b"])
    a = table.set_index("label")
    assert a.loc["a", "precision"] == pytest.approx(2 / 3) and a.loc["a", "recall"] == 1.0
    assert a.loc["b", "precision"] == 1.0 and a.loc["b", "recall"] == 0.5
    assert a.loc["a", "support"] == 2 and a.loc["b", "support"] == 2
    assert avg["macro"] == pytest.approx((0.8 + 2 / 3) / 2)
    assert avg["micro"] == pytest.approx(2 * 3 / (2 * 3 + 1 + 1))  # tp=3, fp=1, fn=1
    assert avg["subset_accuracy"] == 0.5
    assert list(table.columns) == ["label", "name", "precision", "recall", "f1", "support"]


def test_confusable_pairs_exact():
    Y = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    P = np.array([[0, 1, 0], [1, 1, 0], [0, 1, 0], [1, 0, 1]])
    c = confusable_pairs(Y, P, ["x", "y", "z"])
    assert c.to_dict("records") == [{"label": "x", "confused_with": "y", "n": 2, "share": 1.0},
                                    {"label": "z", "confused_with": "x", "n": 1, "share": 1.0}]


def test_cross_validation_result(dataset):
    texts, rows, Y = dataset
    res = cross_validate_labels(ReasonClassifier(cv=2), texts, Y, labels=["价格", "客服", "物流"], n_splits=3,
                                learning_curve=(0.5, 1.0))
    t = res.to_frame()
    assert list(t["label"]) == ["价格", "客服", "物流"] and t["support"].tolist() == Y.sum(axis=0).tolist()
    assert res.n == len(texts) and 0.5 < res.macro_f1 <= 1.0
    assert list(res.learning_curve.columns) == ["n_train", "micro_f1", "macro_f1"]
    assert len(res.learning_curve) == 2 and res.learning_curve["n_train"].is_monotonic_increasing
    assert "3-fold cross-validation" in res.summary()
    d = res.to_dict()
    assert d["macro_f1"] == res.macro_f1 and len(d["per_label"]) == 3


def test_evaluate_scores_only_known_labels(fitted):
    texts = ["快递送得很快", "价格太贵"]
    Y = np.array([[1, 0, 0], [0, 1, 0]])  # columns: 物流, 价格, 包装 (unknown to the model)
    res = evaluate(fitted, texts, Y, labels=["物流", "价格", "包装"])
    assert list(res.per_label["label"]) == ["价格", "物流"]
    assert res.macro_f1 == 1.0 and res.n == 2


def test_labels_without_examples_are_left_out_of_macro_f1():
    Y = np.array([[1, 0, 0], [0, 1, 0], [1, 1, 0]])
    P = np.array([[1, 0, 0], [0, 0, 1], [1, 1, 0]])
    table, avg = scores(Y, P, ["a", "b", "c"])
    assert avg["unscored"] == ["c"]
    assert avg["macro"] == pytest.approx((1.0 + 2 / 3) / 2)  # c (no example) does not count as 0
    assert np.isnan(table.loc[2, "f1"]) and np.isnan(table.loc[2, "recall"]) and table.loc[2, "support"] == 0
