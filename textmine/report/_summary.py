"""The executive summary: three to five plain sentences, in Chinese or English, each with its figure and interval.

The sentences are written from the analysis' own figures, never from answers (no verbatim is quoted): the NPS
(and the last period's change when it is significant), what moved (the largest significant theme trend of
:func:`theme_trends`), what detractors complain about most (``themes.detractor_complaints()``) and what to fix
(the complaint theme worth most if resolved, from :func:`complaint_table`). Themes appear by name. When a figure
is missing (no dates, no drivers) the summary falls back on the composition of the sample and the most mentioned
theme, so it always holds at least three sentences.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..nps import proportion_ci
from ..themes import NO_CONTENT_ID, OVERALL_ID
from ._complaints import complaint_table, detractor_complaints
from ._views import nps_trend, theme_trends

__all__ = ["executive_summary", "LANGUAGES"]

LANGUAGES = ("zh", "en")


def _pct(v) -> str:
    return f"{100 * v:.1f}%"


def _pts(v) -> str:
    return f"{v:+.1f}"


class _Say:
    """The phrases of one language."""

    def __init__(self, lang: str, alpha: float):
        self.zh = lang == "zh"
        level = round(100 * (1 - alpha), 1)
        self.level = f"{level:g}%"

    def ci(self, lo, hi, fmt=_pct) -> str:
        return (f"{self.level}置信区间 {fmt(lo)} 至 {fmt(hi)}" if self.zh
                else f"{self.level} CI {fmt(lo)} to {fmt(hi)}")

    def theme(self, name) -> str:
        return f"「{name}」" if self.zh else str(name)

    def end(self, s: str) -> str:
        return s + ("。" if self.zh else ".")

    def paren(self, s: str) -> str:
        return f"（{s}）" if self.zh else f" ({s})"


def _headline(a, say: _Say) -> str:
    r = a.nps
    n = f"n={int(round(r.n)):,}"
    s = (f"本次调研的NPS为{_pts(r.nps)}{say.paren(say.ci(r.ci_low, r.ci_high, _pts) + '，' + n)}" if say.zh
         else f"The NPS is {_pts(r.nps)}{say.paren(say.ci(r.ci_low, r.ci_high, _pts) + ', ' + n)}")
    per = nps_trend(a)
    alpha = float(a.settings.get("alpha", 0.05))
    if len(per) and "change" in per.columns:
        last = per[per["n"] > 0].tail(1)
        if len(last) and np.isfinite(last["change"].iloc[0]) and last["pval_adj"].iloc[0] < alpha:
            x = last.iloc[0]
            part = "（该期数据不完整）" if say.zh and x["partial"] else (" (a partial period)" if x["partial"] else "")
            ci = say.ci(x["change_ci_low"], x["change_ci_high"], _pts)
            s += (f"；最近一期{x['period']}{part}较上一期变化{_pts(x['change'])}分（{ci}），变化显著" if say.zh
                  else f"; in {x['period']}{part} it changed by {_pts(x['change'])} points from the previous "
                       f"period ({ci}), a significant change")
    return say.end(s)


def _ends(sub: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """The first and last periods of one theme to compare: those with a full base when there are two."""
    sub = sub[sub["n"] > 0]
    full = sub[sub["n"] >= min_n]
    return (full if len(full) >= 2 else sub).iloc[[0, -1]]


def _moved(a, say: _Say) -> str | None:
    min_n = int(a.settings.get("min_n", 30))
    for kind in ("complaint", "praise"):
        t = theme_trends(a, kind=kind)
        if not len(t):
            return None
        best = None
        for _, sub in t[t["trend"] != ""].groupby("theme", sort=False):
            e = _ends(sub, min_n)
            if len(e) == 2 and (best is None or abs(e["share"].iloc[1] - e["share"].iloc[0]) > best[0]):
                best = (abs(e["share"].iloc[1] - e["share"].iloc[0]), e, "trend")
        if best is None:
            sig = t[t["sig"]]
            if len(sig):
                row = sig.loc[sig["change"].abs().idxmax()]
                sub = t[t["theme"] == row["theme"]].reset_index(drop=True)
                i = int(sub.index[sub["period"] == row["period"]][0])
                best = (abs(row["change"]), sub.iloc[[i - 1, i]], "change")
        if best is None:
            continue
        e, how = best[1], best[2]
        first, last = e.iloc[0], e.iloc[1]
        up = last["share"] > first["share"]
        name = say.theme(last["name"])
        ci0 = say.ci(first["ci_low"], first["ci_high"])
        ci1 = say.ci(last["ci_low"], last["ci_high"])
        if say.zh:
            who = f"{'抱怨' if kind == 'complaint' else '称赞'}{name}的受访者比例"
            trend = "呈显著上升趋势" if up else "呈显著下降趋势"
            if how == "change":
                trend = f"在{last['period']}显著{'上升' if up else '下降'}"
            return say.end(f"{who}{trend}：从{first['period']}的{_pct(first['share'])}（{ci0}）"
                           f"{'升至' if up else '降至'}{last['period']}的{_pct(last['share'])}（{ci1}）")
        who = f"The share of respondents {'complaining about' if kind == 'complaint' else 'praising'} {name}"
        verb = ("has risen steadily" if up else "has fallen steadily") if how == "trend" else (
            "rose significantly" if up else "fell significantly")
        extra = " (a significant trend)" if how == "trend" else ""
        return say.end(f"{who} {verb}{extra} from {_pct(first['share'])} in {first['period']} ({ci0}) "
                       f"to {_pct(last['share'])} in {last['period']} ({ci1})")
    return None


def _detractors(a, say: _Say) -> str | None:
    dc = detractor_complaints(a)
    dc = dc[dc["theme"] != OVERALL_ID]
    if not len(dc):
        return None
    r = dc.iloc[0]
    ci = say.ci(r["ci_low"], r["ci_high"])
    base = f"n={int(r['base']):,}"
    if say.zh:
        return say.end(f"贬损者最常抱怨的是{say.theme(r['name'])}：{_pct(r['share'])}的贬损者提到（{ci}，{base}）")
    return say.end(f"Detractors complain most about {say.theme(r['name'])}: {_pct(r['share'])} of detractors "
                   f"do ({ci}, {base})")


def _fix(a, say: _Say) -> str | None:
    if a.drivers is None:
        return None
    alpha = float(a.settings.get("alpha", 0.05))
    tab = complaint_table(a, top=None)
    tab = tab[tab["theme"] != OVERALL_ID]
    gain = tab[tab["resolved_ci_low"] > 0]
    if len(gain):
        r = gain.loc[gain["resolved_change"].idxmax()]
        ci = say.ci(r["resolved_ci_low"], r["resolved_ci_high"], _pts)
        if say.zh:
            return say.end(f"最值得优先解决的是{say.theme(r['name'])}的问题：若其抱怨全部得到解决，NPS估计可提高"
                           f"{r['resolved_change']:.1f}分（{ci}；基于关联估算，并非因果结论）")
        return say.end(f"The complaint worth fixing first is {say.theme(r['name'])}: if every complaint about it "
                       f"were resolved, NPS would be an estimated {r['resolved_change']:.1f} points higher "
                       f"({ci}; an association, not a proven cause)")
    pen = tab[(tab["penalty_pval_adj"] < alpha) & tab["penalty_nps"].notna()]
    if not len(pen):
        return None
    r = pen.loc[pen["penalty_nps"].idxmin()]
    ci = say.ci(r["penalty_ci_low"], r["penalty_ci_high"], _pts)
    if say.zh:
        return say.end(f"对NPS拖累最大的是{say.theme(r['name'])}的抱怨：有此抱怨的受访者，其NPS贡献平均变化"
                       f"{_pts(r['penalty_nps'])}分（{ci}；基于关联估算，并非因果结论）")
    return say.end(f"Complaints about {say.theme(r['name'])} cost NPS most: a complaint about it goes with a "
                   f"{_pts(r['penalty_nps'])}-point change in a respondent's NPS contribution ({ci}; an association, "
                   f"not a proven cause)")


def _composition(a, say: _Say) -> str:
    r = a.nps
    alpha = float(a.settings.get("alpha", 0.05))
    n_eff = r.n_eff if np.isfinite(r.n_eff) else r.n
    (plo, dlo), (phi, dhi) = proportion_ci([r.promoters / r.n * n_eff, r.detractors / r.n * n_eff], n_eff,
                                           alpha=alpha)
    p, d = r.promoters / r.n, r.detractors / r.n
    if say.zh:
        return say.end(f"推荐者占{_pct(p)}（{say.ci(plo, phi)}），贬损者占{_pct(d)}（{say.ci(dlo, dhi)}）")
    return say.end(f"Promoters are {_pct(p)} of respondents ({say.ci(plo, phi)}) and detractors "
                   f"{_pct(d)} ({say.ci(dlo, dhi)})")


def _top_theme(a, say: _Say) -> str | None:
    t = a.themes.to_frame()
    t = t[(t["theme"] != NO_CONTENT_ID) & (t["theme"] != OVERALL_ID) & (t["n"] > 0)]
    if not len(t):
        return None
    r = t.sort_values(["n", "theme"], ascending=[False, True]).iloc[0]
    ci = say.ci(r["ci_low"], r["ci_high"])
    if say.zh:
        return say.end(f"受访者提及最多的主题是{say.theme(r['name'])}，占{_pct(r['share'])}（{ci}）")
    return say.end(f"The theme respondents mention most is {say.theme(r['name'])}, raised by {_pct(r['share'])} "
                   f"of them ({ci})")


def _answered(a, say: _Say) -> str:
    f = a.survey.frame
    n, k = len(f), int((~f["empty_text"]).sum())
    alpha = float(a.settings.get("alpha", 0.05))
    lo, hi = proportion_ci(k, n, alpha=alpha)
    share = k / n if n else float("nan")
    if say.zh:
        return say.end(f"{_pct(share)}的受访者填写了开放题（{say.ci(lo, hi)}，n={n:,}）")
    return say.end(f"{_pct(share)} of respondents wrote an answer to the open question ({say.ci(lo, hi)}, n={n:,})")


def executive_summary(a, lang: str = "zh") -> list[str]:
    """Three to five sentences for a reader in a hurry, in Chinese (``lang="zh"``) or English (``"en"``).

    In order: the NPS with its interval and n (and the last period's change when significant); the largest
    significant theme trend (complaints first, then praise) with its shares and intervals; the complaint most
    shared by detractors; the complaint theme worth most if resolved (or with the largest penalty). Missing ones
    are replaced by the sample's composition, the most mentioned theme and the share who answered. Intervals are
    at the analysis' confidence level; driver figures are associations, and the sentences say so.
    """
    if lang not in LANGUAGES:
        raise ConfigError(f"lang={lang!r} is not known; choose one of {', '.join(LANGUAGES)}")
    say = _Say(lang, float(a.settings.get("alpha", 0.05)))
    main = [s for s in (_headline(a, say), _moved(a, say), _detractors(a, say), _fix(a, say)) if s]
    for filler in (_composition, _top_theme, _answered):
        if len(main) >= 3:
            break
        s = filler(a, say)
        if s and filler is _composition:
            main.insert(1, s)
        elif s:
            main.append(s)
    return main[:5]
