"""The output folder as a researcher opens it (textmine/_outfiles.py, Analysis.save / to_excel): every column of every
file and sheet documented, numbers formatted by kind, dates as dates, theme names beside ids, a short and a full
drivers table, the column guide, and the writing reported as a timed stage."""

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import textmine as tm
from textmine import _outfiles
from textmine._analyze import OUTPUT_FILES
from textmine.schemas import DRIVERS_FULL, DRIVERS_SHORT

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def analysis(small_survey):
    return tm.analyze(small_survey, text="answer", score="score", id="id", date="date", segments=["channel"],
                      cache_dir=False, quiet=True, n_boot=50)


class FakeProgress:
    """The interface of textmine._stages.Progress that save uses: a timed stage and a bar over the files."""

    def __init__(self):
        self.timings, self.events = {}, []

    def __call__(self, name):
        self._name = name
        return self

    def __enter__(self):
        self.events.append(("start", self._name))
        return self

    def __exit__(self, *exc):
        self.timings[self._name] = 0.5
        return False

    def bar(self, name, total, unit="file"):
        progress = self

        class Bar:
            def __enter__(self):
                progress.events.append(("bar", name, total))
                return self

            def __exit__(self, *exc):
                return False

            def update(self, n=1):
                progress.events.append(("update", n))

        return Bar()


