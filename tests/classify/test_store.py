import hashlib
import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from textmine.classify import load_classifier, save_model
from textmine.errors import IntegrityError, ModelError

PROBE = ["快递送得很快", "价格太贵", "客服不理人", "物流慢而且客服态度差", "还行"]


def _copy(saved, tmp_path):
    d = tmp_path / "copy"
    shutil.copytree(saved, d)
    return d


def _rehash_manifest(d, edit):
    m = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    edit(m)
    body = {k: v for k, v in m.items() if k != "manifest_sha256"}
    m["manifest_sha256"] = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False)
                                          .encode("utf-8")).hexdigest()
    (d / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")


def test_directory_contents_and_manifest(saved, fitted):
    names = {p.name for p in saved.iterdir()}
    assert {"manifest.json", "MODEL_CARD.md", "coef.npy", "features.json", "thresholds.npy"} <= names
    assert not [n for n in names if n.endswith((".pkl", ".pickle", ".joblib"))]
    m = json.loads((saved / "manifest.json").read_text(encoding="utf-8"))
    assert m["format"] == "textmine-classifier" and m["format_version"] == 1 and m["kind"] == "ReasonClassifier"
    assert [t["id"] for t in m["labels"]] == ["价格", "客服", "物流"]
    assert set(m["files"]) == names - {"manifest.json"}
    assert m["thresholds"]["物流"] == pytest.approx(float(fitted.thresholds_[2]))
    assert {"numpy", "scikit-learn", "jieba", "python"} <= set(m["dependencies"])
    assert "快递第二天就到了" not in (saved / "manifest.json").read_text(encoding="utf-8")  # no verbatims


def test_round_trip_same_process(saved, fitted):
    clf = load_classifier(saved)
    assert np.array_equal(clf.predict_proba(PROBE), fitted.predict_proba(PROBE))
    assert clf.names_ == fitted.names_


def test_round_trip_fresh_process(saved, fitted):
    code = ("import sys, json; from textmine.classify import load_classifier; "
            "c = load_classifier(sys.argv[1]); "
            "print(json.dumps(c.predict_proba(json.loads(sys.argv[2])).tolist()))")
    out = subprocess.run([sys.executable, "-c", code, str(saved), json.dumps(PROBE)], capture_output=True,
                         text=True, check=True).stdout
    got = np.array(json.loads(out))
    assert np.array_equal(got, fitted.predict_proba(PROBE))  # bit-identical
    assert np.array_equal((got >= fitted.thresholds_).astype(int), fitted.predict(PROBE))


def test_modified_weight_file_is_refused(saved, tmp_path):
    d = _copy(saved, tmp_path)
    coef = np.load(d / "coef.npy")
    coef[0, 0] += 1.0
    np.save(d / "coef.npy", coef)
    with pytest.raises(IntegrityError, match="model file 'coef.npy' .* does not match the sha256 in manifest.json"):
        load_classifier(d)


def test_edited_manifest_is_refused(saved, tmp_path):
    d = _copy(saved, tmp_path)
    m = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    m["thresholds"]["物流"] = 0.01
    (d / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(IntegrityError, match="manifest.json .* was edited after saving"):
        load_classifier(d)


def test_unknown_format_version_is_refused(saved, tmp_path):
    d = _copy(saved, tmp_path)
    _rehash_manifest(d, lambda m: m.update(format_version=99))
    with pytest.raises(ModelError, match="model format version 99 is not supported; this textmine reads format "
                                         "version 1"):
        load_classifier(d)


def test_untrusted_type_is_refused(saved, tmp_path):
    d = _copy(saved, tmp_path)
    _rehash_manifest(d, lambda m: m.update(kind="sklearn.pipeline.Pipeline"))
    with pytest.raises(IntegrityError, match="untrusted model type 'sklearn.pipeline.Pipeline'"):
        load_classifier(d)


def test_object_array_is_refused(saved, tmp_path):
    d = _copy(saved, tmp_path)
    np.save(d / "platt.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    _rehash_manifest(d, lambda m: m["files"].update({"platt.npy": hashlib.sha256(
        (d / "platt.npy").read_bytes()).hexdigest()}))
    with pytest.raises(IntegrityError, match="'platt.npy' holds an untrusted type"):
        load_classifier(d)


