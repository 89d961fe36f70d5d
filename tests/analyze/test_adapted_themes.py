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
    import textmine._stages as stages
    import textmine.embed as embed

    seen = []
    real = embed.adapt_encoder

    def spy(encoder, texts=None, **kw):
        seen.append(len(texts))
        return real(encoder, texts=texts, **kw)

    monkeypatch.setattr(embed, "adapt_encoder", spy)
    monkeypatch.setattr(stages, "ADAPT_MAX_TEXTS", 250)
    a = tm.analyze(small_survey, **OPTS)
    assert a.settings["adapted_encoder"] is True
    assert seen == [250]  # more content clauses than that: a sample of 250
