import textmine.classify as tc

EXPECTED = ["MODEL_FORMAT_VERSION", "EvaluationResult", "LabelReport", "LabelSet", "PolarityClassifier",
            "ReasonClassifier", "TrainReport", "cross_validate_labels", "evaluate", "load_classifier",
            "read_labels", "save_model", "suggest", "train_version", "weak_labels"]


def test_all_is_pinned():
    assert sorted(tc.__all__) == sorted(EXPECTED)
    for name in tc.__all__:
        assert getattr(tc, name) is not None
