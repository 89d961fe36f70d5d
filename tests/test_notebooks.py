"""Every notebook in notebooks/ runs from top to bottom without an error, so that none can rot."""

import sys
import time
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
TIMEOUT_PER_CELL = 300


@pytest.fixture
def kernel_name(tmp_path, monkeypatch) -> str:
    """A kernel that runs this very interpreter (the venv), whatever kernels the machine has registered."""
    import json

    spec = tmp_path / "kernels" / "textmine-test"
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "textmine test", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    return "textmine-test"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, kernel_name):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(path, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), \
        f"{path.name} is committed with outputs: clear them (Cell > All Output > Clear) to keep diffs small"
    client = nbclient.NotebookClient(nb, timeout=TIMEOUT_PER_CELL, kernel_name=kernel_name,
                                     resources={"metadata": {"path": str(path.parent)}})
    t0 = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - t0
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]
    assert errors == []
    assert elapsed < 120, f"{path.name} took {elapsed:.0f} s; notebooks should stay quick"


def test_there_is_a_quickstart():
    assert any(p.name == "quickstart.ipynb" for p in NOTEBOOKS)


def test_there_is_a_retraining_walkthrough():
    assert any(p.name == "retraining.ipynb" for p in NOTEBOOKS)
