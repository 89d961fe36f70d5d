"""Chunked analysis (textmine/_stages.py): bounded memory for large surveys, same result when one chunk fits."""

import numpy as np
import pandas as pd
import pytest

import textmine as tm
from textmine._stages import encode_unique
from textmine.errors import ConfigError

N_ANSWERED = 228  # 240 respondents of the small survey, 12 of them with an empty answer
OPTS = dict(text="answer", score="score", id="id", date="date", segments=["channel"], cache_dir=False, quiet=True,
            n_boot=50)


@pytest.fixture(scope="module")
def one_piece(small_survey):
    return tm.analyze(small_survey, chunk_size=None, **OPTS)


@pytest.fixture(scope="module")
def chunked(small_survey):
    return tm.analyze(small_survey, chunk_size=100, **OPTS)  # a sample of 100 answers, then chunks of 100 and 28


class CountingEncoder:
    id, dim = "counting", 3

    def __init__(self):
        self.seen = []

    def encode(self, texts, show_progress=None):
        self.seen.extend(texts)
        return np.array([[len(t), t.count("快"), 1.0] for t in texts], dtype=np.float32)


def test_encode_unique_encodes_each_distinct_text_once():
    enc = CountingEncoder()
    texts = ["物流快", "很好", "物流快", "", "很好", "快快"]
    U, inv = encode_unique(enc, texts)
    assert enc.seen == ["物流快", "很好", "", "快快"]
    assert inv.tolist() == [0, 1, 0, 2, 1, 3]
    assert np.array_equal(U[inv], CountingEncoder().encode(texts))


def test_a_survey_that_fits_in_one_chunk_gives_the_one_piece_result(small_survey, one_piece):
    a = tm.analyze(small_survey, chunk_size=N_ANSWERED, **OPTS)
    assert a.settings["chunks"] == 1
    pd.testing.assert_frame_equal(a.mentions, one_piece.mentions)
    pd.testing.assert_frame_equal(a.clauses, one_piece.clauses)
    pd.testing.assert_frame_equal(a.themes.to_frame(), one_piece.themes.to_frame())
    pd.testing.assert_frame_equal(a.drivers.to_frame(), one_piece.drivers.to_frame())


def test_chunked_clauses_are_the_one_piece_clauses(chunked, one_piece):
    """Every column, every row, in input order: a chunked run keeps the clause table of the one-piece run."""
    assert chunked.settings["chunks"] == 3
    c, full = chunked.clauses, one_piece.clauses
    assert list(c.columns) == list(full.columns)
    assert {"text", "tokens"} <= set(c.columns)
    assert c["clause_id"].tolist() == list(range(len(full)))
    pd.testing.assert_frame_equal(c, full)
    acc = chunked.accounting
    assert acc["respondents"] + acc["rejected"] == 241 and acc["clauses"] == len(full)
    resp = chunked.respondents()
    assert len(resp) == 240 and resp["respondent_id"].is_unique


def test_chunked_mentions_point_at_their_clauses(chunked, one_piece):
    m = chunked.mentions
    assert m["clause_id"].is_monotonic_increasing
    by_id = chunked.clauses.set_index("clause_id")["respondent_id"]
    assert (m["respondent_id"].to_numpy() == by_id.loc[m["clause_id"]].to_numpy()).all()
    nc, nc_full = m[m["theme"] == "NC"], one_piece.mentions[one_piece.mentions["theme"] == "NC"]
    pd.testing.assert_frame_equal(nc.reset_index(drop=True), nc_full.reset_index(drop=True))
    assert set(m["theme"]) <= set(chunked.themes.codebook.ids) | {"NC"}
    counts = m["theme"].value_counts()
    assert {t.id: t.n for t in chunked.themes.codebook} == {t.id: int(counts.get(t.id, 0))
                                                            for t in chunked.themes.codebook}


def test_chunked_themes_are_those_of_the_sample(chunked, small_survey):
    """Themes are discovered on a seeded sample of chunk_size answers, as a survey of that size would be."""
    from textmine.embed import get_encoder
    from textmine.io import read_survey
    from textmine.text import to_clauses
    from textmine.text import aspect_texts
    from textmine.themes import discover_themes, survey_discoverer

    s = read_survey(small_survey, text="answer", score="score", id="id", date="date", segments=["channel"])
    answered = s.frame.loc[~s.frame["empty_text"], ["respondent_id", "text"]]
    assert len(answered) == N_ANSWERED
    sample = np.sort(np.random.default_rng(0).choice(N_ANSWERED, 100, replace=False))
    c = to_clauses(answered.iloc[sample], text_col="text", id_col="respondent_id", progress=False)
    enc = get_encoder(None)
    res = discover_themes(c, enc.encode(aspect_texts(c)), s.frame, encoder_id=enc.id,
                          discoverer=survey_discoverer(max_themes=30, random_state=0))
    got = chunked.themes.codebook
    assert [(t.id, t.name, t.keywords) for t in got] == [(t.id, t.name, t.keywords) for t in res.codebook]
    assert chunked.themes.quotes == res.quotes


