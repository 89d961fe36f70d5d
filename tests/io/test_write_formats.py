"""Numbers written for a reader (textmine/io/_write.py round_for_csv, textmine/io/_workbook.py): CSV precision and
workbook number formats by display kind, real dates, widths from the shown content, autofilter and charts."""

import datetime as dt

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from textmine.io import write_csv, write_excel
from textmine.io._write import round_for_csv

KINDS = {"id": "id", "share": "share", "nps": "points", "mean": "decimal", "p": "pvalue", "n": "count",
         "w": "count", "day": "date"}


def frame():
    return pd.DataFrame({"id": ["0012", "=x"], "share": [0.123456789, np.nan], "nps": [-12.3456, 40.0],
                         "mean": [6.123456, 7.0], "p": [0.000012345678, 0.5], "n": [3.0, 4.0], "w": [2.5, 1.25],
                         "day": pd.to_datetime(["2026-05-01", None])})


def test_round_for_csv_by_kind():
    out = round_for_csv(frame(), KINDS)
    assert out["share"].iloc[0] == 0.1235 and np.isnan(out["share"].iloc[1])
    assert out["nps"].tolist() == [-12.35, 40.0]
    assert out["mean"].iloc[0] == 6.1235
    assert out["p"].tolist() == [1.235e-05, 0.5]  # 4 significant digits
    assert str(out["n"].dtype) == "Int64" and out["w"].tolist() == [2.5, 1.25]  # weighted counts stay fractional
    assert out["day"].tolist() == ["2026-05-01", None]
    assert out["id"].tolist() == ["0012", "=x"]
    assert round_for_csv(frame(), None) is not None and round_for_csv(frame(), None)["nps"].iloc[0] == -12.3456


def test_write_csv_with_kinds(tmp_path):
    text = write_csv(frame(), tmp_path / "t.csv", kinds=KINDS, bom=False).read_text(encoding="utf-8")
    assert text.splitlines() == ['"id","share","nps","mean","p","n","w","day"',
                                 '"0012",0.1235,-12.35,6.1235,1.235e-05,3,2.5,"2026-05-01"',
                                 "\"'=x\",\"\",40.0,7.0,0.5,4,1.25,\"\""]  # missing: "" as before


def test_workbook_number_formats_dates_filter_width_and_chart(tmp_path):
    f = frame()
    path = write_excel({"t": f}, tmp_path / "w.xlsx", kinds={"t": KINDS},
                       charts={"t": {"category": "id", "value": "share", "title": "top", "top": 2}})
    ws = load_workbook(path)["t"]
    row = {c.value: ws.cell(2, i + 1) for i, c in enumerate(ws[1])}
    assert {k: row[k].number_format for k in ("share", "nps", "mean", "p", "n", "day", "id")} == {
        "share": "0.0%", "nps": "0.0", "mean": "0.00", "p": '[<0.001]"<0.001";0.000', "n": "#,##0",
        "day": "yyyy-mm-dd", "id": "General"}
    assert row["day"].value == dt.datetime(2026, 5, 1)
    assert row["share"].value == 0.123456789  # the workbook keeps full precision; the format rounds the view
    assert ws.cell(3, 2).value is None and ws.cell(3, 8).value is None  # missing: empty cells
    assert ws.auto_filter.ref == "A1:H3" and ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width < 12  # "12.3%", not the 11 digits of the float
    assert len(ws._charts) == 1
