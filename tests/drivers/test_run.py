import pandas as pd
import pytest

import textmine.drivers as drivers
from textmine.drivers import run_drivers
from textmine.errors import InputError


def test_wide_file_to_out(survey, tmp_path):
    src = tmp_path / "wide.csv"
    survey.to_csv(src, index=False)
    out = tmp_path / "drivers.csv"
    r = run_drivers(src, score="score", themes=["t0", "t1"], out=out, n_boot=20)
    back = pd.read_csv(out)
    assert back["theme"].tolist() == ["t0", "t1"]
    assert back["removal_impact"].to_numpy() == pytest.approx(r.to_frame()["removal_impact"].to_numpy())


def test_long_mentions_file(tmp_path):
    rows = []
    for i in range(200):
        score = 10 if i % 3 == 0 else (3 if i % 3 == 1 else 8)
        if i % 3 == 1:
            rows.append({"respondent_id": i, "score": score, "theme": "price", "polarity": -1})
        elif i % 3 == 0 and i % 2 == 0:
            rows.append({"respondent_id": i, "score": score, "theme": "service", "polarity": 1})
        else:
            rows.append({"respondent_id": i, "score": score, "theme": None, "polarity": None})
        if i % 5 == 0:
            rows.append({"respondent_id": i, "score": score, "theme": "service", "polarity": 0})
    src = tmp_path / "long.csv"
    pd.DataFrame(rows).to_csv(src, index=False)
    r = run_drivers(src, score="score", n_boot=0, min_mentions=5)
    t = r.to_frame().set_index("theme")
    assert r.overall["n"] == 200
    assert r.signed
    assert t.loc["price", "n"] == 67 and t.loc["price", "nps_with"] == pytest.approx(-100)


def test_bad_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        run_drivers(tmp_path / "nope.csv")
    (tmp_path / "x.doc").write_text("x")
    # read by the one reader, textmine.io.read_table (issue 15), which lists the formats it reads
    with pytest.raises(InputError, match=r"unsupported file type '\.doc' for 'x\.doc'; expected one of \.csv"):
        run_drivers(tmp_path / "x.doc")


def test_layering_no_upward_imports():
    import pathlib
    import re

    src = pathlib.Path(drivers.__file__).parent
    for f in src.glob("*.py"):
        imports = re.findall(r"^\s*(?:from|import)\s+(textmine\.\w+|statsmodels)", f.read_text(), re.M)
        # io and nps are layer 1: drivers read and write tables through io (issue 15)
        assert set(imports) <= {"textmine.errors", "textmine.schemas", "textmine.io", "textmine.nps"}, (f.name, imports)


def test_wide_table_read_as_text_finds_its_theme_columns():
    # textmine.io.read_table (used by the CLI) reads every column as text; empty cells are "no mention"
    frame = pd.DataFrame({"respondent_id": ["r1", "r2", "r3", "r4"], "brand": ["a", "b", "a", "b"],
                          "score": ["10", "3", "9", "6"], "price": ["-1", "", "1", "3"], "service": ["0", "2", "", "1"]})
    from textmine.drivers._matrix import prepare

    prep = prepare(frame, None, "score", None, exclude=("brand",))
    assert prep.themes == ["price", "service"]
    assert prep.codes.tolist() == [[-1, 0], [0, 2], [1, 0], [3, 1]]
