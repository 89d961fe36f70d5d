"""The hand-written survey of the review tests (a module of its own: 'conftest' is not importable by name)."""

import numpy as np
import pandas as pd

PRAISE = ["物流很快", "快递第二天就到了", "客服态度很好", "客服回复很及时", "价格实惠", "性价比很高", "包装很结实"]
COMPLAIN = ["物流太慢了", "快递一个星期才到", "客服态度太差", "客服半天不回复", "价格太贵了", "性价比不高", "包装破损了"]
#: an answer that would run script if the app put it in the page as HTML
XSS = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">客服态度很好"


def make_review_survey(n: int = 300, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        score = int(rng.integers(0, 11))
        if i % 30 == 0:
            answer = ""
        elif score >= 9:
            answer = "，".join(rng.choice(PRAISE, 2, replace=False))
        elif score <= 6:
            answer = rng.choice(PRAISE) + "，但是" + rng.choice(COMPLAIN)
        else:
            answer = rng.choice(PRAISE + COMPLAIN)
        if i == 7:
            answer = XSS
        rows.append({"id": f"R{i:03d}", "score": score, "answer": answer,
                     "date": f"2026-0{1 + i % 4}-1{i % 9}", "channel": ["APP", "网页"][i % 2]})
    return pd.DataFrame(rows)
