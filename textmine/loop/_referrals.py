"""Referrals: does this NPS track word of mouth?

From the survey and a table of referrals — one row per respondent with a count (or yes/no) of customers referred,
or one row per referral made — the share of each NPS group that referred someone (Wilson), its ratio to the
detractors' (Katz), and how well the 0-10 score ranks referrers above non-referrers (AUC with DeLong's interval).
A plain-language verdict says whether the score tracks word of mouth, and by which figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputError
from ..io import resolve_column
from ..nps import DETRACTOR, PASSIVE, PROMOTER
from ..io import header_matches
from ._contacts import (ID_HINTS, clean_ids, load_survey, parse_flags, read_frame, require_ids,
                        safe_example, source_name, survey_rejects)
from ._loop_tables import REFERRALS, UNMATCHED, conform, plain, records, write_outputs
from ._loopstats import check_alpha, delong_auc, katz_ratio, wilson

__all__ = ["ReferralResult", "referral_rates", "VERDICTS"]

COUNT_HINTS = ("referrals", "referred", "referral", "count", "推荐人数", "人数", "次数", "数量", "推荐数")
REFERRER_HINTS = ("referrer", "推荐人") + ID_HINTS
#: verdict codes: tracks (AUC interval above 0.6 and promoters refer more than detractors), weak (the score
#: ranks referrers above non-referrers, but less clearly), does_not_track (no better than chance), too_few
VERDICTS = ("tracks", "weak", "does_not_track", "too_few")
MIN_CLASS = 10


@dataclass(repr=False)
class ReferralResult:
    """What :func:`referral_rates` found: ``table`` (``to_frame()``; columns :data:`REFERRALS`), ``auc`` (``auc,
    se, ci_low, ci_high, pval, n_events, n_non_events``), the ``verdict`` sentence and its ``verdict_code``
    (one of :data:`VERDICTS`), ``unmatched`` rows with their reason, ``counts`` and ``notes``."""

    table: pd.DataFrame
    auc: dict
    verdict: str
    verdict_code: str
    unmatched: pd.DataFrame
    counts: dict
    settings: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    def __repr__(self) -> str:
        return (f"<ReferralResult: {self.counts['analysed']} respondents, AUC {self.auc['auc']:.3f}, verdict "
                f"{self.verdict_code}; .summary(), .to_frame()>")

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict:
        prom = self.table.set_index("group").loc[PROMOTER]
        return {"auc": plain(self.auc["auc"]), "auc_ci_low": plain(self.auc["ci_low"]),
                "auc_ci_high": plain(self.auc["ci_high"]), "auc_se": plain(self.auc["se"]),
                "auc_pval": plain(self.auc["pval"]), "verdict": self.verdict, "verdict_code": self.verdict_code,
                "promoters_who_referred": plain(prom["rate"]), "promoters_who_referred_ci_low": plain(prom["ci_low"]),
                "promoters_who_referred_ci_high": plain(prom["ci_high"]), "counts": dict(self.counts),
                "settings": dict(self.settings), "notes": list(self.notes), "groups": records(self.table),
                "unmatched": len(self.unmatched)}

    def summary(self) -> str:
        level = int(round(100 * (1 - self.settings["alpha"])))
        c = self.counts
        lines = [f"{c['analysed']} respondents analysed, {c['referrers']} referred someone; unmatched or not "
                 f"analysed: {len(self.unmatched)} rows"] + [f"note: {n}" for n in self.notes]
        lines.append(f"{'group':<11}{'n':>7}{'referred':>9}{'rate':>8}  {level}% CI        rate ratio vs "
                     "detractors")
        for r in self.table.itertuples(index=False):
            rr = ("" if np.isnan(r.rate_ratio) else f"{r.rate_ratio:.2f}" +
                  ("" if np.isnan(r.rr_ci_low) else f" [{r.rr_ci_low:.2f}, {r.rr_ci_high:.2f}]"))
            lines.append(f"{r.group:<11}{r.n:>7}{r.referrers:>9}{100 * r.rate:>7.1f}%  [{100 * r.ci_low:4.1f}, "
                         f"{100 * r.ci_high:4.1f}]  {rr}")
        a = self.auc
        if np.isfinite(a["auc"]):
            lines.append(f"AUC of the 0-10 score for referring: {a['auc']:.3f} ({level}% CI {a['ci_low']:.3f} to "
                         f"{a['ci_high']:.3f}, DeLong)")
        lines.append(f"verdict: {self.verdict}")
        return "\n".join(lines)

    def save(self, out_dir) -> dict:
        """Write ``referrals.csv``, ``referrals.json`` and ``unmatched.csv`` into ``out_dir``."""
        return write_outputs(out_dir, {"referrals.csv": (self.table, REFERRALS),
                                       "unmatched.csv": (self.unmatched, UNMATCHED)},
                             {"referrals.json": json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"})


def referral_rates(survey, referrals, *, id=None, referral_id=None, count=None, score=None, alpha: float = 0.05,
                   sheet=None, encoding=None) -> ReferralResult:
    """Referral rate by NPS group, rate ratios against detractors, the score's AUC for referring, a verdict.

    ``referrals`` is a path or DataFrame: with a ``count`` column (customers referred, a number >= 0, or yes/no)
    one row per respondent — a surveyed respondent missing from it is reported and left out; without one (none
    named and none found among headers such as referrals/推荐人数) one row per referral made — a surveyed
    respondent without a row referred no one. ``referral_id`` names its id column (default: the survey's id
    column name, else guessed). Ids in the table that are not in the survey are reported.
    """
    alpha = check_alpha(alpha)
    s = load_survey(survey, id=id, score=score, sheet=sheet, encoding=encoding, option="id")
    raw = read_frame(referrals, sheet=sheet, encoding=encoding)
    src = source_name(referrals)
    id_col = _id_column(raw, referral_id, s.columns["id"])
    ref_ids = require_ids(raw[id_col].to_numpy(), id_col, src)
    notes = []
    count_col = resolve_column(raw, count, "referral count") if count is not None else _guess_count(raw, id_col)
    f = s.frame[["row", "respondent_id", "score", "nps_group"]]
    dup = f["respondent_id"].duplicated(keep=False).to_numpy()
    parts = [survey_rejects(s, "survey"), _unmatched(f[dup], "survey", "id given to several survey rows")]
    f = f[~dup]
    if not np.isin(ref_ids, f["respondent_id"].to_numpy()).any():
        raise InputError(f"none of the {len(set(ref_ids))} ids of the referral table {src} (column {id_col!r}) is "
                         f"a survey respondent (column {s.columns['id']!r}, {len(f)} ids); expected the survey's ids: "
                         "check referral_id= (CLI: --referral-id) and id= (CLI: --id)")
    table = pd.DataFrame({"row": np.arange(1, len(raw) + 1), "respondent_id": ref_ids})
    outside = ~table["respondent_id"].isin(set(f["respondent_id"]))
    parts.append(_unmatched(table[outside], "referrals", "id not among the analysed survey respondents"))
    if count_col is not None:
        table["count"] = _counts(raw[count_col].to_numpy(), count_col, src)
        notes.append(f"one row per respondent: customers referred read from column {count_col!r}")
        per = table[~outside].groupby("respondent_id")["count"].sum()
        if table.loc[~outside, "respondent_id"].duplicated().any():
            notes.append("ids repeated in the referral table: their counts are added")
        missing = ~f["respondent_id"].isin(per.index)
        parts.append(_unmatched(f[missing], "survey", "id not in the referral table"))
        f = f[~missing]
        referred = f["respondent_id"].map(per).to_numpy(dtype=float)
    else:
        notes.append("one row per referral made (no count column): a respondent without a row referred no one")
        per = table[~outside].groupby("respondent_id").size()
        referred = f["respondent_id"].map(per).fillna(0).to_numpy(dtype=float)
    is_referrer = referred > 0
    groups = f["nps_group"].to_numpy()
    rows = _group_rows(groups, is_referrer, alpha)
    auc = delong_auc(f["score"].to_numpy(dtype=float), is_referrer, alpha)
    out = conform(REFERRALS, pd.DataFrame(rows))
    code, verdict = _verdict(out, auc, alpha)
    um = [p for p in parts if len(p)]
    unmatched = conform(UNMATCHED, pd.concat(um, ignore_index=True) if um else pd.DataFrame(columns=UNMATCHED.names))
    counts = {"survey_rows": s.n_read, "referral_rows": len(raw), "analysed": int(len(f)),
              "referrers": int(is_referrer.sum()), "customers_referred": float(referred.sum()),
              "unmatched": len(unmatched)}
    settings = {"alpha": alpha, "id": s.columns["id"], "referral_id": id_col, "count": count_col}
    return ReferralResult(out, auc, verdict, code, unmatched, counts, settings, notes)


def _id_column(raw, given, survey_id) -> str:
    if given is not None:
        return resolve_column(raw, given, "referral id")
    if survey_id in raw.columns:
        return survey_id
    named = [c for c in raw.columns if header_matches(str(c), REFERRER_HINTS)]
    if len(named) == 1:
        return named[0]
    from ..errors import SchemaError

    raise SchemaError("could not choose the id column of the referral table"
                      + (f" (several could be it: {', '.join(map(repr, named))})" if named else "")
                      + "; name it with referral_id=... (CLI: --referral-id)")


def _guess_count(raw, id_col):
    """A column whose header names a count and whose cells are numbers; None (one row per referral) else."""
    for c in raw.columns:
        if c != id_col and header_matches(str(c), COUNT_HINTS):
            num = pd.to_numeric(pd.Series(raw[c]).astype(str).str.strip(), errors="coerce")
            if num.notna().mean() >= 0.9:
                return c
    return None


def _counts(values, column: str, src: str) -> np.ndarray:
    """Customers referred per row: numbers >= 0, or yes/no flags (yes = 1)."""
    text = pd.Series(values, dtype=object).map(lambda v: "" if v is None or (isinstance(v, float) and v != v)
                                               else str(v).strip())
    num = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
    if np.isnan(num).all():
        return parse_flags(values, column, src).astype(float)
    bad = np.isnan(num) | (num < 0) | ~np.isfinite(num)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise InputError(f"{int(bad.sum())} of {len(num)} rows of {src} have no usable count in column {column!r} "
                         f"(first: row {first + 1}, {safe_example(values[first])}); expected a number >= 0 of "
                         "customers referred (or yes/no) in every row")
    return num


def _unmatched(f: pd.DataFrame, source: str, reason: str) -> pd.DataFrame:
    return pd.DataFrame({"source": source, "row": f["row"].to_numpy(),
                         "respondent_id": clean_ids(f["respondent_id"].to_numpy()), "reason": reason})


def _group_rows(groups, referrer, alpha) -> list[dict]:
    order = (PROMOTER, PASSIVE, DETRACTOR)
    n = np.array([(groups == g).sum() for g in order] + [len(groups)])
    k = np.array([(referrer & (groups == g)).sum() for g in order] + [referrer.sum()])
    rate, lo, hi = wilson(k, n, alpha)
    rr, rr_lo, rr_hi = katz_ratio(k[:3], n[:3], k[2], n[2], alpha)
    rr = np.append(rr, np.nan)
    rr_lo, rr_hi = np.append(rr_lo, np.nan), np.append(rr_hi, np.nan)
    rr_lo[2] = rr_hi[2] = np.nan  # detractors: the reference
    return [{"group": g, "n": int(n[i]), "referrers": int(k[i]), "rate": rate[i], "ci_low": lo[i], "ci_high": hi[i],
             "rate_ratio": rr[i], "rr_ci_low": rr_lo[i], "rr_ci_high": rr_hi[i]}
            for i, g in enumerate(order + ("all",))]


def _verdict(table: pd.DataFrame, auc: dict, alpha: float) -> tuple[str, str]:
    """The verdict code and its sentence, each figure with its interval."""
    level = int(round(100 * (1 - alpha)))
    t = table.set_index("group")
    p, d = t.loc[PROMOTER], t.loc[DETRACTOR]
    if min(auc["n_events"], auc["n_non_events"]) < MIN_CLASS or min(p["n"], d["n"]) == 0:
        return "too_few", (f"Too few to judge: {auc['n_events']} referrers and {auc['n_non_events']} non-referrers, "
                           f"{int(p['n'])} promoters and {int(d['n'])} detractors (at least {MIN_CLASS} referrers "
                           "and non-referrers and some of each group are needed).")
    rr = (f"promoters referred {p['rate_ratio']:.1f} times as often as detractors ({level}% CI "
          f"{p['rr_ci_low']:.1f} to {p['rr_ci_high']:.1f})") if np.isfinite(p["rate_ratio"]) else \
        "no detractor referred anyone, so the rate ratio is not defined"
    share = (f"{100 * p['rate']:.0f}% of promoters actually referred someone ({100 * p['ci_low']:.0f}-"
             f"{100 * p['ci_high']:.0f}%)")
    rank = (f"the 0-10 score ranks a referrer above a non-referrer {100 * auc['auc']:.0f}% of the time (AUC "
            f"{auc['auc']:.2f}, {level}% CI {auc['ci_low']:.2f} to {auc['ci_high']:.2f})")
    if auc["ci_low"] >= 0.6 and (not np.isfinite(p["rr_ci_low"]) or p["rr_ci_low"] > 1):
        return "tracks", f"This NPS tracks word of mouth: {rr}; {rank}; {share}."
    if auc["ci_low"] > 0.5:
        return "weak", f"This NPS tracks word of mouth only weakly: {rank}; {rr}; {share}."
    return "does_not_track", (f"This NPS does not track word of mouth: {rank}, no better than chance (0.50) can be "
                              f"ruled out; {rr}; {share}.")
