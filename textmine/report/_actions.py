"""The report's action sections: what customers expect (their suggestions per theme) and the complaints to fix,
now or later, by owner, ranked by the NPS gain if resolved (``themes.fix_list`` with the drivers' estimate)."""

from __future__ import annotations

from ._html import fmt_int, fmt_num, fmt_pct, level, table

__all__ = ["expect_section", "fix_section"]


def expect_section(a, t: dict):
    """Per theme, the share of its respondents who ask for something, with its interval, n and masked examples
    (the themes most asked about first, wishes about nothing in particular — 希望继续保持 — last); None when no
    answer asks for anything about a theme."""
    s = a.themes.suggestions(k=3)
    s = s[s["n_suggestions"] > 0]
    if not len(s):
        return None
    rows = [{"name": r.name, "share": fmt_pct(r.share), "ci": f"{fmt_pct(r.ci_low)}–{fmt_pct(r.ci_high)}",
             "n": t["x_of"].format(k=fmt_int(r.n_suggestions), n=fmt_int(r.n)), "examples": list(r.examples)}
            for r in s.head(15).itertuples()]  # suggestions()' order: most asked first, the overall evaluation last
    return {"rows": rows, "note": t["x_note"].format(level=level(a))}


def _signed(v) -> str:
    return fmt_num(v, signed=True)


def fix_section(a, t: dict):
    """The complaint themes grouped by the codebook's horizon (now, later, unplanned) then owner, ranked by the NPS
    gain if resolved (interval from the drivers' bootstrap); None when no detractor complains."""
    from ..themes import fix_list

    f = fix_list(a.themes, a.drivers)
    f = f[f["n"] > 0]
    if not len(f):
        return None
    lvl = level(a)
    f = f.assign(when=f["horizon"].map({"now": t["fx_now"], "later": t["fx_later"]}).fillna(t["fx_none"]),
                 who=f["owner"].where(f["owner"].astype(bool), t["fx_nobody"]),
                 gain_ci=[f"{fmt_num(lo, signed=True)} – {fmt_num(hi, signed=True)}" if lo == lo else ""
                          for lo, hi in zip(f["gain_ci_low"], f["gain_ci_high"])])
    cols = [("when", t["fx_horizon"], None), ("who", t["fx_owner"], None), ("name", t["theme"], None),
            ("complaint", t["fx_example"], None), ("n", t["n"], fmt_int), ("share", t["share"], fmt_pct),
            ("ci_low", t["ci_low"], fmt_pct), ("ci_high", t["ci_high"], fmt_pct), ("gain", t["fx_gain"], _signed),
            ("gain_ci", t["ci"].format(level=lvl), None)]
    planned = bool((f["horizon"] != "none").any())
    return {"table": table(f, cols, table_id="t-fix", caption=t["fx_caption"].format(level=lvl)),
            "note": t["fx_note"] if not planned else ""}
