"""scikit-learn's own estimator checks on textmine's estimators, with every expected failure and its reason.

ThemeDiscoverer takes a 2-D float matrix of clause vectors and runs every check. ReasonClassifier and
PolarityClassifier read texts: their honest tags (``input_tags.string``, not ``two_d_array``) make scikit-learn
skip every check but the clone check, because its checks feed numeric matrices. So they are also checked through
a view that differs only by claiming ``two_d_array``: each check that feeds a numeric matrix is listed with its
reason, the ones that pass are genuine API checks; and the contract those data checks test is tested on texts
below.
"""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError as SklearnNotFittedError
from sklearn.utils import get_tags
from sklearn.utils.estimator_checks import parametrize_with_checks
from sklearn.utils.validation import check_is_fitted

from textmine.classify import PolarityClassifier, ReasonClassifier
from textmine.errors import InputError, NotFittedError
from textmine.themes import ThemeDiscoverer

# small parameters: every estimator's checks run in a few seconds
THEMES = ThemeDiscoverer(min_cluster_size=5, n_components=2)
REASON = dict(embed_weight=0, cv=2, self_training=0, min_df=1)  # no encoder: nothing to load
POLARITY = dict(min_df=1)

THEMES_FAILS = {
    "check_fit2d_1sample": "one sample raises ConfigError 'theme discovery needs at least 10 clauses with content; "
                           "found 1' (a ValueError naming the count, not in scikit-learn's wording)",
}


@parametrize_with_checks([THEMES, ReasonClassifier(**REASON), PolarityClassifier(**POLARITY)],
                         expected_failed_checks=lambda est: THEMES_FAILS if isinstance(est, ThemeDiscoverer) else {})
def test_scikit_learn_checks(estimator, check):
    check(estimator)


# -- the text classifiers through a view that lets scikit-learn feed them numbers -------------------------------
class _ReasonView(ReasonClassifier):
    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = True
        return tags


class _PolarityView(PolarityClassifier):
    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = True
        return tags


_MATRIX = "feeds a numeric matrix as X; the classifier reads a 1-D sequence of texts and rejects it with InputError"
_FEED_MATRIX = [
    "check_fit_score_takes_y", "check_estimators_overwrite_params", "check_dont_overwrite_parameters",
    "check_estimators_fit_returns_self", "check_readonly_memmap_input", "check_n_features_in_after_fitting",
    "check_positive_only_tag_during_fit", "check_estimators_dtypes", "check_dtype_object",
    "check_pipeline_consistency", "check_estimators_pickle", "check_f_contiguous_array_estimator",
    "check_classifiers_one_label", "check_classifiers_classes", "check_classifiers_train", "check_supervised_y_2d",
    "check_methods_sample_order_invariance", "check_methods_subset_invariance", "check_fit2d_1sample",
    "check_fit2d_1feature", "check_dict_unchanged", "check_fit_idempotent", "check_fit_check_is_fitted",
    "check_n_features_in", "check_fit2d_predict1d", "check_requires_y_none", "check_classifiers_regression_target",
]
_TEXT_FAILS = {
    **{name: _MATRIX for name in _FEED_MATRIX},
    "check_complex_data": _MATRIX + " (as a 2-D array, before its complex values are looked at)",
    "check_estimators_empty_data_messages": _MATRIX + "; texts have no feature count for '0 feature(s)' wording",
    "check_estimators_nan_inf": _MATRIX + " (a None or NaN in a sequence of texts reads as an empty answer)",
    "check_estimator_sparse_tag": "feeds a sparse matrix as X; the classifier reads texts",
    "check_estimator_sparse_array": "feeds a sparse array as X; rejected as not a 1-D sequence of texts, without "
                                    "scikit-learn's 'sparse' wording",
    "check_estimator_sparse_matrix": "feeds a sparse matrix as X; rejected as not a 1-D sequence of texts, without "
                                     "scikit-learn's 'sparse' wording",
    "check_classifier_data_not_an_array": "feeds a wrapped numeric matrix (_NotAnArray); not a sequence of texts",
}
_REASON_FAILS = {
    **_TEXT_FAILS,
    "check_classifier_multioutput": _MATRIX,
    "check_classifiers_multilabel_representation_invariance": _MATRIX,
    "check_classifiers_multilabel_output_format_predict": _MATRIX,
    "check_classifiers_multilabel_output_format_predict_proba": _MATRIX,
    "check_classifiers_multilabel_output_format_decision_function": _MATRIX,
    "check_decision_proba_consistency": _MATRIX,
    "check_class_weight_classifiers": "class_weight is None or 'balanced' (one LinearSVC per label); a dict of "
                                      "class weights is rejected with ConfigError",
}


