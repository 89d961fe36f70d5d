"""The one safe writer (write_table, atomic writers) and the one reader's explicit separator (issue 15)."""

import json
import os

import pandas as pd
import pytest
from openpyxl import load_workbook

from textmine.errors import InputError
from textmine.io import atomic_dir, atomic_write_bytes, read_table, write_table

HOSTILE = "=HYPERLINK(\"http://x\",\"点我\")"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_write_table_neutralises_formula_cells(tmp_path, suffix):
    f = pd.DataFrame({"theme": [HOSTILE, "物流"], "n": [3, 4]})
    path = write_table(f, tmp_path / f"t{suffix}")
    if suffix == ".csv":
        back = pd.read_csv(path, encoding="utf-8-sig")
    else:
        ws = load_workbook(path).active
        assert ws.title == "t"
        back = pd.DataFrame(list(ws.values)[1:], columns=[c.value for c in ws[1]])
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert back["theme"].tolist() == ["'" + HOSTILE, "物流"]
    assert back["n"].tolist() == [3, 4]


def test_write_table_parquet_and_json_round_trip(tmp_path):
    f = pd.DataFrame({"theme": ["物流", "价格"], "share": [0.25, 0.5]})
    pd.testing.assert_frame_equal(pd.read_parquet(write_table(f, tmp_path / "t.parquet")), f)
    assert json.loads((write_table(f, tmp_path / "t.json")).read_text(encoding="utf-8"))[0] == {"theme": "物流",
                                                                                               "share": 0.25}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.json", "t.parquet"]  # no temporary file left


def test_write_table_unknown_suffix(tmp_path):
    with pytest.raises(InputError, match=r"cannot write 'x.doc': expected a table file ending in \.csv, \.xlsx"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "x.doc")


def test_atomic_bytes_replace_and_keep_permissions(tmp_path):
    p = atomic_write_bytes(tmp_path / "a.bin", b"old")
    atomic_write_bytes(p, b"new")
    assert p.read_bytes() == b"new"
    mask = os.umask(0)
    os.umask(mask)
    assert p.stat().st_mode & 0o777 == 0o666 & ~mask
    assert [q.name for q in tmp_path.iterdir()] == ["a.bin"]


def test_atomic_dir_replaces_whole_or_not_at_all(tmp_path):
    target = tmp_path / "model"
    with atomic_dir(target) as d:
        (d / "a.txt").write_text("1")
    assert (target / "a.txt").read_text() == "1"
    with pytest.raises(RuntimeError):
        with atomic_dir(target) as d:
            (d / "b.txt").write_text("half")
            raise RuntimeError("interrupted")
    assert sorted(p.name for p in target.iterdir()) == ["a.txt"]  # the old folder, untouched
    with atomic_dir(target) as d:
        (d / "c.txt").write_text("2")
    assert sorted(p.name for p in target.iterdir()) == ["c.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["model"]  # nothing left beside it


def test_read_table_with_an_explicit_separator(tmp_path):
    p = tmp_path / "labels.csv"
    p.write_text("text;labels\n物流很快;物流\n太贵了;价格\n", encoding="utf-8")
    assert list(read_table(p)[0].columns) == ["text", "labels"]  # ';' sniffed
    comma, _ = read_table(p, sep=",")
    assert list(comma.columns) == ["text;labels"]
    assert comma.iloc[:, 0].tolist() == ["物流很快;物流", "太贵了;价格"]