def test_chunked_codebook_coding_equals_one_piece(small_survey, one_piece):
    """Applying a codebook is clause by clause: chunking must not change a single mention."""
    cb = one_piece.themes.codebook
    a = tm.analyze(small_survey, codebook=cb, chunk_size=100, **OPTS)
    b = tm.analyze(small_survey, codebook=cb, chunk_size=None, **OPTS)
    pd.testing.assert_frame_equal(a.mentions, b.mentions)
    assert a.themes.unassigned_share == pytest.approx(b.themes.unassigned_share)
    assert a.themes.n_content_clauses == b.themes.n_content_clauses


@pytest.mark.parametrize("bad", [10, 0, 2.5, True])
def test_chunk_size_must_be_an_integer_of_at_least_100(small_survey, bad):
    with pytest.raises(ConfigError, match=f"chunk_size={bad!r} must be an integer >= 100"):
        tm.analyze(small_survey, chunk_size=bad, **OPTS)


def test_cli_chunk_size(small_survey, tmp_path, capsys):
    from textmine.cli import main

    code = main(["analyze", str(small_survey), "--text", "answer", "--score", "score", "--id", "id",
                 "--out", str(tmp_path), "--no-cache", "--n-boot", "50", "--chunk-size", "100"])
    assert code in (0, None)
    run = pd.read_json(tmp_path / "run.json", typ="series")
    assert run["settings"]["chunk_size"] == 100 and run["settings"]["chunks"] == 3
    resp = pd.read_csv(tmp_path / "respondents.csv", encoding="utf-8-sig")
    rej = pd.read_csv(tmp_path / "rejects.csv", encoding="utf-8-sig")
    assert len(resp) + len(rej) == 241


def test_cli_chunk_size_0_is_one_piece(small_survey, tmp_path):
    from textmine.cli import main

    assert main(["analyze", str(small_survey), "--text", "answer", "--score", "score", "--out", str(tmp_path),
                 "--no-cache", "--n-boot", "50", "--chunk-size", "0", "--quiet"]) in (0, None)
    run = pd.read_json(tmp_path / "run.json", typ="series")
    assert run["settings"]["chunk_size"] is None and run["settings"]["chunks"] == 1


def test_cli_bad_chunk_size_is_one_line(small_survey, tmp_path, capsys):
    from textmine.cli import main

    assert main(["analyze", str(small_survey), "--text", "answer", "--score", "score", "--out", str(tmp_path),
                 "--chunk-size", "50", "--quiet"]) == 2  # a usage error, found before the survey is read
    assert capsys.readouterr().err.strip() == (
        "error: invalid value for --chunk-size: 50 is neither 0 (one piece) nor >= 100 answers per chunk "
        "(see 'textmine analyze --help')")


def test_api_bad_chunk_size_names_the_range():
    with pytest.raises(ConfigError, match=r"chunk_size=50 must be an integer >= 100 \(answers per chunk\)"):
        tm.analyze(pd.DataFrame({"a": ["x"], "s": [1]}), text="a", score="s", chunk_size=50)


def test_chunked_classifier_coding_equals_one_piece(small_survey, tmp_path):
    """A trained classifier codes clause by clause too: chunking must not change a single mention."""
    from textmine.classify import ReasonClassifier, save_model

    texts = ["物流很快", "快递第二天就到了", "客服态度很好", "客服回复很及时", "价格实惠", "性价比很高",
             "物流太慢了", "快递一个星期才到", "客服态度太差", "客服半天不回复", "价格太贵了", "性价比不高"]
    labels = [["delivery"], ["delivery"], ["service"], ["service"], ["price"], ["price"]] * 2
    clf = ReasonClassifier(embed_weight=0, cv=0, min_df=1).fit(texts * 3, labels * 3)
    path = save_model(clf, tmp_path / "m")
    a = tm.analyze(small_survey, model=path, chunk_size=100, **OPTS)
    b = tm.analyze(small_survey, model=path, chunk_size=None, **OPTS)
    assert set(a.mentions["theme"]) == {"delivery", "service", "price", "NC"}
    pd.testing.assert_frame_equal(a.mentions, b.mentions)