@parametrize_with_checks([_ReasonView(**REASON), _PolarityView(**POLARITY)],
                         expected_failed_checks=lambda est: _REASON_FAILS if isinstance(est, ReasonClassifier)
                         else _TEXT_FAILS)
def test_scikit_learn_checks_of_the_text_classifiers_fed_numbers(estimator, check):
    check(estimator)


def test_text_classifiers_declare_text_input():
    for est in (ReasonClassifier(), PolarityClassifier()):
        tags = get_tags(est)
        assert tags.input_tags.string and not tags.input_tags.two_d_array
        assert not tags.non_deterministic
    assert get_tags(ReasonClassifier()).classifier_tags.multi_label
    assert get_tags(ThemeDiscoverer()).input_tags.allow_nan  # non-finite vectors are left unassigned


# -- the contract of the data checks, on texts --------------------------------------------------------------------
POS = ["物流很快", "快递第二天就到了", "送货上门很及时", "客服很耐心", "售后处理很及时", "价格实惠", "性价比很高",
       "包装精美", "质量不错", "服务热情周到"]
NEG = ["发货太慢了", "包裹三天才到", "快递包装破损了", "客服回复太慢", "找客服没人理", "太贵了不值", "价钱有点贵",
       "质量不好", "售后很差", "客服态度冷淡"]
TEXTS = POS + NEG
ROWS = [["物流"], ["物流"], ["物流"], ["客服"], ["客服"], ["价格"], ["价格"], ["物流"], ["价格"], ["客服"],
        ["物流"], ["物流"], ["物流"], ["客服"], ["客服"], ["价格"], ["价格"], ["价格"], ["客服"], ["客服"]]
NEW = ["快递很快", "客服不理人", "价格太贵", "一般", "物流慢而且客服态度差", ""]


def _cases():
    return [pytest.param(ReasonClassifier(**REASON), ROWS, id="ReasonClassifier"),
            pytest.param(PolarityClassifier(**POLARITY), ["positive"] * 10 + ["negative"] * 10,
                         id="PolarityClassifier")]


@pytest.mark.parametrize("est, y", _cases())
def test_text_fit_returns_self_and_keeps_parameters(est, y):
    params = repr(est.get_params())
    with pytest.raises(SklearnNotFittedError):
        check_is_fitted(est)
    with pytest.raises(SklearnNotFittedError, match="is not fitted yet; call fit"):
        est.predict(NEW)
    assert est.fit(TEXTS, y) is est
    check_is_fitted(est)
    assert repr(est.get_params()) == params
    assert not hasattr(clone(est), "coef_")


@pytest.mark.parametrize("est, y", _cases())
def test_text_predictions_are_idempotent_picklable_and_order_free(est, y):
    P = est.fit(TEXTS, y).predict_proba(NEW)
    state = dict(vars(est))
    est.predict(NEW)
    assert vars(est).keys() == state.keys() and all(vars(est)[k] is v for k, v in state.items())  # predict sets nothing
    np.testing.assert_array_equal(clone(est).fit(TEXTS, y).predict_proba(NEW), P)  # fit is idempotent
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(est)).predict_proba(NEW), P)
    order = np.array([4, 1, 5, 0, 3, 2])
    np.testing.assert_allclose(est.predict_proba([NEW[i] for i in order]), P[order], rtol=1e-6)
    np.testing.assert_allclose(np.vstack([est.predict_proba(NEW[:2]), est.predict_proba(NEW[2:])]), P, rtol=1e-6)


@pytest.mark.parametrize("est, y", _cases())
def test_text_classifiers_reject_a_matrix_and_name_it(est, y):
    with pytest.raises(InputError, match=r"expected a 1-D sequence of texts; found a ndarray of shape \(20, 3\)"):
        est.fit(np.zeros((20, 3)), y)


def test_not_fitted_errors_are_scikit_learns_and_textmines():
    assert issubclass(NotFittedError, SklearnNotFittedError)
    for est, x in ((ReasonClassifier(), NEW), (PolarityClassifier(), NEW), (ThemeDiscoverer(), np.ones((2, 3)))):
        with pytest.raises(NotFittedError, match=rf"^this {type(est).__name__} is not fitted yet; call fit\("):
            est.predict(x)
