"""Shared test settings (offline, quiet, deterministic) and the coded answers that the classifier tests and the
classifier CLI tests share: answers about delivery (物流), price (价格) and customer service (客服)."""

import os

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DELIVERY = ["物流很快", "快递第二天就到了", "发货太慢了", "物流速度一般", "送货上门很及时", "快递员态度差送货慢",
            "包裹三天才到", "配送很准时", "物流信息一直不更新", "快递包装破损了", "到货速度超快", "发货很及时"]
PRICE = ["价格便宜", "性价比很高", "太贵了不值", "价格实惠", "比超市便宜多了", "这个价格很划算",
         "降价了才买的", "价钱有点贵", "优惠力度大", "性价比一般", "价格公道", "贵了二十块"]
SERVICE = ["客服态度很好", "客服回复太慢", "售后服务很差", "客服很耐心", "找客服没人理", "售后处理很及时",
           "客服解答很专业", "客服态度冷淡", "退货售后很麻烦", "服务热情周到", "客服一直推脱", "售后很负责"]
LABELS = ["价格", "客服", "物流"]


def _dataset():
    texts, rows = [], []
    for lab, items in (("物流", DELIVERY), ("价格", PRICE), ("客服", SERVICE)):
        for t in items:
            texts.append(t)
            rows.append([lab])
    # two-theme answers
    for a, b in zip(DELIVERY[:8], PRICE[:8]):
        texts.append(a + "，" + b)
        rows.append(["物流", "价格"])
    for a, b in zip(SERVICE[:6], DELIVERY[4:10]):
        texts.append(a + "，" + b)
        rows.append(["客服", "物流"])
    Y = np.array([[lab in r for lab in LABELS] for r in rows], dtype=np.int8)
    return texts, rows, Y


@pytest.fixture(scope="session")
def dataset():
    return _dataset()


@pytest.fixture(scope="session")
def fitted(dataset):
    from textmine.classify import ReasonClassifier

    texts, rows, Y = dataset
    return ReasonClassifier().fit(texts, Y, labels=LABELS, names={"价格": "价格 price", "客服": "客服 service",
                                                                  "物流": "物流 delivery"})


@pytest.fixture(scope="session")
def saved(fitted, tmp_path_factory):
    from textmine.classify import save_model

    d = tmp_path_factory.mktemp("model") / "v1"
    save_model(fitted, d, metrics={"note": "fixture"}, training={"n_rows": 50})
    return d


@pytest.fixture
def codebook_file(tmp_path):
    from textmine.themes import Codebook, Theme

    cb = Codebook([Theme(id="T01", name="物流", keywords=["物流", "快递", "发货"], seeds=["送货", "配送"]),
                   Theme(id="T02", name="价格", keywords=["价格", "便宜", "贵"], seeds=["性价比"]),
                   Theme(id="T03", name="客服", keywords=["客服", "售后"], seeds=["服务态度"])])
    path = tmp_path / "codebook.yaml"
    cb.save(path)
    return path
