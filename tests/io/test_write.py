"""Writing tables (textmine/io/_write.py): safe cells, CSV in chunks, the workbook and its row limit."""

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from textmine.io import sanitize_frame, write_csv, write_excel
from textmine.io._write import CSV_OPTIONS


def frame():
    return pd.DataFrame({"id": ["a", "b", "c", "d", "e"],
                         "text": ["=HYPERLINK(\"x\")", "好评", "", None, "+86 电话"],
                         "score": [1.5, np.nan, 3.0, np.inf, 0.1 + 0.2],
                         "flag": [True, False, True, False, True]})


def test_csv_in_chunks_is_byte_identical_to_one_write(tmp_path):
    f = frame()
    write_csv(f, tmp_path / "chunked.csv", chunk_rows=2)
    expected = "\ufeff" + sanitize_frame(f).to_csv(**CSV_OPTIONS)
    assert (tmp_path / "chunked.csv").read_text(encoding="utf-8") == expected
    assert expected.splitlines()[1] == "\"a\",\"'=HYPERLINK(\"\"x\"\")\",1.5,True"
    assert expected.splitlines()[4] == '"d","",inf,False'  # text quoted, numbers and booleans bare


def test_csv_of_an_empty_table_keeps_its_header(tmp_path):
    write_csv(frame().iloc[:0], tmp_path / "e.csv", bom=False)
    assert (tmp_path / "e.csv").read_text(encoding="utf-8") == '"id","text","score","flag"\n'


def test_workbook_cells_header_and_widths(tmp_path):
    path = write_excel({"t": frame()}, tmp_path / "w.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["t"]
    ws = wb["t"]
    assert ws.freeze_panes == "A2"
    assert [list(r) for r in ws.iter_rows(values_only=True)] == [
        ["id", "text", "score", "flag"],
        ["a", "'=HYPERLINK(\"x\")", 1.5, True],
        ["b", "好评", None, False],
        ["c", None, 3, True],
        ["d", None, "inf", False],
        ["e", "'+86 电话", 0.3, True],  # 16 significant digits, as Excel keeps 15
    ]
    assert ws.cell(2, 2).data_type == "s"  # text, not a formula
    # the longest text (15 characters) + 2; xlsxwriter stores 17 characters as 17.71 (padding pixels)
    assert ws.column_dimensions["B"].width == pytest.approx(17.71, abs=0.01)


def test_a_table_over_the_row_limit_is_cut_with_a_note(tmp_path):
    path = write_excel({"small": frame().head(2), "big": frame()}, tmp_path / "w.xlsx", max_rows=3,
                       overflow_note="The full tables are in the CSV files.")
    wb = load_workbook(path)
    assert wb.sheetnames == ["notes", "small", "big"]
    assert [r[0] for r in wb["notes"].iter_rows(values_only=True)] == [
        "Sheet 'big' holds the first 3 of 5 rows (an Excel sheet holds at most 1,048,575).",
        "The full tables are in the CSV files."]
    assert [r[0] for r in wb["big"].iter_rows(values_only=True)] == ["id", "a", "b", "c"]
    assert wb["small"].max_row == 3


def test_outputs_get_the_permissions_of_a_plain_open(tmp_path):
    import os

    from textmine.io._write import atomic_write_text

    mask = os.umask(0o022)
    try:
        write_csv(pd.DataFrame({"a": [1]}), tmp_path / "t.csv")
        atomic_write_text(tmp_path / "t.json", "{}")
    finally:
        os.umask(mask)
    for name in ("t.csv", "t.json"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
