"""The stage runner (textmine/_stages.py): every path codes answers through run_stages and a Coder."""

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from textmine._stages import ApplyCodebook, ApplyModel, Coder, DiscoverThemes, Progress, run_stages
from textmine.errors import ConfigError
from textmine.themes import NO_CONTENT_ID, Codebook, Theme, ThemeDiscoverer, build_theme_result

PACKAGE = Path(__file__).resolve().parents[1] / "textmine"
ANSWERS = ["物流很快，客服态度很好", "物流太慢了", "无", "价格实惠，但是客服半天不回复", "性价比很高", "价格太贵了"] * 40


class HashEncoder:
    """Deterministic vectors: each distinct text its own seeded random unit vector."""

    id, dim = "hash", 8

    def __init__(self):
        self.calls = []

    def encode(self, texts, show_progress=None):
        self.calls.append(list(texts))
        out = []
        for t in texts:
            v = np.random.default_rng(sum(map(ord, t)) + len(t)).normal(size=self.dim)
            out.append(v / np.linalg.norm(v))
        return np.asarray(out, dtype=np.float32)


@pytest.fixture
def answered():
    return pd.DataFrame({"respondent_id": [f"r{i:03d}" for i in range(len(ANSWERS))], "text": ANSWERS})


class FirstWord:
    """A fourth way of coding, written in one place: every content clause gets theme 'A'."""

    def code(self, clauses, vectors, respondents, *, encoder=None):
        content = ~clauses["no_content"].to_numpy(bool)
        themes = np.where(content, "A", None)
        return build_theme_result(Codebook([Theme(id="A", name="all")]), clauses, respondents, themes,
                                  np.ones(len(clauses)), source="rule")


def test_the_three_coders_and_a_fourth_are_coders():
    assert all(isinstance(c, Coder) for c in (DiscoverThemes(), ApplyCodebook(None), ApplyModel(None), FirstWord()))


def test_a_new_coder_runs_in_one_piece_and_in_chunks_alike(answered):
    one = run_stages(answered, answered, FirstWord(), encoder=HashEncoder(), cache=False)
    parts = run_stages(answered, answered, FirstWord(), encoder=HashEncoder(), cache=False, chunk_size=100,
                       show_progress=False)
    assert (one.n_chunks, parts.n_chunks) == (1, 3)
    pd.testing.assert_frame_equal(parts.clauses, one.clauses)
    pd.testing.assert_frame_equal(parts.themes.mentions, one.themes.mentions)
    m = one.themes.mentions
    assert set(m["theme"]) == {"A", NO_CONTENT_ID}
    assert (m.loc[m["theme"] == NO_CONTENT_ID, "clause"] == "无").all()
    assert one.themes.n_clauses == len(one.clauses) and one.themes.unassigned_share == 0.0


def test_one_piece_keeps_the_vectors_when_asked_and_encodes_each_aspect_once(answered):
    enc = HashEncoder()
    run = run_stages(answered, answered, FirstWord(), encoder=enc, cache=False, keep_vectors=True)
    assert run.vectors.shape == (len(run.clauses), 8)
    assert len(enc.calls) == 1 and len(enc.calls[0]) == len(set(enc.calls[0])) < len(run.clauses)
    assert run.encoder is enc


def test_without_embedding_the_coder_gets_no_vectors(answered):
    seen = []

    class Spy(FirstWord):
        def code(self, clauses, vectors, respondents, *, encoder=None):
            seen.append((vectors, encoder))
            return super().code(clauses, vectors, respondents)

    run = run_stages(answered, answered, Spy(), embed=False)
    assert seen == [(None, None)] and run.encoder is None and run.vectors is None


def test_discover_in_chunks_assigns_later_chunks_to_the_sample_themes(answered):
    disc = ThemeDiscoverer(min_cluster_size=5, random_state=0)
    run = run_stages(answered, answered, DiscoverThemes(disc), encoder=HashEncoder(), cache=False, chunk_size=100,
                     show_progress=False)
    m = run.themes.mentions
    assert m["clause_id"].is_monotonic_increasing and run.clauses["clause_id"].tolist() == list(range(len(run.clauses)))
    counts = m["theme"].value_counts()
    assert {t.id: t.n for t in run.themes.codebook} == {t.id: int(counts.get(t.id, 0)) for t in run.themes.codebook}
    assert set(m["source"]) <= {"discovered", "no_content"}


def test_discovery_needs_enough_content_when_asked(answered):
    with pytest.raises(ConfigError, match="theme discovery needs at least 10 answers with content; found 0"):
        run_stages(answered.assign(text="无"), answered, DiscoverThemes(min_content_clauses=10),
                   encoder=HashEncoder(), cache=False)


def test_progress_times_each_stage_once_in_one_piece_and_summed_in_chunks(answered, capsys):
    p = Progress(quiet=False)
    run_stages(answered, answered, FirstWord(), encoder=HashEncoder(), cache=False, progress=p, show_progress=False)
    assert list(p.timings) == ["text", "embed", "themes"]
    assert capsys.readouterr().err.splitlines() == ["[textmine] text …", "[textmine] embed …", "[textmine] themes …"]
    q = Progress(quiet=True)
    run_stages(answered, answered, FirstWord(), encoder=HashEncoder(), cache=False, progress=q, chunk_size=100,
               show_progress=False)
    assert list(q.timings) == ["text", "embed", "themes"] and capsys.readouterr().err == ""


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield "." * node.level + node.module


