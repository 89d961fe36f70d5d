"""``textmine cadence``, ``panel`` and ``referrals``: files in, summary and tables out, one line per mistake."""

import json

import pandas as pd
import pytest

from textmine.cli import main

ANSWER = "快递太慢了，电话13812345678"


@pytest.fixture
def files(tmp_path):
    log = pd.DataFrame({"客户编号": ["a", "a", "b", "c", "d", "x"],
                        "邀请日期": ["2026-01-01", "2026-01-08", "2026-01-03", "2026/1/4", "2026年1月5日", "2026-01-06"],
                        "是否回复": ["否", "是", "是", "是", "否", "是"]})
    survey = pd.DataFrame({"编号": ["a", "b", "c", "e"], "推荐意愿": ["9", "3", "10", "7"], "原因": [ANSWER] * 4})
    wave2 = pd.DataFrame({"编号": ["a", "b", "c", "f"], "推荐意愿": ["4", "10", "9", "8"]})
    themes = pd.DataFrame({"respondent_id": ["a", "b", "c", "e"], "themes": ["T1", "T1;T2", "T2", ""],
                           "theme_names": ["物流", "物流;客服", "客服", ""], "criticised": ["", "T1", "", ""],
                           "criticised_names": ["", "物流", "", ""]})
    refs = pd.DataFrame({"编号": ["a", "b", "c", "e", "zz"], "推荐人数": [2, 0, 1, 0, 1]})
    paths = {}
    for name, frame in (("log", log), ("survey", survey), ("wave2", wave2), ("refs", refs)):
        paths[name] = tmp_path / f"{name}.csv"
        frame.to_csv(paths[name], index=False, encoding="utf-8-sig")
    (tmp_path / "w1out").mkdir()
    themes.to_csv(tmp_path / "w1out" / "respondents.csv", index=False, encoding="utf-8-sig")
    paths["themes"] = tmp_path / "w1out"
    paths["out"] = tmp_path / "out"
    return paths


