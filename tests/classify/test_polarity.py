import numpy as np
import pytest

from textmine.classify import PolarityClassifier
from textmine.errors import ConfigError, NotFittedError

POS = ["很好", "非常满意", "物流很快", "质量不错", "客服很耐心", "价格实惠", "推荐购买", "包装精美"]
NEG = ["很差", "非常失望", "物流太慢", "质量不好", "客服不理人", "太贵了", "不推荐", "包装破损"]


def test_binary_zero_one_labels_mean_negative_positive():
    clf = PolarityClassifier().fit(POS + NEG, [1] * 8 + [0] * 8)
    assert list(clf.classes_) == ["negative", "positive"]
    assert clf.predict(["很满意", "太差了"]).tolist() == ["positive", "negative"]
    s = clf.sentiment(["很满意", "太差了"])
    assert s[0] > 0 > s[1] and np.all(np.abs(s) <= 1)
    P = clf.predict_proba(["一般"])
    assert P.shape == (1, 2) and P.sum() == pytest.approx(1.0)


def test_validation():
    with pytest.raises(NotFittedError):
        PolarityClassifier().predict(["好"])
    with pytest.raises(ConfigError, match="at least two classes"):
        PolarityClassifier().fit(POS, ["positive"] * 8)
