"""Writing on two cores: a forked child writes the clause table and the report; the files and errors are the same."""

import io
import zipfile

import pytest

import textmine as tm
from textmine import _writing
from textmine._background import can_fork, in_background
from textmine.errors import ConfigError, TextmineError

pytestmark = pytest.mark.skipif(not can_fork(), reason="the background writer forks (Linux only)")


@pytest.fixture(scope="module")
def analysis(small_survey):
    return tm.analyze(small_survey, text="answer", score="score", id="id", date="date", segments=["channel"],
                      quiet=True, cache_dir=False)


def _workbook_parts(path):
    """The workbook's parts without docProps/core.xml (it records the time of writing)."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_forked_and_in_process_writing_give_the_same_files(analysis, tmp_path):
    one, two = tmp_path / "in_process", tmp_path / "forked"
    one.mkdir(), two.mkdir()
    _writing.write_files(analysis, one, background=False)
    _writing.write_files(analysis, two, background=True)
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir())
    assert {"report.html", "results.xlsx", "clauses.csv"} <= set(names)
    for name in names:
        if name == "results.xlsx":
            assert _workbook_parts(one / name) == _workbook_parts(two / name)
        else:
            assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_large_surveys_write_in_the_background(analysis, tmp_path, monkeypatch):
    import textmine._background as bg  # the writer imports in_background from there when it runs

    started = []

    def spy(fn, *args, fork=None):
        started.append(fork)
        return in_background(fn, *args, fork=fork)

    monkeypatch.setattr(bg, "in_background", spy)
    monkeypatch.setattr(_writing, "BACKGROUND_MIN_RESPONDENTS", 1)
    _writing.write_files(analysis, tmp_path)
    monkeypatch.setattr(_writing, "BACKGROUND_MIN_RESPONDENTS", 10**9)
    _writing.write_files(analysis, tmp_path)
    assert started == [True, False]


def _fails():
    raise ConfigError("the report could not be written: expected X, found Y")


def _dies():
    import os

    os._exit(3)


def test_a_childs_error_is_raised_in_the_parent_with_its_type_and_message():
    job = in_background(_fails, fork=True)
    assert job.forked
    with pytest.raises(ConfigError, match="expected X, found Y"):
        job.join()


def test_a_child_that_dies_is_reported_not_ignored():
    with pytest.raises(TextmineError, match="exit code 3"):
        in_background(_dies, fork=True).join()


def test_without_fork_the_work_runs_at_join():
    out = io.StringIO()
    job = in_background(out.write, "written", fork=False)
    assert not job.forked and out.getvalue() == ""
    job.join()
    assert out.getvalue() == "written"
