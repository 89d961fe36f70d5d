"""analyze on a Dask cluster (textmine/distributed): the same results as the single-process chunked run."""

import os

import pandas as pd
import pytest

pytest.importorskip("distributed", reason="the Dask engine needs the dask extra (pip install 'textmine[dask]')")

import textmine as tm  # noqa: E402
from textmine.distributed import analyze_dask  # noqa: E402
from textmine.errors import InputError  # noqa: E402

CHUNK = 100  # textmine._analyze.MIN_CHUNK_SIZE: a sample of 100 answers, then chunks of 100 on the workers
OPTS = dict(text="answer", score="score", id="id", date="date", segments=["channel"], cache_dir=False, quiet=True,
            n_boot=40, chunk_size=CHUNK, random_state=5)


@pytest.fixture(scope="module")
def local(survey_csv):
    return tm.analyze(survey_csv, **OPTS)


@pytest.fixture(scope="module")
def remote(survey_csv, client):
    return analyze_dask(survey_csv, client=client, **OPTS)


def assert_same_analysis(a, b):
    """Clauses, mentions and themes identical; every statistics table equal to 1e-9."""
    pd.testing.assert_frame_equal(a.clauses, b.clauses)
    pd.testing.assert_frame_equal(a.mentions, b.mentions)
    assert [(t.id, t.name, t.n) for t in a.themes.codebook] == [(t.id, t.name, t.n) for t in b.themes.codebook]
    pd.testing.assert_frame_equal(a.themes.to_frame(), b.themes.to_frame(), rtol=1e-9, atol=1e-9)
    for table in ("nps", "segments", "periods", "drivers", "trust"):
        x, y = getattr(a, table), getattr(b, table)
        assert (x is None) == (y is None), table
        if x is not None:
            pd.testing.assert_frame_equal(x.to_frame(), y.to_frame(), rtol=1e-9, atol=1e-9, obj=table)
    pd.testing.assert_frame_equal(a.respondents(), b.respondents(), rtol=1e-9, atol=1e-9)
    assert a.accounting == b.accounting


def test_several_chunks_are_coded_by_the_workers(local, remote, client):
    assert local.settings["chunks"] == remote.settings["chunks"] == 5
    eng = remote.settings["engine"]
    assert (eng["name"], eng["workers"], eng["tasks"]) == ("dask", 2, 4)
    assert eng["task_seconds_sum"] > 0 and eng["gathered_bytes"] > eng["sent_bytes"] > 0
    assert len(remote.themes.codebook) >= 2 and remote.drivers is not None


def test_dask_result_equals_the_single_process_result(local, remote):
    assert_same_analysis(local, remote)


def test_dask_result_saves_like_the_local_one(remote, tmp_path):
    paths = remote.save(tmp_path / "out")
    assert {"mentions.csv", "drivers.csv", "run.json"} <= set(paths)


def test_a_csv_glob_and_a_parquet_directory_give_the_one_file_result(local, client, tmp_path, make_survey):
    frame = make_survey()
    (tmp_path / "csv").mkdir()
    (tmp_path / "pq" / "month=1").mkdir(parents=True)
    for i, lo in enumerate(range(0, len(frame), 150)):
        part = frame.iloc[lo:lo + 150]
        part.to_csv(tmp_path / "csv" / f"part-{i}.csv", index=False, encoding="utf-8")
        part.to_parquet(tmp_path / "pq" / "month=1" / f"part-{i}.parquet", index=False)
    by_glob = analyze_dask(str(tmp_path / "csv" / "part-*.csv"), client=client, **OPTS)
    assert_same_analysis(local, by_glob)
    assert by_glob.settings["source"] == str(tmp_path / "csv" / "part-*.csv")
    assert_same_analysis(local, analyze_dask(tmp_path / "pq", client=client, **OPTS))


