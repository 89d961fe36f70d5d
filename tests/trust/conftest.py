"""A synthetic survey for the trust tests: stores whose answers praise or complain, scores that agree with the
text most of the time, and one store whose detractors were coached into 9-10 while their complaint stayed."""

import numpy as np
import pandas as pd
import pytest

PRAISE = ["服务很热情", "上菜很快", "味道不错"]
COMPLAINT = ["等了太久", "服务员态度差", "菜是凉的"]


def coached_survey(seed: int, *, stores: int = 10, per_store: int = 200, coached: str | None = "S00",
                   coach_share: float = 1.0):
    """(frame, mentions): each respondent writes one clause (80%) or nothing; a praise comes with a score drawn
    mostly from 9-10, a complaint mostly from 0-6; in store ``coached`` a share ``coach_share`` of the detractors
    get a 10 instead, their complaint kept."""
    rng = np.random.default_rng(seed)
    n = stores * per_store
    store = np.repeat([f"S{i:02d}" for i in range(stores)], per_store)
    answered = rng.random(n) < 0.8
    praise = rng.random(n) < 0.6
    happy = rng.choice(np.arange(11), n, p=[.0, .0, .0, .01, .01, .02, .03, .08, .2, .3, .35])
    sad = rng.choice(np.arange(11), n, p=[.1, .05, .08, .1, .12, .15, .15, .12, .08, .03, .02])
    score = np.where(praise, happy, sad)
    if coached is not None:
        hit = (store == coached) & (score <= 6) & (rng.random(n) < coach_share)
        score = np.where(hit, 10, score)
    ids = [f"r{i:05d}" for i in range(n)]
    frame = pd.DataFrame({"respondent_id": ids, "score": score, "store": store})
    rows = np.flatnonzero(answered)
    texts = np.where(praise[rows], rng.choice(PRAISE, len(rows)), rng.choice(COMPLAINT, len(rows)))
    mentions = pd.DataFrame({"respondent_id": np.asarray(ids, dtype=object)[rows], "clause_id": rows,
                             "clause": texts, "theme": "T01",
                             "polarity": np.where(praise[rows], "positive", "negative"),
                             "sentiment": np.where(praise[rows], 0.6, -0.6), "similarity": 0.8})
    return frame, mentions


@pytest.fixture
def coached():
    return coached_survey
