"""A small hand-written survey, analysed once per session, for the report tests."""

import numpy as np
import pandas as pd
import pytest

from _hostile import HOSTILE_ANSWER, HOSTILE_NAME, XSS

PRAISE = ["包装很结实", "送货上门很方便", "售后处理很及时", "售后小姐姐很耐心", "价格便宜", "折扣力度很大"]
COMPLAIN = ["包装破损了", "送货太慢了", "售后一直不处理", "售后态度很差", "价格太贵", "没有折扣"]


def make_survey(n: int = 240, seed: int = 11) -> pd.DataFrame:
    """Promoters praise, detractors praise one thing and complain about another; a few empty answers."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        score = int(rng.integers(0, 11))
        if i % 25 == 0:
            answer = ""
        elif score >= 9:
            answer = "，".join(rng.choice(PRAISE, 2, replace=False))
        elif score <= 6:
            answer = rng.choice(PRAISE) + "，但是" + rng.choice(COMPLAIN)
        else:
            answer = rng.choice(PRAISE + COMPLAIN)
        if i == 3:
            answer = XSS
        rows.append({"编号": f"S{i:03d}", "推荐意愿": score, "原因": answer,
                     "日期": f"2026-0{1 + i % 3}-{10 + i % 15}", "渠道": ["门店", "线上"][i % 2]})
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def analysis(tmp_path_factory):
    import textmine

    path = tmp_path_factory.mktemp("report_survey") / "survey.csv"
    make_survey().to_csv(path, index=False, encoding="utf-8-sig")
    return textmine.analyze(path, text="原因", score="推荐意愿", id="编号", date="日期", segments=["渠道"],
                            n_boot=200, cache_dir=False, quiet=True)


@pytest.fixture(scope="session")
def report_html(analysis) -> str:
    from textmine.report import render_html

    return render_html(analysis)




def make_hostile(analysis):
    """A copy of ``analysis`` with hostile text put exactly where the report shows answers and names: the first
    quote of every theme, the first complaint clause of every theme, and the name of the first theme.

    The escaping tests check these places by construction, not by the chance that clustering picks the hostile
    answer as a quote (with another BLAS kernel its clause may land unassigned)."""
    import copy
    import dataclasses

    # a new Analysis from copies of the fields: what the original cached (its masked answers) is not carried over
    a = dataclasses.replace(copy.deepcopy(analysis))
    th = a.themes
    for tid in list(th.quotes):
        th.quotes[tid] = [XSS] + list(th.quotes[tid])
    m = th.mentions
    neg = m.index[(m["polarity"] == "negative") & (m["theme"] != "NC")]
    first = m.loc[neg].sort_values(["similarity", "clause_id"], ascending=[False, True]).groupby("theme").head(1)
    m.loc[first.index, "clause"] = XSS
    first_theme = next(iter(th.codebook))
    first_theme.name = HOSTILE_NAME
    # the whole answer of a respondent who mentions the first theme: the drill-down shows it
    rid = m.loc[m["theme"] == first_theme.id, "respondent_id"].iloc[0]
    f = a.survey.frame
    f.loc[f["respondent_id"] == rid, "text"] = HOSTILE_ANSWER
    return a


@pytest.fixture(scope="session")
def hostile_analysis(analysis):
    return make_hostile(analysis)


@pytest.fixture(scope="session")
def hostile_html(hostile_analysis) -> str:
    from textmine.report import render_html

    return render_html(hostile_analysis)
