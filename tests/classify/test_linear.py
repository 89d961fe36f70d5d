import numpy as np
import pytest

from textmine.classify._linear import f1_threshold, platt, sigmoid


def test_f1_threshold_cuts_between_classes():
    p = np.array([0.9, 0.8, 0.7, 0.3, 0.2])
    y = np.array([1, 1, 1, 0, 0])
    assert f1_threshold(p, y) == pytest.approx(0.5)  # midway between 0.7 and 0.3


def test_f1_threshold_is_clipped_and_handles_one_class():
    assert f1_threshold(np.array([0.99, 0.98, 0.01]), np.array([1, 0, 0])) == pytest.approx(0.9)
    assert f1_threshold(np.array([0.2, 0.3]), np.array([0, 0])) == 0.5


def test_platt_orders_probabilities():
    s = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0, -1.5, 1.5])
    y = np.array([0, 0, 1, 0, 1, 1, 0, 1])
    a, b = platt(s, y)
    assert a > 0
    p = sigmoid(a * s + b)
    assert p[5] > 0.5 > p[0]
    assert platt(s, np.zeros(8)) == (2.0, 0.0)
