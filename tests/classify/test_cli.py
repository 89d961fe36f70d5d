import json

import numpy as np
import pandas as pd
import pytest

from textmine.classify._split import hash_holdout
from textmine.cli import main

NAME = {"物流": "T01", "价格": "T02", "客服": "T03"}


def _labels_file(path, dataset, corrupt_training=False):
    texts, rows, Y = dataset
    labels = [";".join(r) for r in rows]
    if corrupt_training:
        held = hash_holdout(texts, 0.2)
        cycle = {"物流": "价格", "价格": "客服", "客服": "物流"}
        labels = [lab if h else ";".join(cycle[x] for x in lab.split(";")) for lab, h in zip(labels, held)]
    pd.DataFrame({"text": texts, "labels": labels}).to_csv(path, index=False)
    return path


def test_train_retrain_compare_and_refuse_worse(tmp_path, dataset, codebook_file, capsys):
    out = tmp_path / "models" / "reasons"
    f1 = _labels_file(tmp_path / "coded.csv", dataset)
    assert main(["train", str(f1), "--codebook", str(codebook_file), "--out", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "wrote v1" in text and "v1 is the preferred version" in text
    assert json.loads((out / "PREFERRED.json").read_text())["version"] == "v1"
    m1 = json.loads((out / "v1" / "manifest.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in m1["labels"]] == ["T01", "T02", "T03"]
    assert m1["training_data"]["n_holdout"] == int(hash_holdout(dataset[0], 0.2).sum())

    # retrain on the same labels plus extra ones: v2, compared with v1 on the same held-out rows
    texts, rows, Y = dataset
    extra = pd.DataFrame({"text": ["送货师傅很准时", "价格比别家低", "客服小姐姐很热情"], "labels": ["物流", "价格", "客服"]})
    f2 = tmp_path / "coded2.csv"
    pd.concat([pd.read_csv(f1), extra]).to_csv(f2, index=False)
    assert main(["train", str(f2), "--codebook", str(codebook_file), "--out", str(out),
                 "--base", str(out / "v1"), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "wrote v2" in text and "F1 base" in text and "marked preferred" in text
    assert (out / "v1" / "manifest.json").exists()  # never overwritten
    m2 = json.loads((out / "v2" / "manifest.json").read_text(encoding="utf-8"))
    assert m2["metrics"]["base"]["path"].endswith("v1")
    comp = pd.DataFrame(m2["metrics"]["comparison"])
    assert list(comp["label"]) == ["T01", "T02", "T03", "micro", "macro"]
    assert {"f1_new", "f1_base", "delta"} <= set(comp.columns)

    # a model trained on wrong labels is written but not preferred ...
    f3 = _labels_file(tmp_path / "bad.csv", dataset, corrupt_training=True)
    assert main(["train", str(f3), "--codebook", str(codebook_file), "--out", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "v3 is worse than the base" in text and "NOT marked preferred" in text
    assert json.loads((out / "PREFERRED.json").read_text())["version"] == "v2"
    assert (out / "v3" / "manifest.json").exists()
    # ... unless forced
    assert main(["train", str(f3), "--codebook", str(codebook_file), "--out", str(out),
                 "--base", str(out / "v2"), "--force", "--quiet"]) == 0
    assert "marked preferred because force was given" in capsys.readouterr().out
    assert json.loads((out / "PREFERRED.json").read_text())["version"] == "v4"


def test_weak_supervision_then_classify_and_suggest(tmp_path, codebook_file, capsys):
    survey = tmp_path / "survey.csv"
    answers = ["快递很快，价格便宜", "客服态度很好", "发货太慢了", "售后没人理，太贵了", "无", "性价比高",
               "配送准时", "服务态度差", "物流一般般", "价格还行吧"]
    pd.DataFrame({"id": [f"r{i}" for i in range(len(answers))], "answer": answers}).to_csv(survey, index=False)
    out = tmp_path / "models" / "weak"
    assert main(["train", "--codebook", str(codebook_file), "--out", str(out), "--unlabelled", str(survey),
                 "--text", "answer", "--quiet"]) == 0
    assert "wrote v1" in capsys.readouterr().out
    m = json.loads((out / "v1" / "manifest.json").read_text(encoding="utf-8"))
    assert m["training_data"]["source"] == "weak:codebook" and m["training_data"]["n_holdout"] == 0

    mentions = tmp_path / "mentions.csv"
    assert main(["classify", str(survey), "--model", str(out), "--text", "answer", "--id", "id",
                 "--out", str(mentions), "--quiet"]) == 0
    mm = pd.read_csv(mentions, encoding="utf-8-sig")
    assert list(mm.columns) == ["respondent_id", "clause_id", "clause", "theme", "theme_name", "polarity",
                                "sentiment", "similarity", "source"]
    got = mm[mm["source"] == "classifier"]
    assert ((got["similarity"] > 0) & (got["similarity"] <= 1)).all()
    assert ("r2", "T01") in set(zip(got["respondent_id"], got["theme"]))
    assert (mm.loc[mm["respondent_id"] == "r4", "theme"] == "NC").all()

    sug = tmp_path / "to_label.csv"
    assert main(["suggest", str(survey), "--model", str(out / "v1"), "--n", "4", "--text", "answer",
                 "--id", "id", "--out", str(sug)]) == 0
    s = pd.read_csv(sug, encoding="utf-8-sig", keep_default_na=False)
    assert len(s) == 4 and list(s["rank"]) == [1, 2, 3, 4]
    assert s["id"].is_unique and "r4" not in set(s["text"])
    assert {"text", "labels", "uncertainty", "suggested"} <= set(s.columns)


def test_cli_errors_are_one_line(tmp_path, codebook_file, capsys):
    assert main(["classify", str(codebook_file), "--model", str(tmp_path / "none"), "--out",
                 str(tmp_path / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: model directory not found") and err.count("\n") == 1


def test_train_with_encoder_and_self_training(tmp_path, dataset, codebook_file, capsys):
    f1 = _labels_file(tmp_path / "coded.csv", dataset)
    survey = tmp_path / "survey.csv"
    pd.DataFrame({"answer": ["快递很快", "太贵了", "客服很好", "物流慢，客服差"]}).to_csv(survey, index=False)
    out = tmp_path / "models" / "enc"
    assert main(["train", str(f1), "--codebook", str(codebook_file), "--out", str(out), "--unlabelled",
                 str(survey), "--text", "answer", "--embed-weight", "0.5", "--quiet"]) == 1  # 'answer' not in f1
    assert "missing column 'answer' (the text column)" in capsys.readouterr().err
    assert main(["train", str(f1), "--codebook", str(codebook_file), "--out", str(out), "--unlabelled",
                 str(survey), "--embed-weight", "0.5", "--quiet"]) == 0
    m = json.loads((out / "v1" / "manifest.json").read_text(encoding="utf-8"))
    assert m["params"]["embed_weight"] == 0.5 and m["params"]["self_training"] == 2
    assert m["encoder"]["id"] and m["encoder"]["weight"] == 0.5
    mentions = tmp_path / "m.csv"
    assert main(["classify", str(survey), "--model", str(out), "--out", str(mentions), "--quiet"]) == 0
    mm = pd.read_csv(mentions, encoding="utf-8-sig")
    assert ("4", "T03") in {(str(a), b) for a, b in zip(mm["respondent_id"], mm["theme"])}


def test_evaluate_cross_validates_or_scores_a_saved_model(tmp_path, dataset, codebook_file, capsys):
    texts, rows, Y = dataset
    f = _labels_file(tmp_path / "coded.csv", dataset)
    res_file = tmp_path / "cv.json"
    assert main(["evaluate", str(f), "--codebook", str(codebook_file), "--folds", "3", "--embed-weight", "0",
                 "--out", str(res_file), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "3-fold cross-validation: n=50" in text and "most confused" not in text.split("\n")[0]
    res = json.loads(res_file.read_text(encoding="utf-8"))
    support = {r["label"]: r["support"] for r in res["per_label"]}
    assert support == {"T01": 26, "T02": 20, "T03": 18}  # every labelled answer is tested once
    assert res["n"] == 50 and 0.7 <= res["macro_f1"] <= 1.0
    assert {"micro_f1", "weighted_f1", "subset_accuracy", "confusions"} <= set(res)
    assert [r["n_train"] for r in res["learning_curve"]] == sorted(r["n_train"] for r in res["learning_curve"])

    # a saved model scored on a coded sample
    out = tmp_path / "models" / "reasons"
    assert main(["train", str(f), "--codebook", str(codebook_file), "--out", str(out), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["evaluate", str(f), "--codebook", str(codebook_file), "--model", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("model ") and "v1: n=50" in text

    # too few examples for the folds: one line, exit 1
    assert main(["evaluate", str(f), "--codebook", str(codebook_file), "--folds", "30"]) == 1
    err = capsys.readouterr().err
    assert "have fewer than 30 examples" in err and "smaller --folds" in err


def test_train_hints_at_self_training_when_labels_are_few(tmp_path, dataset, codebook_file, capsys):
    f = _labels_file(tmp_path / "coded.csv", dataset)
    out = tmp_path / "models" / "reasons"
    assert main(["train", str(f), "--codebook", str(codebook_file), "--out", str(out)]) == 0
    assert "hint: a label has only 18 examples; pass --unlabelled" in capsys.readouterr().out
    assert main(["train", str(f), "--codebook", str(codebook_file), "--out", str(out), "--quiet"]) == 0
    assert "hint:" not in capsys.readouterr().out