def test_an_unreadable_partition_stops_the_run_naming_its_path(client, tmp_path, make_survey):
    make_survey(60).to_parquet(tmp_path / "part-0.parquet", index=False)
    bad = tmp_path / "part-1.parquet"
    bad.write_bytes(b"not a parquet file at all")
    with pytest.raises(InputError, match=f"partition '{bad}' cannot be read") as err:
        analyze_dask(tmp_path, client=client, **OPTS)
    assert "is not a Parquet file" in str(err.value)  # textmine.io's reason, after the path
    assert analyze_dask(tmp_path / "part-0.parquet", client=client, **OPTS).survey.n == 60  # the cluster goes on


def test_an_empty_pattern_is_an_error(client, tmp_path):
    with pytest.raises(InputError, match="no partition files in the pattern"):
        analyze_dask(str(tmp_path / "none-*.csv"), client=client, **OPTS)


# -- a worker that dies ---------------------------------------------------------------------------------------------
def _die_once(marker: str) -> None:
    """In a worker: the next chunk coded by the first worker to reach it kills that worker (once: the marker file
    is created atomically by the one that dies)."""
    import textmine._stages as stages

    real = stages.code_answers

    def dying(*args, **kwargs):
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return real(*args, **kwargs)
        os.close(fd)
        os._exit(1)

    dying.real = real
    stages.code_answers = dying


def _heal() -> None:
    import textmine._stages as stages

    stages.code_answers = getattr(stages.code_answers, "real", stages.code_answers)


def test_a_worker_killed_mid_run_is_retried_and_the_result_is_unchanged(local, survey_csv, client, tmp_path):
    marker = tmp_path / "died"
    before = set(client.scheduler_info()["workers"])
    client.run(_die_once, str(marker))
    try:
        again = analyze_dask(survey_csv, client=client, **OPTS)
    finally:
        client.run(_heal)
    assert marker.exists()  # a worker did die
    assert set(client.scheduler_info()["workers"]) != before  # and was replaced by its nanny
    assert_same_analysis(local, again)


def test_without_a_client_a_local_cluster_is_started_and_closed(local, survey_csv, client):
    import multiprocessing

    before = {p.pid for p in multiprocessing.active_children()}
    a = analyze_dask(survey_csv, workers=1, **OPTS)
    assert a.settings["engine"]["workers"] == 1
    assert_same_analysis(local, a)
    assert {p.pid for p in multiprocessing.active_children()} == before  # its worker process is gone


def test_the_engine_checks_its_arguments(client):
    from textmine.distributed import DaskEngine
    from textmine.errors import ConfigError

    with pytest.raises(ConfigError, match="workers=0 must be an integer >= 1"):
        DaskEngine(workers=0).open()
    with pytest.raises(ConfigError, match="in_flight=0 must be an integer >= 1"):
        DaskEngine(in_flight=0).open()
    with pytest.raises(ConfigError, match="either client= .* or scheduler="):
        DaskEngine(client, scheduler="tcp://127.0.0.1:1").open()
    with pytest.raises(ConfigError, match="workers=2 sizes the local cluster"):
        DaskEngine(client, workers=2).open()
    with pytest.raises(ConfigError, match="cannot reach a Dask scheduler at 'tcp://127.0.0.1:9'"):
        DaskEngine(scheduler="tcp://127.0.0.1:9", timeout="1s").open()
    with DaskEngine(client, in_flight=1) as engine:  # one task at a time: still every result, in order
        assert engine.map_chunks(_add, [1, 2, 3], {"k": 10}) == [11, 12, 13]
        assert engine.stats["tasks"] == 3 and len(engine.stats["task_seconds"]) == 3
        with pytest.raises(ConfigError, match="k=-1"):
            engine.map_chunks(_add, [1, 2, 3], {"k": -1})
    assert client.status == "running"  # a client passed in stays open


def _add(x, *, k):
    from textmine.errors import ConfigError

    if k < 0:
        raise ConfigError(f"k={k} must be >= 0")
    return x + k


