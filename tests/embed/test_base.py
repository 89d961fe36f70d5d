import numpy as np
import pytest

from textmine.embed import Encoder
from textmine.embed._base import check_batch_size, check_texts, dir_fingerprint, encode_in_batches, l2_normalise
from textmine.errors import ConfigError, InputError


def test_bare_string_is_refused_with_a_fix():
    with pytest.raises(InputError, match=r"got a single string; wrap it in a list"):
        check_texts("物流很快")


def test_non_string_elements_are_named_by_position_not_content():
    with pytest.raises(InputError, match=r"2 element\(s\) are not \(positions \[1, 3\], types \['NoneType', 'float'\]"):
        check_texts(["物流很快", None, "客服态度太差", float("nan")])


def test_any_iterable_of_strings_is_accepted():
    assert check_texts(("a", "b")) == ["a", "b"]
    assert check_texts(np.array(["a", "b"], dtype=object)) == ["a", "b"]


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "8"])
def test_batch_size_must_be_a_positive_integer(bad):
    with pytest.raises(ConfigError, match="must be an integer >= 1"):
        check_batch_size(bad)


def test_l2_normalise_keeps_zero_rows_zero():
    x = l2_normalise(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert x.dtype == np.float32
    np.testing.assert_allclose(x, [[0.6, 0.8], [0.0, 0.0]])


def test_encode_in_batches_is_independent_of_batch_size(fake_encoder):
    texts = [f"第{i}条" for i in range(25)]
    a = encode_in_batches(texts, 8, 4, False, fake_encoder.encode)
    b = encode_in_batches(texts, 8, 100, True, fake_encoder.encode)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (25, 8)


def test_encode_in_batches_checks_the_shape_it_gets():
    with pytest.raises(InputError, match=r"returned shape \(2, 3\) for a batch of 2; expected \(2, 4\)"):
        encode_in_batches(["a", "b"], 4, 10, False, lambda t: np.zeros((len(t), 3)))


def test_fake_encoder_satisfies_the_protocol(fake_encoder):
    assert isinstance(fake_encoder, Encoder)
    assert not isinstance(object(), Encoder)


def test_dir_fingerprint_follows_content(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    first = dir_fingerprint(tmp_path)
    assert len(first) == 12 and dir_fingerprint(tmp_path) == first
    (tmp_path / "config.json").write_text('{"a": 1}')
    assert dir_fingerprint(tmp_path) != first
