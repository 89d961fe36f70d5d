import numpy as np
import pandas as pd
import pytest

PRAISE = ["物流很快", "快递第二天就到了", "客服态度很好", "客服回复很及时", "价格实惠", "性价比很高"]
COMPLAIN = ["物流太慢了", "快递一个星期才到", "客服态度太差", "客服半天不回复", "价格太贵了", "性价比不高"]


@pytest.fixture(scope="session")
def small_survey(tmp_path_factory):
    """A hand-made survey of 240 respondents: praise for promoters, complaints for detractors."""
    rng = np.random.default_rng(7)
    rows = []
    for i in range(240):
        score = int(rng.integers(0, 11))
        if i % 20 == 0:
            answer = ""
        elif i % 20 == 1:
            answer = "无"
        elif score >= 9:
            answer = "，".join(rng.choice(PRAISE, 2, replace=False)) + "！"
        elif score <= 6:
            answer = rng.choice(PRAISE) + "，但是" + rng.choice(COMPLAIN)
        else:
            answer = rng.choice(PRAISE + COMPLAIN)
        if i == 5:
            answer = "=HYPERLINK(\"http://x\") 客服态度很好 电话13812345678"
        rows.append({"id": f"R{i:03d}", "score": str(score), "answer": answer,
                     "date": f"2026-0{1 + i % 3}-1{i % 9}", "channel": ["APP", "网页"][i % 2]})
    rows.append({"id": "R999", "score": "12", "answer": "物流很快", "date": "2026-01-01", "channel": "APP"})
    path = tmp_path_factory.mktemp("survey") / "survey.csv"
    pd.DataFrame(rows).to_csv(path, index=False, encoding="utf-8-sig")
    return path
