import shutil

import numpy as np
import pytest

import textmine.embed as embed
from textmine.embed import CachedEncoder, StaticEncoder, default_encoder, get_encoder
from textmine.embed._registry import DEFAULT_ENCODER_NAME, default_encoder_path
from textmine.errors import ConfigError, ModelError


def test_importing_embed_loads_nothing_heavy():
    import subprocess
    import sys

    code = ("import sys; import textmine.embed; print(','.join(m for m in ('torch', 'jieba', 'tokenizers', "
            "'sentence_transformers', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_default_path_follows_textmine_models(monkeypatch, tmp_path, static_dir):
    monkeypatch.setenv("TEXTMINE_MODELS", str(tmp_path))
    assert default_encoder_path() == tmp_path / DEFAULT_ENCODER_NAME
    with pytest.raises(ModelError, match="default encoder was not found .* Set TEXTMINE_MODELS"):
        get_encoder()
    shutil.copytree(static_dir, tmp_path / DEFAULT_ENCODER_NAME)
    enc = get_encoder(None)
    assert isinstance(enc, StaticEncoder) and enc.id.startswith("tiny-static@0.1+")


def test_encoder_objects_pass_through_and_bad_options_are_named(fake_encoder):
    assert get_encoder(fake_encoder) is fake_encoder
    with pytest.raises(ConfigError, match=r"backend='onnx' must be one of \['auto', 'static', 'sentence-transformers'\]"):
        get_encoder(fake_encoder, backend="onnx")
    with pytest.raises(ConfigError, match="model must be None, a model directory"):
        get_encoder(42)


def test_cache_option_wraps_the_encoder(fake_encoder, tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTMINE_CACHE", str(tmp_path))
    enc = get_encoder(fake_encoder, cache=True)
    assert isinstance(enc, CachedEncoder) and enc.cache.directory == tmp_path and enc.id == fake_encoder.id
    assert get_encoder(fake_encoder, cache=tmp_path / "c").cache.directory == tmp_path / "c"


shipped = pytest.mark.skipif(not embed.DEFAULT_ENCODER_PATH.is_dir(), reason="models/textmine-zh-static absent")


@shipped
def test_shipped_default_is_offline_and_sensible(monkeypatch):
    monkeypatch.delenv("TEXTMINE_MODELS", raising=False)
    enc = default_encoder()
    assert enc.id.startswith("textmine-zh-static@") and enc.dim == 256
    x = enc.encode(["物流很快", "送货速度很快", "电池不耐用", "续航太差", "房间很干净", "卫生状况很好"])
    sim = x @ x.T
    # each pair of paraphrases is closer than any cross pair
    for a, b in [(0, 1), (2, 3), (4, 5)]:
        others = [j for j in range(6) if j not in (a, b)]
        assert sim[a, b] > sim[a, others].max()


@shipped
def test_shipped_default_reads_english_words_whole_and_by_meaning(monkeypatch):
    monkeypatch.delenv("TEXTMINE_MODELS", raising=False)
    enc = default_encoder()
    assert enc.manifest["english"]["words"] > 20_000
    assert enc.tokenize(["The engineer fixed the router"]) == [["the", "engineer", "fixed", "the", "router"]]
    # what the pipeline encodes: a clause's aspect text (its nouns, lemmatised)
    x = enc.encode(["engineer", "technician", "bill charge", "invoice payment", "broadband speed",
                    "internet connection", "delivery", "parcel courier"])
    sim = x @ x.T
    for a, b in [(0, 1), (2, 3), (4, 5), (6, 7)]:  # near meanings are nearer each other than any other pair
        others = [j for j in range(8) if j not in (a, b)]
        assert sim[a, b] > sim[a, others].max()


@shipped
def test_shipped_default_segments_like_jieba():
    enc = default_encoder()
    assert enc.tokenize(["物流很快但是客服态度太差了"]) == [["物流", "很快", "但是", "客服", "态度", "太", "差", "了"]]


@shipped
def test_shipped_default_loads_through_sentence_transformers_with_builtin_modules():
    import json

    from sentence_transformers import SentenceTransformer

    modules = json.loads((embed.DEFAULT_ENCODER_PATH / "modules.json").read_text())
    assert [m["type"].rsplit(".", 1)[1] for m in modules] == ["StaticEmbedding", "Normalize"]
    texts = ["物流很快，但是客服态度太差", "這個產品質量很好", ""]
    ours = default_encoder().encode(texts)
    theirs = SentenceTransformer(str(embed.DEFAULT_ENCODER_PATH), device="cpu").encode(texts)
    np.testing.assert_allclose(ours, theirs, atol=1e-5)
    assert (embed.DEFAULT_ENCODER_PATH / "MODEL_CARD.md").is_file()
