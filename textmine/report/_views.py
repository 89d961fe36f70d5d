"""The figures behind the report's views: theme trends, themes by segment, sentiment per theme, the NPS trend
with partial periods, and the decomposition of the last NPS change. Pure functions of an ``Analysis``.

Every share is of respondents (a respondent counts once per theme, however many clauses mention it), with a
Wilson interval (:func:`textmine.nps.proportion_ci`); every family of tests is adjusted by Benjamini–Hochberg
(:func:`textmine.nps.bh_adjust`); the confidence level is ``1 - a.settings["alpha"]``. Periods are those of
:func:`textmine.nps.period_nps` (``a.periods``), keyed the same way (``PERIODS``). With a weight column
(``a.settings["weight"]``, kept as the survey frame's ``weight`` column) counts are weighted sums and intervals
and tests use Kish's effective n.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..drivers import decompose_change, mentions_to_matrix
from ..errors import ConfigError
from ..nps import PERIODS, bh_adjust, nps_interval, period_nps, proportion_ci
from ..themes import NO_CONTENT_ID
from ._perf import per_render, respondent_codes

__all__ = ["TREND_COLUMNS", "SEGMENT_COLUMNS", "SENTIMENT_COLUMNS", "DECOMPOSITION_COLUMNS", "KINDS",
           "theme_trends", "theme_segments", "theme_sentiment", "nps_trend", "change_decomposition",
           "two_proportion_test"]

#: which clauses count for a theme trend: complaints (negative clauses), praise (positive) or any mention
KINDS = {"complaint": "negative", "praise": "positive", "any": None}
TREND_COLUMNS = ("theme", "name", "period", "start", "n", "k", "share", "ci_low", "ci_high", "partial", "small_base",
                 "change", "pval", "pval_adj", "sig", "direction", "trend_pval", "trend_pval_adj", "trend")
SEGMENT_COLUMNS = ("segment", "level", "theme", "name", "n", "k", "share", "ci_low", "ci_high", "share_rest", "diff",
                   "pval", "pval_adj", "sig", "n_pos", "n_neg", "net", "small_base")
SENTIMENT_COLUMNS = ("theme", "name", "n", "praise", "neutral", "complaint", "share_praise", "share_neutral",
                     "share_complaint", "net", "net_ci_low", "net_ci_high")
DECOMPOSITION_COLUMNS = ("theme", "name", "contribution", "mix", "rate", "ci_low", "ci_high", "share_before",
                         "share_after", "n_before", "n_after")
_PERIOD_EXTRA = ("partial", "days_covered", "days_in_period")


def two_proportion_test(k1, n1, k2, n2):
    """Two-sided z-test of p1 = p2 with the pooled variance (vectorised); ``k`` and ``n`` may be effective
    (weighted) counts. 1.0 where both shares are 0 or both 1; NaN where a base is 0."""
    k1, n1, k2, n2 = (np.asarray(v, dtype=float) for v in (k1, n1, k2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        pool = (k1 + k2) / (n1 + n2)
        se = np.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2))
        z = (k1 / n1 - k2 / n2) / se
        p = np.where(se > 0, 2 * stats.norm.sf(np.abs(z)), 1.0)
    return np.where((n1 > 0) & (n2 > 0), p, np.nan)


def _alpha(a) -> float:
    return float(a.settings.get("alpha", 0.05))


def _min_n(a) -> int:
    return int(a.settings.get("min_n", 30))


def _weight_column(a) -> str | None:
    """The survey frame's weight column when the analysis is weighted (``settings["weight"]`` or the survey's
    ``columns["weight"]`` names one; read_survey keeps it as ``frame["weight"]``), else None."""
    f = a.survey.frame
    named = a.settings.get("weight") or (getattr(a.survey, "columns", None) or {}).get("weight")
    if not named:
        return None
    return next((c for c in ("weight", named) if c in f.columns), None)


def _respondents(a) -> pd.DataFrame:
    """respondent_id (coded by :func:`._perf.respondent_codes`) and weight ``w`` (1 without a weight column) of
    every analysed respondent."""
    f = a.survey.frame
    col = _weight_column(a)
    w = f[col].to_numpy(dtype=float) if col else np.ones(len(f))
    return pd.DataFrame({"respondent_id": respondent_codes(a)[0], "w": w})


@per_render
def _mentions(a) -> pd.DataFrame:
    """respondent_id (coded by :func:`._perf.respondent_codes`), theme and polarity of every mention, no-content
    left out."""
    m = a.themes.mentions
    keep = (m["theme"] != NO_CONTENT_ID).to_numpy()
    return m.loc[keep, ["respondent_id", "theme", "polarity"]].assign(respondent_id=respondent_codes(a)[1][keep])


@per_render
def _flags(a, polarity=None) -> pd.DataFrame:
    """Distinct (respondent_id, theme) pairs with a mention (of ``polarity`` when given), no-content left out;
    respondent ids coded by :func:`._perf.respondent_codes`."""
    m = _mentions(a)
    if polarity is not None:
        m = m[m["polarity"] == polarity]
    return m[["respondent_id", "theme"]].drop_duplicates()


def _bases(r: pd.DataFrame, key: str) -> pd.DataFrame:
    """Per level of ``key``: n (sum of weights), w2 (sum of squared weights) and n_eff (Kish's effective n)."""
    g = r.assign(w2=r["w"] ** 2).groupby(key, sort=False)
    out = pd.DataFrame({"n": g["w"].sum(), "w2": g["w2"].sum()})
    out["n_eff"] = np.where(out["w2"] > 0, out["n"] ** 2 / out["w2"].where(out["w2"] > 0, 1), 0.0)
    return out


def _k(flags: pd.DataFrame, r: pd.DataFrame, key: str) -> pd.Series:
    """Weighted count of respondents with a flag, per (theme, level of ``key``)."""
    j = flags.merge(r[["respondent_id", key, "w"]], on="respondent_id")
    return j.groupby(["theme", key])["w"].sum()


def _shares(k, n, n_eff, alpha):
    """share, Wilson interval on the effective base, and the effective count ``k_eff``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(n > 0, k / np.where(n > 0, n, 1), np.nan)
    k_eff = np.nan_to_num(share) * n_eff
    lo, hi = proportion_ci(k_eff, n_eff, alpha=alpha)
    return share, lo, hi, k_eff


def _trend_test(k_eff, n_eff) -> tuple[float, float]:
    """Cochran–Armitage test for a linear trend of a share over the period index (periods with a base only):
    ``(two-sided p, z)``, z > 0 for a rising share; NaN with fewer than two such periods."""
    ok = n_eff > 0
    t, k, n = np.arange(len(n_eff))[ok].astype(float), k_eff[ok], n_eff[ok]
    if len(n) < 2:
        return np.nan, np.nan
    N, p = n.sum(), k.sum() / n.sum()
    var = p * (1 - p) * ((n * t ** 2).sum() - (n * t).sum() ** 2 / N)
    if not var > 0:
        return 1.0, 0.0
    z = float((t * (k - n * p)).sum() / np.sqrt(var))
    return float(2 * stats.norm.sf(abs(z))), z


@per_render
def _dated(a) -> pd.DataFrame | None:
    """Respondents with a date, keyed by their ``period_nps`` label; None without a date column."""
    if a.periods is None or not len(a.periods) or a.survey.columns.get("date") is None:
        return None
    f = a.survey.frame
    dates = pd.to_datetime(f["date"], errors="coerce")
    r = _respondents(a)
    r["period"] = dates.dt.to_period(PERIODS[a.settings.get("period", "month")]).astype(str).to_numpy()
    return r[dates.notna().to_numpy()]


def nps_trend(a) -> pd.DataFrame:
    """``a.periods.to_frame()`` plus ``partial`` (the survey's first date is after the period's start or its last
    date before the period's end), ``days_covered`` (days of the period between the survey's first and last date)
    and ``days_in_period``."""
    if a.periods is None:
        empty = period_nps(pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]"),
                                         "score": pd.Series([], dtype="int64")}))
        return empty.to_frame().reindex(columns=[*empty.frame.columns, *_PERIOD_EXTRA])
    f = a.periods.to_frame()
    dates = pd.to_datetime(a.survey.frame["date"], errors="coerce").dropna().dt.normalize()
    freq = PERIODS[a.settings.get("period", "month")]
    if not len(f) or not len(dates):
        return f.reindex(columns=[*f.columns, *_PERIOD_EXTRA])
    first, last = dates.min(), dates.max()
    start = pd.to_datetime(f["start"]).dt.normalize()
    end = pd.Series([pd.Period(s, freq=freq).end_time.normalize() for s in start], index=f.index)
    f["days_in_period"] = ((end - start).dt.days + 1).astype(int)
    lo, hi = start.where(start > first, first), end.where(end < last, last)
    f["days_covered"] = ((hi - lo).dt.days + 1).clip(lower=0).astype(int)
    f["partial"] = f["days_covered"] < f["days_in_period"]
    return f


def _integer_counts(out: pd.DataFrame, cols, r: pd.DataFrame) -> pd.DataFrame:
    """Counts are integers when no weight column is used (weighted sums otherwise)."""
    if (r["w"] == 1).all():
        for c in cols:
            out[c] = out[c].round().astype("int64")
    return out


def _empty(columns) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def theme_trends(a, kind: str = "complaint", top: int = 10) -> pd.DataFrame:
    """Share of respondents per period with at least one mention of each theme, of ``kind`` ``"complaint"``
    (negative clauses), ``"praise"`` (positive) or ``"any"``; the no-content theme left out.

    Every theme with a mention of that kind is tested; the ``top`` themes by respondents (of that kind, whole
    survey) are returned, and any other theme with a significant change or trend. ``change`` is the share minus
    the previous period's (NaN when either period is empty), ``pval`` a two-proportion z-test against it,
    ``pval_adj`` Benjamini–Hochberg across all theme x period tests, ``sig`` ``pval_adj < alpha``, ``direction``
    rise / fall when significant. ``trend_pval`` is a Cochran–Armitage test of a linear trend over the period
    index, ``trend_pval_adj`` adjusted across themes, ``trend`` rise / fall when significant. ``partial`` and
    ``small_base`` (n < min_n) flag periods to read with care. Empty (same columns) without a date column.
    """
    if kind not in KINDS:
        raise ConfigError(f"kind={kind!r} is not known; choose one of {', '.join(KINDS)}")
    every = _every_trend(a, kind)
    if every is None:
        return _empty(TREND_COLUMNS)
    out, themes = every
    keep = set(themes[:top]) | set(out.loc[out["sig"] | (out["trend"] != ""), "theme"])
    return out[out["theme"].isin(keep)].reindex(columns=list(TREND_COLUMNS)).reset_index(drop=True)


@per_render
def _every_trend(a, kind: str) -> tuple[pd.DataFrame, list] | None:
    """:func:`theme_trends` of every theme with a mention of ``kind`` (tests adjusted across all of them, whatever
    ``top``), and the themes by respondents; None without dates or themes. Shared by the trends section and the
    executive summary (four calls per report)."""
    r = _dated(a)
    if r is None:
        return None
    alpha, names = _alpha(a), a.themes.codebook.names()
    per = nps_trend(a)[["period", "start", "partial"]].reset_index(drop=True)
    flags = _flags(a, KINDS[kind])
    k = _k(flags, r, "period")
    counts = flags.merge(r[["respondent_id", "w"]], on="respondent_id").groupby("theme")["w"].sum()
    themes = sorted(counts.index, key=lambda t: (-counts[t], str(t)))
    if not themes:
        return None
    base = _bases(r, "period").reindex(per["period"]).fillna(0.0)
    n, n_eff = base["n"].to_numpy(), base["n_eff"].to_numpy()
    # one row per theme, one column per period: every theme at once, the same figures cell by cell
    kt = k.unstack().reindex(index=themes, columns=per["period"]).fillna(0.0).to_numpy()
    share, lo, hi, k_eff = _shares(kt, n, n_eff, alpha)
    change, pval = np.full(kt.shape, np.nan), np.full(kt.shape, np.nan)
    if len(per) > 1:
        change[:, 1:] = share[:, 1:] - share[:, :-1]
        pval[:, 1:] = two_proportion_test(k_eff[:, 1:], n_eff[1:], k_eff[:, :-1], n_eff[:-1])
    trend_p, trend_z = np.array([_trend_test(row, n_eff) for row in k_eff], dtype=float).T
    label = np.array([names.get(t, t) for t in themes], dtype=object)
    out = per.iloc[np.tile(np.arange(len(per)), len(themes))].reset_index(drop=True).assign(
        theme=np.array(themes, dtype=object).repeat(len(per)), name=label.repeat(len(per)), n=np.tile(n, len(themes)),
        k=kt.ravel(), share=share.ravel(), ci_low=lo.ravel(), ci_high=hi.ravel(), change=change.ravel(),
        pval=pval.ravel(), trend_pval=trend_p.repeat(len(per)), _z=trend_z.repeat(len(per)))
    out["pval_adj"] = bh_adjust(out["pval"].to_numpy())
    out["sig"] = out["pval_adj"] < alpha
    out["direction"] = np.where(out["sig"], np.where(out["change"] > 0, "rise", "fall"), "")
    first = out.drop_duplicates("theme")
    out["trend_pval_adj"] = out["theme"].map(dict(zip(first["theme"], bh_adjust(first["trend_pval"].to_numpy()))))
    out["trend"] = np.where(out["trend_pval_adj"] < alpha, np.where(out["_z"] > 0, "rise", "fall"), "")
    out["small_base"] = out["n"] < _min_n(a)
    return _integer_counts(out, ("n", "k"), r), themes


def _segment_keys(frame: pd.DataFrame, seg: str) -> np.ndarray:
    """A segment column's levels as :func:`textmine.nps.segment_nps` reads them (missing: "(missing)")."""
    return frame[seg].astype(object).where(frame[seg].notna(), "(missing)").astype(str).to_numpy()


def theme_segments(a, top: int = 15) -> pd.DataFrame:
    """For each segment column, level and each of the ``top`` themes (by respondents mentioning it, no-content
    left out): the share of the level's respondents mentioning the theme (Wilson interval), the share among the
    rest of the sample, ``diff`` and a two-proportion z-test (``pval``; ``pval_adj`` Benjamini–Hochberg within
    each segment column across theme x level), ``n_pos`` / ``n_neg`` (respondents with praise / a complaint on
    it) and ``net = (n_pos - n_neg) / k`` (net sentiment among its mentioners, NaN when k = 0). ``small_base``:
    n < min_n. Empty (same columns) when the survey has no segment column."""
    segments = list(getattr(a.survey, "segments", []) or [])
    if not segments:
        return _empty(SEGMENT_COLUMNS)
    alpha, names, f = _alpha(a), a.themes.codebook.names(), a.survey.frame
    flags = _flags(a)
    r = _respondents(a)
    w = r.set_index("respondent_id")["w"]
    counts = flags.assign(w=flags["respondent_id"].map(w)).groupby("theme")["w"].sum()
    themes = sorted(counts.index, key=lambda t: (-counts[t], str(t)))[:top]
    flags = flags[flags["theme"].isin(themes)]
    pos, neg = _flags(a, "positive"), _flags(a, "negative")
    total = _bases(r.assign(all=0), "all").iloc[0]
    parts = []
    for seg in segments:
        r[seg] = _segment_keys(f, seg)
        levels = sorted(pd.unique(r[seg]), key=str)
        base = _bases(r, seg).reindex(levels)
        k, kp, kn = (_k(x, r, seg) for x in (flags, pos, neg))
        n, n_eff = base["n"].to_numpy(), base["n_eff"].to_numpy()
        n_r, w2_r = total["n"] - n, total["w2"] - base["w2"].to_numpy()  # the rest of the sample: everyone else
        with np.errstate(divide="ignore", invalid="ignore"):
            neff_r = np.where(w2_r > 0, n_r ** 2 / np.where(w2_r > 0, w2_r, 1), 0.0)
        for t in themes:
            kt = k.get(t, pd.Series(dtype=float)).reindex(levels).fillna(0.0).to_numpy()
            share, lo, hi, k_eff = _shares(kt, n, n_eff, alpha)
            k_rest = kt.sum() - kt
            share_r, _, _, k_eff_r = _shares(k_rest, n_r, neff_r, alpha)
            p = two_proportion_test(k_eff, n_eff, k_eff_r, neff_r) if len(levels) > 1 else np.full(len(levels), np.nan)
            n_pos = kp.get(t, pd.Series(dtype=float)).reindex(levels).fillna(0.0).to_numpy()
            n_neg = kn.get(t, pd.Series(dtype=float)).reindex(levels).fillna(0.0).to_numpy()
            with np.errstate(divide="ignore", invalid="ignore"):
                net = np.where(kt > 0, (n_pos - n_neg) / np.where(kt > 0, kt, 1), np.nan)
            parts.append(pd.DataFrame({"segment": seg, "level": levels, "theme": t, "name": names.get(t, t),
                                       "n": n, "k": kt, "share": share, "ci_low": lo, "ci_high": hi,
                                       "share_rest": share_r, "diff": share - share_r, "pval": p, "n_pos": n_pos,
                                       "n_neg": n_neg, "net": net, "small_base": n_eff < _min_n(a)}))
    out = pd.concat(parts, ignore_index=True) if parts else _empty(SEGMENT_COLUMNS)
    out["pval_adj"] = np.nan
    for seg in segments:
        idx = out.index[out["segment"] == seg]
        out.loc[idx, "pval_adj"] = bh_adjust(out.loc[idx, "pval"].to_numpy())
    out["sig"] = out["pval_adj"] < alpha
    return _integer_counts(out, ("n", "k", "n_pos", "n_neg"), r).reindex(columns=list(SEGMENT_COLUMNS))


def theme_sentiment(a) -> pd.DataFrame:
    """Per theme (no-content left out), most mentioned first: ``n`` respondents mentioning it and how many of them
    ``praise`` it, are ``neutral`` on it or ``complaint`` about it (a respondent with clauses of several polarities
    on the theme counts in each, so the three may add up to more than n), their shares of n, and
    ``net = (praise - complaint) / n`` in [-1, 1].

    A respondent with both praise and a complaint adds nothing to ``net``, so ``net`` is the difference of two
    multinomial shares (praise only, complaint only) and ``net_ci_low`` / ``net_ci_high`` are its adjusted-Wald
    interval — the NPS interval, :func:`textmine.nps.nps_interval`, on those two shares — at level 1 - alpha."""
    names, alpha = a.themes.codebook.names(), _alpha(a)
    r = _respondents(a)
    w = r.set_index("respondent_id")["w"]
    m = _mentions(a).drop_duplicates()
    if not len(m):
        return _empty(SENTIMENT_COLUMNS)
    wide = (m.assign(v=True).pivot_table(index=["theme", "respondent_id"], columns="polarity", values="v",
                                         aggfunc="any", fill_value=False)
            .reindex(columns=["positive", "neutral", "negative"], fill_value=False).astype(bool).reset_index())
    wide["w"] = wide["respondent_id"].map(w).fillna(1.0)
    wide["w2"] = wide["w"] ** 2
    ww = wide["w"]
    wide["pos"], wide["neu"], wide["neg"] = ww * wide["positive"], ww * wide["neutral"], ww * wide["negative"]
    wide["pos_only"] = ww * (wide["positive"] & ~wide["negative"])
    wide["neg_only"] = ww * (wide["negative"] & ~wide["positive"])
    g = wide.groupby("theme")[["w", "w2", "pos", "neu", "neg", "pos_only", "neg_only"]].sum()
    n, n_eff = g["w"], g["w"] ** 2 / g["w2"]
    _, _, lo, hi = nps_interval(g["pos_only"] / n, g["neg_only"] / n, n_eff, alpha=alpha)
    out = pd.DataFrame({"theme": g.index, "name": [names.get(t, t) for t in g.index], "n": n.to_numpy(),
                        "praise": g["pos"].to_numpy(), "neutral": g["neu"].to_numpy(),
                        "complaint": g["neg"].to_numpy()})
    for c in ("praise", "neutral", "complaint"):
        out[f"share_{c}"] = out[c] / out["n"]
    out["net"] = (out["praise"] - out["complaint"]) / out["n"]
    out["net_ci_low"], out["net_ci_high"] = np.asarray(lo) / 100, np.asarray(hi) / 100
    out = _integer_counts(out, ("n", "praise", "neutral", "complaint"), r)
    out = out.sort_values(["n", "theme"], ascending=[False, True], kind="stable")
    return out.reindex(columns=list(SENTIMENT_COLUMNS)).reset_index(drop=True)


def change_decomposition(a):
    """The NPS change between the last two periods with n >= min_n, split exactly into theme contributions by
    :func:`textmine.drivers.decompose_change` (mix: the theme's share of respondents moved; rate: its
    mentioners' NPS moved; bootstrap intervals). Rows: the themes (no-content left out) and ``(no theme)``,
    largest contribution first; they sum to ``total``. ``.attrs``: before, after (period labels), nps_before,
    nps_after, total, total_ci_low, total_ci_high, n_before, n_after, alpha. None with fewer than two periods."""
    r = _dated(a)
    if r is None:
        return None
    per = a.periods.to_frame()
    per = per[per["n"] >= _min_n(a)]
    if len(per) < 2:
        return None
    before, after = per["period"].iloc[-2], per["period"].iloc[-1]
    m = _flags(a)
    themes = sorted(m["theme"].unique(), key=str)
    if not themes:
        return None
    f = a.survey.frame
    weight = _weight_column(a)
    resp = f[["respondent_id", "score"] + ([weight] if weight else [])].assign(respondent_id=respondent_codes(a)[0])
    frame = mentions_to_matrix(m, resp, signed=False)
    frame["_period"] = frame["respondent_id"].map(r.set_index("respondent_id")["period"])  # ids are unique here
    d = decompose_change(frame, "_period", before, after, themes=[str(t) for t in themes], score="score",
                         weight=weight, n_boot=int(a.settings.get("n_boot", 1000)), alpha=_alpha(a),
                         random_state=a.settings.get("random_state", 0))
    names = a.themes.codebook.names()
    out = d.to_frame()
    out["name"] = out["theme"].map(lambda t: names.get(t, t))
    out = out.reindex(out["contribution"].abs().sort_values(ascending=False, kind="stable").index)
    out = out.reindex(columns=list(DECOMPOSITION_COLUMNS)).reset_index(drop=True)
    out.attrs.update(before=before, after=after, nps_before=d.nps_before_, nps_after=d.nps_after_, total=d.total_,
                     total_ci_low=d.total_ci_[0], total_ci_high=d.total_ci_[1], n_before=d.n_before_,
                     n_after=d.n_after_, alpha=_alpha(a))
    return out