def test_a_given_codebook_is_sent_to_the_workers_with_the_same_result(local, survey_csv, client):
    book = local.themes.codebook
    alone = tm.analyze(survey_csv, codebook=book, **OPTS)
    on_cluster = analyze_dask(survey_csv, client=client, codebook=book, **OPTS)
    assert on_cluster.settings["engine"]["tasks"] == 4
    assert_same_analysis(alone, on_cluster)


def test_importing_the_package_does_not_import_dask():
    import subprocess
    import sys

    code = "import sys, textmine.distributed; print('distributed' in sys.modules or 'dask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_analyze_hands_engine_dask_to_the_cluster(local, survey_csv, client):
    from textmine.errors import ConfigError

    assert_same_analysis(local, tm.analyze(survey_csv, engine="dask", client=client, **OPTS))
    with pytest.raises(ConfigError, match="engine"):
        tm.analyze(survey_csv, engine="spark", **OPTS)
    with pytest.raises(ConfigError, match="engine='dask'"):
        tm.analyze(survey_csv, client=client, **OPTS)


def _square(x, *, offset):
    return x * x + offset


def test_map_chunks_keeps_item_order_and_reports_each_result(client):
    """Results come back in item order whatever order the workers finish in; ``on_done`` hears of every item once
    (what moves the progress bar)."""
    from textmine.distributed import DaskEngine

    seen = []
    with DaskEngine(client, in_flight=2) as engine:
        out = engine.map_chunks(_square, list(range(7)), {"offset": 1}, on_done=seen.append)
    assert out == [x * x + 1 for x in range(7)]
    assert sorted(seen) == list(range(7))
    assert engine.stats["tasks"] == 7


def test_partition_discovery_skips_hidden_folders_and_refuses_mixed_formats(tmp_path):
    from textmine.distributed import partition_paths
    from textmine.distributed._partitions import hive_values

    (tmp_path / "_temporary" / "0").mkdir(parents=True)
    (tmp_path / ".ipynb_checkpoints").mkdir()
    for p in ("part-0.csv", "_temporary/0/part-0.csv", ".ipynb_checkpoints/part-0-checkpoint.csv", "README.txt"):
        (tmp_path / p).write_text("id,score\n1,9\n")
    assert [p.name for p in partition_paths(tmp_path)] == ["part-0.csv"]
    (tmp_path / "part-1.parquet").write_bytes(b"")
    with pytest.raises(InputError, match="both Parquet files .* and CSV/TSV files"):
        partition_paths(tmp_path)
    got = hive_values(tmp_path / "%E6%B8%A0%E9%81%93=%E5%BE%AE%E4%BF%A1" / "x=__HIVE_DEFAULT_PARTITION__" / "p.parquet",
                      tmp_path)
    assert got == {"渠道": "微信", "x": ""}


def test_a_worker_killed_in_a_large_run_changes_nothing(local, survey_csv, client, tmp_path):
    # analyze_large: the dead worker's partition is coded again elsewhere and its files written again
    from textmine.distributed import analyze_large

    whole = pd.read_csv(survey_csv, dtype=str, keep_default_na=False)
    (tmp_path / "parts").mkdir()
    for k, (a, b) in enumerate([(0, 150), (150, 300), (300, len(whole))]):
        whole.iloc[a:b].to_csv(tmp_path / "parts" / f"part-{k}.csv", index=False)
    marker = tmp_path / "died"
    client.run(_die_once, str(marker))
    try:
        large = analyze_large(tmp_path / "parts", tmp_path / "out", client=client, **OPTS)
    finally:
        client.run(_heal)
    assert marker.exists()
    for table in ("nps", "segments", "periods", "drivers", "trust"):
        pd.testing.assert_frame_equal(getattr(large, table).to_frame(), getattr(local, table).to_frame(),
                                      rtol=1e-9, atol=1e-9, obj=table)
    written = pd.concat([pd.read_parquet(p) for p in sorted((tmp_path / "out" / "respondents").glob("*.parquet"))],
                        ignore_index=True)
    pd.testing.assert_frame_equal(written, local.respondents(), check_dtype=False, rtol=1e-9, atol=1e-9)
    assert not list((tmp_path / "out").rglob(".part-*"))
