"""One small analyze output folder per session (a hand-written survey with a hostile answer); each test that
edits gets its own copy."""

import shutil

import pytest

from _review_survey import make_review_survey


@pytest.fixture(scope="session")
def review_out(tmp_path_factory):
    """An analyze output folder (read-only by convention: copy it with ``fresh_out`` to edit)."""
    import textmine

    root = tmp_path_factory.mktemp("review_survey")
    path = root / "survey.csv"
    make_review_survey().to_csv(path, index=False, encoding="utf-8-sig")
    res = textmine.analyze(path, text="answer", score="score", id="id", date="date", segments=["channel"],
                           n_boot=50, cache_dir=False, quiet=True)
    out = root / "out"
    res.save(out)
    return out


@pytest.fixture
def fresh_out(review_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(review_out, out)
    return out
