"""Clause polarity on hand-written event cases (issue 16 item 7): complaints and praise that name an event and no
opinion word (用了没几天就坏了, 包裹被压坏了, 第二天就到了), across shopping, delivery, hotels, restaurants, apps,
courses and cars. The cases live in ``event_cases.tsv`` beside this file; they were written for textmine, not taken
from any dataset. Scored as the pipeline scores answers: ``to_clauses`` then ``answer_polarity`` (> 0 is praise)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from textmine.text import answer_polarity, to_clauses

CASES = Path(__file__).with_name("event_cases.tsv")
#: share of the cases the default (lexicon + model) scoring gets right. Measured 0.769 (60 of 78) with
#: textmine-zh-polarity 1.0.0; the issue's target is 0.90 and is NOT met yet (the misses are praise events the
#: review-trained model reads as complaints: 老板还多送了两个鸡蛋, 一箱油能跑八百公里). A floor, not the goal.
MIN_COMBINED = 0.75
#: the lexicon alone (after its 好几 / 没几天就 fixes) reads 0.679 of them; the default must stay above it
MIN_GAIN_OVER_LEXICON = 0.06


def read_cases() -> pd.DataFrame:
    rows = [line.split("\t") for line in CASES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return pd.DataFrame(rows, columns=["domain", "expected", "text"])


def answer_scores(texts, sentiment: str) -> np.ndarray:
    frame = pd.DataFrame({"respondent_id": range(len(texts)), "text": list(texts)})
    table = to_clauses(frame, sentiment=sentiment, progress=False)
    return answer_polarity(table).reindex(frame["respondent_id"]).to_numpy()


@pytest.fixture(scope="module")
def cases():
    return read_cases()


def correct(cases, sentiment: str) -> np.ndarray:
    praise = (cases["expected"] == "+").to_numpy()
    return (answer_scores(cases["text"], sentiment) > 0) == praise


def test_the_case_set_is_broad_and_balanced(cases):
    assert len(cases) >= 60
    assert set(cases["expected"]) == {"+", "-"}
    assert set(cases["domain"]) == {"shopping", "delivery", "hotel", "restaurant", "app", "course", "car"}
    assert cases["text"].is_unique
    assert (cases["expected"] == "+").mean() > 0.3


def test_default_scoring_reads_events(cases):
    ok = correct(cases, "combined")
    missed = [f"{d} {e} {t}" for d, e, t, k in zip(cases["domain"], cases["expected"], cases["text"], ok) if not k]
    assert ok.mean() >= MIN_COMBINED, f"{ok.mean():.3f} correct; missed:\n" + "\n".join(missed)


def test_the_lexicon_alone_reads_clearly_fewer(cases):
    lexicon, combined = correct(cases, "lexicon").mean(), correct(cases, "combined").mean()
    assert combined - lexicon >= MIN_GAIN_OVER_LEXICON, (lexicon, combined)


@pytest.mark.parametrize("text, praise", [("用了三年都没坏", True), ("用了没几天就坏了", False),
                                          ("发货拖了好几天", False), ("第二天就到了", True)])
def test_the_issue_examples(text, praise):
    assert (answer_scores([text], "combined")[0] > 0) == praise
