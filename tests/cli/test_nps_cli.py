import json
import subprocess
import sys

import pandas as pd
import pytest

from textmine.cli import main

ROWS = {"编号": ["a", "b", "c", "d", "e", "f"], "推荐意愿": ["10", "9分", "0", "7", "x", "6"],
        "原因": ["客服态度很好", "物流快", "价格贵", "还行", "无", "手机号13812345678"],
        "渠道": ["APP", "APP", "网页", "网页", "APP", "网页"],
        "日期": ["2026-01-03", "2026-01-09", "2026-02-01", "2026-02-10", "2026-02-11", "2026-02-12"]}


@pytest.fixture
def survey_csv(tmp_path):
    path = tmp_path / "s.csv"
    pd.DataFrame(ROWS).to_csv(path, index=False, encoding="gb18030")
    return path


def test_json_output(survey_csv, capsys):
    assert main(["nps", str(survey_csv), "--score", "推荐意愿", "--segment", "渠道", "--date", "日期", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["n"], out["promoters"], out["passives"], out["detractors"]) == (5, 2, 1, 2)
    assert out["nps"] == pytest.approx(0.0)
    assert out["rejected"] == 1
    assert out["encoding"] == "gb18030 (GBK-compatible)"
    assert [s["level"] for s in out["segments"]] == ["APP", "网页"]
    assert [p["period"] for p in out["periods"]] == ["2026-01", "2026-02"]
    assert {"n", "promoters", "passives", "detractors", "nps", "ci_low", "ci_high"} <= set(out["segments"][0])
    assert {"n", "promoters", "passives", "detractors", "nps", "ci_low", "ci_high"} <= set(out["periods"][0])


def test_method_applies_to_segments_and_periods_too(survey_csv, capsys):
    from textmine.nps import interval_from_counts

    args = ["nps", str(survey_csv), "--score", "推荐意愿", "--segment", "渠道", "--date", "日期", "--json"]
    assert main(args + ["--method", "wald"]) == 0
    out = json.loads(capsys.readouterr().out)
    app = out["segments"][0]  # APP: 10, 9 (x rejected) -> 2 promoters of 2
    _, se, lo, hi = interval_from_counts(app["n"], app["promoters"], app["detractors"], method="wald")
    assert (app["se"], app["ci_low"], app["ci_high"]) == pytest.approx((float(se), float(lo), float(hi)))
    assert out["se"] == pytest.approx(float(interval_from_counts(5, 2, 2, method="wald")[1]))


def test_table_output_and_rejects_file(survey_csv, tmp_path, capsys):
    rejects = tmp_path / "rejects.csv"
    assert main(["nps", str(survey_csv), "--rejects", str(rejects)]) == 0
    out = capsys.readouterr().out
    assert "NPS +0.0" in out and "rejected rows: 1" in out
    assert "客服" not in out and "13812345678" not in out  # no verbatims on the terminal
    r = pd.read_csv(rejects, encoding="utf-8-sig")
    assert r[["row", "reason"]].values.tolist() == [[5, "unparseable score"]]


@pytest.mark.parametrize("args, message", [
    (["nps", "missing.csv"], "error: file not found: 'missing.csv'"),
    (["nps", "{csv}", "--score", "评分"], "error: missing column '评分' (the score column)"),
    (["nps", "{csv}", "--period", "fortnight", "--date", "日期"], "error: period='fortnight' is not known"),
])
def test_user_errors_are_one_line_exit_1(survey_csv, capsys, args, message):
    args = [a.replace("{csv}", str(survey_csv)) for a in args]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_console_script_exit_code(survey_csv):
    proc = subprocess.run([sys.executable, "-m", "textmine", "nps", str(survey_csv), "--score", "nope"],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: missing column 'nope'")
    assert "Traceback" not in proc.stderr


def test_weighted_nps_shows_kish_effective_n_and_rejects_unusable_weights(tmp_path, capsys):
    from textmine.nps import nps_score

    path = tmp_path / "w.csv"
    pd.DataFrame({"score": ["10", "9", "0", "7", "6", "8"], "w": ["3", "1", "1", "0.5", "", "2"],
                  "渠道": ["APP", "APP", "网页", "网页", "APP", "网页"]}).to_csv(path, index=False)
    rejects = tmp_path / "rejects.csv"
    assert main(["nps", str(path), "--score", "score", "--weight", "w", "--segment", "渠道", "--json",
                 "--rejects", str(rejects)]) == 0
    out = json.loads(capsys.readouterr().out)
    want = nps_score([10, 9, 0, 7, 8], weights=[3, 1, 1, 0.5, 2])
    assert (out["nps"], out["n"], out["n_eff"]) == pytest.approx((want.nps, 7.5, 7.5 ** 2 / 15.25))
    assert out["weight"] == "w" and out["rejected"] == 1
    assert [s["n"] for s in out["segments"]] == pytest.approx([4.0, 3.5])
    assert pd.read_csv(rejects)[["row", "reason"]].values.tolist() == [[5, "missing weight"]]
    assert main(["nps", str(path), "--score", "score", "--weight", "w"]) == 0
    text = capsys.readouterr().out
    assert f"n=7.5 weighted, effective n={7.5 ** 2 / 15.25:.1f} (Kish)" in text and "columns: score='score', " \
        "weight='w'" in text


def test_a_weight_column_of_text_is_one_line_naming_it(survey_csv, capsys):
    assert main(["nps", str(survey_csv), "--score", "推荐意愿", "--weight", "渠道"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no usable survey weight in column '渠道': 5 of 5 rows have an unusable weight")
    assert len(err.strip().splitlines()) == 1
