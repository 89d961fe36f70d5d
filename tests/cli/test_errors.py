"""Every command-line mistake and every failure is one line on stderr with the right exit code."""

import pandas as pd
import pytest

import textmine
from textmine.cli import main

FAST = ["--text", "answer", "--score", "score", "--id", "id", "--n-boot", "50", "--no-cache", "--quiet"]


def run(capsys, args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_bare_textmine_prints_the_help_and_exits_0(capsys):
    code, out, err = run(capsys, [])
    assert code == 0 and "Usage: textmine" in out and "analyze" in out and err == ""


def test_bare_subgroup_prints_its_help_and_exits_0(capsys):
    code, out, _ = run(capsys, ["codebook"])
    assert code == 0 and "Usage: textmine codebook" in out and "rename" in out


def test_version(capsys):
    code, out, err = run(capsys, ["--version"])
    assert code == 0 and out == f"textmine {textmine.__version__}\n" and err == ""


USAGE = [
    (["analyse"], r"^error: no such command 'analyse'; did you mean 'analyze'\? \(see 'textmine --help'\)$"),
    (["analyze"], r"^error: missing argument INPUT \(see 'textmine analyze --help'\)$"),
    (["analyze", "{csv}"], r"^error: missing option --out \(see 'textmine analyze --help'\)$"),
    (["analyze", "{csv}", "--out", "{out}", "--bogus"], r"^error: no such option: --bogus"),
    (["analyze", "{csv}", "--out", "{out}", "--n-boot", "abc"],
     r"^error: invalid value for --n-boot: expected an integer, found 'abc' \(see 'textmine analyze --help'\)$"),
    (["analyze", "{csv}", "--out", "{out}", "--seed", "-5"],
     r"^error: invalid value for --seed: expected a value >= 0, found '-5'"),
    (["analyze", "{csv}", "--out", "{out}", "--n-boot", "-1"],
     r"^error: invalid value for --n-boot: expected a value >= 0, found '-1'"),
    (["analyze", "{csv}", "--out", "{out}", "--min-n", "-3"],
     r"^error: invalid value for --min-n: expected a value >= 1, found '-3'"),
    (["analyze", "{csv}", "--out", "{out}", "--max-themes", "-2"],
     r"^error: invalid value for --max-themes: expected a value >= 1"),
    (["analyze", "{csv}", "--out", "{out}", "--chunk-size", "-5"],
     r"^error: invalid value for --chunk-size: -5 is neither 0 \(one piece\) nor >= 100 answers per chunk"),
    (["analyze", "{csv}", "--out", "{out}", "--chunk-size", "50"], r"^error: invalid value for --chunk-size: 50 is"),
    (["themes", "{csv}", "--out", "{out}", "--seed", "-1"], r"^error: invalid value for --seed: expected a value >= 0"),
    (["drivers", "{csv}", "--out", "{out}", "--alpha", "1.5"],
     r"^error: invalid value for --alpha: 1.5 is not between 0 and 1"),
    (["nps", "{csv}", "--method"], r"^error: option --method requires an argument \(see 'textmine nps --help'\)$"),
]


@pytest.mark.parametrize("args, message", USAGE, ids=[" ".join(a) for a, _ in USAGE])
def test_usage_mistakes_are_one_line_exit_2(survey_file, tmp_path, capsys, args, message):
    args = [a.format(csv=survey_file, out=tmp_path / "out") for a in args]
    code, out, err = run(capsys, args)
    assert code == 2
    assert out == ""
    line = one_line(err)
    assert pd.Series([line]).str.match(message).all(), line
    assert not (tmp_path / "out").exists()


def test_out_naming_an_existing_file_fails_before_reading(tmp_path, capsys, monkeypatch):
    import textmine.io

    def never(*a, **k):  # the check comes before the survey is read
        raise AssertionError("the survey was read")

    monkeypatch.setattr(textmine.io, "read_survey", never)
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    for command in ("analyze", "themes"):
        code, _, err = run(capsys, [command, tmp_path / "missing.csv", "--out", target])
        assert code == 1
        assert one_line(err) == (f"error: --out {str(target)!r} is an existing file; expected a folder (created "
                                 "if needed): pass another --out")
    assert target.read_text(encoding="utf-8") == "old"


def test_drivers_respondents_from_another_survey(tmp_path, capsys):
    pd.DataFrame({"respondent_id": ["a1", "a2", "a3"], "theme": ["T01", "T02", "T01"],
                  "polarity": ["negative", "positive", "neutral"]}).to_csv(tmp_path / "mentions.csv", index=False)
    pd.DataFrame({"respondent_id": ["b1", "b2", "a1"], "score": [9, 3, 7]}).to_csv(tmp_path / "respondents.csv",
                                                                                 index=False)
    code, _, err = run(capsys, ["drivers", tmp_path / "mentions.csv", "--respondents", tmp_path / "respondents.csv",
                                "--out", tmp_path / "drivers.csv", "--n-boot", "10"])
    assert code == 1
    assert one_line(err) == ("error: 2 of 3 respondents in 'mentions.csv' are not in 'respondents.csv'; expected "
                             "the respondents.csv written by the same textmine analyze run as the mentions: pass "
                             "that file to --respondents")
    assert "a2" not in err and not (tmp_path / "drivers.csv").exists()


def test_drivers_out_naming_a_folder(tmp_path, capsys):
    pd.DataFrame({"respondent_id": ["a1"], "score": [9]}).to_csv(tmp_path / "m.csv", index=False)
    code, _, err = run(capsys, ["drivers", tmp_path / "m.csv", "--out", tmp_path])
    assert code == 1 and one_line(err).startswith(f"error: --out {str(tmp_path)!r} is a folder; expected a table")


def test_drivers_non_numeric_scores_in_respondents(tmp_path, capsys):
    pd.DataFrame({"respondent_id": ["a1"], "theme": ["T01"], "polarity": ["negative"]}).to_csv(
        tmp_path / "mentions.csv", index=False)
    pd.DataFrame({"respondent_id": ["a1", "a2"], "score": ["9", "很好"]}).to_csv(tmp_path / "r.csv", index=False)
    code, _, err = run(capsys, ["drivers", tmp_path / "mentions.csv", "--respondents", tmp_path / "r.csv",
                                "--out", tmp_path / "d.csv"])
    assert code == 1
    assert one_line(err) == ("error: 1 rows of --respondents 'r.csv' have a non-numeric 'score'; expected 0-10 "
                             "scores: check the file or pass the right column to --score")
    assert "很好" not in err


def test_library_errors_are_in_cli_terms(tmp_path, capsys):
    path = tmp_path / "two_scores.csv"
    pd.DataFrame({"推荐分数": ["9", "3"], "评分": ["8", "2"], "原因": ["好", "差"]}).to_csv(path, index=False)
    code, _, err = run(capsys, ["nps", path])
    assert code == 1
    line = one_line(err)
    assert line.startswith("error: several columns could be the score") and line.endswith("choose one with --score")
    assert "score=" not in line and "CLI:" not in line


SECRET = "物流很快 13812345678"


@pytest.mark.parametrize("exc", [ValueError(SECRET), RecursionError(SECRET), KeyError(SECRET),
                                 UnicodeDecodeError("utf-8", SECRET.encode(), 0, 1, SECRET)],
                         ids=lambda e: type(e).__name__)
def test_unexpected_exceptions_are_one_line_without_their_message(survey_file, capsys, monkeypatch, exc):
    import textmine.nps

    def broken(*a, **k):
        raise exc

    monkeypatch.setattr(textmine.nps, "nps_score", broken)
    monkeypatch.delenv("TEXTMINE_DEBUG", raising=False)
    code, _, err = run(capsys, ["nps", survey_file])
    assert code == 1
    assert one_line(err) == (f"error: internal error ({type(exc).__name__} in textmine/cli/_nps.py:"
                             f"{_line_of('textmine/cli/_nps.py', 'nps_score(')} (nps_command)) — please report it; "
                             "rerun with TEXTMINE_DEBUG=1 for the traceback")
    assert "物流" not in err and "138" not in err


def test_memory_error_says_what_to_do(survey_file, capsys, monkeypatch):
    import textmine.nps

    def broken(*a, **k):
        raise MemoryError()

    monkeypatch.setattr(textmine.nps, "nps_score", broken)
    code, _, err = run(capsys, ["nps", survey_file])
    assert code == 1
    assert one_line(err).startswith("error: out of memory in textmine/cli/_nps.py:")
    assert err.strip().endswith("pass a smaller --chunk-size, or free memory")


def test_textmine_debug_shows_the_traceback(survey_file, capsys, monkeypatch):
    import textmine.nps

    def broken(*a, **k):
        raise ValueError("boom")

    monkeypatch.setattr(textmine.nps, "nps_score", broken)
    monkeypatch.setenv("TEXTMINE_DEBUG", "1")
    assert main(["nps", str(survey_file)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "ValueError: boom" in err
    assert err.strip().splitlines()[-1].startswith("error: internal error (ValueError in textmine/cli/_nps.py")


def test_a_keyboard_interrupt_is_not_success(survey_file, tmp_path, capsys, monkeypatch):
    """typer turns Ctrl-C into Exit(130); main used to drop that code and return 0."""
    import textmine.nps
    from textmine._output import staged_output

    with staged_output(tmp_path) as stage:  # output this process wrote before this command is not its output
        stage.commit({})

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(textmine.nps, "nps_score", interrupted)
    code, out, err = run(capsys, ["nps", survey_file])
    assert code == 130 and one_line(err) == "interrupted, nothing written"


def test_main_restores_the_signal_handlers(capsys):
    import signal

    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    main(["--version"])
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_file_errors_are_one_line(tmp_path, capsys):
    code, _, err = run(capsys, ["nps", tmp_path / "nope.csv"])
    assert code == 1 and one_line(err).startswith("error: file not found: ")


def _line_of(path: str, needle: str) -> int:
    from pathlib import Path

    text = (Path(textmine.__file__).parent.parent / path).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(text, 1) if needle in line and "import" not in line)


def test_an_error_inside_the_analysis_writes_nothing(survey_file, tmp_path, capsys, monkeypatch):
    """An error inside the analysis leaves no output folder behind."""
    import textmine.drivers

    class Broken:
        def __init__(self, *a, **k):
            raise ValueError("drivers broke")

    monkeypatch.setattr(textmine.drivers, "DriverAnalysis", Broken)
    out = tmp_path / "out"
    code, _, err = run(capsys, ["analyze", survey_file, "--out", out, *FAST])
    assert code == 1 and "internal error (ValueError in textmine/_analyze.py" in one_line(err)
    assert not out.exists()
