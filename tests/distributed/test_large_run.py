"""analyze_large: workers read their partitions and write the row-level files; the client's statistics, from
compact columns, counts and counted theme patterns, equal analyze's on the same rows."""

import numpy as np
import pandas as pd
import pytest

import textmine
from textmine.distributed import analyze_large
from textmine.errors import ConfigError, InputError, SchemaError

pytest.importorskip("distributed", reason="the Dask engine needs the dask extra")

KW = dict(text="answer", score="score", id="id", date="date", segments=["channel"], chunk_size=100,
          random_state=0, n_boot=200, quiet=True)


@pytest.fixture(scope="module")
def runs(make_survey, tmp_path_factory, client):
    """The same survey as one CSV (analyze) and as four uneven CSV partitions (analyze_large)."""
    d = tmp_path_factory.mktemp("large")
    survey = make_survey()
    survey.to_csv(d / "all.csv", index=False)
    parts = d / "parts"
    parts.mkdir()
    for k, (a, b) in enumerate([(0, 60), (60, 230), (230, 300), (300, len(survey))]):
        survey.iloc[a:b].to_csv(parts / f"part-{k}.csv", index=False)
    local = textmine.analyze(d / "all.csv", **KW)
    large = analyze_large(parts, d / "out", client=client, **KW)
    return local, large, d / "out"


def _frames_equal(a: pd.DataFrame, b: pd.DataFrame):
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False,
                                  rtol=1e-9, atol=1e-9)


def _rows(out, name):
    return pd.concat([pd.read_parquet(p) for p in sorted((out / name).glob("part-*.parquet"))], ignore_index=True)


def test_statistics_equal_analyze(runs):
    local, large, _ = runs
    assert large.nps.to_dict() == pytest.approx(local.nps.to_dict())
    _frames_equal(large.segments.to_frame(), local.segments.to_frame())
    _frames_equal(large.periods.to_frame(), local.periods.to_frame())
    _frames_equal(large.trust.to_frame(), local.trust.to_frame())
    _frames_equal(large.themes.to_frame(), local.themes.to_frame())
    _frames_equal(large.themes.promoter_reasons(), local.themes.promoter_reasons())
    _frames_equal(large.themes.detractor_complaints(), local.themes.detractor_complaints())
    assert [(t.id, t.name, t.n) for t in large.themes.codebook] == [(t.id, t.name, t.n) for t in local.themes.codebook]


def test_drivers_equal_analyze_bootstrap_included(runs):
    local, large, _ = runs
    _frames_equal(large.drivers.to_frame(), local.drivers.to_frame())
    assert large.drivers.overall == pytest.approx(local.drivers.overall)


def test_every_row_is_written_by_the_workers(runs):
    local, large, out = runs
    resp = _rows(out, "respondents")
    _frames_equal(resp, local.respondents())
    mentions = _rows(out, "mentions")
    want = local.mentions
    cols = ["respondent_id", "clause", "theme", "polarity", "source"]
    _frames_equal(mentions[cols], want[cols])
    # clause ids: the answer's position times 2**20 plus the clause's index; in the same order as analyze's 0, 1, …
    assert mentions["clause_id"].rank(method="dense").astype(int).tolist() == \
        (want["clause_id"].rank(method="dense").astype(int)).tolist()
    clauses = _rows(out, "clauses")
    coded = local.coded_clauses()
    assert len(clauses) == len(coded) and list(clauses.columns) == list(coded.columns)
    _frames_equal(clauses.drop(columns="clause_id"), coded.drop(columns="clause_id"))
    _frames_equal(_rows(out, "rejects"), local.survey.rejects)
    acc = local.accounting
    for key in ("rows_read", "respondents", "rejected", "empty_answers", "no_content", "clauses", "content_clauses"):
        assert large.accounting[key] == acc[key], key
    assert large.accounting["unassigned_share"] == pytest.approx(acc["unassigned_share"])


def test_summary_files_and_run_json(runs):
    _, large, out = runs
    for name in ("nps.json", "themes.csv", "drivers.csv", "drivers_full.csv", "trust.csv", "codebook.yaml",
                 "promoter_reasons.csv", "detractor_complaints.csv", "run.json"):
        assert (out / name).is_file(), name
    assert large.settings["engine"]["mode"] == "large" and large.settings["partitions"] == 4
    assert "themes" in large.summary()


def test_repeated_ids_stop_the_run(make_survey, tmp_path, client):
    survey = make_survey(n=150)
    survey.iloc[:80].to_csv(tmp_path / "a.csv", index=False)
    survey.iloc[70:].to_csv(tmp_path / "b.csv", index=False)  # ten ids in both partitions
    with pytest.raises(InputError, match="10 respondent ids .* repeat"):
        analyze_large(str(tmp_path / "*.csv"), tmp_path / "out", client=client, **KW)


def test_a_single_file_is_refused(tmp_path):
    f = tmp_path / "one.csv"
    f.write_text("score,answer\n9,好\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a partitioned input"):
        analyze_large(f, tmp_path / "out")
    assert not np.any([p.name == "out" for p in tmp_path.iterdir()])


