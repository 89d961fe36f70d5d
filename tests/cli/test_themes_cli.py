"""``textmine themes`` and ``textmine codebook``: themes need no score column and write their folder all or
nothing; the codebook they write can be edited from the command line and applied to the survey."""

import json

import pandas as pd

import textmine
from textmine.cli import main
from textmine.themes import NO_CONTENT_ID, Codebook, Theme


def test_themes_without_a_score_column(unscored_file, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["themes", str(unscored_file), "--out", str(out), "--no-cache", "--quiet"])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["clauses.csv", "codebook.centroids.npz", "codebook.yaml",
                                                     "mentions.csv", "run.json", "themes.csv"]
    themes = pd.read_csv(out / "themes.csv", encoding="utf-8-sig")
    assert len(themes) >= 2 and themes["n"].gt(0).all()
    # no score, so no shares by NPS group and no mean score: missing, not zero
    assert themes[["share_promoters", "share_detractors", "mean_score"]].isna().all().all()
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["complete"] is True and run["command"] == "themes"
    assert run["settings"]["columns"]["score"] is None and run["settings"]["columns"]["text"] == "answer"
    assert run["files"] == ["clauses.csv", "codebook.centroids.npz", "codebook.yaml", "mentions.csv", "themes.csv"]
    m = pd.read_csv(out / "mentions.csv", encoding="utf-8-sig")
    assert m["respondent_id"].str.match(r"^R\d{3}$").all()  # the id column is still guessed


def test_themes_without_a_score_says_so(unscored_file, tmp_path, capsys):
    assert main(["themes", str(unscored_file), "--out", str(tmp_path), "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "no score column found: themes are discovered without NPS groups (pass --score COL" in out


def test_themes_with_a_score_keeps_the_nps_groups(survey_file, tmp_path, capsys):
    assert main(["themes", str(survey_file), "--out", str(tmp_path), "--no-cache", "--quiet"]) == 0
    themes = pd.read_csv(tmp_path / "themes.csv", encoding="utf-8-sig")
    assert themes["share_promoters"].notna().all() and themes["mean_score"].between(0, 10).all()


def test_a_named_score_column_that_is_missing_is_still_an_error(unscored_file, tmp_path, capsys):
    assert main(["themes", str(unscored_file), "--out", str(tmp_path / "o"), "--score", "nps", "--quiet"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: missing column 'nps' (the score column)") and "\n" not in err
    assert not (tmp_path / "o").exists()


def test_a_text_problem_is_reported_as_such_without_a_score(tmp_path, capsys):
    path = tmp_path / "codes.csv"
    pd.DataFrame({"id": ["a", "b"], "code": ["1", "2"]}).to_csv(path, index=False)
    assert main(["themes", str(path), "--out", str(tmp_path / "o"), "--quiet"]) == 1
    assert capsys.readouterr().err.strip() == ("error: this command needs an open-answer column: pass --text COL")


def test_cli_themes_and_codebook_edits(survey_file, tmp_path, capsys):
    out = tmp_path / "themes"
    assert main(["themes", str(survey_file), "--text", "answer", "--score", "score", "--out", str(out),
                 "--quiet"]) == 0
    cb_path = out / "codebook.yaml"
    cb = Codebook.load(cb_path)
    first, second = cb.ids[0], cb.ids[1]
    assert main(["codebook", "rename", str(cb_path), first, "配送"]) == 0
    assert main(["codebook", "merge", str(cb_path), first, second, "--name", "配送与服务"]) == 0
    cb = Codebook.load(cb_path)
    assert cb[first].name == "配送与服务" and second not in cb.ids
    assert main(["codebook", "split", str(cb_path), first, "--input", str(survey_file), "--text", "answer",
                 "--score", "score", "--k", "2"]) == 0
    cb = Codebook.load(cb_path)
    assert first not in cb.ids
    # apply the edited codebook to the survey
    res = textmine.analyze(survey_file, text="answer", score="score", codebook=cb_path, quiet=True, cache_dir=False,
                     n_boot=200)
    assert set(res.mentions["theme"]) - {NO_CONTENT_ID} <= set(cb.ids)
    assert main(["codebook", "rename", str(cb_path), "T99", "x"]) == 1
    assert "no theme with id 'T99'" in capsys.readouterr().err


def test_codebook_set_records_owner_and_horizon(tmp_path, capsys):
    path = Codebook([Theme(id="T01", name="物流"), Theme(id="T02", name="客服")]).save(tmp_path / "codebook.yaml")
    assert main(["codebook", "set", str(path), "物流", "--owner", "物流部", "--horizon", "now"]) == 0
    assert capsys.readouterr().out.strip() == "set T01: owner 物流部, horizon now"
    assert main(["codebook", "set", str(path), "T02", "--horizon", "later"]) == 0
    cb = Codebook.load(path)
    assert [(t.owner, t.horizon) for t in cb] == [("物流部", "now"), ("", "later")]
    assert main(["codebook", "set", str(path), "T02", "--horizon", "soon"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "error: theme 'T02': horizon 'soon' is not allowed; expected one of now, later, none"
    assert main(["codebook", "set", str(path), "T02"]) == 1
    assert "needs --owner, --horizon or both" in capsys.readouterr().err
    assert Codebook.load(path)["T02"].horizon == "later"  # a refused edit leaves the file as it was
    assert main(["codebook", "show", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == ["T01\t物流\t\tn=0\t\tnow 物流部", "T02\t客服\t\tn=0\t\tlater"]
