"""Hostile cells in the tables textmine writes (textmine/io/_write.py): every output read back with Python's csv,
pandas and openpyxl keeps its rows and cells, and no line of a cell starts a formula."""

import csv
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from textmine.io import safe_cell, write_csv, write_excel

HOSTILE = ["a\r=1+1", "x\n@SUM(A1)", '"quoted", comma', "\r\n-2", "=cmd|' /C calc'!A0", "ok\r\r+3", "\t-tab",
           "行一\u2028=2", "plain", "", "a,b\nc", 'say "hi"\r', "-", "\r"]
FORMULA = ("=", "+", "-", "@", "\t", "\r")
LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def hostile_frame():
    return pd.DataFrame({"respondent_id": [f"r{i}" for i in range(len(HOSTILE))], "text": HOSTILE,
                         "score": list(range(len(HOSTILE))), "=header": HOSTILE[::-1]})


def assert_no_formula_line(cell: str):
    # a spreadsheet may start a cell at any break, \r alone included: no piece may start a formula
    for piece in re.split(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", cell):
        assert not piece.startswith(FORMULA), repr(cell)


def expected_rows(frame):
    return [[str(safe_cell(v)) for v in row] for row in frame.itertuples(index=False)]


def test_safe_cell_neutralises_every_line():
    assert safe_cell("a\r=1+1") == "a\r'=1+1"
    assert safe_cell("x\n@SUM(A1)") == "x\n'@SUM(A1)"
    assert safe_cell("\r\n-2") == "'\r\n'-2"
    assert safe_cell("ok\r\r+3") == "ok\r'\r'+3"
    assert safe_cell("行一\u2028=2") == "行一\u2028'=2"
    assert safe_cell('"quoted", comma') == '"quoted", comma'
    assert safe_cell(3.5) == 3.5


@pytest.mark.parametrize("bom", [True, False])
def test_csv_reads_back_with_the_csv_module(tmp_path, bom):
    f = hostile_frame()
    path = write_csv(f, tmp_path / "t.csv", bom=bom)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["respondent_id", "text", "score", "'=header"]
    assert rows[1:] == expected_rows(f)
    for row in rows:
        for cell in row:
            assert_no_formula_line(cell)


def test_csv_reads_back_with_pandas(tmp_path):
    f = hostile_frame()
    path = write_csv(f, tmp_path / "t.csv", chunk_rows=3)
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back.columns) == ["respondent_id", "text", "score", "'=header"]
    assert back.values.tolist() == expected_rows(f)
    assert [int(s) for s in back["score"]] == f["score"].tolist()


def test_no_bare_carriage_return_outside_quotes(tmp_path):
    path = write_csv(hostile_frame(), tmp_path / "t.csv", bom=False)
    raw = path.read_bytes().decode("utf-8")
    # between quoted fields only separators and "\n" line ends remain
    outside = re.sub(r'"(?:[^"]|"")*"', "", raw)
    assert "\r" not in outside and set(outside) <= set(",\n0123456789")


def test_workbook_cells_are_neutralised_on_every_line(tmp_path):
    f = hostile_frame()
    wb = load_workbook(write_excel({"t": f}, tmp_path / "t.xlsx"))
    # the file stores \r as _x000D_, which Excel decodes and openpyxl leaves to unescape()
    rows = [["" if v is None else unescape(str(v)) for v in r] for r in wb["t"].iter_rows(values_only=True)]
    assert rows[0] == ["respondent_id", "text", "score", "'=header"]
    assert rows[1:] == expected_rows(f)
    for row in rows:
        for cell in row:
            assert_no_formula_line(cell)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("=+-@\t\r\n\u2028'a中 ,\"")), max_size=30) | st.text(max_size=30))
def test_safe_cell_only_adds_apostrophes_and_leaves_no_formula_line(text):
    out = safe_cell(text)
    assert out.replace("'", "") == text.replace("'", "")
    assert_no_formula_line(out)
    for line in LINE_BREAK.split(out):
        assert not line.startswith(FORMULA)
