"""``textmine analyze --engine dask``: the same output tables as the local run; its options checked."""

import numpy as np
import pandas as pd
import pytest

from textmine.cli import main

PRAISE = ["物流很快", "客服态度很好", "价格实惠", "质量不错"]
COMPLAIN = ["物流太慢了", "客服半天不回复", "价格太贵了", "质量很差"]


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    rng = np.random.default_rng(11)
    rows = []
    for i in range(260):
        score = int(rng.integers(0, 11))
        answer = (str(rng.choice(PRAISE)) if score >= 9 else
                  str(rng.choice(PRAISE)) + "，但是" + str(rng.choice(COMPLAIN)) if score <= 6 else
                  str(rng.choice(PRAISE + COMPLAIN)))
        rows.append({"id": f"C{i:03d}", "score": str(score), "answer": answer, "channel": ["APP", "网页"][i % 2]})
    path = tmp_path_factory.mktemp("dask_cli") / "survey.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


ARGS = ["--text", "answer", "--score", "score", "--id", "id", "--segment", "channel", "--no-cache", "--quiet",
        "--n-boot", "30", "--chunk-size", "100", "--seed", "2"]


def test_engine_dask_on_a_local_cluster_writes_the_local_tables(survey, tmp_path):
    pytest.importorskip("distributed", reason="the Dask engine needs the dask extra")
    assert main(["analyze", str(survey), *ARGS, "--out", str(tmp_path / "local")]) == 0
    assert main(["analyze", str(survey), *ARGS, "--engine", "dask", "--workers", "1",
                 "--out", str(tmp_path / "dask")]) == 0
    for name in ("mentions.csv", "drivers.csv", "themes.csv", "respondents.csv", "nps.json", "trust.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_cluster_options_need_engine_dask(survey, tmp_path, capsys):
    assert main(["analyze", str(survey), *ARGS, "--workers", "2", "--out", str(tmp_path / "x")]) != 0
    assert "--engine dask" in capsys.readouterr().err
    assert main(["analyze", str(survey), *ARGS, "--engine", "spark", "--out", str(tmp_path / "x")]) != 0
    assert "choose local or dask" in capsys.readouterr().err


def test_partitions_need_engine_dask_and_workers_go_without_scheduler(survey, tmp_path, capsys):
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "part-0.csv").write_text(survey.read_text())
    assert main(["analyze", str(tmp_path / "parts"), *ARGS, "--out", str(tmp_path / "x")]) != 0
    assert "add --engine dask" in capsys.readouterr().err
    assert main(["analyze", str(survey), *ARGS, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
                 "--workers", "2", "--out", str(tmp_path / "x")]) != 0
    assert "drop one of the two" in capsys.readouterr().err
