"""The shipped polarity model directory and its blend with the lexicon (textmine/text/_polarity_model.py)."""

import shutil

import numpy as np
import pandas as pd
import pytest

from textmine.errors import ConfigError, IntegrityError, ModelError
from textmine.text import PolarityModel, SentimentScorer, blend_polarity, char_ngrams, to_clauses
from textmine.text._polarity_model import default_model_dir


def _clauses(texts, **kw):
    return to_clauses(pd.DataFrame({"respondent_id": range(len(texts)), "text": texts}), progress=False, **kw)


def test_char_ngrams_stay_inside_runs_and_fold_digits():
    assert char_ngrams("等了2小时") == ["等", "了", "0", "小", "时", "等了", "了0", "0小", "小时", "等了0", "了0小",
                                        "0小时"]
    assert "好，" not in char_ngrams("很好，快") and "好快" not in char_ngrams("很好，快")
    assert char_ngrams("") == [] and char_ngrams("，。") == []


def test_shipped_model_loads_and_reads_events():
    model = PolarityModel()
    s = model.scores(["包裹被压坏了", "第二天就到了", "，"])
    assert s[0] < -0.3 and s[1] > 0.3
    assert s[2] == 0.0  # no known n-gram: no opinion
    assert model.manifest_["format"] == "textmine-polarity"
    assert set(model.blend_settings()) == {"lexicon_confidence", "lexicon_lead", "model_weight", "deadzone"}


def test_vectorised_scores_equal_one_by_one():
    model = PolarityModel()
    texts = ["发货拖了好几天", "房间每天都有人打扫", "打客服电话一直占线", "发货拖了好几天"]
    together = model.scores(texts)
    alone = np.array([model.scores([t])[0] for t in texts])
    np.testing.assert_allclose(together, alone, rtol=1e-9, atol=1e-12)
    assert together[0] == together[3]


@pytest.fixture()
def model_copy(tmp_path):
    dst = tmp_path / "polarity"
    shutil.copytree(default_model_dir(), dst)
    return dst


def test_a_tampered_weight_file_is_refused(model_copy):
    coef = np.load(model_copy / "coef.npy")
    coef[0] += 1.0
    np.save(model_copy / "coef.npy", coef)
    with pytest.raises(IntegrityError, match="'coef.npy' .* does not match the sha256 in manifest.json"):
        PolarityModel(model_copy).scores(["物流很快"])
    assert PolarityModel(model_copy, verify=False).scores(["物流很快"]).shape == (1,)


def test_a_missing_or_foreign_directory_is_refused_clearly(model_copy, tmp_path):
    (model_copy / "idf.npy").unlink()
    with pytest.raises(ModelError, match="'idf.npy' is missing"):
        PolarityModel(model_copy).scores(["x"])
    with pytest.raises(ModelError, match="no polarity model at .*sentiment='lexicon'"):
        PolarityModel(tmp_path / "nowhere").scores(["x"])


def test_blend_lets_a_confident_lexicon_lead_and_keeps_zero():
    lex = np.array([0.6, 0.0, 0.0, 0.0, -0.29])
    mod = np.array([-0.9, -0.8, 0.1, 0.0, 0.7])
    out = blend_polarity(lex, mod, lexicon_confidence=0.4, lexicon_lead=1.0, model_weight=1.0, deadzone=0.2)
    assert out[0] == pytest.approx(0.6)  # 没坏: the negation rule wins over the model's 坏
    assert out[1] == pytest.approx(-0.8)  # no opinion word: the model reads the event
    assert out[2] == 0.0 and out[3] == 0.0  # unsure model, no lexicon: stays 0
    assert out[4] == pytest.approx(0.7)  # a bare negator (-0.29) is not a confident lexicon reading
    with pytest.raises(ConfigError, match="deadzone=1.5 must be in"):
        blend_polarity(lex, mod, deadzone=1.5)


def test_lexicon_option_is_the_lexicon_alone():
    texts = ["物流很快，但是客服态度太差", "包裹被压坏了", "用了三年都没坏"]
    lex = _clauses(texts, sentiment="lexicon")
    scorer = SentimentScorer()
    assert lex["sentiment"].tolist() == [scorer.clause(t) for t in lex["text"]]
    assert lex.loc[lex["text"] == "包裹被压坏了", "sentiment"].item() == 0.0
    combined = _clauses(texts)
    assert combined.loc[combined["text"] == "包裹被压坏了", "sentiment"].item() < 0
    model = _clauses(texts, sentiment="model")
    assert ((model["sentiment"] >= -1) & (model["sentiment"] <= 1)).all()
    with pytest.raises(ConfigError, match="sentiment='rules' is not one of"):
        _clauses(texts, sentiment="rules")


def test_clauses_without_content_stay_zero():
    texts = ["/", "。。。", "", None, "123", "无"]
    table = _clauses(texts)
    assert table["no_content"].all()
    assert (table["sentiment"][:5] == 0.0).all()
    assert (_clauses(["/", "123"], sentiment="model")["sentiment"] == 0.0).all()
    # a no-content clause keeps the lexicon's reading, never the model's (无 is the lexicon's bare negator)
    assert table["sentiment"].tolist() == _clauses(texts, sentiment="lexicon")["sentiment"].tolist()


def test_a_custom_model_path_is_used(model_copy):
    table = _clauses(["经常缺货"], polarity_model=model_copy)
    assert table["sentiment"].between(-1, 1).all()
