"""The text stage on two cores gives the one-process clause table, row for row."""

import pandas as pd
import pytest

from textmine._background import can_fork
from textmine._twocore import clauses_on_two_cores
from textmine.text import to_clauses

ANSWERS = ["物流很快，但是客服态度太差", "", None, "无", "The app keeps crashing. Support was kind", "物流很快，但是客服态度太差",
           "价格实惠！包装也很好。就是发货慢", "APP老是闪退", "/", "客服回复很及时，电话13812345678", "还行", "质量不错"]


@pytest.fixture(scope="module")
def frame():
    rows = [{"respondent_id": f"R{i:03d}", "text": ANSWERS[i % len(ANSWERS)]} for i in range(60)]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("fork", [False, pytest.param(True, marks=pytest.mark.skipif(not can_fork(),
                                                                                      reason="Linux only"))])
def test_two_halves_give_the_one_process_table(frame, fork):
    expected = to_clauses(frame, progress=False)
    got = clauses_on_two_cores(frame, fork=fork, progress=False)
    pd.testing.assert_frame_equal(got, expected)


def test_identical_answers_are_cut_in_one_half_and_every_answer_keeps_its_rows(frame):
    got = clauses_on_two_cores(frame, fork=False, progress=False)
    assert got["respondent_id"].drop_duplicates().tolist() == frame["respondent_id"].tolist()
    assert got["clause_id"].tolist() == list(range(len(got)))


def test_an_empty_survey_and_one_answer(frame):
    for part in (frame.iloc[:0], frame.iloc[:1]):
        pd.testing.assert_frame_equal(clauses_on_two_cores(part, fork=False, progress=False),
                                      to_clauses(part, progress=False))
