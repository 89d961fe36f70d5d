import numpy as np
import pandas as pd
import pytest

from textmine.errors import ConfigError, InputError
from textmine.loop import PanelResult, panel_transitions
from textmine.loop._loop_tables import CONVERSION, TRANSITIONS, UNMATCHED

W1 = pd.DataFrame({"编号": ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p8", "p9"],
                   "score": ["2", "3", "5", "8", "10", "9", "6", "7", "8", "x"]})
W2 = pd.DataFrame({"编号": ["p1", "p2", "p3", "p4", "p5", "p6", "n1", "p8"],
                   "score": ["10", "9", "4", "8", "2", "9", "7", "9"]})
THEMES = pd.DataFrame({
    "respondent_id": ["p1", "p2", "p3", "p4", "p5", "p6", "p7"],
    "themes": ["T1;T2", "T1", "T2", "T2", "T3", "", "T1"],
    "theme_names": ["物流 · 快递;客服", "物流 · 快递", "客服", "客服", "APP", "", "物流 · 快递"],
    "criticised": ["T1", "T1", "T2", "", "", "", "T1"],
    "criticised_names": ["物流 · 快递", "物流 · 快递", "客服", "", "", "", "物流 · 快递"],
})


def _run(**kw) -> PanelResult:
    return panel_transitions([W1, W2], id="编号", score="score", **kw)


def test_transition_counts_and_shares_of_linked_respondents():
    r = _run()
    t = r.to_frame()
    assert list(t.columns) == list(TRANSITIONS.names)
    assert len(t) == 9 and set(t["waves"]) == {"1-2"}
    cells = t.set_index(["from", "to"])
    assert cells.loc[("detractor", "promoter"), ["n", "n_from"]].tolist() == [2, 3]
    assert cells.loc[("detractor", "promoter"), "share"] == pytest.approx(2 / 3)
    assert cells.loc[("promoter", "detractor"), "n"] == 1 and cells.loc[("passive", "passive"), "share"] == 1
    lo, hi = cells.loc[("detractor", "promoter"), ["ci_low", "ci_high"]]
    assert lo < 2 / 3 < hi
    ch = r.nps_change.iloc[0]
    assert ch["n"] == 6 and ch["nps_from"] == pytest.approx(100 * (2 - 3) / 6)
    assert ch["change"] == pytest.approx(ch["nps_to"] - ch["nps_from"])


def test_every_row_not_linked_is_reported():
    u = _run().unmatched
    assert list(u.columns) == list(UNMATCHED.names)
    got = sorted(zip(u["source"], u["respondent_id"], u["reason"]))
    assert got == [("wave 1", "p7", "not in wave 2"),
                   ("wave 1", "p8", "id given to several rows of wave 1"),
                   ("wave 1", "p8", "id given to several rows of wave 1"),
                   ("wave 1", "p9", "not analysed: unparseable score"),
                   ("wave 2", "n1", "not in wave 1"), ("wave 2", "p8", "not in wave 1")]


def test_themes_are_named_and_fixed_complaints_compared_with_other_complaints():
    r = _run(themes=THEMES, fixed="快递", min_mentions=1)
    c = r.conversion
    assert list(c.columns) == list(CONVERSION.names)
    t1 = c[(c["transition"] == "detractor_to_promoter") & (c["theme_id"] == "T1")].iloc[0]
    assert (t1["theme"], t1["n_with"], t1["events_with"], t1["n_without"], t1["events_without"]) == \
        ("物流 · 快递", 2, 2, 1, 0)
    fixed = c[c["kind"] == "fixed"].iloc[0]
    assert (fixed["theme"], fixed["n_with"], fixed["events_with"], fixed["n_without"]) == ("物流 · 快递", 2, 2, 1)
    assert fixed["diff"] == pytest.approx(1.0) and fixed["diff_ci_low"] < 1
    assert r.settings["fixed"] == ["物流 · 快递"]
    assert c["pval_adj"].notna().all() and (c["pval_adj"] >= c["pval"] - 1e-12).all()


