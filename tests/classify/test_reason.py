import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from textmine.classify import ReasonClassifier
from textmine.errors import ConfigError, InputError, NotFittedError
from textmine.themes import ThemeResult

LABELS = ["价格", "客服", "物流"]


def test_constructor_stores_params_only():
    clf = ReasonClassifier(C=2.0, char_ngrams=(2, 3), exclusive=True)
    assert clf.get_params()["C"] == 2.0 and clf.get_params()["char_ngrams"] == (2, 3)
    assert not [a for a in vars(clf) if a.endswith("_")]
    c2 = clone(clf)
    assert c2.get_params() == clf.get_params() and c2 is not clf


def test_unfitted_use_raises():
    with pytest.raises(NotFittedError, match="not fitted"):
        ReasonClassifier().predict(["物流很快"])


def test_fit_returns_self_and_learned_attributes(dataset):
    texts, rows, Y = dataset
    clf = ReasonClassifier(cv=0)
    assert clf.fit(texts, rows) is clf
    assert list(clf.classes_) == LABELS  # sorted label names from the lists
    assert clf.coef_.shape == (3, clf.features_.n_features_)
    assert clf.thresholds_.tolist() == [0.5, 0.5, 0.5]  # cv=0: no tuning
    assert clf.cv_folds_ == 0


def test_predictions_on_unseen_answers(fitted):
    P = fitted.predict_proba(["快递送得很快", "价格太贵", "客服不理人", "物流慢而且客服态度差"])
    assert P.shape == (4, 3) and ((P >= 0) & (P <= 1)).all()
    assert fitted.predict_labels(["快递送得很快", "价格太贵", "客服不理人"]) == [["物流"], ["价格"], ["客服"]]
    two = fitted.predict_labels(["物流慢而且客服态度差"])[0]
    assert set(two) == {"物流", "客服"}
    assert fitted.cv_folds_ == 3
    assert ((fitted.thresholds_ >= 0.1) & (fitted.thresholds_ <= 0.9)).all()


def test_exclusive_gives_one_label_each(dataset):
    texts, rows, Y = dataset
    single = [i for i, r in enumerate(rows) if len(r) == 1]
    clf = ReasonClassifier(exclusive=True, cv=2).fit([texts[i] for i in single], Y[single], labels=LABELS)
    pred = clf.predict(["物流慢而且客服态度差", "一般"])
    assert pred.sum(axis=1).tolist() == [1, 1]


def test_score_is_macro_f1(fitted, dataset):
    texts, rows, Y = dataset
    from sklearn.metrics import f1_score

    assert fitted.score(texts, Y) == pytest.approx(f1_score(Y, fitted.predict(texts), average="macro"))


def test_validation_in_fit(dataset):
    texts, rows, Y = dataset
    with pytest.raises(ConfigError, match="C=-1 must be a positive number"):
        ReasonClassifier(C=-1).fit(texts, Y)
    with pytest.raises(InputError, match=r"labels \['L1'\] have no positive"):
        ReasonClassifier().fit(texts[:4], np.array([[1, 0], [0, 0], [1, 0], [0, 0]]))
    with pytest.raises(InputError, match="X has 2 texts but y has 3 rows"):
        ReasonClassifier().fit(["a", "b"], np.array([[1], [0], [1]]))
    with pytest.raises(InputError, match="single string"):
        ReasonClassifier().fit("物流很快", [[1]])


