import numpy as np
import pandas as pd

from textmine.report._charts import ChartSet, to_json
from textmine.report._html import assets, environment, fmt_int, fmt_num, fmt_p, fmt_pct, table


def test_formatters():
    assert fmt_num(3.14159) == "3.1" and fmt_num(2, signed=True) == "+2.0" and fmt_num(np.nan) == "–"
    assert fmt_pct(0.1234) == "12.3%" and fmt_pct(None) == "–"
    assert fmt_p(0.0004) == "<0.001" and fmt_p(0.0312) == "0.031" and fmt_p(float("inf")) == "–"
    assert fmt_int(12345) == "12,345" and fmt_int(np.nan) == "–"


def test_table_sort_keys_and_escaping_in_the_template():
    f = pd.DataFrame({"name": ["<i>物流</i>", "客服"], "n": [12, 3], "share": [0.5, np.nan]})
    tab = table(f, [("name", "theme", None), ("n", "n", None), ("share", "share", fmt_pct)], table_id="t1",
                filterable=True, caption="cap")
    assert [[c["v"] for c in r["cells"]] for r in tab["rows"]] == [[None, 12.0, 0.5], [None, 3.0, None]]
    macro = environment().from_string('{% import "report.html.j2" as r %}')  # noqa: the macros compile
    html = environment().from_string(
        "{% for r in tab.rows %}{% for c in r.cells %}<td>{{ c.text }}</td>{% endfor %}{% endfor %}").render(tab=tab)
    assert "&lt;i&gt;物流&lt;/i&gt;" in html and "<i>" not in html  # autoescaped
    assert macro is not None


def test_assets_are_bundled_offline():
    a = assets()
    assert "echarts" in a["echarts"][:2000].lower() and len(a["echarts"]) > 500_000
    for text in (a["css"], a["js"]):
        assert "http://" not in text and "https://" not in text


def test_chart_json_cannot_close_its_script():
    cs = ChartSet()
    ref = cs.bars([{"label": "</script><script>alert(1)</script>", "value": 1.0, "lo": 0.5, "hi": np.nan, "n": 3}],
                  title="t")
    text = to_json(cs.specs)
    assert "<" not in text and ">" not in text and "\\u003c/script" in text
    assert ref["height"] > 0 and cs.specs[ref["id"]]["rows"][0]["hi"] is None  # NaN is null in JSON


def test_chart_specs_drop_missing_values():
    cs = ChartSet()
    assert cs.bars([{"label": "a", "value": np.nan}], title="t") is None
    assert cs.line([], [], title="t") is None
    ref = cs.kano([{"label": "x", "x": -10.0, "y": 20.0, "n": 5, "cls": "performance"}], title="m", xname="p",
                  yname="r", k=2.0, classes={})
    spec = cs.specs[ref["id"]]
    (o1, e1), (o2, e2) = spec["lines"]
    assert o1 == [0, 0] and abs(e1[1] + 2.0 * e1[0]) < 1e-6 and abs(e2[1] + 0.5 * e2[0]) < 1e-6
