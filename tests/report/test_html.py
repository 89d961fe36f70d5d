import re

import numpy as np
import pandas as pd

from textmine.report._html import esc, fmt_num, fmt_p, fmt_pct, interval_chart, nice_ticks, page, scatter_chart, table


def test_formatters():
    assert fmt_num(3.14159) == "3.1" and fmt_num(2, signed=True) == "+2.0" and fmt_num(np.nan) == "–"
    assert fmt_pct(0.1234) == "12.3%" and fmt_pct(None) == "–"
    assert fmt_p(0.0004) == "<0.001" and fmt_p(0.0312) == "0.031" and fmt_p(float("inf")) == "–"


def test_esc_escapes_markup_and_blanks_missing():
    assert esc("<b>\"客服\"&</b>") == "&lt;b&gt;&quot;客服&quot;&amp;&lt;/b&gt;"
    assert esc(None) == "" and esc(float("nan")) == ""


def test_table_sort_keys_and_escaping():
    f = pd.DataFrame({"name": ["<i>物流</i>", "客服"], "n": [12, 3], "share": [0.5, np.nan]})
    html = table(f, [("name", "theme", None), ("n", "n", None), ("share", "share", fmt_pct)], table_id="t1",
                 filterable=True, caption="cap")
    assert "&lt;i&gt;物流&lt;/i&gt;" in html and "<i>" not in html
    assert re.findall(r'data-v="([^"]+)"', html) == ["12.0", "0.5", "3.0"]  # NaN: no key
    assert 'data-table="t1"' in html and html.count("<tr>") == 3


def test_formatted_cells_are_escaped_too():
    f = pd.DataFrame({"p": [0.0004, 0.2]})
    html = table(f, [("p", "p (BH)", fmt_p)], table_id="t2")
    assert re.findall(r"<td[^>]*>([^<]*)</td>", html) == ["&lt;0.001", "0.200"]


def test_interval_chart_bars_whiskers_and_small_flag():
    rows = [{"label": "物流", "value": 5.0, "lo": 2.0, "hi": 8.0, "n": 40},
            {"label": "客服", "value": -3.0, "lo": -6.0, "hi": 0.5, "n": 12, "small": True},
            {"label": "缺失", "value": float("nan")}]
    svg = interval_chart(rows, title="t", unit=" pts")
    assert svg.count('class="bar pos"') == 1 and svg.count('class="bar neg"') == 1
    assert svg.count('class="ci"') == 6  # a whisker and two caps per finite interval
    assert "-3.0 pts  n=12 ⚠" in svg and "+5.0 pts  n=40" in svg and "缺失" not in svg
    assert "5.0%  n=40" in interval_chart(rows[:1], title="t", unit="%", percent=False, color_by_sign=False)
    assert "nothing to show" in interval_chart([], title="空")


def test_nice_ticks():
    assert nice_ticks(-73.2, 3.1) == [-60.0, -40.0, -20.0, 0.0]
    assert nice_ticks(0, 1) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(1, 1) == []


def test_scatter_labels_do_not_overlap_dots():
    pts = [{"label": f"主题{i}", "x": -50 + i * 0.5, "y": 30 + (i % 2) * 0.5, "size": 10 + i} for i in range(6)]
    svg = scatter_chart(pts, title="map", xlabel="penalty", ylabel="reward", corner_notes=("a", "b", "c", "d"))
    ys = [float(y) for y in re.findall(r'<text x="[^"]+" y="([^"]+)" class="lab small"', svg)]
    assert len(ys) == 6 and len(set(ys)) > 1  # crowded labels were moved apart
    assert svg.count("<circle") == 6 and svg.count('class="quad"') == 4 and 'class="tick"' in svg


def test_page_is_self_contained():
    html = page("标题", "副标题", [("a", "A", "<p>x</p>")])
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
