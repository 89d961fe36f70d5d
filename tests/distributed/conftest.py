"""A two-worker LocalCluster for the module and a small synthetic survey (praise, complaints, mixed answers over
three channels and three months), written as one CSV file and as partitions."""

import numpy as np
import pandas as pd
import pytest

PRAISE = ["物流很快", "快递第二天就到了", "客服态度很好", "客服回复很及时",
          "价格实惠", "性价比很高", "包装很结实", "质量不错"]
COMPLAIN = ["物流太慢了", "快递一个星期才到", "客服态度太差", "客服半天不回复",
            "价格太贵了", "性价比不高", "包装破损了", "质量很差"]
N = 420  # with chunk_size=100: a discovery sample of 100 answers, then four chunks coded by the workers


def _make_survey(n: int = N, seed: int = 3) -> pd.DataFrame:
    """``n`` respondents (every cell a string, as read from a CSV); every 25th answer empty, every 25th "无"."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        score = int(rng.integers(0, 11))
        if i % 25 == 0:
            answer = ""
        elif i % 25 == 1:
            answer = "无"
        elif score >= 9:
            answer = "，".join(rng.choice(PRAISE, 2, replace=False)) + "！"
        elif score <= 6:
            answer = str(rng.choice(PRAISE)) + "，但是" + str(rng.choice(COMPLAIN))
        else:
            answer = str(rng.choice(PRAISE + COMPLAIN))
        rows.append({"id": f"D{i:04d}", "score": str(score), "answer": answer,
                     "date": f"2026-0{1 + i % 3}-{10 + i % 17}", "channel": ["APP", "网页", "门店"][i % 3]})
    rows.append({"id": "D9999", "score": "12", "answer": "物流很快", "date": "2026-01-01", "channel": "APP"})
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def make_survey():
    """The survey generator: ``make_survey(n=420, seed=3)`` -> DataFrame."""
    return _make_survey


@pytest.fixture(scope="module")
def survey_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("dask_survey") / "survey.csv"
    _make_survey().to_csv(path, index=False, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed", reason="the Dask engine needs the dask extra")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                       silence_logs=40)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()
