"""``Analysis.close_loop`` and ``textmine analyze --contacts/--next-wave/--fixed/--referrals``: the closed-loop
analyses on the analysed survey, in the report's "does the loop close?" section and in the output folder."""

import re
from datetime import date, timedelta
from html import unescape

import numpy as np
import pandas as pd
import pytest

from textmine.errors import ConfigError


def _loop_files(survey_path):
    """A contact log, a second wave and a referral table for the small survey's respondents (and a few strangers)."""
    s = pd.read_csv(survey_path, dtype=str)
    rng = np.random.default_rng(3)
    contacts, wave2, refs = [], [], []
    for rid, answered_on in zip(s["id"], s["date"]):
        day = date.fromisoformat(answered_on)
        for k in range(int(rng.integers(0, 3)), 0, -1):  # unanswered invitations before the answered one
            contacts.append({"id": rid, "invited": (day - timedelta(days=6 * k)).isoformat(), "responded": "0"})
        contacts.append({"id": rid, "invited": day.isoformat(), "responded": "1"})
        if rng.random() < 0.7:
            wave2.append({"id": rid, "score": str(int(rng.integers(0, 11)))})
        refs.append({"id": rid, "referrals": str(int(rng.poisson(0.4)))})
    contacts.append({"id": "STRANGER", "invited": "2026-01-03", "responded": "1"})
    wave2.append({"id": "NEW1", "score": "9"})
    refs.append({"id": "NOBODY", "referrals": "2"})
    return pd.DataFrame(contacts), pd.DataFrame(wave2), pd.DataFrame(refs)


@pytest.fixture(scope="module")
def closed(small_survey):
    import textmine

    a = textmine.analyze(small_survey, text="answer", score="score", id="id", date="date", segments=["channel"],
                         n_boot=50, cache_dir=False, quiet=True)
    contacts, wave2, refs = _loop_files(small_survey)
    fixed = next(t.name for t in a.themes.codebook if t.id != "OV")
    return a.close_loop(contacts=contacts, waves=[wave2], fixed=[fixed], referrals=refs), fixed


def _section(html: str) -> str:
    body = re.search(r'<section id="loop">(.*?)</section>', html, flags=re.S).group(1)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def test_close_loop_runs_the_three_analyses_on_the_analysed_survey(closed):
    a, fixed = closed
    assert set(a.loop) == {"cadence", "panel", "referrals"}
    panel, refs = a.loop["panel"], a.loop["referrals"]
    linked = panel.nps_change.iloc[0]["n"]
    assert 0 < linked < a.survey.n  # wave 1 is the analysed survey, linked by its id column
    assert set(panel.unmatched["respondent_id"]) >= {"NEW1"}
    assert (panel.conversion["kind"] == "fixed").any()  # the fixed theme was matched among the analysis' themes
    assert refs.table.set_index("group").loc["all", "n"] == a.survey.n - (a.survey.frame["respondent_id"]
                                                                         .duplicated(keep=False).sum())
    assert "NOBODY" in set(refs.unmatched["respondent_id"])
    assert "STRANGER" in set(a.loop["cadence"].unmatched["respondent_id"])


def test_report_shows_each_part_with_n_and_intervals(closed):
    from textmine.report import render_html

    a, _ = closed
    for lang, title in (("zh", "闭环有效吗"), ("en", "Does the loop close?")):
        html = render_html(a, lang=lang)
        assert re.search(r'<nav[^>]*>.*href="#loop"', html, flags=re.S)
        text = _section(html)
        assert title in text
        ch = a.loop["panel"].nps_change.iloc[0]
        assert f"{int(ch['n']):,}" in text and f"{ch['change']:+.1f}" in text
        assert 'id="t-cadence"' in html and 'id="t-transitions"' in html and 'id="t-referrals"' in html
        n_prom = int(a.loop["referrals"].table.set_index("group").loc["promoter", "n"])
        assert re.search(rf"\b{n_prom:,}\b", text)
        assert ("95%" in text) and ("CI" in text or "置信区间" in text)
    en = _section(render_html(a, lang="en"))
    assert "word of mouth" in en and "became promoters" in en


def test_report_without_loop_files_says_how_to_add_them(small_survey):
    import textmine
    from textmine.report import render_html

    a = textmine.analyze(small_survey, text="answer", score="score", id="id", n_boot=0, cache_dir=False, quiet=True)
    assert a.loop == {}
    assert "--contacts" in _section(render_html(a, lang="en"))


def test_save_writes_each_part_in_its_folder_and_replaces_an_old_one(closed, tmp_path):
    a, _ = closed
    out = tmp_path / "out"
    paths = a.save(out)
    assert {"cadence", "panel", "referrals"} <= set(paths)
    assert (out / "cadence" / "cadence.csv").is_file() and (out / "cadence" / "over_contacted.csv").is_file()
    assert (out / "panel" / "transitions.csv").is_file() and (out / "panel" / "conversion_by_theme.csv").is_file()
    assert (out / "referrals" / "referrals.json").is_file()
    for part in ("cadence", "panel", "referrals"):
        assert (out / part / "unmatched.csv").is_file()
    (out / "panel" / "stale.txt").write_text("from an earlier run")
    a.save(out)
    assert not (out / "panel" / "stale.txt").exists() and (out / "panel" / "transitions.csv").is_file()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging folder left


