"""Panel waves: respondents linked across survey waves, their NPS-group transitions and what preceded them.

Respondents are linked by id between consecutive waves (an id given twice in one wave cannot be linked and is
reported). Per pair of waves: the 3 × 3 transition table (each share of the earlier group with its Wilson interval)
and the paired NPS change (t interval of the per-respondent change). From wave 1 to wave 2, per wave-1 theme: the
rate of detractor → promoter conversion and of promoter → detractor loss with and without the theme (Wilson),
their difference (Newcombe), Fisher's p and the Benjamini–Hochberg adjusted p; and whether the detractors who
complained of a theme tagged as fixed converted more than those who complained only of other themes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ConfigError, InputError
from ..nps import DETRACTOR, PASSIVE, PROMOTER, bh_adjust
from ._contacts import load_survey, survey_rejects
from ._loop_tables import CONVERSION, TRANSITIONS, UNMATCHED, conform, records, write_outputs
from ._loopstats import check_alpha, fisher_p, mean_ci, newcombe_diff, wilson
from ._panel_themes import MENTIONS, match_fixed, read_theme_flags

__all__ = ["PanelResult", "panel_transitions"]

ORDER = (DETRACTOR, PASSIVE, PROMOTER)
#: transitions whose precursors are looked for: (name, wave-1 group, wave-2 group)
EVENTS = (("detractor_to_promoter", DETRACTOR, PROMOTER), ("promoter_to_detractor", PROMOTER, DETRACTOR))


@dataclass(repr=False)
class PanelResult:
    """What :func:`panel_transitions` found: ``transitions`` (``to_frame()``; columns :data:`TRANSITIONS`),
    ``conversion`` (per theme and for the fixed themes; :data:`CONVERSION`), ``nps_change`` (paired, per pair of
    waves), ``unmatched`` (every row not linked, with the reason), ``counts`` and ``notes``."""

    transitions: pd.DataFrame
    conversion: pd.DataFrame
    nps_change: pd.DataFrame
    unmatched: pd.DataFrame
    counts: dict
    settings: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    def __repr__(self) -> str:
        linked = ", ".join(f"{k}: {v}" for k, v in self.counts["linked"].items())
        return (f"<PanelResult: linked {linked}, {len(self.conversion)} theme rows, {len(self.unmatched)} rows "
                "unmatched; .summary(), .transitions, .conversion>")

    def to_frame(self) -> pd.DataFrame:
        return self.transitions.copy()

    def to_dict(self) -> dict:
        return {"counts": dict(self.counts), "settings": dict(self.settings), "notes": list(self.notes),
                "nps_change": records(self.nps_change), "transitions": records(self.transitions),
                "conversion_by_theme": records(self.conversion), "unmatched": len(self.unmatched)}

    def summary(self) -> str:
        level = int(round(100 * (1 - self.settings["alpha"])))
        lines = [f"waves: {', '.join(str(n) for n in self.counts['respondents'])} respondents; linked: "
                 f"{', '.join(f'{k} {v}' for k, v in self.counts['linked'].items())}; unmatched or not analysed: "
                 f"{len(self.unmatched)} rows"] + [f"note: {n}" for n in self.notes]
        for r in self.nps_change.itertuples(index=False):
            lines.append(f"waves {r.waves}: NPS {r.nps_from:+.1f} -> {r.nps_to:+.1f} among the {r.n} linked, change "
                         f"{r.change:+.1f} ({level}% CI {r.ci_low:+.1f} to {r.ci_high:+.1f}, paired)")
        for waves, part in self.transitions.groupby("waves", sort=False):
            lines.append(f"\ntransitions {waves} (share of the earlier group, {level}% Wilson CI)")
            lines.append("  " + "from / to".ljust(12) + "".join(f"{g:>24}" for g in ORDER))
            for g in ORDER:
                row = part[part["from"] == g].set_index("to")
                cells = "".join(f"{100 * row.at[t, 'share']:>7.1f}% [{100 * row.at[t, 'ci_low']:4.1f}, "
                                f"{100 * row.at[t, 'ci_high']:4.1f}]" if row.at[t, "n_from"] else f"{'-':>24}"
                                for t in ORDER)
                lines.append(f"  {g:<12}{cells}   n={int(row['n_from'].iloc[0])}")
        conv = self.conversion
        for name, part in conv.groupby(["transition", "kind"], sort=False):
            top = part.sort_values("pval").head(8) if name[1] == "theme" else part
            head = ("fixed themes vs other complaints" if name[1] == "fixed" else "themes (lowest p first)")
            lines.append(f"\n{name[0]}: {head}")
            for r in top.itertuples(index=False):
                lines.append(f"  {r.theme[:28]:<28} with {100 * r.rate_with:5.1f}% (n={r.n_with}) without "
                             f"{100 * r.rate_without:5.1f}% (n={r.n_without}) diff {100 * r.diff:+5.1f} "
                             f"[{100 * r.diff_ci_low:+.1f}, {100 * r.diff_ci_high:+.1f}] p_adj "
                             f"{r.pval_adj:.3f}" + ("  [small base]" if r.small_base else ""))
        return "\n".join(lines)

    def save(self, out_dir) -> dict:
        """Write ``transitions.csv``, ``conversion_by_theme.csv``, ``unmatched.csv`` and ``panel.json``."""
        return write_outputs(out_dir, {"transitions.csv": (self.transitions, TRANSITIONS),
                                       "conversion_by_theme.csv": (self.conversion, CONVERSION),
                                       "unmatched.csv": (self.unmatched, UNMATCHED)},
                             {"panel.json": json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"})


def panel_transitions(waves, *, id=None, score=None, themes=None, fixed=(), mention: str = "any",
                      min_mentions: int = 5, alpha: float = 0.05, min_n: int = 30, sheet=None,
                      encoding=None) -> PanelResult:
    """Link respondents across ``waves`` (two or more: paths, DataFrames or Surveys, in time order) by ``id``.

    ``themes``: wave 1's themes — an analyze output folder, its respondents.csv, or ``Analysis.respondents()``;
    None skips the theme analysis. ``mention``: which wave-1 mentions flag a theme (``any``, ``criticised``,
    ``praised``). ``fixed``: theme ids or names (see :func:`match_fixed`) whose complaints were fixed between the
    waves. Themes with fewer than ``min_mentions`` respondents in a transition's base are left out of it.
    """
    alpha = check_alpha(alpha)
    waves = list(waves) if not isinstance(waves, (str, os.PathLike, pd.DataFrame)) else [waves]
    if len(waves) < 2:
        raise ConfigError(f"expected two or more waves to link, found {len(waves)}")
    if mention not in MENTIONS:
        raise ConfigError(f"mention={mention!r} is not known; choose one of {', '.join(MENTIONS)}")
    if isinstance(min_mentions, bool) or not isinstance(min_mentions, (int, np.integer)) or min_mentions < 1:
        raise ConfigError(f"min_mentions={min_mentions!r} must be a whole number >= 1")
    if fixed and themes is None:
        raise ConfigError("fixed themes need the themes of wave 1: pass themes=... (CLI: --themes, or let the "
                          "command analyse wave 1)")
    surveys = [load_survey(w, id=id, score=score, sheet=sheet, encoding=encoding, option="id", role=f"wave {i}")
               for i, w in enumerate(waves, 1)]
    frames, unmatched = [], []
    for i, s in enumerate(surveys, 1):
        unmatched.append(survey_rejects(s, f"wave {i}"))
        f = s.frame[["row", "respondent_id", "score", "nps_group"]]
        dup = f["respondent_id"].duplicated(keep=False)
        unmatched.append(_unmatched(f[dup], f"wave {i}", f"id given to several rows of wave {i}"))
        frames.append(f[~dup].set_index("respondent_id"))
    pairs, trans, change, linked = [], [], [], {}
    for i in range(len(frames) - 1):
        a, b = frames[i], frames[i + 1]
        both = a.index.intersection(b.index, sort=False)
        if len(both) == 0:
            raise InputError(f"waves {i + 1} and {i + 2} share no respondent id ({len(a)} and {len(b)} ids, column "
                             f"{surveys[i].columns['id']!r}); expected the same respondents' ids: check id= "
                             "(CLI: --id)")
        unmatched.append(_unmatched(a.drop(both).reset_index(), f"wave {i + 1}", f"not in wave {i + 2}"))
        unmatched.append(_unmatched(b.drop(both).reset_index(), f"wave {i + 2}", f"not in wave {i + 1}"))
        pair = pd.DataFrame({"g1": a.loc[both, "nps_group"], "g2": b.loc[both, "nps_group"], "row": a.loc[both, "row"]})
        label = f"{i + 1}-{i + 2}"
        linked[label] = len(both)
        trans.append(_transitions(pair, label, alpha))
        change.append(_nps_change(a.loc[both, "score"].to_numpy(), b.loc[both, "score"].to_numpy(), label, alpha))
        pairs.append(pair)
    notes, conversion = [], pd.DataFrame(columns=list(CONVERSION.names))
    settings = {"alpha": alpha, "mention": mention, "min_mentions": min_mentions, "min_n": min_n,
                "id": surveys[0].columns.get("id"), "fixed": []}
    if themes is not None:
        conversion, extra = _by_theme(pairs[0], themes, fixed, mention, min_mentions, alpha, min_n, notes, settings)
        unmatched.append(extra)
    counts = {"respondents": [s.n_read for s in surveys], "linked": linked,
              "unmatched": int(sum(len(u) for u in unmatched))}
    parts = [u for u in unmatched if len(u)]
    um = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(UNMATCHED.names))
    return PanelResult(conform(TRANSITIONS, pd.concat(trans, ignore_index=True)), conform(CONVERSION, conversion),
                       pd.DataFrame(change), conform(UNMATCHED, um), counts, settings, notes)


def _unmatched(f: pd.DataFrame, source: str, reason: str) -> pd.DataFrame:
    return pd.DataFrame({"source": source, "row": f["row"].to_numpy(), "respondent_id":
                         f["respondent_id"].to_numpy(), "reason": reason})


def _transitions(pair: pd.DataFrame, label: str, alpha: float) -> pd.DataFrame:
    counts = pd.crosstab(pair["g1"], pair["g2"]).reindex(index=ORDER, columns=ORDER, fill_value=0)
    rows = []
    for g in ORDER:
        n_from = int(counts.loc[g].sum())
        share, lo, hi = wilson(counts.loc[g].to_numpy(), n_from, alpha)
        rows += [{"waves": label, "from": g, "to": t, "n": int(counts.at[g, t]), "n_from": n_from,
                  "share": share[j], "ci_low": lo[j], "ci_high": hi[j]} for j, t in enumerate(ORDER)]
    return pd.DataFrame(rows)


def _nps_change(s1, s2, label: str, alpha: float) -> dict:
    c1 = 100.0 * ((s1 >= 9).astype(float) - (s1 <= 6))
    c2 = 100.0 * ((s2 >= 9).astype(float) - (s2 <= 6))
    change, lo, hi = mean_ci(c2 - c1, alpha)
    return {"waves": label, "n": int(len(s1)), "nps_from": float(c1.mean()), "nps_to": float(c2.mean()),
            "change": change, "ci_low": lo, "ci_high": hi}


def _by_theme(pair, themes, fixed, mention, min_mentions, alpha, min_n, notes, settings):
    flags = read_theme_flags(themes)
    ids = pair.index
    known = ids.isin(flags.ids)
    if not known.any():
        raise InputError(f"the themes table {flags.source} shares no respondent id with wave 1 ({len(ids)} linked "
                         "respondents); expected the respondents.csv of textmine analyze run on wave 1")
    extra = pd.DataFrame({"source": "wave 1", "row": pair.loc[~known, "row"].to_numpy(),
                          "respondent_id": ids[~known].to_numpy(dtype=object),
                          "reason": "linked respondent of wave 1 not in the themes table: left out of the theme "
                                    "analysis"})
    outside = int((~flags.ids.isin(ids)).sum())
    if outside:
        notes.append(f"{outside} respondents of the themes table are not linked wave-1 respondents (not in wave 1 "
                     "or not in wave 2)")
    pair = pair[known]
    kind = mention if flags.has(mention) else "any"
    if kind != mention:
        notes.append(f"the themes table has no {mention} columns: any mention is used instead")
    rows = []
    for name, g1, g2 in EVENTS:
        base = pair[pair["g1"] == g1]
        event = (base["g2"] == g2).to_numpy()
        sets = flags.themes_of(kind, base.index)
        counts = pd.Series([t for s in sets for t in s]).value_counts()
        part = []
        for theme in counts.index[counts.to_numpy() >= min_mentions]:
            has = sets.map(lambda s, t=theme: t in s).to_numpy(dtype=bool)
            part.append(_compare(name, "theme", flags.names.get(theme, theme), theme, has, event,
                                 np.ones(len(has), bool), alpha, min_n))
        left = int((counts.to_numpy() < min_mentions).sum())
        if left:
            notes.append(f"{name}: {left} themes with fewer than {min_mentions} respondents among the wave-1 "
                         f"{g1}s left out")
        if part:
            p = pd.DataFrame(part)
            p["pval_adj"] = bh_adjust(p["pval"].to_numpy())
            rows.append(p.sort_values(["pval", "theme"], kind="stable"))
    if fixed:
        rows.append(pd.DataFrame([_fixed_row(pair, flags, fixed, alpha, min_n, notes, settings)]))
    return (pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=list(CONVERSION.names))), extra


def _fixed_row(pair, flags, fixed, alpha, min_n, notes, settings) -> dict:
    chosen = match_fixed(fixed, flags)
    settings["fixed"] = [flags.names.get(t, t) for t in chosen]
    kind = "criticised" if flags.has("criticised") else "any"
    if kind != "criticised":
        notes.append("the themes table has no criticised columns: fixed themes compare any mention")
    base = pair[pair["g1"] == DETRACTOR]
    sets = flags.themes_of(kind, base.index)
    complained = sets.map(lambda s: len(s) > 0).to_numpy(dtype=bool)
    has = sets.map(lambda s: any(t in s for t in chosen)).to_numpy(dtype=bool)
    event = (base["g2"] == PROMOTER).to_numpy()
    row = _compare("detractor_to_promoter", "fixed", ";".join(settings["fixed"]), ";".join(chosen), has, event,
                   complained, alpha, min_n)
    row["pval_adj"] = row["pval"]
    return row


def _compare(transition, kind, theme, theme_id, has, event, within, alpha, min_n) -> dict:
    """Event rate with and without ``has`` among the ``within`` respondents."""
    n1, n0 = int((has & within).sum()), int((~has & within).sum())
    k1, k0 = int((event & has & within).sum()), int((event & ~has & within).sum())
    r1, l1, h1 = wilson(k1, n1, alpha)
    r0, l0, h0 = wilson(k0, n0, alpha)
    d, dl, dh = newcombe_diff(k1, n1, k0, n0, alpha)
    return {"transition": transition, "kind": kind, "theme": theme, "theme_id": theme_id, "n_with": n1,
            "events_with": k1, "rate_with": float(r1), "ci_low_with": float(l1), "ci_high_with": float(h1),
            "n_without": n0, "events_without": k0, "rate_without": float(r0), "ci_low_without": float(l0),
            "ci_high_without": float(h0), "diff": float(d), "diff_ci_low": float(dl), "diff_ci_high": float(dh),
            "pval": float(fisher_p(k1, n1, k0, n0)[0]), "small_base": bool(n1 < min_n or n0 < min_n)}
