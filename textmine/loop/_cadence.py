"""Survey cadence and fatigue: response rate, mean score and NPS by how often and how recently a contact was invited.

From a contact log (one row per invitation: id, date, answered yes/no) and the survey the answers went to, every
invitation gets the number of invitations the same contact had in the previous 30 and 90 days (strictly earlier
days, at most that many days before) and the days since the previous one. Per group: the response rate (Wilson),
its ratio to the first group's (Katz), and for the answers linked to a survey row, the mean score (t interval)
and the NPS (adjusted Wald). Contacts invited more than ``limit`` times within ``limit_days`` days are listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..nps import interval_from_counts
from ._cadence_link import link_answers
from ._contacts import load_survey, read_contacts, source_name
from ._loop_tables import (CADENCE, CADENCE_TRENDS, OVER_CONTACTED, UNMATCHED, conform, plain, records,
                           write_outputs)
from ._loopstats import check_alpha, katz_ratio, mean_ci, slope_test, trend_test, wilson

__all__ = ["CadenceResult", "contact_cadence"]

GAP_FIRST = "first"


@dataclass(repr=False)
class CadenceResult:
    """What :func:`contact_cadence` found. ``table`` (``to_frame()``) has one row per group (columns:
    :data:`CADENCE`); ``trends`` the change per extra invitation; ``over_contacted`` the contacts over the limit;
    ``unmatched`` every survey row and answered invitation that could not be linked, and every survey row not
    analysed, with the reason; ``counts`` the accounting."""

    table: pd.DataFrame
    trends: pd.DataFrame
    over_contacted: pd.DataFrame
    unmatched: pd.DataFrame
    counts: dict
    settings: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        c = self.counts
        return (f"<CadenceResult: {c['invitations']} invitations, {c['linked']} linked answers, "
                f"{len(self.unmatched)} rows unmatched; .summary(), .to_frame()>")

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict:
        return {"counts": dict(self.counts), "settings": {k: plain(v) if not isinstance(v, (list, tuple)) else list(v)
                                                          for k, v in self.settings.items()},
                "cadence": records(self.table), "trends": records(self.trends),
                "over_contacted": len(self.over_contacted), "unmatched": len(self.unmatched)}

    def summary(self) -> str:
        c, s = self.counts, self.settings
        level = int(round(100 * (1 - s["alpha"])))
        lines = [f"{c['invitations']} invitations to {c['contacts']} contacts, {c['responses']} answered; "
                 f"{c['linked']} answers linked to survey rows with a score ({c['survey_rows']} survey rows read)",
                 f"unmatched or not analysed: {len(self.unmatched)} rows" + _reasons(self.unmatched),
                 f"over the limit (more than {s['limit']} invitations in {s['limit_days']} days): "
                 f"{len(self.over_contacted)} contacts", ""]
        lines.append(f"{'group':<22}{'invited':>8}{'rate':>8}  {level}% CI        {'n':>5} {'mean':>5}  "
                     f"{'NPS':>6}  {level}% CI")
        for w, part in self.table.groupby("window", sort=False):
            lines.append(w)
            for r in part.itertuples(index=False):
                flag = "  [small base]" if r.small_base else ""
                mean = f"{r.mean_score:5.2f}" if r.n_scored else "    -"
                nps = (f"{r.nps:+6.1f}  [{r.nps_ci_low:+.1f}, {r.nps_ci_high:+.1f}]" if r.n_scored else "     -")
                lines.append(f"  {r.bin:<20}{r.invitations:>8}{100 * r.rate:>7.1f}%  [{100 * r.ci_low:4.1f}, "
                             f"{100 * r.ci_high:4.1f}]  {r.n_scored:>5} {mean}  {nps}{flag}")
        for r in self.trends.itertuples(index=False):
            if np.isnan(r.slope):
                continue
            unit, k = ("points of response rate", 100) if r.measure == "response_rate" else ("score points", 1)
            lines.append(f"trend {r.window}: {k * r.slope:+.2f} {unit} per extra invitation ({level}% CI "
                         f"{k * r.ci_low:+.2f} to {k * r.ci_high:+.2f}, p {_p(r.pval)})")
        return "\n".join(lines)

    def to_html(self) -> str:
        """A self-contained page: response rate and NPS by group, with intervals (no script, no network)."""
        from ._cadence_svg import cadence_html

        return cadence_html(self.table, self.settings["alpha"], self.counts)

    def save(self, out_dir) -> dict:
        """Write ``cadence.csv``, ``cadence_trends.csv``, ``over_contacted.csv``, ``unmatched.csv``,
        ``cadence.html`` and ``cadence.json`` into ``out_dir``; return ``{file name: path}``."""
        import json

        return write_outputs(out_dir, {"cadence.csv": (self.table, CADENCE),
                                       "cadence_trends.csv": (self.trends, CADENCE_TRENDS),
                                       "over_contacted.csv": (self.over_contacted, OVER_CONTACTED),
                                       "unmatched.csv": (self.unmatched, UNMATCHED)},
                             {"cadence.html": self.to_html(),
                              "cadence.json": json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"})


def _p(p) -> str:
    return "n/a" if p is None or np.isnan(p) else ("< 0.001" if p < 0.001 else f"{p:.3f}")


def _reasons(unmatched: pd.DataFrame) -> str:
    if unmatched.empty:
        return ""
    counts = unmatched.groupby(["source", "reason"], sort=False).size()
    return " (" + "; ".join(f"{s}: {n} {r}" for (s, r), n in counts.items()) + ")"


def contact_cadence(contacts, survey, *, id=None, date=None, responded=None, survey_id=None, score=None,
                    survey_date=None, windows=(30, 90), max_count: int = 3, gap_edges=(7, 14, 30, 90),
                    limit: int = 3, limit_days: int = 30, max_lag: int = 30, alpha: float = 0.05,
                    min_n: int = 30, sheet=None, encoding=None) -> CadenceResult:
    """Response rate, mean score and NPS by invitations in the previous ``windows`` days and by days since the
    previous invitation.

    Parameters
    ----------
    contacts : path or DataFrame
        The contact log, one row per invitation. ``id``, ``date`` and ``responded`` name its columns (guessed
        from headers such as 编号/customer_id, 邀请日期/invited_at and 是否回复/responded when not given).
        Every date must parse and every responded cell be yes/no (1/0, true/false, 是/否 …).
    survey : path, DataFrame or :class:`textmine.io.Survey`
        The answers (``survey_id`` and ``score`` name its id and 0-10 score columns; guessed when not given).
    survey_date : str, optional
        The survey's date column: each answer is linked to the contact's latest answered invitation at most
        ``max_lag`` days before it. Without it an answer is linked to its id's one answered invitation (an id
        with several is reported as unmatched).
    windows : the look-back windows in days; ``max_count``: the last count group is "that many or more".
    gap_edges : upper ends (days) of the days-since-previous groups. ``limit``, ``limit_days``: a contact
        invited more than ``limit`` times within ``limit_days`` days is over the limit.
    alpha : 1 - confidence level; ``min_n``: groups with fewer invitations or scored answers are flagged.
    """
    alpha = check_alpha(alpha)
    windows = _check_settings(windows, max_count, gap_edges, limit, limit_days, max_lag, min_n)
    log, cols = read_contacts(contacts, id=id, date=date, responded=responded, sheet=sheet, encoding=encoding)
    s = load_survey(survey, id=survey_id, score=score, date=survey_date, sheet=sheet, encoding=encoding)
    days = log["invited"].to_numpy().astype("datetime64[D]").astype(np.int64)
    codes = pd.factorize(log["respondent_id"])[0]
    rel = days - days.min() + max(max(windows), limit_days) + 1
    key = codes.astype(np.int64) * (int(rel.max()) + 1) + rel
    first_today = np.searchsorted(key, key, "left")
    for w in windows:
        log[f"invitations_{w}d"] = first_today - np.searchsorted(key, key - w, "left")
    prev = first_today - 1
    has_prev = (prev >= 0) & (codes[np.maximum(prev, 0)] == codes)
    log["days_since_last"] = np.where(has_prev, days - days[np.maximum(prev, 0)], np.nan)
    linked, unmatched = link_answers(log, s, by_date=survey_date is not None, max_lag=max_lag,
                                     contacts_src=source_name(contacts), contact_id_col=cols["id"])
    table, trends = _tables(log, linked, windows, max_count, gap_edges, alpha, min_n)
    over = _over_contacted(log, key, limit, limit_days, set(s.frame["respondent_id"]))
    counts = {"invitations": len(log), "contacts": int(codes.max()) + 1, "responses": int(log["responded"].sum()),
              "survey_rows": s.n_read, "survey_rejected": len(s.rejects), "linked": len(linked),
              "unmatched": len(unmatched), "over_contacted": len(over)}
    settings = {"alpha": alpha, "windows": list(windows), "max_count": max_count, "gap_edges": list(gap_edges),
                "limit": limit, "limit_days": limit_days, "max_lag": max_lag, "min_n": min_n,
                "columns": {**cols, "survey_id": s.columns.get("id"), "score": s.columns.get("score"),
                            "survey_date": s.columns.get("date")}}
    return CadenceResult(table, trends, over, conform(UNMATCHED, unmatched), counts, settings)


def _check_settings(windows, max_count, gap_edges, limit, limit_days, max_lag, min_n) -> tuple:
    windows = tuple(windows)
    for name, v in (("max_count", max_count), ("limit", limit), ("limit_days", limit_days), ("max_lag", max_lag),
                    ("min_n", min_n)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < (0 if name == "max_lag" else 1):
            raise ConfigError(f"{name}={v!r} must be a whole number >= {0 if name == 'max_lag' else 1}")
    if not windows or any(isinstance(w, bool) or not isinstance(w, (int, np.integer)) or w < 1 for w in windows):
        raise ConfigError(f"windows={windows!r} must be whole numbers of days >= 1, e.g. (30, 90)")
    edges = list(gap_edges)
    if not edges or edges != sorted(set(edges)) or edges[0] < 1:
        raise ConfigError(f"gap_edges={gap_edges!r} must be increasing whole numbers of days >= 1, e.g. (7, 14, 30)")
    return windows


def count_bins(counts, max_count: int) -> tuple[np.ndarray, list[str]]:
    """The group of each previous-invitation count: ``"0"``, ``"1"`` … ``"{max_count}+"``; and their order."""
    labels = [str(i) for i in range(max_count)] + [f"{max_count}+"]
    c = np.minimum(np.asarray(counts, dtype=np.int64), max_count)
    return np.array(labels, dtype=object)[c], labels


def gap_bins(gaps, edges) -> tuple[np.ndarray, list[str]]:
    """The group of each days-since-previous value: ``first`` (no previous invitation), ``1-7``, ``8-14`` …,
    ``91+``; and their order."""
    lows = [1] + [e + 1 for e in edges]
    labels = [GAP_FIRST] + [f"{lo}-{hi}" for lo, hi in zip(lows, edges)] + [f"{lows[-1]}+"]
    g = np.asarray(gaps, dtype=float)
    idx = np.where(np.isnan(g), 0, 1 + np.searchsorted(np.asarray(edges, dtype=float), np.nan_to_num(g), "left"))
    return np.array(labels, dtype=object)[idx], labels


def _tables(log, linked, windows, max_count, gap_edges, alpha, min_n):
    rows, trends = [], []
    dims = [(f"invitations_{w}d", *count_bins(log[f"invitations_{w}d"], max_count)) for w in windows]
    dims.append(("days_since_last", *gap_bins(log["days_since_last"], gap_edges)))
    answered = log["responded"].to_numpy()
    pos = pd.Index(log["row"]).get_indexer(linked["contact_row"])
    scores = linked["score"].to_numpy(dtype=float)
    for name, groups, order in dims:
        n = np.array([(groups == b).sum() for b in order])
        k = np.array([((groups == b) & answered).sum() for b in order])
        rate, lo, hi = wilson(k, n, alpha)
        rr, rr_lo, rr_hi = katz_ratio(k, n, k[0], n[0], alpha)
        rr_lo[0] = rr_hi[0] = np.nan  # the reference group: ratio 1 by definition
        g_linked = groups[pos]
        for i, b in enumerate(order):
            if n[i] == 0:  # a group without invitations is left out
                continue
            sc = scores[g_linked == b]
            m, m_lo, m_hi = mean_ci(sc, alpha)
            nps, _, nps_lo, nps_hi = interval_from_counts(sc.size, (sc >= 9).sum(), (sc <= 6).sum())
            rows.append({"window": name, "bin": b, "invitations": n[i], "responses": k[i], "rate": rate[i],
                         "ci_low": lo[i], "ci_high": hi[i], "rate_ratio": rr[i], "rr_ci_low": rr_lo[i],
                         "rr_ci_high": rr_hi[i], "n_scored": sc.size, "mean_score": m, "mean_ci_low": m_lo,
                         "mean_ci_high": m_hi, "nps": float(nps), "nps_ci_low": float(nps_lo),
                         "nps_ci_high": float(nps_hi), "small_base": bool(n[i] < min_n or sc.size < min_n)})
        if name != "days_since_last":
            t = trend_test(np.arange(len(order)), k, n, alpha)
            trends.append({"window": name, "measure": "response_rate", **t, "n": int(n.sum())})
            x = np.minimum(linked[name].to_numpy(dtype=float), max_count)
            trends.append({"window": name, "measure": "score", **slope_test(x, scores, alpha), "n": scores.size})
    return conform(CADENCE, pd.DataFrame(rows)), conform(CADENCE_TRENDS, pd.DataFrame(trends))


def _over_contacted(log: pd.DataFrame, key: np.ndarray, limit: int, limit_days: int, surveyed: set) -> pd.DataFrame:
    """Contacts with more than ``limit`` invitations within some ``limit_days``-day window (the busiest shown)."""
    start = np.searchsorted(key, key - (limit_days - 1), "left")
    in_window = np.searchsorted(key, key, "right") - start
    f = pd.DataFrame({"respondent_id": log["respondent_id"], "in_window": in_window, "start": start,
                      "pos": np.arange(len(log)), "responded": log["responded"]})
    per = f.groupby("respondent_id", sort=False)
    best = f.loc[per["in_window"].idxmax()].set_index("respondent_id")
    best = best[best["in_window"] > limit]
    if best.empty:
        return conform(OVER_CONTACTED, pd.DataFrame(columns=list(OVER_CONTACTED.names)))
    ends = np.searchsorted(key, key[best["pos"].to_numpy()], "right") - 1
    out = pd.DataFrame({
        "respondent_id": best.index.to_numpy(dtype=object),
        "invitations": per.size().reindex(best.index).to_numpy(),
        "max_in_window": best["in_window"].to_numpy(),
        "window_start": log["invited"].to_numpy()[best["start"].to_numpy()],
        "window_end": log["invited"].to_numpy()[ends],
        "responses": per["responded"].sum().reindex(best.index).to_numpy(),
    })
    out["in_survey"] = out["respondent_id"].isin(surveyed)
    out = out.sort_values(["max_in_window", "invitations", "respondent_id"], ascending=[False, False, True])
    return conform(OVER_CONTACTED, out)
