"""The HTML report of an analysis: one self-contained page a researcher can hand over.

``render_html`` gathers the figures into template data (this module and ``_sections``), renders
``templates/report.html.j2`` with Jinja2 (autoescaping) and inlines the styles, the script, the bundled Apache
ECharts and the charts' data, so the page opens offline. Its words come from ``_i18n`` in Chinese or English.
"""

from __future__ import annotations

import numpy as np

from ..schemas import DRIVERS, THEMES
from ._charts import ChartSet, to_json
from ._complaints import clean_quote, complaint_panel, complaint_quotes, detractor_complaints, reason_text
from ._drill import drill_data
from ._html import assets, environment, fmt_int, fmt_num, fmt_p, fmt_pct, level, table
from ._i18n import html_lang, reject_reason, report_language, strings
from ._perf import gc_paused, render_cache
from ._sections import change_section, periods_section, segments_section, sentiment_section, trends_section
from ._actions import expect_section, fix_section
from ._closing import loop_section
from ._trust import trust_section

__all__ = ["render_html", "SECTIONS"]

SECTIONS = ("summary", "headline", "complaints", "fix", "reasons", "expect", "trends", "change", "drivers", "sentiment", "segments",
            "trust", "loop", "periods", "themes", "drill", "methods", "data")


def _kpis(a, t, acc: dict) -> dict:
    r = a.nps
    lvl = level(a)
    n_label = fmt_int(r.n)
    neff = getattr(r, "n_eff", None)
    if a.settings.get("weight") and neff is not None and np.isfinite(neff):
        n_label += " · " + t["neff"].format(neff=fmt_num(neff, 0))
    kpis = [{"value": fmt_num(r.nps, signed=True), "label": t["nps_kpi"].format(
                level=lvl, lo=fmt_num(r.ci_low, signed=True), hi=fmt_num(r.ci_high, signed=True), n=n_label)},
            {"value": fmt_pct(r.pct_promoters / 100), "label": f"{t['promoters']} · n={fmt_int(r.promoters)}"},
            {"value": fmt_pct(r.pct_passives / 100), "label": f"{t['passives']} · n={fmt_int(r.passives)}"},
            {"value": fmt_pct(r.pct_detractors / 100), "label": f"{t['detractors']} · n={fmt_int(r.detractors)}"}]
    line = t["accounting_line"].format(read=fmt_int(acc["rows_read"]), resp=fmt_int(acc["respondents"]),
                                       rej=fmt_int(acc["rejected"]), empty=fmt_int(acc["empty_answers"]),
                                       nc=fmt_int(acc["no_content"]), clauses=fmt_int(acc["clauses"]),
                                       unassigned=fmt_pct(acc["unassigned_share"]))
    small = t["small_base"].format(min_n=a.settings.get("min_n", 30)) if r.small_base else ""
    return {"kpis": kpis, "accounting_line": line, "small_base": small}


def _reasons(a, t, charts: ChartSet) -> dict:
    th = a.themes
    pr, dc = th.promoter_reasons().head(12), detractor_complaints(a).head(12)
    lvl = level(a)

    def chart(f, title):
        # the theme's praise or complaint label in the customers' words (上菜慢), after the theme's name
        names = [f"{nm}: {lb}" if lb and lb != nm else nm for nm, lb in zip(f["name"], f["label"])]
        rows = [{"label": nm, "value": s, "lo": lo, "hi": hi, "n": n}
                for nm, s, lo, hi, n in zip(names, f["share"], f["ci_low"], f["ci_high"], f["n"])]
        return charts.bars(rows, title=title, percent=True, signed=False, xname=t["share"])

    base_p = int(pr["base"].iloc[0]) if len(pr) else 0
    base_d = int(dc["base"].iloc[0]) if len(dc) else 0
    return {"promoters": chart(pr, t["r_promoters"].format(n=fmt_int(base_p))),
            "detractors": chart(dc, t["r_detractors"].format(n=fmt_int(base_d))),
            "note": t["r_note"].format(level=lvl)}


