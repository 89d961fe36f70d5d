"""The review app in a real browser (headless Chromium over the DevTools protocol, tests/report/_cdp.py): load,
search, rename, merge, label 20 answers with the keyboard, train v1, label 20 more, train v2 and see it beside v1,
on the demo survey's output folder with no file touched by hand (issue 20's "done when").
Leaves screenshots in ``tests/_artifacts/review_themes.png`` and ``review_label.png``.

Skipped when Chromium is missing, unless ``TEXTMINE_REQUIRE_BROWSER=1`` (CI), which makes that a failure. The
server is a real ``textmine review`` process on a free port of 127.0.0.1; every wait is bounded.
"""

import importlib.util
import json
import os
import shutil
import signal
import time
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from _review_server import free_port, start, wait_ready  # noqa: E402

from textmine.themes import Codebook  # noqa: E402

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"

_spec = importlib.util.spec_from_file_location("_report_cdp_for_review",
                                               Path(__file__).resolve().parents[1] / "report" / "_cdp.py")
_cdp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cdp)


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = _cdp.find_chromium()
    if binary is None:
        msg = "headless Chromium not found (apt-get install chromium fonts-noto-cjk, or set TEXTMINE_CHROMIUM)"
        if os.environ.get("TEXTMINE_REQUIRE_BROWSER") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    return binary


DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo_survey.csv"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The demo survey's analyze output folder, untouched (no labels, no model), served by ``textmine review`` on
    a free port: what a researcher has after ``make demo``."""
    import textmine

    out = tmp_path_factory.mktemp("browser") / "demo_out"
    textmine.analyze(DEMO, text="推荐原因", score="推荐意愿", id="编号", date="提交时间", segments=["渠道", "城市级别"],
                     n_boot=100, cache_dir=False, quiet=True).save(out)
    proc, url = start(out, "--port", str(free_port()))
    try:
        wait_ready(url + "api/themes")
        yield out, url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except Exception:
            proc.kill()


def until(b, expression: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while True:
        value = b.eval(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.1)


def navigating(b, action):
    """Run ``action`` (a click that submits or reloads) and wait for the next page load."""
    b.events = [e for e in b.events if e["method"] != "Page.loadEventFired"]
    action()
    b.wait_for("Page.loadEventFired")


def key(b, k: str):
    for kind in ("keyDown", "keyUp"):
        b.call("Input.dispatchKeyEvent", type=kind, key=k, text=k if kind == "keyDown" else "")


def fill(b, selector: str, value: str):
    b.eval(f"document.querySelector({json.dumps(selector)}).value = {json.dumps(value)}")


def search_rename_merge(b, out: Path, url: str) -> str:
    """Load the themes page, search the selected theme's answers, rename it, merge the second and third themes;
    returns the codebook version after the merge."""
    cb = Codebook.load(out / "codebook.yaml")
    b.open(url)
    assert b.eval("document.querySelectorAll('#themes tbody tr').length") == len(cb)
    assert b.eval("document.querySelectorAll('#answers li').length") == 20

    # search the selected theme's answers
    word = b.eval("document.querySelector('#answers mark').textContent").strip()[:2]
    fill(b, "#q", word)
    navigating(b, lambda: b.click("#search button"))
    texts = b.eval("Array.from(document.querySelectorAll('#answers .text')).map(e => e.textContent)")
    assert texts and all(word in t for t in texts)
    assert int(b.eval("document.querySelector('#total').textContent")) >= len(texts)

    # rename the selected theme
    first = b.eval("document.querySelector('#answers-pane').dataset.theme")
    fill(b, "#rename-name", "浏览器改名")
    navigating(b, lambda: b.click("#rename"))
    assert b.eval("document.querySelector('#theme-name').textContent") == "浏览器改名"
    assert Codebook.load(out / "codebook.yaml")[first].name == "浏览器改名"

    # merge the second and third themes
    a, c = cb.ids[1], cb.ids[2]
    b.click(f".pick[value='{a}']")
    b.click(f".pick[value='{c}']")
    navigating(b, lambda: b.click("#merge"))
    assert b.eval("document.querySelectorAll('#themes tbody tr').length") == len(cb) - 1
    merged = Codebook.load(out / "codebook.yaml")
    assert c not in merged.ids and c in merged.retired_ids
    return b.eval("document.querySelector('#cb-version').textContent")


def test_load_search_rename_merge_label_train(chromium, served):
    out, url = served
    with _cdp.Browser(chromium, width=1400, height=900, timeout=60) as b:
        merged_version = search_rename_merge(b, out, url)

        b.screenshot(ARTIFACTS / "review_themes.png", full_page=False)

        # label 20 answers with the keyboard (accept the proposed themes; the second one rejected: no theme),
        # train v1; label 20 more, train v2 and see it beside v1 -- no file touched by hand
        for version, keys in (("v1", ["a", "x"] + ["a"] * 18), ("v2", ["a"] * 20)):
            b.open(url + "label")
            n0 = int(b.eval("document.querySelector('#n-labelled').textContent"))
            rids = b.eval("Array.from(document.querySelectorAll('#queue .item')).slice(0, 20)"
                          ".map(e => e.dataset.rid)")
            assert len(rids) == 20
            for n, k in enumerate(keys, start=1):
                key(b, k)
                until(b, f"document.querySelectorAll('#queue .item.done').length === {n}", timeout=30)
            assert int(b.eval("document.querySelector('#n-labelled').textContent")) == n0 + 20
            labels = pd.read_csv(out / "labels.csv", dtype=str, keep_default_na=False)
            assert set(rids) <= set(labels["respondent_id"])
            if version == "v1":
                assert labels.set_index("respondent_id").loc[rids[1], "labels"] == ""
            b.eval("document.querySelector('#train-result').hidden = true")
            b.click("#train")
            until(b, "!document.querySelector('#train-result').hidden", timeout=180)
            message = b.eval("document.querySelector('#train-message').textContent")
            assert message.startswith(f"{version} "), message
            assert (out / "models" / "review" / version / "manifest.json").exists()
        rows = b.eval("Array.from(document.querySelectorAll('#comparison tbody tr')).map("
                      "r => Array.from(r.cells).map(c => c.textContent))")
        assert rows[-1][0] == "macro" and rows[-1][3] != "–" and rows[-1][4] != "–"  # v1 and v2 F1 side by side
        assert b.eval("document.querySelector('#cb-version').textContent") == merged_version

        b.screenshot(ARTIFACTS / "review_label.png", full_page=False)
        assert b.eval("window.__pwned === undefined")
        assert b.errors() == []
    ops = [json.loads(x)["op"] for x in (out / "review_log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ops[:2] == ["rename", "merge"] and ops[-1] == "train"
    assert ops.count("train") == 2 and ops.count("label") >= 2


@pytest.fixture(scope="module")
def served_hostile(review_out, tmp_path_factory):
    """A copy of the output folder with 120 answers labelled and model v1 trained (through the library), served
    by ``textmine review`` on a free port."""
    from textmine.review import ReviewStore
    from textmine.review._labelling import save_labels, train_new_version

    out = tmp_path_factory.mktemp("browser") / "out"
    shutil.copytree(review_out, out)
    store = ReviewStore(out)
    ids = set(store.codebook().ids)
    r = pd.read_csv(out / "respondents.csv", dtype=str, keep_default_na=False)
    items = [{"respondent_id": x.respondent_id, "labels": [{"theme": t} for t in x.themes.split(";") if t in ids]}
             for x in r.itertuples() if x.text][:120]
    save_labels(store, items)
    assert train_new_version(store)["model_version"] == "v1"
    proc, url = start(out, "--port", str(free_port()))
    try:
        wait_ready(url + "api/themes")
        yield out, url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except Exception:
            proc.kill()


def test_hostile_answers_stay_text_while_labelling_and_training(chromium, served_hostile):
    """The small survey with a hostile answer (HTML and script): the same steps never run its script."""
    out, url = served_hostile
    with _cdp.Browser(chromium, width=1400, height=900, timeout=60) as b:
        merged_version = search_rename_merge(b, out, url)

        b.screenshot(ARTIFACTS / "review_themes_hostile.png", full_page=False)

        # label three answers with the keyboard: accept, reject, accept
        b.open(url + "label")
        before = len(pd.read_csv(out / "labels.csv", dtype=str))
        n0 = int(b.eval("document.querySelector('#n-labelled').textContent"))
        rids = b.eval("Array.from(document.querySelectorAll('#queue .item')).slice(0, 3).map(e => e.dataset.rid)")
        for k, n in (("a", 1), ("x", 2), ("a", 3)):
            key(b, k)
            until(b, f"document.querySelectorAll('#queue .item.done').length === {n}", timeout=30)
        assert int(b.eval("document.querySelector('#n-labelled').textContent")) == n0 + 3
        labels = pd.read_csv(out / "labels.csv", dtype=str, keep_default_na=False)
        assert len(labels) == before + 3 and set(rids) <= set(labels["respondent_id"])
        assert labels.set_index("respondent_id").loc[rids[1], "labels"] == ""

        # train v2 and see it beside v1
        b.click("#train")
        until(b, "!document.querySelector('#train-result').hidden", timeout=180)
        message = b.eval("document.querySelector('#train-message').textContent")
        assert message.startswith("v2 ")
        rows = b.eval("Array.from(document.querySelectorAll('#comparison tbody tr')).map("
                      "r => Array.from(r.cells).map(c => c.textContent))")
        assert rows[-1][0] == "macro" and rows[-1][3] != "–" and rows[-1][4] != "–"
        assert (out / "models" / "review" / "v2" / "manifest.json").exists()
        assert b.eval("document.querySelector('#cb-version').textContent") == merged_version

        b.screenshot(ARTIFACTS / "review_label_hostile.png", full_page=False)
        assert b.eval("window.__pwned === undefined")
        assert b.errors() == []
    ops = [json.loads(x)["op"] for x in (out / "review_log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ops[-6:] == ["rename", "merge", "label", "label", "label", "train"]
