"""The report in a real browser: headless Chromium driven over the DevTools protocol (a pipe, no extra package).

Needs Debian's ``chromium`` and a CJK font (``fonts-noto-cjk``); skipped with a reason when Chromium is absent,
unless ``TEXTMINE_REQUIRE_BROWSER=1`` (set it in CI), which turns the skip into a failure.
Leaves a full-page screenshot in ``tests/_artifacts/report.png``.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from _cdp import Browser, find_chromium

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = find_chromium()
    if binary is None:
        msg = "headless Chromium not found (apt-get install chromium fonts-noto-cjk, or set TEXTMINE_CHROMIUM)"
        if os.environ.get("TEXTMINE_REQUIRE_BROWSER") == "1":  # CI sets this: a missing browser is a failure
            pytest.fail(msg)
        pytest.skip(msg)
    return binary


def _opened(chromium, html: str, name: str, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / name
    path.write_text(html, encoding="utf-8")
    with Browser(chromium, width=1280, height=900) as b:
        b.open(path.as_uri())
        yield b


@pytest.fixture(scope="module")
def page(chromium, report_html, tmp_path_factory):
    yield from _opened(chromium, report_html, "report.html", tmp_path_factory)


@pytest.fixture(scope="module")
def hostile_page(chromium, hostile_html, tmp_path_factory):
    yield from _opened(chromium, hostile_html, "hostile.html", tmp_path_factory)


def column(b, table_id: str, index: int) -> list[float | None]:
    """The sort keys of one column, top to bottom; None where a cell has no number."""
    return b.eval(f"Array.from(document.querySelectorAll('#{table_id} tbody tr')).map("
                  f"r => r.cells[{index}].dataset.v === undefined ? null : parseFloat(r.cells[{index}].dataset.v))")


def test_no_console_errors(page):
    assert page.errors() == []
    assert page.eval("document.scripts.length") == 1  # the report's own script only


def test_no_script_from_answers(hostile_page):
    # hostile text sits in quotes, complaint clauses and a theme name (conftest.make_hostile)
    assert hostile_page.errors() == []
    dialogs = [e for e in hostile_page.events if e["method"] == "Page.javascriptDialogOpening"]
    assert dialogs == []  # "<script>alert('x')</script>…" and "<img onerror=…>" are shown as text, never run
    assert hostile_page.eval("document.scripts.length") == 1  # the report's own script only
    assert hostile_page.eval("document.images.length") == 0
    text = hostile_page.eval("document.body.innerText")
    assert "<script>alert('x')</script>" in text and "<img src=x onerror=alert('n')>售后" in text


def test_charts_are_drawn(page):
    assert page.eval("document.querySelectorAll('svg.chart').length") >= 4
    n_bars = page.eval("document.querySelectorAll('rect.bar').length")
    assert n_bars > 0
    # bars have a real on-screen size (the SVG was laid out, not just parsed)
    widths = page.eval("Array.from(document.querySelectorAll('rect.bar')).map(r => r.getBoundingClientRect().width)")
    assert len(widths) == n_bars and max(widths) > 20


def test_chinese_text_present(page):
    text = page.eval("document.body.innerText")
    assert "推荐者" in text and "贬损者" in text
    assert "售后" in text  # a theme name from the survey
    assert page.eval("document.documentElement.lang") == "zh-CN"
    assert page.eval("document.characterSet") == "UTF-8"


def test_top_complaints_panel(page, analysis):
    cards = page.eval("Array.from(document.querySelectorAll('#complaints .card')).map(c => c.dataset.theme)")
    expected = list(analysis.themes.detractor_complaints()["theme"].head(3))
    assert cards == expected
    quotes = page.eval("document.querySelectorAll('#complaints .card .quote').length")
    assert quotes >= 3


def test_click_header_sorts_table(page):
    n_col = 4  # "respondents" column of the themes table
    assert page.eval(f"document.querySelector('#t-themes th[data-col=\"{n_col}\"]').textContent") == "respondents"
    before = column(page, "t-themes", n_col)
    page.click(f'#t-themes th[data-col="{n_col}"]')
    asc = column(page, "t-themes", n_col)
    assert asc == sorted(before) and page.eval(
        f"document.querySelector('#t-themes th[data-col=\"{n_col}\"]').className") == "asc"
    page.click(f'#t-themes th[data-col="{n_col}"]')
    desc = column(page, "t-themes", n_col)
    assert desc == sorted(before, reverse=True)
    assert len(set(before)) > 1  # the check can fail: the column is not constant


def test_filter_hides_rows(page):
    page.call("Runtime.evaluate", expression="document.querySelector('input.filter[data-table=\"t-themes\"]').focus()")
    page.call("Input.insertText", text="售后")
    shown = page.eval("Array.from(document.querySelectorAll('#t-themes tbody tr'))"
                      ".filter(r => r.style.display !== 'none').map(r => r.textContent)")
    total = page.eval("document.querySelectorAll('#t-themes tbody tr').length")
    assert 0 < len(shown) < total and all("售后" in t for t in shown)
    page.eval("var i=document.querySelector('input.filter[data-table=\"t-themes\"]');i.value='';"
              "i.dispatchEvent(new Event('input'))")


def test_screenshot_artefact(page):
    out = page.screenshot(ARTIFACTS / "report.png", full_page=True)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    fc = shutil.which("fc-list")
    if fc:  # without a CJK font the screenshot shows empty boxes instead of Chinese
        fonts = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True).stdout
        assert fonts.strip(), "no CJK font installed: apt-get install fonts-noto-cjk"


def test_missing_values_sort_last(page):
    n_cols = page.eval("document.querySelectorAll('#t-drv th').length")
    cols = {i: column(page, "t-drv", i) for i in range(1, n_cols)}
    mixed = [i for i, vals in cols.items() if 0 < sum(v is not None for v in vals) < len(vals)]
    assert mixed, "the fixture should give some theme without a reward/penalty estimate"
    idx = mixed[0]
    for expected_order in ("asc", "desc"):
        page.click(f'#t-drv th[data-col="{idx}"]')
        vals = column(page, "t-drv", idx)
        finite = [v for v in vals if v is not None]
        assert vals[:len(finite)] == sorted(finite, reverse=expected_order == "desc")
        assert all(v is None for v in vals[len(finite):])  # no estimate ("–") stays at the bottom