def test_no_module_reaches_into_the_private_theme_pipeline_or_the_old_chunks():
    bad = [(p.relative_to(PACKAGE).as_posix(), mod) for p in PACKAGE.rglob("*.py") for mod in _imports(p)
           if mod.endswith("themes._results") or mod.endswith("_chunks")]
    assert bad == []
    assert not (PACKAGE / "_chunks.py").exists()


def test_embedding_takes_aspect_texts_from_the_text_layer():
    import textmine.text
    import textmine.themes

    assert callable(textmine.text.aspect_texts)
    assert not hasattr(textmine.themes, "aspect_texts")  # one home, no re-export a layer up
    for path in (PACKAGE / "_stages.py", PACKAGE / "_coders.py", PACKAGE / "cli" / "_themes.py"):
        sources = {alias.name: node.module for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                   if isinstance(node, ast.ImportFrom) for alias in node.names}
        assert sources.get("aspect_texts", "text").endswith("text")
        assert sources.get("aspect_tokens", "text").endswith("text")


# -- Progress: lines off a terminal, bars on one, nothing when quiet ----------------------------------------------
class FakeTerminal(__import__("io").StringIO):
    def isatty(self):
        return True


def _write_three(p):
    with p("write"):
        with p.bar("write", total=3) as bar:
            for _ in range(3):
                bar.update()


def test_progress_off_a_terminal_prints_one_line_per_stage_and_no_bar():
    import io

    out = io.StringIO()
    p = Progress(quiet=False, stream=out)
    with p("read"):
        pass
    _write_three(p)
    assert out.getvalue() == "[textmine] read …\n[textmine] write …\n"
    assert not p.live and p.show_progress is False
    assert list(p.timings) == ["read", "write"] and all(v >= 0 for v in p.timings.values())


def test_progress_quiet_prints_nothing_even_on_a_terminal_but_still_times():
    out = FakeTerminal()
    p = Progress(quiet=True, stream=out)
    _write_three(p)
    p.announce("chunks", "10 chunks")
    assert out.getvalue() == "" and not p.live and list(p.timings) == ["write"]


def test_progress_on_a_terminal_draws_a_live_bar_with_its_count():
    out = FakeTerminal()
    p = Progress(quiet=False, stream=out)
    _write_three(p)
    text = out.getvalue()
    assert text.startswith("[textmine] write …\n")
    bar = text.split("\n", 1)[1]
    assert bar.startswith("\rwrite:") and "0/3" in bar and "3/3" in bar  # tqdm redraws one line in place
    assert p.live and p.show_progress is None


def test_progress_times_a_stage_run_twice_as_the_sum():
    p = Progress(quiet=True)
    for _ in range(2):
        with p("embed"):
            pass
    assert list(p.timings) == ["embed"]


def test_a_chunked_run_draws_its_answers_bar_only_on_a_terminal(answered):
    out = FakeTerminal()
    run_stages(answered, answered, FirstWord(), encoder=HashEncoder(), cache=False, chunk_size=100,
               progress=Progress(quiet=False, stream=out))
    assert "240/240" in out.getvalue() and out.getvalue().startswith("[textmine] chunks …")
    plain = __import__("io").StringIO()
    run_stages(answered, answered, FirstWord(), encoder=HashEncoder(), cache=False, chunk_size=100,
               progress=Progress(quiet=False, stream=plain))
    assert plain.getvalue().count("\n") == 1 and "\r" not in plain.getvalue()  # the chunks line alone


def test_discover_themes_gives_the_same_themes_from_unique_vectors_and_their_inverse():
    from textmine._stages import encode_unique
    from textmine.text import aspect_texts, to_clauses
    from textmine.themes import discover_themes, survey_discoverer

    frame = pd.DataFrame({"respondent_id": [f"r{i:03d}" for i in range(len(ANSWERS))], "text": ANSWERS})
    clauses = to_clauses(frame, text_col="text", id_col="respondent_id", progress=False)
    U, inv = encode_unique(HashEncoder(), aspect_texts(clauses))
    full = discover_themes(clauses, U[inv], frame, discoverer=survey_discoverer(min_cluster_size=5))
    pairs = discover_themes(clauses, (U, inv), frame, discoverer=survey_discoverer(min_cluster_size=5),
                            fit_vectors=(U, inv))
    pd.testing.assert_frame_equal(pairs.mentions, full.mentions)
    assert [t.name for t in pairs.codebook] == [t.name for t in full.codebook]


def test_the_embed_stage_hands_its_aspect_texts_and_tokens_to_a_coder_that_takes_them(answered):
    from textmine.text import aspect_texts, aspect_tokens

    seen = []

    class Spy(DiscoverThemes):
        def code(self, clauses, vectors, respondents, *, encoder=None, **kw):
            seen.append((clauses, kw))
            return super().code(clauses, vectors, respondents, encoder=encoder, **kw)

    class Own(DiscoverThemes):
        takes_aspects = False  # works them out itself

    for chunk_size in (None, 100):
        kw = dict(encoder=HashEncoder(), cache=False, chunk_size=chunk_size, show_progress=False)
        given = run_stages(answered, answered, Spy(ThemeDiscoverer(min_cluster_size=5)), **kw)
        own = run_stages(answered, answered, Own(ThemeDiscoverer(min_cluster_size=5)), **kw)
        pd.testing.assert_frame_equal(given.themes.mentions, own.themes.mentions)
        assert [t.name for t in given.themes.codebook] == [t.name for t in own.themes.codebook]
    assert len(seen) == 1 + 3  # one piece, then three chunks
    for clauses, kw in seen:
        texts, tokens = kw["aspects"]
        assert texts == aspect_texts(clauses) and [list(t) for t in tokens] == aspect_tokens(clauses)