def test_missing_file_and_overwrite(saved, tmp_path, fitted):
    d = _copy(saved, tmp_path)
    (d / "intercept.npy").unlink()
    with pytest.raises(ModelError, match="model file 'intercept.npy' is missing"):
        load_classifier(d)
    with pytest.raises(ModelError, match="already exists and is not empty; models are never overwritten"):
        save_model(fitted, saved)
    with pytest.raises(ModelError, match="model directory not found"):
        load_classifier(tmp_path / "nowhere")


def _replace_file(d, name, data: bytes):
    (d / name).write_bytes(data)
    _rehash_manifest(d, lambda m: m["files"].update({name: hashlib.sha256(data).hexdigest()}))


def test_file_not_in_manifest_is_refused(saved, tmp_path):
    d = _copy(saved, tmp_path)
    (d / "extra_weights.npy").write_bytes(b"\x93NUMPY")
    with pytest.raises(IntegrityError, match=r"holds 'extra_weights.npy', which its manifest.json does not list; "
                                             r"a model directory holds only the files it was saved with: move the "
                                             r"file out of it, or retrain"):
        load_classifier(d)
    (d / "notes").mkdir()
    with pytest.raises(IntegrityError, match=r"holds 'extra_weights.npy' \(and 1 more\)"):
        load_classifier(d)


def test_deeply_nested_features_json_is_one_model_error(saved, tmp_path):
    d = _copy(saved, tmp_path)
    _replace_file(d, "features.json", b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(ModelError, match=r"'features.json' in .* nests 100000 levels deep, more than the 32"):
        load_classifier(d)


def test_brackets_inside_strings_do_not_count_as_nesting(saved, tmp_path):
    from textmine.classify._store import _json_depth

    assert _json_depth(b'{"a": [1, {"b": "[[[[\\"{{{"}]}') == 3
    assert _json_depth((saved / "features.json").read_bytes()) <= 3


def test_deeply_nested_or_huge_manifest_is_one_model_error(saved, tmp_path, monkeypatch):
    from textmine.classify import _store

    d = _copy(saved, tmp_path)
    size = (d / "manifest.json").stat().st_size
    monkeypatch.setitem(_store.MAX_JSON_BYTES, "manifest.json", size - 1)
    with pytest.raises(ModelError, match=rf"'manifest.json' in .* is {size:,} bytes, more than the {size - 1:,}"):
        load_classifier(d)
    monkeypatch.undo()
    (d / "manifest.json").write_text('{"format": ' + "[" * 50_000 + "]" * 50_000 + "}")
    with pytest.raises(ModelError, match="'manifest.json' in .* nests 50001 levels deep"):
        load_classifier(d)


def test_huge_features_json_is_refused_before_reading(saved, tmp_path, monkeypatch):
    from textmine.classify import _store

    d = _copy(saved, tmp_path)
    monkeypatch.setattr(_store, "MAX_FEATURES_JSON_BYTES", 100)
    with pytest.raises(ModelError, match=r"'features.json' in .* bytes, more than the 100 a textmine model file"):
        load_classifier(d)


def test_malformed_features_json_is_one_model_error(saved, tmp_path):
    d = _copy(saved, tmp_path)
    _replace_file(d, "features.json", b'{"params": {}}')
    with pytest.raises(ModelError, match=r"do not have the structure this textmine writes \(the field "
                                         r"'word_vocab' is missing\)"):
        load_classifier(d)
    _replace_file(d, "features.json", b"\xff\xfe not json")
    with pytest.raises(IntegrityError, match="'features.json' in .* is not valid UTF-8 JSON"):
        load_classifier(d)


def test_save_is_atomic_an_interrupted_save_leaves_no_model(fitted, tmp_path, monkeypatch):
    import textmine.classify._store as store

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_model_card", lambda *a, **k: "card")
    monkeypatch.setattr(store.np, "save", boom)
    with pytest.raises(KeyboardInterrupt):
        save_model(fitted, tmp_path / "m1")
    assert list(tmp_path.iterdir()) == []  # neither the model folder nor a temporary one
    monkeypatch.undo()
    (tmp_path / "m2").mkdir()  # an empty folder may be the target
    out = save_model(fitted, tmp_path / "m2")
    assert np.array_equal(load_classifier(out).predict_proba(PROBE), fitted.predict_proba(PROBE))
    assert [p.name for p in tmp_path.iterdir()] == ["m2"]