def test_themes_read_from_an_analyze_output_folder(tmp_path):
    THEMES.to_csv(tmp_path / "respondents.csv", index=False, encoding="utf-8-sig")
    r = _run(themes=tmp_path, fixed=["T1"], min_mentions=1)
    assert "物流 · 快递" in set(r.conversion["theme"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="has no respondents.csv; expected the output folder of textmine analyze"):
        _run(themes=tmp_path / "empty")


def test_a_planted_conversion_effect_is_recovered():
    rng = np.random.default_rng(11)
    n = 3000
    g1 = rng.choice(3, n, p=[0.4, 0.3, 0.3])
    s1 = np.array([3, 7, 9])[g1]
    fixed, other = rng.random(n) < 0.3, rng.random(n) < 0.3
    p_pro = np.where(g1 == 0, np.where(fixed, 0.45, 0.12), 0.5)
    s2 = np.where(rng.random(n) < p_pro, 10, 5)
    ids = np.array([f"r{i}" for i in range(n)], dtype=object)
    names = [";".join((["送货"] if f else []) + (["价格"] if o else [])) for f, o in zip(fixed, other)]
    themes = pd.DataFrame({"respondent_id": ids, "themes": names, "theme_names": names, "criticised": names,
                           "criticised_names": names})
    r = panel_transitions([pd.DataFrame({"id": ids, "s": s1}), pd.DataFrame({"id": ids, "s": s2})], id="id",
                          score="s", themes=themes, fixed="送货")
    c = r.conversion
    conv = c[(c["transition"] == "detractor_to_promoter") & (c["kind"] == "theme")].set_index("theme")
    assert conv.loc["送货", "diff_ci_low"] <= 0.33 <= conv.loc["送货", "diff_ci_high"]
    assert conv.loc["送货", "pval_adj"] < 0.001 and conv.loc["价格", "pval_adj"] > conv.loc["送货", "pval_adj"]
    assert abs(conv.loc["价格", "diff"]) < 0.1
    fixed_row = c[c["kind"] == "fixed"].iloc[0]
    assert fixed_row["diff_ci_low"] > 0.2 and fixed_row["rate_without"] == pytest.approx(0.12, abs=0.06)


def test_summary_names_themes_and_shows_no_ids():
    s = _run(themes=THEMES, fixed="T1", min_mentions=1).summary()
    assert "物流 · 快递" in s and "transitions 1-2" in s and "p7" not in s


def test_waves_with_no_overlap_are_one_error():
    other = W2.assign(编号=[f"z{i}" for i in range(len(W2))])
    with pytest.raises(InputError, match="waves 1 and 2 share no respondent id \\(7 and 8 ids, column '编号'\\)"):
        panel_transitions([W1, other], id="编号", score="score")


def test_an_unknown_fixed_theme_is_an_error_listing_the_themes():
    with pytest.raises(ConfigError, match="fixed themes \\['退款'\\] are not themes of wave 1; expected a theme id "
                                          "or name among: APP, 客服, 物流 · 快递"):
        _run(themes=THEMES, fixed=["快递", "退款"])


@pytest.mark.parametrize("kw, message", [
    ({"fixed": ["T1"]}, "fixed themes need the themes of wave 1"),
    ({"themes": THEMES, "mention": "loud"}, "mention='loud' is not known; choose one of any, criticised, praised"),
])
def test_bad_settings_are_errors(kw, message):
    with pytest.raises(ConfigError, match=message):
        _run(**kw)


def test_one_wave_or_a_foreign_themes_table_is_an_error():
    with pytest.raises(ConfigError, match="expected two or more waves to link, found 1"):
        panel_transitions([W1], id="编号")
    with pytest.raises(InputError, match="shares no respondent id with wave 1"):
        _run(themes=THEMES.assign(respondent_id=[f"q{i}" for i in range(len(THEMES))]))