def test_code_clauses_builds_theme_result(fitted):
    from textmine.text import to_clauses

    frame = pd.DataFrame({"respondent_id": ["a", "b", "c"], "text": ["物流很快，但是客服态度很差", "价格便宜", "无"]})
    clauses = to_clauses(frame, progress=False)
    resp = pd.DataFrame({"respondent_id": ["a", "b", "c"], "score": [6, 10, 8],
                         "nps_group": ["detractor", "promoter", "passive"]})
    res = fitted.code_clauses(clauses, None, resp)
    assert isinstance(res, ThemeResult)
    m = res.mentions
    got = m[m["source"] == "classifier"]
    assert set(zip(got["respondent_id"], got["theme"])) == {("a", "物流"), ("a", "客服"), ("b", "价格")}
    P = fitted.predict_proba(clauses.loc[clauses["respondent_id"] == "b", "text"].tolist())
    assert got.loc[got["respondent_id"] == "b", "similarity"].iloc[0] == pytest.approx(P[0, 0])
    assert (m.loc[m["respondent_id"] == "c", "theme"] == "NC").all()
    assert got.loc[got["theme"] == "客服", "polarity"].iloc[0] == "negative"  # lexicon polarity per clause
    t = res.to_frame().set_index("theme")
    assert t.loc["价格", "name"] == "价格 price" and t.loc["价格", "n"] == 1


def test_trained_polarity_model_is_used(dataset):
    texts, rows, Y = dataset
    pol = ["negative" if any(w in t for w in ("慢", "差", "贵", "没人", "麻烦", "冷淡", "推脱", "破损", "不更新"))
           else "positive" for t in texts]
    clf = ReasonClassifier(cv=0).fit(texts, Y, labels=LABELS, polarity=pol)
    assert clf.polarity_model_ is not None
    lab, s = clf.polarity(["发货太慢了", "客服很耐心"])
    assert lab.tolist() == ["negative", "positive"]
    assert s[0] < 0 < s[1]


def test_self_training_uses_unlabelled_answers(dataset):
    texts, rows, Y = dataset
    few = [0, 1, 12, 13, 24, 25, 2, 14, 26]  # three answers per theme
    unl = ["快递很快就到了", "物流太慢", "价格很便宜", "真贵", "客服很耐心", "客服不理人"] * 2 + ["", "快递很快就到了"]
    clf = ReasonClassifier(self_training=1, pseudo_per_label=2, cv=0)
    clf.fit([texts[i] for i in few], Y[few], labels=LABELS, unlabelled=unl)
    assert clf.n_train_ == 9 and 2 <= clf.n_pseudo_ <= 6  # distinct non-empty unlabelled answers only
    base = ReasonClassifier(cv=0).fit([texts[i] for i in few], Y[few], labels=LABELS)
    assert base.n_pseudo_ == 0
    assert not np.array_equal(clf.coef_.shape, base.coef_.shape) or not np.allclose(clf.intercept_, base.intercept_)
    with pytest.raises(ConfigError, match="pseudo_per_label=0 must be a positive integer"):
        ReasonClassifier(self_training=1, pseudo_per_label=0).fit(texts, Y, labels=LABELS, unlabelled=["物流"])


def test_defaults_use_the_shipped_encoder_and_self_train_only_with_unlabelled_answers(dataset):
    # the benchmarked defaults (classify_quality.json): encoder vectors at weight 0.5 beside the TF-IDF
    # features, 2 rounds of self-training when unlabelled answers are given
    texts, rows, Y = dataset
    clf = ReasonClassifier(cv=0).fit(texts, Y, labels=LABELS)
    feats = clf.features_
    assert clf.embed_weight == 0.5 and feats.encoder_id_ is not None
    assert feats.n_features_ == len(feats.word_vocab_) + len(feats.char_vocab_) + feats.embed_dim_
    assert feats.embed_dim_ > 0 and clf.n_pseudo_ == 0
    few = [0, 1, 12, 13, 24, 25]
    st = ReasonClassifier(cv=0, pseudo_per_label=1).fit([texts[i] for i in few], Y[few], labels=LABELS,
                                                        unlabelled=["快递很快就到了", "价格很便宜", "客服很耐心"])
    assert st.self_training == 2 and 1 <= st.n_pseudo_ <= 3
    plain = ReasonClassifier(cv=0, embed_weight=0).fit(texts, Y, labels=LABELS)
    assert plain.features_.encoder_id_ is None and plain.features_.embed_dim_ == 0