def _drivers(a, t, charts: ChartSet):
    d = a.drivers
    if d is None:
        return None
    lvl = level(a)
    tab = d.to_frame()
    names = a.themes.codebook.names()
    tab["name"] = tab["theme"].map(lambda x: names.get(x, x))
    tab = tab.reindex(tab["removal_impact"].abs().sort_values(ascending=False).index)
    rows = [{"label": nm, "value": v, "lo": lo, "hi": hi, "n": n, "small": s}
            for nm, v, lo, hi, n, s in zip(tab["name"], tab["removal_impact"], tab["removal_ci_low"],
                                           tab["removal_ci_high"], tab["n"], tab["small_base"])]
    removal = charts.bars(rows[:15], title=t["d_removal"], unit=f" {t['pts']}", xname=t["points"])
    kano_names = {k: t[f"kano_{k}"] for k in ("must-be", "delighter", "performance", "indifferent", "n/a")}
    tab["kano_label"] = tab["kano"].map(lambda k: kano_names.get(k, k)) if "kano" in tab.columns else ""
    ratio = float(getattr(d, "kano_ratio", 2.0) or 2.0)
    kmap, rule = None, ""
    if {"reward_nps", "penalty_nps", "kano"} <= set(tab.columns):
        # an effect that was not estimated counts as none, as in the class rule (drivers' _kano)
        pts = [{"label": nm, "x": pen if np.isfinite(pen) else 0.0, "y": rew if np.isfinite(rew) else 0.0, "n": n,
                "cls": k}
               for nm, pen, rew, n, k in zip(tab["name"], tab["penalty_nps"], tab["reward_nps"], tab["n"], tab["kano"])]
        kmap = charts.kano(pts, title=t["d_map"], xname=t["d_map_x"], yname=t["d_map_y"], k=ratio,
                           classes=kano_names)
        rule = t["d_kano_rule"].format(alpha=a.nps.alpha, k=f"{ratio:g}")
    signed = (lambda v: fmt_num(v, signed=True))
    cols = [("name", t["theme"], None), ("n", t["n"], fmt_int), ("share", t["share"], fmt_pct),
            ("removal_impact", t["d_removal_col"], signed), ("removal_ci_low", t["ci_low"], fmt_num),
            ("removal_ci_high", t["ci_high"], fmt_num)]
    optional = dict(zip(DRIVERS.declared("impact_nps", "impact_pval_adj", "reward_nps", "penalty_nps",
                                         "rel_weight_pct"),
                        (t["d_impact"], t["p_bh"], t["reward"], t["penalty"], t["d_relw"])))
    for c, h in optional.items():
        if c in tab.columns:  # reward/penalty need signed mentions, relative weights two themes
            fmt = fmt_p if "pval" in c else (_fmt_share_pct if c == "rel_weight_pct" else signed)
            cols.append((c, h, fmt))
    if "kano" in tab.columns:
        cols.append(("kano_label", t["d_kano"], None))
    dropped = [(names.get(k.split(" ")[0].rstrip("+-"), k.split(" ")[0]), reason_text(v, t))
               for k, v in (d.dropped or {}).items()]
    return {"note": t["d_note"].format(level=lvl), "removal": removal, "map": kmap, "rule": rule,
            "table": table(tab, cols, table_id="t-drv", filterable=True, caption=t["d_table"]),
            "dropped": dropped, "dropped_title": t["d_dropped"].format(n=len(dropped))}


def _themes(a, t) -> dict:
    th = a.themes
    f = th.to_frame()
    cols = [("name", t["th_name"], None), ("parent", t["th_parent"], None), ("keywords", t["th_keywords"], None),
            ("n", t["respondents"], fmt_int), ("share", t["share"], fmt_pct),
            ("share_promoters", t["th_prom"], fmt_pct), ("share_detractors", t["th_det"], fmt_pct),
            ("n_positive", t["praise"], fmt_int), ("n_negative", t["complaint"], fmt_int),
            ("mean_score", t["th_mean"], fmt_num)]
    THEMES.declared(*(c for c, _, _ in cols))
    names = th.codebook.names()
    f = f.assign(parent=f["parent"].map(lambda p: names.get(p, p) if isinstance(p, str) else p))
    blocks = []
    for r in f.sort_values("n", ascending=False).itertuples():
        quotes = list(dict.fromkeys(clean_quote(x) for x in th.quotes.get(r.theme, [])))[:5]
        neg = complaint_quotes(a, r.theme, n=3, group=None) if r.n_negative else []
        blocks.append({"theme": r.theme, "name": r.name, "n": fmt_int(r.n), "share": fmt_pct(r.share),
                       "keywords": r.keywords, "quotes": quotes, "complaints": neg})
    return {"table": table(f, cols, table_id="t-themes", filterable=True, caption=t["th_caption"]),
            "blocks": blocks}


