import numpy as np
import pandas as pd
import pytest

PRAISE = ["物流很快", "快递第二天就到了", "客服态度很好", "客服回复很及时", "价格实惠", "性价比很高"]
COMPLAIN = ["物流太慢了", "快递一个星期才到", "客服态度太差", "客服半天不回复", "价格太贵了", "性价比不高"]


def _rows(n=240, seed=7):
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        score = int(rng.integers(0, 11))
        if score >= 9:
            answer = "，".join(rng.choice(PRAISE, 2, replace=False)) + "！"
        elif score <= 6:
            answer = rng.choice(PRAISE) + "，但是" + rng.choice(COMPLAIN)
        else:
            answer = rng.choice(PRAISE + COMPLAIN)
        rows.append({"id": f"R{i:03d}", "score": str(score), "answer": answer})
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def survey_file(tmp_path_factory):
    """240 respondents: id, score, answer (praise for promoters, complaints for detractors)."""
    path = tmp_path_factory.mktemp("cli_survey") / "survey.csv"
    _rows().to_csv(path, index=False, encoding="utf-8-sig")
    return path


@pytest.fixture(scope="session")
def unscored_file(tmp_path_factory):
    """The same answers without a score column."""
    path = tmp_path_factory.mktemp("cli_unscored") / "answers.csv"
    _rows().drop(columns="score").to_csv(path, index=False, encoding="utf-8-sig")
    return path

