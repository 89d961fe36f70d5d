import numpy as np
import pandas as pd
import pytest

from textmine.cli import main


@pytest.fixture
def long_tables(tmp_path):
    rng = np.random.default_rng(3)
    n = 400
    ids = [f"r{i}" for i in range(n)]
    has_neg = rng.random(n) < 0.3  # complaint about delivery lowers the score by 4
    has_pos = rng.random(n) < 0.3
    score = np.clip(np.round(8 - 4 * has_neg + 1 * has_pos + rng.normal(0, 1.2, n)), 0, 10).astype(int)
    resp = pd.DataFrame({"respondent_id": ids, "score": score})
    rows = [{"respondent_id": i, "theme": "T01", "polarity": "negative"} for i, h in zip(ids, has_neg) if h]
    rows += [{"respondent_id": i, "theme": "T02", "polarity": "positive"} for i, h in zip(ids, has_pos) if h]
    rows += [{"respondent_id": ids[0], "theme": "NC", "polarity": "neutral"}]
    m = pd.DataFrame(rows)
    resp.to_csv(tmp_path / "respondents.csv", index=False)
    m.to_csv(tmp_path / "mentions.csv", index=False)
    return tmp_path, resp, has_neg


def test_drivers_from_analyze_outputs(long_tables, capsys):
    d, resp, has_neg = long_tables
    out = d / "drivers.csv"
    assert main(["drivers", str(d / "mentions.csv"), "--respondents", str(d / "respondents.csv"),
                 "--out", str(out), "--n-boot", "200", "--quiet"]) == 0
    t = pd.read_csv(out).set_index("theme")
    assert set(t.index) == {"T01", "T02"}  # the no-content code is not a driver
    assert t.loc["T01", "n"] == has_neg.sum()
    # removal impact: NPS(all) - NPS(without the complainers), exact
    s = resp["score"].to_numpy()
    nps = lambda x: 100 * ((x >= 9).mean() - (x <= 6).mean())  # noqa: E731
    assert t.loc["T01", "removal_impact"] == pytest.approx(nps(s) - nps(s[~has_neg]), abs=1e-9)
    assert t.loc["T01", "removal_ci_low"] < t.loc["T01", "removal_impact"] < t.loc["T01", "removal_ci_high"]
    assert t.loc["T01", "removal_impact"] < 0 < t.loc["T02", "removal_impact"]


def test_drivers_missing_score_column_is_one_line(long_tables, capsys):
    d, _, _ = long_tables
    assert main(["drivers", str(d / "mentions.csv"), "--respondents", str(d / "respondents.csv"),
                 "--score", "nps", "--out", str(d / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: missing column 'nps'") and len(err.strip().splitlines()) == 1


def test_drivers_segment_tables_are_written_beside_out(long_tables, capsys):
    d, resp, has_neg = long_tables
    resp = resp.assign(region=np.where(np.arange(len(resp)) % 2 == 0, "north", "south"))
    resp.to_csv(d / "respondents.csv", index=False)
    out = d / "drivers.csv"
    assert main(["drivers", str(d / "mentions.csv"), "--respondents", str(d / "respondents.csv"),
                 "--segment", "region", "--out", str(out), "--n-boot", "100"]) == 0
    assert "drivers_segments.csv and drivers_segment_tests.csv" in capsys.readouterr().out
    seg = pd.read_csv(d / "drivers_segments.csv")
    assert set(seg["segment"]) == {"north", "south"} and set(seg["theme"]) == {"T01", "T02"}
    n_t01 = seg[seg["theme"] == "T01"].set_index("segment")["n"]
    assert n_t01["north"] == has_neg[::2].sum() and n_t01["south"] == has_neg[1::2].sum()
    tests = pd.read_csv(d / "drivers_segment_tests.csv")
    assert set(tests["theme"]) == {"T01", "T02"} and {"share_pval_adj", "impact_pval_adj"} <= set(tests.columns)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_drivers_out_neutralises_a_hostile_theme_name(long_tables, capsys, suffix):
    # the per-theme table goes through textmine.io's safe writer: a theme named like a formula is text
    d, _, _ = long_tables
    hostile = '=HYPERLINK("http://evil.example","点我")'
    m = pd.read_csv(d / "mentions.csv")
    m["theme"] = m["theme"].replace("T01", hostile)
    m.to_csv(d / "mentions.csv", index=False)
    out = d / f"drivers{suffix}"
    assert main(["drivers", str(d / "mentions.csv"), "--respondents", str(d / "respondents.csv"),
                 "--out", str(out), "--n-boot", "0", "--quiet"]) == 0
    if suffix == ".csv":
        themes = pd.read_csv(out, encoding="utf-8-sig")["theme"].tolist()
    else:
        from openpyxl import load_workbook

        ws = load_workbook(out).active
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
        col = [c.value for c in ws[1]].index("theme")
        themes = [row[col] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert "'" + hostile in themes and hostile not in themes
    assert sorted(p.name for p in d.iterdir() if p.name.startswith(".")) == []  # no temporary file left