def run(capsys, args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert ANSWER not in out + err and "13812345678" not in out + err
    return code, out, err


def test_the_commands_are_registered(capsys):
    code, out, _ = run(capsys, ["--help"])
    assert code == 0 and all(c in out for c in ("cadence", "panel", "referrals"))
    for command in ("cadence", "panel", "referrals"):
        code, out, _ = run(capsys, [command, "--help"])
        assert code == 0 and "--out" in out and "--json" in out


def test_cadence_prints_a_summary_reports_unmatched_rows_and_writes_its_files(files, capsys):
    code, out, err = run(capsys, ["cadence", files["log"], "--survey", files["survey"], "--out", files["out"]])
    assert code == 0
    assert "invitations_30d" in out and "answers linked" in out
    assert "2 rows unmatched or not analysed: listed in" in err
    for name in ("cadence.csv", "over_contacted.csv", "unmatched.csv", "cadence.html", "cadence_trends.csv"):
        assert (files["out"] / name).is_file()
    u = pd.read_csv(files["out"] / "unmatched.csv", encoding="utf-8-sig")
    assert sorted(u["respondent_id"]) == ["e", "x"]
    code, out, _ = run(capsys, ["cadence", files["log"], "--survey", files["survey"], "--json"])
    assert code == 0 and json.loads(out)["counts"]["linked"] == 3


def test_panel_with_an_analyze_folder_and_fixed_themes(files, capsys):
    code, out, err = run(capsys, ["panel", files["survey"], files["wave2"], "--id", "编号", "--themes",
                                  files["themes"], "--fixed", "物流", "--min-mentions", "1", "--out", files["out"]])
    assert code == 0 and "transitions 1-2" in out and "fixed themes vs other complaints" in out
    t = pd.read_csv(files["out"] / "transitions.csv", encoding="utf-8-sig")
    assert list(t.columns[:6]) == ["waves", "from", "to", "n", "n_from", "share"]
    assert {"ci_low", "ci_high"} <= set(t.columns)
    c = pd.read_csv(files["out"] / "conversion_by_theme.csv", encoding="utf-8-sig")
    assert "物流" in set(c["theme"]) and "fixed" in set(c["kind"])
    assert "2 rows unmatched or not analysed" in err
    code, out, _ = run(capsys, ["panel", files["survey"], files["wave2"], "--id", "编号", "--no-themes", "--json"])
    assert code == 0 and json.loads(out)["counts"]["linked"] == {"1-2": 3}


@pytest.mark.slow
def test_panel_analyses_wave_1_when_no_themes_folder_is_given(survey_file, tmp_path, capsys):
    w1 = pd.read_csv(survey_file, encoding="utf-8-sig")
    w2 = w1[["id", "score"]].iloc[::2].assign(score=lambda d: (10 - d["score"]).astype(str))
    w2.to_csv(tmp_path / "w2.csv", index=False)
    code, out, err = run(capsys, ["panel", survey_file, tmp_path / "w2.csv", "--id", "id", "--score", "score",
                                  "--text", "answer", "--out", tmp_path / "o"])
    assert code == 0 and "analysing wave 1" in err
    c = pd.read_csv(tmp_path / "o" / "conversion_by_theme.csv", encoding="utf-8-sig")
    assert len(c) > 0 and not c["theme"].str.fullmatch(r"T\d+").any()


def test_referrals_prints_a_verdict_and_writes_its_files(files, capsys):
    code, out, err = run(capsys, ["referrals", files["survey"], "--referrals", files["refs"], "--out",
                                  files["out"]])
    assert code == 0 and "verdict:" in out
    r = pd.read_csv(files["out"] / "referrals.csv", encoding="utf-8-sig")
    assert list(r.columns) == ["group", "n", "referrers", "rate", "ci_low", "ci_high", "rate_ratio", "rr_ci_low",
                               "rr_ci_high"]
    j = json.loads((files["out"] / "referrals.json").read_text(encoding="utf-8"))
    assert {"auc", "auc_ci_low", "auc_ci_high", "verdict"} <= set(j)
    assert "1 rows unmatched or not analysed" in err


@pytest.mark.parametrize("args, message", [
    (["cadence", "{bad_log}", "--survey", "{survey}"],
     "error: 1 of 2 rows of 'bad_log.csv' have a date that does not parse in column '邀请日期' (first: row 2, "
     "'2026-02-30')"),
    (["cadence", "{log}", "--survey", "{survey}", "--survey-id", "nope"], "error: missing column 'nope'"),
    (["cadence", "{log}", "--survey", "{wave_z}"], "error: none of the 1 survey respondent ids"),
    (["panel", "{survey}", "{wave_z}", "--id", "编号", "--no-themes"], "error: waves 1 and 2 share no respondent id"),
    (["panel", "{survey}", "{wave2}", "--id", "编号", "--themes", "{themes}", "--fixed", "退款"],
     "error: fixed themes ['退款'] are not themes of wave 1; expected a theme id or name among: 客服, 物流 (--fixed)"),
    (["panel", "{survey}", "--id", "编号"], "error: expected two or more waves to link, found 1"),
    (["referrals", "{survey}", "--referrals", "{wave_z}"], "error: none of the 1 ids of the referral table"),
])
def test_mistakes_are_one_line_and_exit_1(files, tmp_path, capsys, args, message):
    pd.DataFrame({"客户编号": ["a", "b"], "邀请日期": ["2026-01-01", "2026-02-30"], "是否回复": ["是", "否"]}).to_csv(
        tmp_path / "bad_log.csv", index=False)
    pd.DataFrame({"编号": ["z"], "推荐意愿": ["5"]}).to_csv(tmp_path / "wave_z.csv", index=False)
    names = {**{k: str(v) for k, v in files.items()}, "bad_log": str(tmp_path / "bad_log.csv"),
             "wave_z": str(tmp_path / "wave_z.csv")}
    code, _, err = run(capsys, [a.format(**names) for a in args])
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(message), err