def _data(a, t, lang: str, acc: dict) -> dict:
    s = a.settings
    line = t["acc_line"].format(read=fmt_int(acc["rows_read"]), resp=fmt_int(acc["respondents"]),
                                rej=fmt_int(acc["rejected"]))
    shown = [("set_source", s.get("source")), ("set_encoder", s.get("encoder_id")), ("set_period", s.get("period")),
             ("set_level", f"{level(a)}%"), ("set_min_n", s.get("min_n")), ("set_boot", s.get("n_boot")),
             ("set_seed", s.get("random_state")), ("set_themes", s.get("themes_method")),
             ("set_max_themes", s.get("max_themes")), ("set_segments", ", ".join(s.get("segments") or []) or None),
             ("set_codebook", s.get("codebook")), ("set_model", s.get("model")), ("set_weight", s.get("weight")),
             ("set_chunks", s.get("chunks"))]
    return {"line": line, "reasons": [(reject_reason(k, lang), v) for k, v in acc.get("reject_reasons", {}).items()],
            "settings": [(t[k], v) for k, v in shown if v not in (None, "")]}


def _methods(a) -> dict:
    s = a.settings
    return {"level": level(a), "min_n": s.get("min_n", 30), "encoder": s.get("encoder_id") or "",
            "max_share": fmt_pct(s.get("max_share") or 0.2, 0), "alpha": a.nps.alpha,
            "n_boot": s.get("n_boot", 1000), "weight": s.get("weight") or ""}


def render_html(a, lang: str | None = None) -> str:
    """Render an :class:`~textmine.Analysis` as one self-contained HTML page, in ``lang`` (``zh`` or ``en``;
    default ``a.settings["lang"]``, else the answers' language).

    Figures asked for by several sections are computed once per call (``_perf.render_cache``), and the cyclic
    garbage collector pauses while the page's data is built (``_perf.gc_paused``)."""
    with render_cache(), gc_paused():
        return _render(a, lang)


def _render(a, lang: str | None) -> str:
    from ._summary import executive_summary

    acc = a.accounting  # computed once: it counts clauses and languages
    lang = lang or report_language(a, acc)
    t = strings(lang)
    lvl = level(a)
    charts = ChartSet()
    drill = drill_data(a)
    ctx = {
        "t": t, "lang": lang, "html_lang": html_lang(lang), "sections": SECTIONS,
        "subtitle": t["subtitle"].format(n=fmt_int(acc["respondents"]), source=a.settings.get("source", "")),
        "summary": executive_summary(a, lang=lang),
        **_kpis(a, t, acc),
        "complaints": complaint_panel(a, t),
        "fix": fix_section(a, t), "reasons": _reasons(a, t, charts), "expect": expect_section(a, t),
        "trends": trends_section(a, t, charts),
        "change": change_section(a, t, charts),
        "has_dates": a.periods is not None,
        "drivers": _drivers(a, t, charts), "drivers_note": a.drivers_note or t["d_none"],
        "sentiment": sentiment_section(a, t, charts),
        "segments": segments_section(a, t, charts),
        "trust": trust_section(a, t, charts),
        "loop": loop_section(a, t, charts),
        "periods": periods_section(a, t, charts),
        "themes": _themes(a, t),
        "drill_themes": drill["themes"], "drill_segments": drill["segments"],
        "drill_capped": t["dr_capped"].format(n=fmt_int(drill["n_answers"]), top=drill["top"])
        if drill["capped"] else "",
        "m": _methods(a), "acc": _data(a, t, lang, acc), "assets": assets(),
    }
    js_strings = {"ci_label": t["ci"].format(level=lvl), "score_label": t["score"], "net_label": t["net"],
                  "penalty_label": t["penalty"], "reward_label": t["reward"], "share_k": "k",
                  "trend_rise": t["trend_rise"], "trend_fall": t["trend_fall"],
                  **{k: t[k] for k in ("small", "sig_rise", "sig_fall", "partial", "vs_rest", "p_bh", "dr_none",
                                       "dr_page", "promoter", "passive", "detractor")}}
    ctx["data_json"] = to_json({"strings": js_strings, "charts": charts.specs,
                                "drill": {"answers": drill["answers"], "mentions": drill["mentions"],
                                          "segments": [s["name"] for s in drill["segments"]]}})
    return environment().get_template("report.html.j2").render(**ctx)


def _fmt_share_pct(v) -> str:
    """A value already in percent (drivers' ``rel_weight_pct``)."""
    return fmt_pct(v / 100) if v is not None and np.isfinite(v) else fmt_pct(None)
