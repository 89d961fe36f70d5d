import os
import time

import numpy as np
import pytest

from textmine.embed import SentenceTransformerEncoder, get_encoder
from textmine.embed._st import looks_like_hub_name, offline_env
from textmine.errors import ModelError


def test_any_model_directory_is_one_option_away(st_dir, clauses):
    """Swapping in another sentence-transformers model needs only its path."""
    from sentence_transformers import SentenceTransformer

    enc = get_encoder(st_dir)
    assert isinstance(enc, SentenceTransformerEncoder)
    x = enc.encode(clauses)
    assert x.dtype == np.float32 and x.shape == (len(clauses), 8)
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1.0, rtol=1e-5)
    ref = SentenceTransformer(str(st_dir), device="cpu").encode(clauses, normalize_embeddings=True)
    np.testing.assert_allclose(x, ref, atol=1e-5)
    assert enc.id.startswith("st:tiny-dense+") and len(enc.id) == len("st:tiny-dense+") + 12


def test_static_directory_can_be_forced_through_sentence_transformers(static_dir, clauses):
    a = get_encoder(static_dir, backend="sentence-transformers")
    b = get_encoder(static_dir)
    assert isinstance(a, SentenceTransformerEncoder)
    np.testing.assert_allclose(a.encode(clauses, batch_size=3), b.encode(clauses), atol=1e-5)


def test_offline_flags_are_set_during_load_and_restored(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "0")
    with offline_env():
        assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert "HF_HUB_OFFLINE" not in os.environ and os.environ["TRANSFORMERS_OFFLINE"] == "0"


@pytest.mark.parametrize("path", ["./models/does-not-exist", "/no/such/dir", "C:\\models\\bge", "~/x/y/z"])
def test_missing_local_model_fails_at_once(path):
    start = time.perf_counter()
    with pytest.raises(ModelError, match="does not exist; expected a sentence-transformers model folder"):
        SentenceTransformerEncoder(path)
    assert time.perf_counter() - start < 1


def test_folder_that_is_not_a_model_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ModelError, match=r"neither modules.json nor config.json \(found \['notes.txt'\]\)"):
        get_encoder(tmp_path)


@pytest.mark.parametrize("name,expected", [("BAAI/bge-small-zh-v1.5", True), ("all-MiniLM-L6-v2", True),
                                           ("./bge", False), ("a/b/c", False), ("/abs/path", False),
                                           ("~/m", False)])
def test_hub_name_shape(name, expected):
    assert looks_like_hub_name(name) is expected
