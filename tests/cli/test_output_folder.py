"""textmine/_output.py: output folders written all or nothing, and what killed runs left removed."""

import json
import os

import pytest

from textmine._output import PARTIAL_PREFIX, check_out_dir, pending_partials, remove_stale, staged_output
from textmine.errors import InputError


def listing(d):
    return sorted(p.name for p in d.iterdir())


def test_commit_moves_files_run_json_last_and_drops_stale_owned_files(tmp_path):
    (tmp_path / "run.json").write_text('{"complete": true, "old": 1}', encoding="utf-8")
    (tmp_path / "a.csv").write_text("old a", encoding="utf-8")
    (tmp_path / "b.csv").write_text("old b", encoding="utf-8")  # owned, not written by the new run: removed
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")  # not owned: kept
    with staged_output(tmp_path, owned=("a.csv", "b.csv")) as stage:
        assert stage.path.parent == tmp_path and stage.path.name.startswith(f"{PARTIAL_PREFIX}{os.getpid()}-")
        (stage.path / "a.csv").write_text("new a", encoding="utf-8")
        assert json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["old"] == 1  # untouched so far
        paths = stage.commit({"settings": {"x": 1}})
    assert list(paths) == ["a.csv", "run.json"] and paths["a.csv"] == tmp_path / "a.csv"
    assert listing(tmp_path) == ["a.csv", "notes.txt", "run.json"]
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "new a"
    assert json.loads((tmp_path / "run.json").read_text(encoding="utf-8")) == {"settings": {"x": 1},
                                                                               "complete": True}
    assert pending_partials() == []


def test_an_error_removes_the_staging_folder_and_leaves_out_as_it_was(tmp_path):
    (tmp_path / "run.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="boom"):
        with staged_output(tmp_path, owned=("a.csv",)) as stage:
            (stage.path / "a.csv").write_text("new", encoding="utf-8")
            raise ValueError("boom")
    assert listing(tmp_path) == ["run.json"] and pending_partials() == []


def test_an_interrupt_keeps_the_partial_folder_and_the_next_run_removes_it(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with staged_output(tmp_path, owned=("a.csv",)) as stage:
            (stage.path / "a.csv").write_text("half", encoding="utf-8")
            raise KeyboardInterrupt
    assert pending_partials() == [stage.path] and listing(tmp_path) == [stage.path.name]
    with staged_output(tmp_path, owned=("a.csv",)) as again:
        assert listing(tmp_path) == [again.path.name]  # the stale folder went first
        (again.path / "a.csv").write_text("whole", encoding="utf-8")
        again.commit({})
    assert listing(tmp_path) == ["a.csv", "run.json"] and pending_partials() == []


def test_stale_temp_files_of_killed_runs_are_removed(tmp_path):
    dead = tmp_path / f"{PARTIAL_PREFIX}99999999-dead"
    dead.mkdir()
    (dead / "mentions.csv").write_text("x", encoding="utf-8")
    alive = tmp_path / f"{PARTIAL_PREFIX}{os.getppid()}-live"  # a concurrent run in the same folder: kept
    alive.mkdir()
    for name in (".mentions.csv.k2j3.tmp", ".results.xlsx.a8f1.xlsx", ".run.json.zz.tmp"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / ".other.tmp").write_text("x", encoding="utf-8")  # not a temp file of an owned output: kept
    removed = remove_stale(tmp_path, ("mentions.csv", "results.xlsx", "run.json"))
    assert len(removed) == 4
    assert listing(tmp_path) == sorted([".other.tmp", alive.name])


def test_check_out_dir(tmp_path):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"^--out '.*f' is an existing file; expected a folder"):
        check_out_dir(tmp_path / "f", "--out")
    with pytest.raises(InputError, match=r"cannot be created: '.*f' is a file, not a folder"):
        check_out_dir(tmp_path / "f" / "sub", "--out")
    assert check_out_dir(tmp_path / "new" / "deeper") == tmp_path / "new" / "deeper"
    assert not (tmp_path / "new").exists()  # checking creates nothing
