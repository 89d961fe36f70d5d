"""The figures behind the report's views (textmine/report/_views.py), on a hand-built analysis whose shares are
known exactly: a complaint that rises over six months, one that stays flat, a praise theme, two channels."""

import copy
from datetime import date, timedelta
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from textmine.report._views import (DECOMPOSITION_COLUMNS, SEGMENT_COLUMNS, SENTIMENT_COLUMNS, TREND_COLUMNS,
                                    change_decomposition, nps_trend, theme_segments, theme_sentiment, theme_trends,
                                    two_proportion_test)

#: respondents per month (June stops on the 20th: a partial month with fewer answers)
SIZES = {1: 200, 2: 200, 3: 200, 4: 200, 5: 200, 6: 100}
#: respondents complaining about the app per month: 5% for three months, then 15%, 20%, 25%
APP = {1: 10, 2: 10, 3: 10, 4: 30, 5: 40, 6: 25}
#: delivery complaints: 10% every month, the last rows of the month
FLAT = {m: n // 10 for m, n in SIZES.items()}


def build_analysis(weights=None):
    """An Analysis-like object (the attributes the views read), built by hand.

    In each month, respondent j complains about the app (T01) when j < APP[m], about delivery (T02) when
    j >= size - FLAT[m], praises price (T03) when j % 4 == 0 (and complains about it when j % 40 == 1, so price
    has both), and writes "无" (no content) when j % 10 == 5. Channel: 线上 for even j. Complainers score 2,
    the rest 9 or 7 by turns."""
    from textmine.nps import nps_groups, nps_score, period_nps
    from textmine.themes import NO_CONTENT_ID, NO_CONTENT_NAME, Codebook, Theme, ThemeResult

    rows, mentions = [], []
    names = {"T01": "APP", "T02": "物流", "T03": "价格", NO_CONTENT_ID: NO_CONTENT_NAME}

    def mention(rid, theme, polarity):
        mentions.append({"respondent_id": rid, "clause_id": len(mentions), "clause": "x", "theme": theme,
                         "theme_name": names[theme], "polarity": polarity,
                         "sentiment": {"positive": 0.5, "negative": -0.5, "neutral": 0.0}[polarity],
                         "similarity": 1.0, "source": "codebook"})

    for m, size in SIZES.items():
        for j in range(size):
            rid = f"R{m}-{j:03d}"
            complains = False
            if j < APP[m]:
                mention(rid, "T01", "negative")
                complains = True
            if j >= size - FLAT[m]:
                mention(rid, "T02", "negative")
                complains = True
            if j % 4 == 0:
                mention(rid, "T03", "positive")
            if j % 40 == 1:
                mention(rid, "T03", "negative")
            if j % 10 == 5:
                mention(rid, NO_CONTENT_ID, "neutral")
            day = date(2026, m, 1) + timedelta(days=j % (20 if m == 6 else 28))
            if j == 0:
                day = date(2026, m, 1)
            score = 2 if complains else (9 if j % 2 else 7)
            rows.append({"respondent_id": rid, "score": score, "text": "x", "empty_text": False,
                         "date": pd.Timestamp(day), "渠道": "线上" if j % 2 == 0 else "门店"})
    rows[-1]["date"] = pd.Timestamp(2026, 6, 20)
    frame = pd.DataFrame(rows)
    frame["nps_group"] = nps_groups(frame["score"].to_numpy())
    settings = {"period": "month", "alpha": 0.05, "min_n": 30, "n_boot": 200, "random_state": 0}
    if weights is not None:
        frame["weight"] = weights(frame)
        settings["weight"] = "w"
    m = pd.DataFrame(mentions)
    codebook = Codebook([Theme("T01", "APP"), Theme("T02", "物流"), Theme("T03", "价格")])
    themes = ThemeResult(codebook=codebook, mentions=m, respondents=frame, n_clauses=len(m),
                         n_content_clauses=int((m["theme"] != NO_CONTENT_ID).sum()), unassigned_share=0.0)
    w = None if weights is None else "weight"
    survey = SimpleNamespace(frame=frame, columns={"date": "日期", "weight": "w" if w else None}, segments=["渠道"])
    return SimpleNamespace(survey=survey, settings=settings, themes=themes, drivers=None,
                           nps=nps_score(frame["score"].to_numpy(), weights=None if w is None else frame[w]),
                           periods=period_nps(frame, weight=w), segments=None)


@pytest.fixture(scope="module")
def a():
    return build_analysis()


def test_two_proportion_test_matches_statsmodels():
    from statsmodels.stats.proportion import proportions_ztest

    _, expected = proportions_ztest([30, 10], [200, 200])
    assert two_proportion_test(30, 200, 10, 200) == pytest.approx(expected, rel=1e-12)
    assert two_proportion_test(0, 200, 0, 150) == 1.0
    assert np.isnan(two_proportion_test(3, 0, 1, 10))


def test_trends_detect_the_planted_rise_and_leave_the_flat_theme_alone(a):
    t = theme_trends(a, kind="complaint")
    assert tuple(t.columns) == TREND_COLUMNS
    app = t[t["theme"] == "T01"].reset_index(drop=True)
    assert app["period"].tolist() == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    assert app["name"].unique().tolist() == ["APP"]
    assert app["n"].tolist() == list(SIZES.values()) and app["k"].tolist() == list(APP.values())
    assert app["share"].tolist() == pytest.approx([0.05, 0.05, 0.05, 0.15, 0.2, 0.25])
    # the jump from March (5%) to April (15%) is significant, and it is the one flagged
    assert app["direction"].tolist() == ["", "", "", "rise", "", ""]
    assert app.loc[3, "change"] == pytest.approx(0.10)
    assert app.loc[3, "pval"] == pytest.approx(two_proportion_test(30, 200, 10, 200))
    assert app["trend"].unique().tolist() == ["rise"] and app["trend_pval_adj"].iloc[0] < 1e-6
    flat = t[t["theme"] == "T02"]
    assert flat["share"].tolist() == pytest.approx([0.1] * 6)
    assert not flat["sig"].any() and (flat["direction"] == "").all() and (flat["trend"] == "").all()
    assert flat["pval"].iloc[1:].tolist() == [1.0] * 5
    # the partial month is marked; its base is not small (100 >= 30)
    assert app["partial"].tolist() == [False] * 5 + [True] and not app["small_base"].any()


def test_trend_intervals_and_adjustment(a):
    from textmine.nps import bh_adjust, proportion_ci

    t = theme_trends(a, kind="complaint")
    app = t[t["theme"] == "T01"]
    lo, hi = proportion_ci(app["k"], app["n"], alpha=0.05)
    assert app["ci_low"].tolist() == pytest.approx(list(lo)) and app["ci_high"].tolist() == pytest.approx(list(hi))
    # one Benjamini-Hochberg family: every theme x period test of the call
    assert t["pval_adj"].tolist() == pytest.approx(list(bh_adjust(t["pval"].to_numpy())), nan_ok=True)
    # a narrower confidence level flags at least as much
    b = copy.copy(a)
    b.settings = dict(a.settings, alpha=0.2)
    t2 = theme_trends(b, kind="complaint")
    assert (t2.loc[t2["theme"] == "T01", "ci_high"].to_numpy() < app["ci_high"].to_numpy()).all()


def test_a_falling_share_is_a_fall():
    """App complaints only in January to March (5%), none after: a significant fall, as a trend and in April."""
    b = build_analysis()
    m = b.themes.mentions
    late = (m["theme"] == "T01") & m["respondent_id"].str.match(r"R[456]-")
    b.themes.mentions = m[~late].reset_index(drop=True)
    app = theme_trends(b).query("theme == 'T01'").reset_index(drop=True)
    assert app["share"].tolist() == pytest.approx([0.05, 0.05, 0.05, 0, 0, 0])
    assert app["trend"].unique().tolist() == ["fall"]
    assert app["direction"].tolist() == ["", "", "", "fall", "", ""]


def test_trend_test_is_cochran_armitage(a):
    """Cochran–Armitage's chi-square is N r², r the correlation of the 0/1 complaint with the period index."""
    from scipy import stats

    t = theme_trends(a, kind="complaint")
    app = t[t["theme"] == "T01"].reset_index(drop=True)
    x = np.concatenate([np.full(int(n), i) for i, n in enumerate(app["n"])])
    y = np.concatenate([np.r_[np.ones(int(k)), np.zeros(int(n - k))] for k, n in zip(app["k"], app["n"])])
    r = np.corrcoef(x, y)[0, 1]
    assert app["trend_pval"].iloc[0] == pytest.approx(stats.chi2.sf(len(x) * r ** 2, 1), rel=1e-9)


def test_trend_kinds_and_top(a):
    praise = theme_trends(a, kind="praise")
    assert set(praise["theme"]) == {"T03"}
    assert praise["k"].tolist() == [n // 4 for n in SIZES.values()]
    # the top themes by complaints, and always any theme with a significant change or trend
    assert set(theme_trends(a, kind="complaint", top=2)["theme"]) == {"T01", "T02"}
    assert set(theme_trends(a, kind="complaint", top=0)["theme"]) == {"T01"}
    assert "NC" not in set(theme_trends(a, kind="any")["theme"])
    with pytest.raises(Exception, match="kind='bad' is not known"):
        theme_trends(a, kind="bad")


def test_without_dates_the_trend_views_are_empty(a):
    b = copy.copy(a)
    b.periods = None
    b.survey = SimpleNamespace(frame=a.survey.frame.assign(date=pd.NaT), columns={"date": None}, segments=[])
    t = theme_trends(b)
    assert len(t) == 0 and tuple(t.columns) == TREND_COLUMNS
    assert change_decomposition(b) is None
    per = nps_trend(b)
    assert len(per) == 0 and {"period", "nps", "partial", "days_covered", "days_in_period"} <= set(per.columns)
    s = theme_segments(b)
    assert len(s) == 0 and tuple(s.columns) == SEGMENT_COLUMNS


def test_nps_trend_marks_partial_periods(a):
    per = nps_trend(a)
    assert per["period"].tolist() == a.periods.to_frame()["period"].tolist()
    assert per["days_in_period"].tolist() == [31, 28, 31, 30, 31, 30]
    assert per["days_covered"].tolist() == [31, 28, 31, 30, 31, 20]
    assert per["partial"].tolist() == [False] * 5 + [True]
    assert per["nps"].tolist() == pytest.approx(a.periods.to_frame()["nps"].tolist())


def test_theme_segments(a):
    from statsmodels.stats.proportion import proportions_ztest

    s = theme_segments(a)
    assert tuple(s.columns) == SEGMENT_COLUMNS
    assert set(s["level"]) == {"线上", "门店"} and set(s["theme"]) == {"T01", "T02", "T03"}
    price = s[s["theme"] == "T03"].set_index("level")
    # price is praised by every fourth respondent (even j: 线上) and criticised when j % 40 == 1 (odd: 门店)
    online = sum(len(range(0, n, 4)) for n in SIZES.values())
    assert price.loc["线上", "k"] == online and price.loc["线上", "n"] == sum(n // 2 for n in SIZES.values())
    assert price.loc["线上", "n_pos"] == online and price.loc["线上", "n_neg"] == 0
    assert price.loc["线上", "net"] == 1.0 and price.loc["门店", "net"] == -1.0
    assert price.loc["线上", "sig"] and price.loc["线上", "diff"] > 0
    k_rest = price.loc["门店", "k"]
    _, p = proportions_ztest([price.loc["线上", "k"], k_rest], [price.loc["线上", "n"], price.loc["门店", "n"]])
    assert price.loc["线上", "pval"] == pytest.approx(p)
    assert price.loc["线上", "share_rest"] == pytest.approx(price.loc["门店", "share"])
    # delivery complaints: the last tenth of each month, half of them in each channel
    flat = s[s["theme"] == "T02"]
    assert not flat["sig"].any()
    assert not s["small_base"].any()


def test_theme_segments_without_segments(a):
    b = copy.copy(a)
    b.survey = SimpleNamespace(frame=a.survey.frame, columns=a.survey.columns, segments=[])
    s = theme_segments(b)
    assert len(s) == 0 and tuple(s.columns) == SEGMENT_COLUMNS


def test_theme_sentiment_counts_and_net_interval(a):
    from textmine.nps import nps_interval

    s = theme_sentiment(a)
    assert tuple(s.columns) == SENTIMENT_COLUMNS
    assert s["theme"].tolist() == ["T03", "T01", "T02"]  # most mentioned first; no-content left out
    price = s.iloc[0]
    n_pos = sum(len(range(0, n, 4)) for n in SIZES.values())
    n_neg = sum(len(range(1, n, 40)) for n in SIZES.values())
    assert (price["n"], price["praise"], price["complaint"], price["neutral"]) == (n_pos + n_neg, n_pos, n_neg, 0)
    assert price["net"] == pytest.approx((n_pos - n_neg) / (n_pos + n_neg))
    _, _, lo, hi = nps_interval(n_pos / (n_pos + n_neg), n_neg / (n_pos + n_neg), n_pos + n_neg)
    assert (price["net_ci_low"], price["net_ci_high"]) == pytest.approx((lo / 100, hi / 100))
    app = s[s["theme"] == "T01"].iloc[0]
    assert app["net"] == -1.0 and app["share_complaint"] == 1.0 and app["net_ci_low"] == -1.0


def test_sentiment_of_a_respondent_with_praise_and_complaint():
    """Both praise and a complaint: counted in each column, nothing added to net."""
    a = build_analysis()
    m = a.themes.mentions
    extra = m[(m["theme"] == "T03") & (m["respondent_id"] == "R1-000")].assign(polarity="negative", clause_id=10**6)
    a.themes.mentions = pd.concat([m, extra], ignore_index=True)
    before = theme_sentiment(build_analysis()).set_index("theme").loc["T03"]
    after = theme_sentiment(a).set_index("theme").loc["T03"]
    assert after["n"] == before["n"] and after["praise"] == before["praise"]
    assert after["complaint"] == before["complaint"] + 1
    assert after["net"] == pytest.approx((after["praise"] - after["complaint"]) / after["n"])


def test_change_decomposition_sums_to_the_change(a):
    d = change_decomposition(a)
    assert tuple(d.columns) == DECOMPOSITION_COLUMNS
    per = a.periods.to_frame().set_index("period")
    assert (d.attrs["before"], d.attrs["after"]) == ("2026-05", "2026-06")
    assert d["contribution"].sum() == pytest.approx(d.attrs["total"], abs=1e-9)
    assert d.attrs["total"] == pytest.approx(per.loc["2026-06", "nps"] - per.loc["2026-05", "nps"])
    assert (d["mix"] + d["rate"]).tolist() == pytest.approx(d["contribution"].tolist())
    assert (d.attrs["n_before"], d.attrs["n_after"]) == (200, 100)
    assert d.attrs["total_ci_low"] <= d.attrs["total"] <= d.attrs["total_ci_high"]
    assert set(d["name"]) >= {"APP", "物流", "价格"} and "NC" not in set(d["theme"])
    # the last two periods with a full base: June's 100 respondents are too few at min_n=150
    b = copy.copy(a)
    b.settings = dict(a.settings, min_n=150)
    assert (change_decomposition(b).attrs["before"], change_decomposition(b).attrs["after"]) == ("2026-04", "2026-05")
    b.settings = dict(a.settings, min_n=201)
    assert change_decomposition(b) is None


def test_weights():
    """Equal weights of 2 change no share or interval; unequal weights give weighted shares."""
    a, two = build_analysis(), build_analysis(weights=lambda f: np.full(len(f), 2.0))
    t, t2 = theme_trends(a), theme_trends(two)
    assert t2["n"].tolist() == pytest.approx((2 * t["n"]).tolist())
    for c in ("share", "ci_low", "ci_high", "pval", "pval_adj", "trend_pval"):
        assert t2[c].tolist() == pytest.approx(t[c].tolist(), nan_ok=True), c
    s, s2 = theme_segments(a), theme_segments(two)
    for c in ("share", "ci_low", "share_rest", "pval", "net"):
        assert s2[c].tolist() == pytest.approx(s[c].tolist(), nan_ok=True), c
    # app complainers weigh 3: the weighted share of January is 3·10 / (3·10 + 190)
    heavy = build_analysis(weights=lambda f: np.where(f["respondent_id"].str.split("-").str[1].astype(int) <
                                                      f["date"].dt.month.map(APP), 3.0, 1.0))
    jan = theme_trends(heavy).query("theme == 'T01' and period == '2026-01'").iloc[0]
    assert jan["share"] == pytest.approx(30 / 220)
    w = np.r_[np.full(10, 3.0), np.ones(190)]
    n_eff = w.sum() ** 2 / (w ** 2).sum()
    from textmine.nps import proportion_ci
    lo, hi = proportion_ci(30 / 220 * n_eff, n_eff)
    assert (jan["ci_low"], jan["ci_high"]) == pytest.approx((lo, hi))
    d = change_decomposition(heavy)
    assert d["contribution"].sum() == pytest.approx(d.attrs["total"], abs=1e-9)


@pytest.mark.slow
def test_demo_app_complaints_rise():
    """The demo survey plants a rise of APP complaints from mid-August: the themes holding them show a
    significant rising trend; complaints about customer service, planted flat, do not."""
    from pathlib import Path

    import textmine

    demo = Path(__file__).resolve().parents[2] / "examples" / "demo_survey.csv"
    a = textmine.analyze(demo, text="推荐原因", score="推荐意愿", id="编号", date="提交时间",
                         segments=["渠道", "城市级别"], n_boot=200, cache_dir=False, quiet=True)
    t = theme_trends(a, kind="complaint")
    m = a.themes.mentions
    neg = m[m["polarity"] == "negative"]

    def theme_of(words):  # the theme holding most complaint clauses with one of these words
        hits = neg[neg["clause"].str.contains(words)]
        return hits["theme"].value_counts().index[0]

    app = t[t["theme"] == theme_of("闪退|卡顿|太卡")].set_index("period")
    assert app["trend"].iloc[0] == "rise" and app["trend_pval_adj"].iloc[0] < 0.01
    assert app.loc["2026-09", "share"] > 2 * app.loc["2026-05", "share"]
    service = t[t["theme"] == theme_of("人工客服|客服半天")]
    assert (service["trend"] == "").all() and not service["sig"].any()
