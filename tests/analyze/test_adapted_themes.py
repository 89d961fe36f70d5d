"""Themes discovered on vectors adapted to the survey (DiscoverThemes(adapt=True), analyze's default)."""

import numpy as np
import pandas as pd
import pytest

import textmine as tm
from textmine.embed import get_encoder

OPTS = dict(text="answer", score="score", id="id", cache_dir=False, quiet=True, n_boot=20, chunk_size=None)


@pytest.fixture(scope="module")
def adapted(small_survey):
    return tm.analyze(small_survey, **OPTS)


def test_analyze_adapts_the_encoder_to_a_survey_large_enough(adapted, small_survey):
    assert adapted.settings["adapted_encoder"] is True
    plain = tm.analyze(small_survey, adapt=False, **OPTS)
    assert plain.settings["adapted_encoder"] is False


def test_the_codebook_stays_in_the_shipped_encoders_space_and_codes_another_survey(adapted, tmp_path):
    base = get_encoder(None)
    cb = adapted.themes.codebook
    assert cb.encoder_id == base.id
    C = cb.centroid_matrix(None)
    assert C.shape[1] == base.dim
    other = pd.DataFrame({"id": [f"N{i}" for i in range(40)], "score": [9, 3] * 20,
                          "answer": ["物流很快，客服态度很好", "价格太贵了，快递一个星期才到"] * 20})
    again = tm.analyze(other, codebook=cb, **OPTS)
    coded = again.mentions[again.mentions["theme"].isin(cb.ids)]
    assert coded["respondent_id"].nunique() == 40  # every answer coded with the adapted run's codebook


def test_a_small_survey_is_not_adapted():
    small = pd.DataFrame({"id": [f"S{i}" for i in range(60)], "score": [9, 3, 7] * 20,
                          "answer": ["物流很快", "客服半天不回复", "价格实惠"] * 20})
    a = tm.analyze(small, **OPTS)
    assert a.settings["adapted_encoder"] is False  # fewer than 200 content clauses: nothing to fit an LSA on


def test_adapted_runs_are_identical(adapted, small_survey):
    again = tm.analyze(small_survey, **OPTS)
    pd.testing.assert_frame_equal(again.mentions, adapted.mentions)
    assert np.array_equal(again.themes.codebook.centroid_matrix(None), adapted.themes.codebook.centroid_matrix(None))


def test_parents_are_grouped_in_the_shipped_encoders_space(adapted):
    """The adapted vectors tell 物流 from 快递 and 价格 from 性价比 (separate themes); the shipped encoder knows
    each pair belongs together: one parent per pair, and none across pairs."""
    parent = {t.name: t.parent for t in adapted.themes.codebook.themes}
    assert {"物流", "快递", "价格", "性价比"} <= set(parent)
    assert parent["物流"] and parent["物流"] == parent["快递"]
    assert parent["价格"] and parent["价格"] == parent["性价比"]
    assert parent["物流"] != parent["价格"]


def test_adaptation_fits_on_a_bounded_sample_of_the_clauses(small_survey, monkeypatch):
    import textmine._coders as coders
    import textmine.embed as embed

    seen = []
    real = embed.adapt_encoder

    def spy(encoder, texts=None, **kw):
        seen.append(len(texts))
        return real(encoder, texts=texts, **kw)

    monkeypatch.setattr(embed, "adapt_encoder", spy)
    monkeypatch.setattr(coders, "ADAPT_MAX_TEXTS", 250)
    a = tm.analyze(small_survey, **OPTS)
    assert a.settings["adapted_encoder"] is True
    assert seen == [250]  # more content clauses than that: a sample of 250


class Anisotropic:
    """The shipped encoder's vectors pushed into a narrow cone (as contextual encoders such as e5 put every text:
    cosines of 0.9 and more between unrelated clauses)."""

    def __init__(self):
        self.base = get_encoder()
        self.id, self.dim = "anisotropic-test", self.base.dim
        self.offset = np.random.default_rng(0).normal(size=self.dim).astype(np.float32)
        self.offset *= 3 / np.linalg.norm(self.offset)

    def encode(self, texts, *, batch_size=None, show_progress=None):
        X = self.base.encode(texts)
        Y = np.where(np.abs(X).sum(axis=1, keepdims=True) > 0, X + self.offset, 0.0).astype(np.float32)
        norms = np.linalg.norm(Y, axis=1, keepdims=True)
        return np.divide(Y, norms, out=np.zeros_like(Y), where=norms > 0)


def first_themes(a) -> np.ndarray:
    m = a.mentions.drop_duplicates("clause_id").set_index("clause_id")["theme"]
    return a.clauses["clause_id"].map(m).fillna("none").to_numpy()


def test_another_encoders_vectors_are_centred_so_themes_stay_apart(small_survey):
    from sklearn.metrics import adjusted_rand_score

    plain = tm.analyze(small_survey, adapt=False, **OPTS)  # the shipped encoder's own space
    coned = tm.analyze(small_survey, encoder=Anisotropic(), **OPTS)
    assert coned.settings["centred_vectors"] and not coned.settings["adapted_encoder"]
    flat = tm.analyze(small_survey, encoder=Anisotropic(), adapt=False, **OPTS)
    assert not flat.settings["centred_vectors"]
    # centred, the cone gives back the themes of the space it was pushed out of; uncentred it does not
    truth = first_themes(plain)
    assert adjusted_rand_score(truth, first_themes(coned)) > adjusted_rand_score(truth, first_themes(flat)) + 0.1


@pytest.mark.skipif(not __import__("textmine._background", fromlist=["can_fork"]).can_fork(), reason="Linux only")
def test_adapting_on_the_second_core_gives_the_same_themes(small_survey, monkeypatch):
    import textmine._background as background
    import textmine._coders as coders

    one = tm.analyze(small_survey, **OPTS)
    forked = []
    real = background.in_background

    def spy(fn, *args, fork=None):
        forked.append(fn.__name__)
        return real(fn, *args, fork=fork)

    monkeypatch.setattr(background, "in_background", spy)
    monkeypatch.setattr(coders, "BACKGROUND_MIN_CLAUSES", 1)  # the small survey counts as large
    two = tm.analyze(small_survey, **OPTS)
    assert "_adapted_vectors" in forked
    assert two.settings["adapted_encoder"] is True
    assert [(t.id, t.name) for t in two.themes.codebook] == [(t.id, t.name) for t in one.themes.codebook]
    pd.testing.assert_frame_equal(two.mentions, one.mentions)
