import json

import pandas as pd
import pytest

import textmine as tm
from textmine._analyze import OUTPUT_FILES
from textmine.cli import main
from textmine.errors import SchemaError


@pytest.fixture(scope="module")
def analysis(small_survey):
    return tm.analyze(small_survey, text="answer", score="score", id="id", date="date", segments=["channel"],
                      cache_dir=False, quiet=True, n_boot=200)


def test_every_row_is_analysed_or_rejected(analysis, small_survey):
    acc = analysis.accounting
    assert acc["rows_read"] == 241
    assert acc["respondents"] + acc["rejected"] == 241
    assert analysis.survey.rejects["reason"].tolist() == ["out of range 0-10"]
    resp = analysis.respondents()
    assert len(resp) == 240 and resp["respondent_id"].is_unique


def test_themes_mentions_and_drivers(analysis):
    assert 2 <= len(analysis.themes.codebook) <= 30
    m = analysis.mentions
    assert set(m["polarity"]) <= {"positive", "negative", "neutral"}
    assert (m.loc[m["theme"] == "NC", "source"] == "no_content").all()
    assert "13812345678" not in " ".join(m["clause"])
    d = analysis.drivers.to_frame()
    assert {"theme", "n", "removal_impact", "removal_ci_low", "removal_ci_high"} <= set(d.columns)
    assert set(d["theme"]) <= set(analysis.themes.codebook.ids)


def test_save_writes_every_output(analysis, tmp_path):
    paths = analysis.save(tmp_path)
    assert sorted(paths) == sorted(OUTPUT_FILES)
    for p in paths.values():
        assert p.exists() and p.stat().st_size > 0
    nps = json.loads((tmp_path / "nps.json").read_text(encoding="utf-8"))
    assert {"n", "nps", "ci_low", "ci_high", "segments", "periods"} <= set(nps)
    run = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert set(run) == {"settings", "timings_s", "accounting", "versions", "complete"}
    assert run["complete"] is True  # written last: a folder without it is not a finished run
    resp = pd.read_csv(tmp_path / "respondents.csv", encoding="utf-8-sig", keep_default_na=False)
    # formula injection is neutralised and PII masked in what is written
    cell = resp.loc[resp["respondent_id"] == "R005", "text"].iloc[0]
    assert cell.startswith("'=")
    assert "13812345678" not in (tmp_path / "respondents.csv").read_text(encoding="utf-8-sig")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script src" not in html and "<link " not in html  # self-contained
    assert 'HYPERLINK("' not in html  # verbatims are escaped


def test_excel_cells_are_safe(analysis, tmp_path):
    from openpyxl import load_workbook

    path = analysis.to_excel(tmp_path / "r.xlsx")
    wb = load_workbook(path)
    assert {"nps", "themes", "drivers", "mentions", "respondents", "rejects"} <= set(wb.sheetnames)
    ws = wb["respondents"]
    assert ws.freeze_panes == "A2"
    for row in ws.iter_rows(values_only=True):
        for v in row:
            assert not (isinstance(v, str) and v.startswith(("=", "+", "@")))


def test_missing_text_column_is_a_clear_error(small_survey):
    with pytest.raises(SchemaError, match="missing column 'comment'"):
        tm.analyze(small_survey, text="comment", score="score", quiet=True, cache_dir=False)


def test_cli_analyze(small_survey, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["analyze", str(small_survey), "--text", "answer", "--score", "score", "--id", "id",
                 "--out", str(out), "--n-boot", "200", "--no-cache", "--quiet"])
    assert code == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(
        list(OUTPUT_FILES) + ["codebook.centroids.npz"])
    assert capsys.readouterr().out == ""
