"""The report in a real browser: headless Chromium driven over the DevTools protocol (a pipe, no extra package).

Needs Debian's ``chromium`` and a CJK font (``fonts-noto-cjk``); skipped with a reason when Chromium is absent,
unless ``TEXTMINE_REQUIRE_BROWSER=1`` (set it in CI), which turns the skip into a failure.
Leaves a full-page screenshot in ``tests/_artifacts/report.png`` and one per section at desktop and laptop widths
(``tests/_artifacts/sections/<width>/<section>.png``).
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from _cdp import Browser, find_chromium
from _hostile import HOSTILE_ANSWER, HOSTILE_NAME, XSS

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


OWN_SCRIPTS = ["tm-echarts", "tm-data", "tm-report"]


def test_no_console_errors(page):
    assert page.errors() == []
    assert page.eval("Array.from(document.scripts).map(s => s.id)") == OWN_SCRIPTS  # the report's own only


def test_no_script_from_answers(hostile_page):
    # hostile text sits in quotes, complaint clauses, a theme name and a whole answer (conftest.make_hostile)
    b = hostile_page
    # show every chart's first tooltip, and open the drill-down on the hostile theme (its name is in the charts)
    b.eval("window.tmCharts.forEach(function(c){c.dispatchAction({type:'showTip',seriesIndex:0,dataIndex:0})})")
    b.eval("var s=document.querySelector('#drill [name=theme]');s.value='0';s.dispatchEvent(new Event('change'))")
    assert b.errors() == []
    dialogs = [e for e in b.events if e["method"] == "Page.javascriptDialogOpening"]
    assert dialogs == []  # "<script>alert('x')</script>…" and "<img onerror=…>" are shown as text, never run
    assert b.eval("Array.from(document.scripts).map(s => s.id)") == OWN_SCRIPTS
    assert b.eval("document.images.length") == 0 and b.eval("document.querySelectorAll('b[onmouseover]').length") == 0
    text = b.eval("document.body.innerText")
    assert XSS in text and HOSTILE_NAME in text  # a quote and the theme name, as text
    answers = b.eval("Array.from(document.querySelectorAll('#drill p.answer')).map(p => p.textContent)")
    assert HOSTILE_ANSWER in answers  # the whole answer, as text, formula and markup included
    tips = b.eval("Array.from(document.querySelectorAll('div')).filter(d => d.style.position === 'absolute' && "
                  "d.innerHTML.indexOf('售后') >= 0).map(d => d.innerHTML).join('')")
    assert "<img" not in tips and "<script" not in tips


def test_charts_are_drawn(page):
    n = page.eval("document.querySelectorAll('[data-chart]').length")
    assert n >= 10
    assert page.eval("document.querySelectorAll('[data-chart][data-rendered]').length") == n
    # every chart was laid out as SVG with axes: tick labels and shapes on screen
    sizes = page.eval("Array.from(document.querySelectorAll('[data-chart] svg')).map(s => "
                      "[s.getBoundingClientRect().width, s.querySelectorAll('text').length, s.querySelectorAll('path').length])")
    assert len(sizes) == n and all(w > 300 and texts >= 4 and paths >= 3 for w, texts, paths in sizes)


def test_chinese_text_present(page):
    text = page.eval("document.body.innerText")
    assert "推荐者" in text and "贬损者" in text and "执行摘要" in text
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
    n_col = 3  # "respondents" column of the themes table
    assert page.eval(f"document.querySelector('#t-themes th[data-col=\"{n_col}\"]').textContent") == "受访者"
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


def _drill(b):
    return b.eval("({n: +document.getElementById('drill').dataset.matches, "
                  "shown: Array.from(document.querySelectorAll('#drill p.answer')).map(p => p.textContent), "
                  "meta: Array.from(document.querySelectorAll('#drill p.meta')).map(p => p.textContent), "
                  "marks: document.querySelectorAll('#drill mark').length, "
                  "info: document.querySelector('#drill .pageinfo').textContent})")


def _set(b, name, value):
    b.eval(f"var e=document.querySelector('#drill [name={name}]');e.value={value!r};"
           f"e.dispatchEvent(new Event(e.tagName === 'INPUT' ? 'input' : 'change'))")


def test_drill_down_pages_searches_and_filters(page, analysis):
    from textmine.themes import NO_CONTENT_ID

    m = analysis.themes.mentions
    m = m[m["theme"] != NO_CONTENT_ID]
    first = next(iter(analysis.themes.codebook)).id
    _set(page, "theme", "0")
    d = _drill(page)
    assert d["n"] == m.loc[m["theme"] == first, "respondent_id"].nunique()  # every answer of the theme
    assert 0 < len(d["shown"]) <= 20 and d["marks"] == len(d["shown"])  # the clause is highlighted in each
    if d["n"] > 20:  # paging
        page.click("#drill .next")
        assert _drill(page)["shown"] != d["shown"] and "2" in _drill(page)["info"]
    word = "售后"
    _set(page, "q", word)
    s = _drill(page)
    assert s["n"] <= d["n"] and all(word in t for t in s["shown"])
    _set(page, "q", "")
    _set(page, "group", "detractor")
    g = _drill(page)
    assert g["n"] < d["n"] and all("贬损者" in t for t in g["meta"])
    _set(page, "group", "")
    _set(page, "polarity", "negative")
    assert _drill(page)["n"] < d["n"]
    _set(page, "polarity", "")
    page.eval("var e=document.querySelector('#drill [name=segment]');e.selectedIndex=1;e.dispatchEvent(new Event('change'))")
    seg = _drill(page)
    level = page.eval("document.querySelector('#drill [name=segment]').value").split(":", 1)[1]
    assert 0 < seg["n"] < d["n"] and all(level in t for t in seg["meta"])
    page.eval("var e=document.querySelector('#drill [name=segment]');e.selectedIndex=0;e.dispatchEvent(new Event('change'))")
    assert _drill(page)["n"] == d["n"]


def test_screenshot_artefact(page):
    out = page.screenshot(ARTIFACTS / "report.png", full_page=True)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    fc = shutil.which("fc-list")
    if fc:  # without a CJK font the screenshot shows empty boxes instead of Chinese
        fonts = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True).stdout
        assert fonts.strip(), "no CJK font installed: apt-get install fonts-noto-cjk"


@pytest.mark.parametrize("width", [1920, 1366])
def test_section_screenshots_at_desktop_and_laptop_widths(chromium, report_html, tmp_path, width):
    from textmine.report._report import SECTIONS

    path = tmp_path / "report.html"
    path.write_text(report_html, encoding="utf-8")
    with Browser(chromium, width=width, height=900) as b:
        b.open(path.as_uri())
        assert b.errors() == []
        # nothing overflows the page sideways at this width
        assert b.eval("document.documentElement.scrollWidth") <= width
        for sid in SECTIONS:
            x, y, w, h = b.eval(f"(function(){{var r=document.getElementById('{sid}').getBoundingClientRect();"
                                f"return [r.x, r.y + window.scrollY, r.width, r.height]}})()")
            assert w > 0.5 * min(width, 1180) and h > 40, sid
            out = b.screenshot(ARTIFACTS / "sections" / str(width) / f"{sid}.png",
                               clip={"x": x, "y": y, "width": w, "height": min(h, 4000)})
            assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


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
