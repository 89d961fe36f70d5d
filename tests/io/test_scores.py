import math

import numpy as np
import pytest

from textmine.io import parse_score


@pytest.mark.parametrize("value, expected", [
    ("9", 9), ("9.0", 9), ("９", 9), ("１０", 10), ("9分", 9), ("10 - 极有可能", 10), ("0 - 完全不可能", 0),
    ("10分（极有可能）", 10), (" 7 ", 7), (8, 8), (8.0, 8), (np.int64(3), 3), ("0", 0), ("九分", 9), ("十", 10),
    ("10=极有可能", 10),
])
def test_parses_real_export_spellings(value, expected):
    assert parse_score(value) == (expected, None)


@pytest.mark.parametrize("value, reason", [
    ("11", "out of range 0-10"), (-1, "out of range 0-10"), ("7.5", "non-integer score"), (8.5, "non-integer score"),
    ("", "missing score"), ("N/A", "missing score"), (None, "missing score"), (float("nan"), "missing score"),
    ("很好", "unparseable score"), ("9 or 10", "unparseable score"), (True, "unparseable score"),
    (math.inf, "unparseable score"), ("5-6", "unparseable score"),
])
def test_rejects_unusable_scores_with_reason(value, reason):
    assert parse_score(value) == (None, reason)
