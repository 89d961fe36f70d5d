import numpy as np
import pytest

# three planted themes with their own words, plus noise
TOPICS = {
    "delivery": (["物流", "很快", "快递", "到货"], ["物流很快", "快递第二天到", "到货及时"]),
    "service": (["客服", "态度", "回复", "耐心"], ["客服态度好", "客服回复快", "客服很耐心"]),
    "price": (["价格", "便宜", "优惠", "性价比"], ["价格便宜", "优惠多", "性价比高"]),
}


@pytest.fixture
def planted():
    rng = np.random.default_rng(0)
    d = 32
    centers = rng.normal(size=(3, d))
    X, tokens, texts, truth = [], [], [], []
    for t, (name, (words, phrases)) in enumerate(TOPICS.items()):
        for i in range(120 - 30 * t):  # sizes 120, 90, 60
            X.append(centers[t] + 0.35 * rng.normal(size=d))
            k = rng.integers(len(phrases))
            texts.append(phrases[k] + ("！" if i % 2 else ""))
            tokens.append(list(rng.choice(words, 2, replace=False)) + ["的", "很"])
            truth.append(t)
    for i in range(15):
        X.append(rng.normal(size=d) * 2)
        texts.append("随便说说")
        tokens.append(["随便", "说说"])
        truth.append(-1)
    return np.asarray(X, dtype=np.float32), tokens, texts, np.asarray(truth)