def test_weighted_hive_parquet_dataset(make_survey, tmp_path, client):
    # channel=…/ folders of Parquet files and a weight column: the statistics of analyze on the rows in path order
    survey = make_survey(n=360, seed=5)
    survey["w"] = np.random.default_rng(1).choice(["0.5", "1", "2.5"], len(survey))
    ordered = []
    for level, rows in survey.groupby("channel", sort=True):
        folder = tmp_path / "data" / f"channel={level}"
        folder.mkdir(parents=True)
        rows.drop(columns="channel").iloc[:70].to_parquet(folder / "part-0.parquet", index=False)
        rows.drop(columns="channel").iloc[70:].to_parquet(folder / "part-1.parquet", index=False)
        ordered.append(rows.drop(columns="channel").assign(channel=level))
    kw = dict(KW, weight="w")
    local = textmine.analyze(pd.concat(ordered, ignore_index=True), **kw)
    large = analyze_large(tmp_path / "data", tmp_path / "out", client=client, **kw)
    assert large.nps.to_dict() == pytest.approx(local.nps.to_dict())
    _frames_equal(large.segments.to_frame(), local.segments.to_frame())
    _frames_equal(large.drivers.to_frame(), local.drivers.to_frame())
    _frames_equal(large.themes.to_frame(), local.themes.to_frame())
    _frames_equal(_rows(tmp_path / "out", "respondents"), local.respondents())


def test_a_large_run_and_an_ordinary_one_replace_each_other(runs, tmp_path):
    from textmine._analyze import LARGE_RUN_OUTPUTS, OUTPUT_FILES
    from textmine.distributed._large import SUMMARY_FILES
    from textmine.distributed._large_tasks import ROW_FOLDERS

    assert set(LARGE_RUN_OUTPUTS) == set(SUMMARY_FILES + ROW_FOLDERS) - set(OUTPUT_FILES)
    import shutil

    local, _, large_out = runs
    out = tmp_path / "out"
    shutil.copytree(large_out, out)
    local.save(out)  # an ordinary run in the large run's folder: the row folders go
    assert (out / "report.html").is_file() and not (out / "mentions").exists()
    assert not (out / "promoter_reasons.csv").exists()


def test_empty_partitions_are_left_out_and_the_row_folders_read_as_datasets(make_survey, tmp_path, client):
    survey = make_survey(n=260, seed=7)
    (tmp_path / "p").mkdir()
    survey.iloc[:0].to_csv(tmp_path / "p" / "part-0.csv", index=False)  # a header and no rows
    survey.iloc[:130].to_csv(tmp_path / "p" / "part-1.csv", index=False)
    survey.iloc[130:].to_csv(tmp_path / "p" / "part-2.csv", index=False)
    survey.to_csv(tmp_path / "all.csv", index=False)
    large = analyze_large(tmp_path / "p", tmp_path / "out", client=client, **KW)
    local = textmine.analyze(tmp_path / "all.csv", **KW)
    _frames_equal(large.drivers.to_frame(), local.drivers.to_frame())
    assert large.settings["partitions"] == 2
    for folder in ("respondents", "clauses", "mentions", "rejects"):  # one dataset each, whatever the parts hold
        assert len(pd.read_parquet(tmp_path / "out" / folder)) > 0, folder


def test_a_survey_of_one_chunk_equals_analyze(make_survey, tmp_path, client):
    survey = make_survey(n=150, seed=8)
    (tmp_path / "p").mkdir()
    survey.iloc[:70].to_csv(tmp_path / "p" / "a.csv", index=False)
    survey.iloc[70:].to_csv(tmp_path / "p" / "b.csv", index=False)
    kw = dict(KW, chunk_size=1000)  # every answer in the discovery sample: analyze runs in one piece
    large = analyze_large(tmp_path / "p", tmp_path / "out", client=client, **kw)
    local = textmine.analyze(survey, **kw)
    assert [(t.id, t.name, t.n) for t in large.themes.codebook] == [(t.id, t.name, t.n) for t in local.themes.codebook]
    _frames_equal(large.themes.to_frame(), local.themes.to_frame())
    _frames_equal(large.drivers.to_frame(), local.drivers.to_frame())


def test_partitions_must_agree_and_settings_are_checked_first(make_survey, tmp_path, client):
    survey = make_survey(n=120, seed=9)
    (tmp_path / "p").mkdir()
    survey.iloc[:60].to_csv(tmp_path / "p" / "a.csv", index=False)
    survey.iloc[60:].drop(columns="channel").to_csv(tmp_path / "p" / "b.csv", index=False)
    with pytest.raises((InputError, SchemaError), match=r"partition '.*b\.csv'.*'channel'"):  # named, with its path
        analyze_large(tmp_path / "p", tmp_path / "out", client=client, **KW)
    with pytest.raises(ConfigError, match="period='fortnight'"):
        analyze_large(tmp_path / "p", tmp_path / "out", client=client, period="fortnight", **KW)
