"""SIGINT and SIGTERM in a real process: non-zero exit, one line, and no output folder that looks complete."""

import json
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest

from textmine._analyze import OUTPUT_FILES
from textmine._output import PARTIAL_PREFIX
from textmine.cli import main

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

FAST = ["--text", "answer", "--score", "score", "--id", "id", "--n-boot", "50", "--no-cache"]

# a shell may start a background job with SIGINT ignored, and main() keeps an ignored signal ignored: undo that
CHILD = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
{patch}
from textmine.cli import main
sys.exit(main(sys.argv[1:]))
"""

# hold the save after its first CSV, so that the signal lands while the output is half written
SLOW_SAVE = """
import time
import textmine.io
_write_csv = textmine.io.write_csv
def write_csv(frame, path, **kw):
    out = _write_csv(frame, path, **kw)
    print("[test] wrote " + path.name, file=sys.stderr, flush=True)
    time.sleep(60)
    return out
textmine.io.write_csv = write_csv
"""


class Child:
    """A textmine process whose stderr is read line by line, with bounded waits."""

    def __init__(self, args, patch=""):
        self.proc = subprocess.Popen([sys.executable, "-c", CHILD.format(patch=patch), *map(str, args)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stderr:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=max(0.01, end - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            if text in line:
                return
        self.proc.kill()
        pytest.fail(f"{text!r} did not appear on stderr within {timeout} s: {''.join(self.seen)[-2000:]}")

    def stop(self, sig, timeout: float = 60) -> tuple[int, str]:
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            pytest.fail(f"the process did not end within {timeout} s of {sig!r}")
        rest = []
        while (line := self.lines.get(timeout=timeout)) is not None:
            rest.append(line)
        return code, "".join(rest)


def looks_complete(out) -> bool:
    run = out / "run.json"
    return run.exists() and json.loads(run.read_text(encoding="utf-8")).get("complete") is True


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_interrupt_during_the_analysis_writes_nothing(survey_file, tmp_path, sig, code):
    out = tmp_path / "out"
    child = Child(["analyze", survey_file, "--out", out, *FAST])
    child.wait_for("[textmine] text")
    got, err = child.stop(sig)
    assert got == code
    assert err.strip().splitlines()[-1] == "interrupted, nothing written"
    assert "Traceback" not in err + "".join(child.seen)
    assert not out.exists()


def test_interrupt_during_the_save_leaves_partial_output_only_in_its_folder_and_a_rerun_cleans_up(
        survey_file, tmp_path, capsys):
    out = tmp_path / "out"
    child = Child(["analyze", survey_file, "--out", out, *FAST], patch=SLOW_SAVE)
    child.wait_for("[test] wrote")
    got, err = child.stop(signal.SIGTERM)
    assert got == 143 and "Traceback" not in err + "".join(child.seen)
    partial = out / next(p.name for p in out.iterdir())
    assert [p.name for p in out.iterdir()] == [partial.name] and partial.name.startswith(PARTIAL_PREFIX)
    assert any(partial.iterdir()) and not looks_complete(out)
    assert err.strip().splitlines()[-1] == (f"interrupted: partial output in {partial} ({out} itself is "
                                            "unchanged; the next run in it removes this folder)")

    (out / ".mentions.csv.x1y2.tmp").write_text("left by an older version", encoding="utf-8")
    assert main(["analyze", str(survey_file), "--out", str(out), *FAST, "--quiet"]) == 0
    capsys.readouterr()
    assert not any(p.name.startswith(".") for p in out.iterdir())  # the stale folder and temp file are gone
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES + ("codebook.centroids.npz",))
    assert looks_complete(out)


def test_interrupt_during_the_save_keeps_the_previous_output_whole(survey_file, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    before = {"codebook.yaml": b"themes: []", "themes.csv": b"old", "mentions.csv": b"old", "report.html": b"old",
              "run.json": json.dumps({"complete": True}).encode()}
    for name, data in before.items():
        (out / name).write_bytes(data)
    child = Child(["themes", survey_file, "--out", out, "--text", "answer", "--no-cache"], patch=SLOW_SAVE)
    child.wait_for("[test] wrote")
    got, err = child.stop(signal.SIGINT)
    assert got == 130 and err.strip().splitlines()[-1].startswith("interrupted: partial output in ")
    partial = [p for p in out.iterdir() if p.name.startswith(PARTIAL_PREFIX)]
    assert len(partial) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir() if p not in partial} == before