@pytest.fixture(scope="module")
def saved(analysis, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    progress = FakeProgress()
    paths = analysis.save(out, progress=progress)
    return out, paths, progress


def _csv_header(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def test_every_column_of_every_file_and_sheet_is_documented(analysis, saved):
    out, paths, _ = saved
    segments = set(analysis.survey.segments)
    for name, (_, schema) in _outfiles.CSV_FILES.items():
        declared = {c for c, _, _ in schema.docs}
        for col in _csv_header(out / name):
            assert col in declared or col in segments, f"{name}: column {col!r} has no meaning in textmine.schemas"
    wb = load_workbook(out / "results.xlsx", read_only=True)
    documented = {(r[0], r[1]): r[2] for r in wb["columns"].iter_rows(min_row=2, values_only=True)}
    for sheet, schema in _outfiles.SHEETS.items():
        declared = {c for c, _, _ in schema.docs}
        header = [c.value for c in next(wb[sheet].iter_rows(max_row=1))] if wb[sheet].max_row else []
        for col in header:
            if col is None:
                continue
            assert col in declared or col in segments, f"sheet {sheet}: column {col!r} is undocumented"
            assert documented.get((sheet, col)), f"the columns sheet does not explain {sheet}.{col}"
    guide = (out / "columns.md").read_text(encoding="utf-8")
    for name in OUTPUT_FILES:
        assert f"`{name}`" in guide
    for name in _outfiles.CSV_FILES:
        for col in _csv_header(out / name):
            assert f"| `{col}` |" in guide, (name, col)


def test_workbook_order_formats_dates_filters_and_charts(saved):
    out, _, _ = saved
    wb = load_workbook(out / "results.xlsx")
    assert wb.sheetnames == ["promoter_reasons", "detractor_complaints", "fix_list", "suggestions", "themes", "drivers",
                             "nps", "segments", "periods", "trust", "mentions", "respondents", "rejects", "notes",
                             "columns"]

    def fmt(sheet, col, row=2):
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        return ws.cell(row, header.index(col) + 1)

    assert fmt("promoter_reasons", "share").number_format == "0.0%"
    assert fmt("promoter_reasons", "n").number_format == "#,##0"
    assert fmt("nps", "nps").number_format == "0.0"
    assert fmt("segments", "pval_adj").number_format == '[<0.001]"<0.001";0.000'
    assert fmt("drivers", "removal_impact").number_format == "0.0"
    assert fmt("drivers", "name").value  # the theme's name beside its id
    assert fmt("themes", "mean_score").number_format == "0.00"
    start = fmt("periods", "start")
    assert start.is_date and start.number_format == "yyyy-mm-dd"
    date = fmt("respondents", "date")
    assert date.is_date and date.value.year == 2026
    for sheet in ("promoter_reasons", "themes", "drivers", "respondents"):
        ws = wb[sheet]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    assert len(wb["promoter_reasons"]._charts) == 1 and len(wb["detractor_complaints"]._charts) == 1
    # widths follow what is shown: a share column is narrow even though its floats have 17 digits
    ws = wb["themes"]
    share_col = [c.value for c in ws[1]].index("share")
    assert ws.column_dimensions[chr(ord("A") + share_col)].width < 12


def test_row_sheets_are_capped_with_a_note(analysis, tmp_path, monkeypatch):
    monkeypatch.setattr(_outfiles, "ROW_SHEET_ROWS", 5)
    wb = load_workbook(analysis.to_excel(tmp_path / "r.xlsx"), read_only=True)
    assert wb["mentions"].max_row == 6 and wb["respondents"].max_row == 6
    notes = [r[0] for r in wb["notes"].iter_rows(min_row=2, values_only=True)]
    assert f"Sheet 'respondents' holds the first 5 of {len(analysis.respondents()):,} rows: the full table is " \
           "respondents.csv beside this workbook." in notes


def _decimals(text: str) -> int:
    m = re.fullmatch(r"-?\d+\.(\d+)", text)
    return len(m.group(1)) if m else 0


def test_csv_floats_are_rounded_by_kind_and_ids_untouched(saved):
    out, _, _ = saved
    themes = pd.read_csv(out / "themes.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert max(_decimals(v) for v in themes["share"]) <= 4
    assert max(_decimals(v) for v in themes["mean_score"]) <= 4
    drivers = pd.read_csv(out / "drivers_full.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for col in ("nps_with", "removal_impact", "impact_nps", "impact_ci_low"):
        assert max(_decimals(v) for v in drivers[col]) <= 2, col
    for v in drivers["impact_pval"]:
        if v:
            assert len(re.sub(r"e.*|^0\.0*|\.", "", v).lstrip("0")) <= 4, v  # 4 significant digits
    mentions = pd.read_csv(out / "mentions.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert all(re.fullmatch(r"\d+", v) for v in mentions["clause_id"])
    resp = pd.read_csv(out / "respondents.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert re.fullmatch(r"2026-\d\d-\d\d", resp["date"].iloc[0])  # a date, not a timestamp


def test_respondents_name_their_themes_in_the_same_order(analysis, saved):
    out, _, _ = saved
    names = {t.id: t.name for t in analysis.themes.codebook}
    resp = pd.read_csv(out / "respondents.csv", encoding="utf-8-sig", keep_default_na=False)
    assert resp["themes"].str.len().gt(0).sum() > 100
    for ids_col, names_col in (("themes", "theme_names"), ("praised", "praised_names"),
                               ("criticised", "criticised_names")):
        for ids, named in zip(resp[ids_col], resp[names_col]):
            assert named == ";".join(names[t] for t in ids.split(";") if t), (ids, named)


def test_drivers_csv_is_short_and_drivers_full_has_every_column(analysis, saved):
    out, _, _ = saved
    assert _csv_header(out / "drivers.csv") == list(DRIVERS_SHORT.names)
    assert _csv_header(out / "drivers_full.csv") == list(DRIVERS_FULL.names)
    assert len(DRIVERS_SHORT.names) <= 25 < len(DRIVERS_FULL.names)
    short = pd.read_csv(out / "drivers.csv", encoding="utf-8-sig")
    assert short["theme"].tolist() == analysis.drivers.to_frame()["theme"].tolist()


def test_writing_is_a_timed_stage_with_a_bar_over_the_files(analysis, saved):
    out, paths, progress = saved
    assert sorted(paths) == sorted(OUTPUT_FILES)
    n_files = len(OUTPUT_FILES) - 1  # run.json is written at the commit
    assert progress.events[:2] == [("start", "write"), ("bar", "write", n_files)]
    assert progress.events[2:] == [("update", 1)] * n_files
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["timings_s"]["write"] > 0 and analysis.timings["write"] == run["timings_s"]["write"]


def test_saving_without_progress_prints_nothing(analysis, tmp_path, capsys):
    analysis.save(tmp_path)
    assert capsys.readouterr().err == "" and capsys.readouterr().out == ""


def test_docs_outputs_md_is_up_to_date():
    """docs/OUTPUTS.md is the guide of the demo survey; regenerate it with
    ``.venv/bin/python -m textmine._outfiles > docs/OUTPUTS.md``."""
    expected = _outfiles.columns_markdown(segments=_outfiles.DEMO_SEGMENTS)
    assert (ROOT / "docs" / "OUTPUTS.md").read_text(encoding="utf-8") == expected
    for col in ("theme_names", "removal_impact", "impact_pval_adj", "渠道"):
        assert f"| `{col}` |" in expected


def test_mismatch_suggestions_and_fix_list_are_written(analysis, saved):
    out, _, _ = saved
    resp = pd.read_csv(out / "respondents.csv", encoding="utf-8-sig")
    assert resp["mismatch"].isin([True, False]).all()
    assert int(resp["mismatch"].sum()) == int(analysis.mismatch["mismatch"].sum())
    fix = pd.read_csv(out / "fix_list.csv", encoding="utf-8-sig")
    assert {"horizon", "owner", "theme", "share", "gain", "gain_ci_low", "gain_ci_high"} <= set(fix.columns)
    sug = pd.read_csv(out / "suggestions.csv", encoding="utf-8-sig")
    assert {"theme", "n_suggestions", "n", "share", "ci_low", "ci_high", "examples"} <= set(sug.columns)
