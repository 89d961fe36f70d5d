import multiprocessing as mp
import warnings

import numpy as np
import pytest

from textmine.embed import CachedEncoder, EmbeddingCache
from textmine.embed._cache import cache_text, text_key
from textmine.errors import ConfigError


def test_miss_then_hit_gives_identical_vectors(tmp_path, fake_encoder, clauses):
    enc = CachedEncoder(fake_encoder, EmbeddingCache(tmp_path))
    first = enc.encode(clauses)
    assert (enc.last_hits_, enc.last_misses_) == (0, len(clauses))
    again = CachedEncoder(type(fake_encoder)(), EmbeddingCache(tmp_path))  # a new run, same encoder id
    second = again.encode(clauses)
    assert (again.last_hits_, again.last_misses_) == (len(clauses), 0) and again.encoder.seen == []
    np.testing.assert_array_equal(first, second)
    assert second.dtype == np.float32 and second.shape == (len(clauses), 8)


def test_partial_hits_encode_only_the_new_texts(tmp_path, fake_encoder):
    enc = CachedEncoder(fake_encoder, EmbeddingCache(tmp_path))
    enc.encode(["物流很快", "客服态度太差"])
    fake_encoder.seen.clear()
    x = enc.encode(["客服态度太差", "价格便宜", "物流很快"])
    assert fake_encoder.seen == ["价格便宜"] and (enc.last_hits_, enc.last_misses_) == (2, 1)
    np.testing.assert_array_equal(x, fake_encoder.encode(["客服态度太差", "价格便宜", "物流很快"]))


def test_key_ignores_whitespace_and_unicode_form_and_duplicates_encode_once(tmp_path, fake_encoder):
    enc = CachedEncoder(fake_encoder, EmbeddingCache(tmp_path))
    x = enc.encode(["物流 很快", "  物流   很快 ", "物流\t很快", "e\u0301"])
    assert fake_encoder.seen == ["物流 很快", "\u00e9"]
    np.testing.assert_array_equal(x[0], x[1])
    np.testing.assert_array_equal(x[0], x[2])
    assert cache_text(" a \n b ") == "a b" and text_key("a b") == text_key(cache_text(" a  b"))


def test_other_encoder_id_does_not_share_vectors(tmp_path, fake_encoder):
    cache = EmbeddingCache(tmp_path)
    CachedEncoder(fake_encoder, cache).encode(["物流很快"])
    other = type(fake_encoder)(id="fake@2")
    CachedEncoder(other, cache).encode(["物流很快"])
    assert other.seen == ["物流很快"]


def test_cache_files_hold_hashes_not_texts(tmp_path, fake_encoder):
    CachedEncoder(fake_encoder, EmbeddingCache(tmp_path)).encode(["客服态度太差"])
    blobs = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert "客服态度太差".encode("utf-8") not in blobs and text_key("客服态度太差") in blobs


def test_size_limit_prunes_least_recently_used(tmp_path, fake_encoder):
    cache = EmbeddingCache(tmp_path, max_bytes=10**9)
    enc = CachedEncoder(fake_encoder, cache)
    for i in range(5):
        enc.encode([f"第{i}批{j}" for j in range(50)])
    one_chunk = cache.size_bytes() // 5
    assert cache.size_bytes() > 2 * one_chunk
    cache.max_bytes = 2 * one_chunk + 10
    cache.prune()
    assert cache.size_bytes() <= cache.max_bytes
    fake_encoder.seen.clear()
    enc.encode(["第4批0"])  # newest batch survived
    assert fake_encoder.seen == []
    enc.encode(["第0批0"])  # oldest was pruned
    assert fake_encoder.seen == ["第0批0"]


def test_clear_one_encoder_or_all(tmp_path, fake_encoder):
    cache = EmbeddingCache(tmp_path)
    CachedEncoder(fake_encoder, cache).encode(["a"])
    CachedEncoder(type(fake_encoder)(id="other"), cache).encode(["a"])
    cache.clear("other")
    assert cache.get("other", [text_key("a")], 8)[0].tolist() == [False]
    assert cache.get(fake_encoder.id, [text_key("a")], 8)[0].tolist() == [True]
    cache.clear()
    assert cache.size_bytes() == 0 and not cache.root.exists()


def test_many_chunks_are_compacted_without_losing_vectors(tmp_path, fake_encoder):
    cache = EmbeddingCache(tmp_path)
    enc = CachedEncoder(fake_encoder, cache)
    for i in range(40):
        enc.encode([f"句子{i}"])
    assert len(cache._chunks(fake_encoder.id)) < 10
    found, vecs = cache.get(fake_encoder.id, [text_key(f"句子{i}") for i in range(40)], 8)
    assert found.all()
    np.testing.assert_array_equal(vecs, fake_encoder.encode([f"句子{i}" for i in range(40)]))


def test_damaged_chunk_is_skipped_with_a_warning(tmp_path, fake_encoder):
    cache = EmbeddingCache(tmp_path)
    CachedEncoder(fake_encoder, cache).encode(["a"])
    (cache.encoder_dir(fake_encoder.id) / "chunk-99999999999999999999-0-bad.npz").write_bytes(b"not a zip")
    with pytest.warns(UserWarning, match="skipping unreadable cache file"):
        found, _ = cache.get(fake_encoder.id, [text_key("a")], 8)
    assert found.tolist() == [True]


def test_bad_limit_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="max_bytes=-1 must be an integer >= 0"):
        EmbeddingCache(tmp_path, max_bytes=-1)


def _writer(args):
    directory, worker = args
    import hashlib

    cache = EmbeddingCache(directory)
    keys = [text_key(f"共享{i}") for i in range(200)]
    vecs = np.stack([np.frombuffer(hashlib.sha256(k).digest(), dtype=np.uint8)[:8].astype(np.float32)
                     for k in keys])
    for _ in range(5):
        cache.put("shared@1", keys, vecs)  # every writer writes the same vectors
        found, got = cache.get("shared@1", keys, 8)
        assert found.all() and np.array_equal(got, vecs)
    return worker


def test_concurrent_writers_never_expose_partial_files(tmp_path):
    ctx = mp.get_context("spawn")
    with ctx.Pool(4) as pool:
        assert sorted(pool.map(_writer, [(str(tmp_path), w) for w in range(4)])) == [0, 1, 2, 3]
    cache = EmbeddingCache(tmp_path)
    assert not list(cache.root.rglob(".tmp-*"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found, _ = cache.get("shared@1", [text_key(f"共享{i}") for i in range(200)], 8)
    assert found.all()
