import numpy as np
import pytest

from textmine.embed import StaticEncoder, adapt_encoder, get_encoder
from textmine.errors import ConfigError, InputError

# a small hand-written "survey": 安装 and 师傅 (installer) are new to the tiny base vocabulary
SURVEY = [
    "安装师傅很专业", "安装师傅来得很快", "延保服务不错", "延保太贵了", "物流很快", "送货速度快",
    "客服态度太差", "客服回复很慢", "安装师傅乱收费", "延保流程麻烦", "价格便宜", "价格有点贵",
] * 2


def test_new_words_enter_the_vocabulary_and_vectors_stay_unit(static_dir):
    base = StaticEncoder(static_dir)
    assert not {"安装", "师傅"} & set(dict(base.vocabulary()))
    adapted = adapt_encoder(base, SURVEY, min_count=2, lsa_dim=4)
    assert {"安装", "师傅"} <= set(dict(adapted.vocabulary()))
    assert adapted.tokenize(["安装师傅很专业"])[0][:2] == ["安装", "师傅"]
    assert adapted.dim == base.dim + 4
    x = adapted.encode(SURVEY)
    assert x.dtype == np.float32 and x.shape == (len(SURVEY), base.dim + 4)
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1.0, rtol=1e-5)
    assert adapted.id.startswith(base.id + "+adapted-") and adapted.manifest["adapted"]["new_words"] >= 2


def test_base_part_of_a_new_word_is_what_the_base_model_gave_it(static_dir):
    base = StaticEncoder(static_dir)
    adapted = adapt_encoder(base, SURVEY, min_count=2, lsa_dim=0)
    assert adapted.dim == base.dim
    assert adapted.tokenize(["安装"]) == [["安装"]] and base.tokenize(["安装"]) != [["安装"]]
    np.testing.assert_allclose(adapted.encode(["安装"]), base.encode(["安装"]), atol=1e-6)


def test_survey_part_groups_answers_that_share_words(static_dir):
    adapted = adapt_encoder(StaticEncoder(static_dir), SURVEY, min_count=2, lsa_dim=4, lsa_weight=3.0)
    x = adapted.encode(["安装师傅很专业", "安装师傅乱收费", "价格便宜"])
    assert x[0] @ x[1] > x[0] @ x[2]


def test_adaptation_is_deterministic_and_saves(static_dir, tmp_path):
    a = adapt_encoder(StaticEncoder(static_dir), SURVEY, min_count=2, lsa_dim=4)
    b = adapt_encoder(StaticEncoder(static_dir), SURVEY, min_count=2, lsa_dim=4)
    assert a.id == b.id
    np.testing.assert_array_equal(a.encode(SURVEY), b.encode(SURVEY))
    reloaded = get_encoder(a.save(tmp_path / "adapted"))
    np.testing.assert_allclose(reloaded.encode(SURVEY), a.encode(SURVEY), atol=1e-6)
    assert reloaded.id.startswith("tiny-static-adapted@")


def test_too_few_texts_and_bad_parameters_are_explained(static_dir):
    base = StaticEncoder(static_dir)
    with pytest.raises(InputError, match=r"at least 65 non-empty texts to fit lsa_dim=64; got 24"):
        adapt_encoder(base, SURVEY)
    with pytest.raises(ConfigError, match="min_count=0 must be an integer >= 1"):
        adapt_encoder(base, SURVEY, min_count=0, lsa_dim=4)
    with pytest.raises(ConfigError, match="lsa_weight=-1 must be a finite number >= 0"):
        adapt_encoder(base, SURVEY, lsa_dim=4, lsa_weight=-1)
    with pytest.raises(InputError, match="single string"):
        adapt_encoder(base, "延保太贵了", lsa_dim=4)


def test_only_static_unigram_models_can_be_adapted(st_dir, fake_encoder):
    with pytest.raises(Exception, match="not a StaticEmbedding model"):
        adapt_encoder(str(st_dir), SURVEY, lsa_dim=4)
    with pytest.raises(ConfigError, match="needs a static model .* got FakeEncoder"):
        adapt_encoder(fake_encoder, SURVEY, lsa_dim=4)


def test_new_words_count_every_occurrence_of_a_repeated_text():
    """Each distinct text is cut once and counted as often as it occurs: the counts (and their order, which
    breaks ties at max_new_words) are those of cutting every text."""
    from collections import Counter

    import jieba

    from textmine.embed._adapt import _new_words

    texts = ["安装师傅很专业", "延保太贵了", "安装师傅很专业", "物流很快", "延保太贵了", "安装师傅很专业"]
    tk = jieba.Tokenizer()
    every = Counter(w.lower() for t in texts for w in tk.cut(t, HMM=False) if len(w.strip()) > 1)
    got = _new_words(texts, known=set(), min_count=1, max_new_words=100, hmm=False)
    assert list(got.items()) == [(w, n) for w, n in every.most_common(100)]
    assert got["安装"] == 3 and got["物流"] == 1
