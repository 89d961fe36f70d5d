import numpy as np
import pytest

from textmine.classify._split import hash_holdout, iterative_stratified_folds
from textmine.errors import ConfigError


def test_folds_spread_every_label():
    rng = np.random.default_rng(0)
    Y = (rng.random((300, 5)) < [0.5, 0.2, 0.1, 0.05, 0.02]).astype(int)
    f = iterative_stratified_folds(Y, n_splits=5, random_state=0)
    assert set(f) == {0, 1, 2, 3, 4}
    sizes = np.bincount(f)
    assert sizes.max() - sizes.min() <= 2
    for j in range(5):
        per = np.bincount(f[Y[:, j] == 1], minlength=5)
        assert per.max() - per.min() <= 1, (j, per)
    assert (iterative_stratified_folds(Y, 5, random_state=0) == f).all()  # seeded


def test_folds_reject_bad_n_splits():
    with pytest.raises(ConfigError, match="n_splits=1 must be between 2"):
        iterative_stratified_folds(np.ones((4, 1)), n_splits=1)


def test_hash_holdout_is_stable_and_sized():
    texts = [f"回答{i}" for i in range(2000)]
    h = hash_holdout(texts, 0.2)
    assert 0.17 < h.mean() < 0.23
    # the same text is held out whatever else is in the file
    h2 = hash_holdout(texts[::-1] + ["新的回答"], 0.2)
    assert (h2[:2000][::-1] == h).all()
    assert not hash_holdout(texts, 0.0).any()
