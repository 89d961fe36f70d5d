"""``textmine analyze --engine dask``: the same output tables as the local run; its options checked."""

import pytest

from textmine.cli import main

ARGS = ["--text", "answer", "--score", "score", "--id", "id", "--no-cache", "--quiet", "--n-boot", "30",
        "--chunk-size", "100", "--seed", "2"]  # survey_file's 240 answers: a sample and two chunks on the cluster


def test_engine_dask_on_a_local_cluster_writes_the_local_tables(survey_file, tmp_path):
    pytest.importorskip("distributed", reason="the Dask engine needs the dask extra")
    assert main(["analyze", str(survey_file), *ARGS, "--out", str(tmp_path / "local")]) == 0
    assert main(["analyze", str(survey_file), *ARGS, "--engine", "dask", "--workers", "1",
                 "--out", str(tmp_path / "dask")]) == 0
    for name in ("mentions.csv", "drivers.csv", "themes.csv", "respondents.csv", "nps.json", "trust.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_cluster_options_need_engine_dask(survey_file, tmp_path, capsys):
    assert main(["analyze", str(survey_file), *ARGS, "--workers", "2", "--out", str(tmp_path / "x")]) != 0
    assert "--engine dask" in capsys.readouterr().err
    assert main(["analyze", str(survey_file), *ARGS, "--engine", "spark", "--out", str(tmp_path / "x")]) != 0
    assert "choose local or dask" in capsys.readouterr().err


def test_partitions_need_engine_dask_and_workers_go_without_scheduler(survey_file, tmp_path, capsys):
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "part-0.csv").write_text(survey_file.read_text())
    assert main(["analyze", str(tmp_path / "parts"), *ARGS, "--out", str(tmp_path / "x")]) != 0
    assert "add --engine dask" in capsys.readouterr().err
    assert main(["analyze", str(survey_file), *ARGS, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
                 "--workers", "2", "--out", str(tmp_path / "x")]) != 0
    assert "drop one of the two" in capsys.readouterr().err


def test_large_writes_the_row_folders_and_the_local_statistics(survey_file, tmp_path):
    pytest.importorskip("distributed", reason="the Dask engine needs the dask extra")
    import pandas as pd

    whole = pd.read_csv(survey_file, dtype=str, keep_default_na=False)
    (tmp_path / "parts").mkdir()
    whole.iloc[:100].to_csv(tmp_path / "parts" / "part-0.csv", index=False)
    whole.iloc[100:].to_csv(tmp_path / "parts" / "part-1.csv", index=False)
    assert main(["analyze", str(survey_file), *ARGS, "--out", str(tmp_path / "local")]) == 0
    assert main(["analyze", str(tmp_path / "parts"), *ARGS, "--engine", "dask", "--workers", "1", "--large",
                 "--out", str(tmp_path / "large")]) == 0
    for name in ("drivers.csv", "themes.csv", "nps.json", "trust.csv"):
        assert (tmp_path / "large" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    for folder in ("respondents", "clauses", "mentions"):
        assert sorted(p.name for p in (tmp_path / "large" / folder).iterdir()) == ["part-00000.parquet",
                                                                                   "part-00001.parquet"]
    rejected = sum(len(pd.read_parquet(p)) for p in (tmp_path / "large" / "rejects").glob("part-*.parquet"))
    assert rejected == len(pd.read_csv(tmp_path / "local" / "rejects.csv"))  # a file per partition with rejects
    assert not (tmp_path / "large" / "report.html").exists()


def test_large_needs_dask_partitions_and_rows_for_the_loop(survey_file, tmp_path, capsys):
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "part-0.csv").write_text(survey_file.read_text())
    out = ["--out", str(tmp_path / "x")]
    assert main(["analyze", str(tmp_path / "parts"), *ARGS, "--large", *out]) != 0
    assert "add --engine dask" in capsys.readouterr().err
    assert main(["analyze", str(survey_file), *ARGS, "--engine", "dask", "--large", *out]) != 0
    assert "is one file" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path / "parts"), *ARGS, "--engine", "dask", "--large", "--referrals",
                 str(survey_file), *out]) != 0
    assert "without --large" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path / "parts"), *ARGS, "--engine", "dask", "--large",
                 "--out", str(tmp_path / "parts" / "out")]) != 0
    assert "inside the input folder" in capsys.readouterr().err
