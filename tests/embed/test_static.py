import json
import time

import numpy as np
import pytest

from textmine.embed import StaticEncoder, get_encoder
from textmine.errors import IntegrityError, ModelError


def test_encode_contract(static_dir, clauses):
    enc = StaticEncoder(static_dir)
    x = enc.encode(clauses)
    assert x.dtype == np.float32 and x.shape == (len(clauses), 16) and x.flags.c_contiguous
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1.0, rtol=1e-5)
    assert enc.encode([]).shape == (0, 16)


def test_id_names_model_version_and_weights(static_dir):
    enc = StaticEncoder(static_dir)
    manifest = json.loads((static_dir / "textmine_model.json").read_text())
    assert enc.id == f"tiny-static@0.1+{manifest['files_sha256']['model.safetensors'][:12]}"


def test_same_vectors_as_sentence_transformers(static_dir, clauses):
    from sentence_transformers import SentenceTransformer

    ours = StaticEncoder(static_dir).encode(clauses + ["", "物流很快,客服态度太差"])
    theirs = SentenceTransformer(str(static_dir), device="cpu").encode(clauses + ["", "物流很快,客服态度太差"])
    np.testing.assert_allclose(ours, theirs, atol=1e-5)


def test_text_with_nothing_to_embed_gives_a_zero_row(static_dir):
    x = StaticEncoder(static_dir).encode(["", "！！", "   ", "物流"])
    assert np.all(x[:3] == 0) and abs(np.linalg.norm(x[3]) - 1) < 1e-5


def test_batch_size_does_not_change_vectors(static_dir, clauses):
    enc = StaticEncoder(static_dir)
    np.testing.assert_array_equal(enc.encode(clauses, batch_size=1), enc.encode(clauses, batch_size=1000))


def test_tokenize_uses_vocabulary_words(static_dir):
    assert StaticEncoder(static_dir).tokenize(["物流很快"]) == [["物流", "很快"]]


def test_missing_directory_fails_at_once(tmp_path):
    start = time.perf_counter()
    with pytest.raises(ModelError, match="does not exist; expected a folder with modules.json"):
        StaticEncoder(tmp_path / "nope")
    assert time.perf_counter() - start < 1


def test_non_static_directory_is_refused(st_dir):
    with pytest.raises(ModelError, match="is not a StaticEmbedding model"):
        StaticEncoder(st_dir)


def test_tampered_weights_raise_integrity_error(static_dir, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(static_dir, copy)
    data = bytearray((copy / "model.safetensors").read_bytes())
    data[-1] ^= 0xFF
    (copy / "model.safetensors").write_bytes(bytes(data))
    with pytest.raises(IntegrityError, match="model.safetensors .* does not match the sha256"):
        StaticEncoder(copy)
    StaticEncoder(copy, verify=False)  # the user can still opt out


def test_save_round_trip(static_dir, tmp_path, clauses):
    enc = StaticEncoder(static_dir)
    copy = StaticEncoder.from_arrays(enc.tokenizer, enc.weights * 2, "tiny-x@2", manifest={"name": "tiny-x",
                                                                                           "version": "2"})
    out = copy.save(tmp_path / "saved")
    again = get_encoder(out)
    assert isinstance(again, StaticEncoder) and again.id.startswith("tiny-x@2+")
    np.testing.assert_allclose(again.encode(clauses), enc.encode(clauses), atol=1e-6)
    with pytest.raises(ModelError, match="already exists"):
        copy.save(out)
