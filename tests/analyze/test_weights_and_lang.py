"""analyze(weight=..., lang=...): weighted NPS, segments, periods and drivers; the report language setting."""

import numpy as np
import pandas as pd
import pytest

import textmine
from textmine.errors import ConfigError
from textmine.nps import nps_score, segment_nps


@pytest.fixture(scope="module")
def weighted_survey(small_survey, tmp_path_factory):
    f = pd.read_csv(small_survey, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    f["权重"] = [f"{0.5 + (i % 4) * 0.5}" for i in range(len(f))]
    f.loc[3, "权重"] = "-1"
    path = tmp_path_factory.mktemp("weighted") / "survey.csv"
    f.to_csv(path, index=False, encoding="utf-8-sig")
    return path


@pytest.fixture(scope="module")
def weighted(weighted_survey):
    return textmine.analyze(weighted_survey, text="answer", score="score", id="id", date="date",
                            segments=["channel"], weight="权重", n_boot=50, quiet=True, cache_dir=False)


def test_weighted_nps_equals_nps_score_with_the_weights(weighted):
    f = weighted.survey.frame
    want = nps_score(f["score"].to_numpy(), weights=f["weight"].to_numpy())
    assert (weighted.nps.nps, weighted.nps.n, weighted.nps.n_eff) == pytest.approx((want.nps, want.n, want.n_eff))
    assert weighted.nps.n_eff < weighted.nps.n and "effective n=" in weighted.nps.summary()
    seg = segment_nps(f, ["channel"], weight="weight")
    pd.testing.assert_frame_equal(weighted.segments.to_frame(), seg.to_frame())
    assert weighted.settings["weight"] == "权重" and weighted.settings["lang"] is None


def test_a_row_with_a_negative_weight_is_a_reject_with_its_reason(weighted):
    r = weighted.survey.rejects
    assert r.loc[r["column"] == "权重", ["row", "reason"]].values.tolist() == [[4, "negative weight"]]
    assert weighted.survey.n_read == weighted.survey.n + len(r)


def test_drivers_are_weighted(weighted, small_survey):
    plain = textmine.analyze(small_survey, text="answer", score="score", id="id", n_boot=50, quiet=True,
                             cache_dir=False)
    a, b = weighted.drivers.to_frame(), plain.drivers.to_frame()
    common = sorted(set(a["theme"]) & set(b["theme"]))
    assert common
    x = a.set_index("theme").loc[common, "nps_with"].to_numpy()
    y = b.set_index("theme").loc[common, "nps_with"].to_numpy()
    assert not np.allclose(x, y)  # the weights move the NPS of those who mention a theme


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_lang_is_kept_in_the_settings(small_survey, lang):
    a = textmine.analyze(small_survey, text="answer", score="score", n_boot=0, quiet=True, cache_dir=False,
                         lang=lang)
    assert a.settings["lang"] == lang


def test_an_unknown_lang_is_a_config_error_listing_the_valid_ones(small_survey):
    with pytest.raises(ConfigError, match="lang='fr' is not a report language; choose one of zh, en"):
        textmine.analyze(small_survey, text="answer", score="score", quiet=True, lang="fr")


def test_cli_analyze_weight_and_lang(weighted_survey, tmp_path, capsys):
    import json

    from textmine.cli import main

    out = tmp_path / "out"
    assert main(["analyze", str(weighted_survey), "--text", "answer", "--score", "score", "--id", "id",
                 "--weight", "权重", "--lang", "en", "--n-boot", "50", "--no-cache", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "weighted, effective n=" in captured.out and "(Kish)" in captured.out
    assert "[textmine] write …" in captured.err  # off a terminal: one plain line per stage, writing included
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert (run["settings"]["weight"], run["settings"]["lang"]) == ("权重", "en")
    assert "negative weight" in (out / "rejects.csv").read_text(encoding="utf-8-sig")
    assert main(["analyze", str(weighted_survey), "--lang", "fr", "--out", str(tmp_path / "o2")]) == 2
    assert "'fr' is not a report language; choose zh or en" in capsys.readouterr().err