def test_fixed_needs_a_next_wave_and_the_loop_needs_ids(closed, small_survey, tmp_path):
    import textmine

    a, fixed = closed
    with pytest.raises(ConfigError, match="next wave"):
        a.close_loop(fixed=[fixed])
    pd.read_csv(small_survey, dtype=str).drop(columns="id").to_csv(tmp_path / "no_id.csv", index=False)
    no_id = textmine.analyze(tmp_path / "no_id.csv", text="answer", score="score", n_boot=0, cache_dir=False,
                             quiet=True)
    with pytest.raises(ConfigError, match="--id"):
        no_id.close_loop(referrals=pd.DataFrame({"id": ["R001"], "referrals": ["1"]}))


def test_cli_analyze_with_the_loop_files(small_survey, tmp_path, capsys):
    from textmine.cli import main

    contacts, wave2, refs = _loop_files(small_survey)
    for name, f in (("contacts.csv", contacts), ("wave2.csv", wave2), ("refs.csv", refs)):
        f.to_csv(tmp_path / name, index=False)
    base = ["analyze", str(small_survey), "--text", "answer", "--score", "score", "--id", "id", "--n-boot", "0",
            "--no-cache", "--out", str(tmp_path / "out")]
    assert main(base + ["--contacts", str(tmp_path / "contacts.csv"), "--next-wave", str(tmp_path / "wave2.csv"),
                        "--referrals", str(tmp_path / "refs.csv")]) == 0
    printed = capsys.readouterr()
    assert "referrals:" in printed.out and "word of mouth" in printed.out
    for part in ("cadence", "panel", "referrals"):
        assert (tmp_path / "out" / part / "unmatched.csv").is_file()
    assert main(base + ["--fixed", "物流"]) != 0
    assert "--next-wave" in capsys.readouterr().err


@pytest.mark.parametrize("part", ["contacts", "waves", "referrals"])
def test_each_part_alone_is_reported(closed, small_survey, part, tmp_path):
    """One closed-loop file without the others: its part in the report, the others absent, and saved."""
    import copy

    from textmine.report import render_html

    a, _ = closed
    contacts, wave2, refs = _loop_files(small_survey)
    b = copy.copy(a)
    b.loop, b.settings = {}, dict(a.settings)
    b.close_loop(**{"contacts": {"contacts": contacts}, "waves": {"waves": [wave2]},
                    "referrals": {"referrals": refs}}[part])
    key = {"contacts": "cadence", "waves": "panel", "referrals": "referrals"}[part]
    assert list(b.loop) == [key] and list(b.settings["loop"])[0] == part
    html = render_html(b, lang="en")
    ids = {"cadence": 't-cadence', "panel": 't-transitions', "referrals": 't-referrals'}
    for k, table_id in ids.items():
        assert (f'id="{table_id}"' in html) == (k == key), (part, k)
    assert ("rows" in _section(html)) and key in _section(html)
    b.save(tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir()) == [key]


def test_a_later_run_removes_the_loop_folders_it_did_not_write(closed, small_survey, tmp_path):
    import copy

    a, _ = closed
    out = tmp_path / "out"
    a.save(out)
    b = copy.copy(a)
    b.loop = {}
    b.save(out)
    assert not any((out / part).exists() for part in ("cadence", "panel", "referrals"))
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_file_where_a_folder_goes_is_an_error_before_anything_moves(closed, tmp_path):
    from textmine.errors import InputError

    a, _ = closed
    out = tmp_path / "out"
    out.mkdir()
    (out / "panel").write_text("a file of the user's")
    (out / "run.json").write_text("{}")
    with pytest.raises(InputError, match="panel is a file, but this run writes a folder"):
        a.save(out)
    assert (out / "panel").read_text() == "a file of the user's" and (out / "run.json").read_text() == "{}"


def test_waves_are_read_with_the_analysis_score_column_and_alpha(small_survey, tmp_path):
    import textmine

    s = pd.read_csv(small_survey, dtype=str).rename(columns={"score": "q7"})
    s["other"] = "3"  # a second number column: guessing the score would be ambiguous
    s.to_csv(tmp_path / "s.csv", index=False)
    _, wave2, _ = _loop_files(small_survey)
    wave2 = wave2.rename(columns={"score": "q7"}).assign(other="3")
    a = textmine.analyze(tmp_path / "s.csv", text="answer", score="q7", id="id", n_boot=0, alpha=0.1,
                         cache_dir=False, quiet=True).close_loop(waves=[wave2])
    panel = a.loop["panel"]
    assert panel.settings["alpha"] == pytest.approx(0.1) and a.settings["loop"]["alpha"] == pytest.approx(0.1)
    assert panel.nps_change.iloc[0]["n"] > 0
