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
                                "suggestion", "sentiment", "similarity", "source"]
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


def _one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def _survey_headers(path, dataset):
    """A coded file with the headers of a Chinese survey export: 推荐原因 (the answer) and 标签 (the labels)."""
    texts, rows, Y = dataset
    pd.DataFrame({"编号": [f"r{i}" for i in range(len(texts))], "推荐原因": texts,
                  "标签": [";".join(r) for r in rows]}).to_csv(path, index=False)
    return path


def test_train_without_codebook_takes_labels_from_the_file(tmp_path, dataset, capsys):
    out = tmp_path / "models" / "reasons"
    f = _labels_file(tmp_path / "coded.csv", dataset)
    assert main(["train", str(f), "--out", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    m = json.loads((out / "v1" / "manifest.json").read_text(encoding="utf-8"))
    assert [(t["id"], t["name"]) for t in m["labels"]] == [("价格", "价格"), ("客服", "客服"), ("物流", "物流")]
    assert "  价格 " in text and "v1 is the preferred version" in text


def test_train_table_shows_codebook_names(tmp_path, dataset, codebook_file, capsys):
    f = _labels_file(tmp_path / "coded.csv", dataset)
    assert main(["train", str(f), "--codebook", str(codebook_file), "--out", str(tmp_path / "m"), "--quiet"]) == 0
    rows = [line.split()[0] for line in capsys.readouterr().out.splitlines()[2:7]]
    assert rows == ["物流", "价格", "客服", "micro", "macro"]  # names, not T01 T02 T03


def test_train_without_labels_or_codebook_is_a_usage_error(tmp_path, capsys):
    assert main(["train", "--out", str(tmp_path / "m")]) == 2
    err = _one_line(capsys.readouterr().err)
    assert "LABELS and --codebook: both are missing" in err


def test_empty_sep_is_a_usage_error(tmp_path, dataset, capsys):
    f = _labels_file(tmp_path / "coded.csv", dataset)
    for command in (["train", str(f), "--out", str(tmp_path / "m")], ["evaluate", str(f)]):
        assert main(command + ["--sep", ""]) == 2
        err = _one_line(capsys.readouterr().err)
        assert "--sep" in err and "must be a non-empty string such as ';'" in err
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "--format: 'xml' must be one of auto, delimited, wide, long"),
    (["--test-size", "1"], "--test-size: 1.0 must be at least 0 and below 1"),
    (["--embed-weight", "-1"], "--embed-weight"),
])
def test_bad_train_options_are_usage_errors(tmp_path, dataset, capsys, args, message):
    f = _labels_file(tmp_path / "coded.csv", dataset)
    assert main(["train", str(f), "--out", str(tmp_path / "m")] + args) == 2
    assert message in _one_line(capsys.readouterr().err)


def test_columns_are_guessed_for_train_evaluate_classify_and_suggest(tmp_path, dataset, capsys):
    f = _survey_headers(tmp_path / "coded.csv", dataset)
    out = tmp_path / "models" / "reasons"
    assert main(["train", str(f), "--out", str(out), "--quiet"]) == 0
    assert main(["evaluate", str(f), "--folds", "3", "--embed-weight", "0", "--quiet"]) == 0
    assert "3-fold cross-validation: n=50" in capsys.readouterr().out
    mentions = tmp_path / "mentions.csv"
    assert main(["classify", str(f), "--model", str(out), "--out", str(mentions), "--quiet"]) == 0
    assert len(pd.read_csv(mentions, encoding="utf-8-sig")) >= 50
    assert main(["suggest", str(f), "--model", str(out), "--n", "3", "--out", str(tmp_path / "s.csv")]) == 0


def test_column_errors_speak_cli_terms(tmp_path, dataset, capsys):
    f = tmp_path / "odd.csv"
    pd.DataFrame({"x": ["物流很快", "太贵了"], "y": ["物流", "价格"]}).to_csv(f, index=False)
    assert main(["train", str(f), "--out", str(tmp_path / "m")]) == 1
    err = _one_line(capsys.readouterr().err)
    assert "no text column found" in err and "--text COL" in err and "text=" not in err
    g = tmp_path / "nolabels.csv"
    pd.DataFrame({"原因": ["物流很快", "太贵了"], "备注": ["a", "b"]}).to_csv(g, index=False)
    assert main(["train", str(g), "--out", str(tmp_path / "m"), "--format", "delimited"]) == 1
    err = _one_line(capsys.readouterr().err)
    assert "needs a labels column" in err and "--labels COL" in err and "labels=" not in err


def test_macro_f1_leaves_out_labels_without_held_out_examples(tmp_path, dataset, capsys):
    texts, rows, Y = dataset
    pool = [f"包装{w}第{i}次" for i in range(40) for w in ("很严实", "破了")]
    packaging = [t for t, h in zip(pool, hash_holdout(pool, 0.2)) if not h][:4]  # all four train, none held out
    f = tmp_path / "coded.csv"
    pd.DataFrame({"text": texts + packaging, "labels": [";".join(r) for r in rows] + ["包装"] * 4}) \
        .to_csv(f, index=False)
    out = tmp_path / "m"
    assert main(["train", str(f), "--out", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "macro-F1 leaves out 1 label with no held-out example: 包装" in text
    assert [line.split()[1:] for line in text.splitlines() if line.split()[:1] == ["包装"]] == [["0", "—"]]
    hold = json.loads((out / "v1" / "manifest.json").read_text(encoding="utf-8"))["metrics"]["holdout"]
    f1 = [r["f1"] for r in hold["per_label"] if r["label"] != "包装"]
    assert hold["unscored"] == ["包装"] and hold["macro_f1"] == pytest.approx(sum(f1) / 3)


def test_suggest_masks_answers_unless_no_mask(tmp_path, saved, capsys):
    survey = tmp_path / "survey.csv"
    pd.DataFrame({"原因": ["快递员电话13812345678一直打不通", "客服邮箱 help@example.com 没人回", "价格还行吧"]}) \
        .to_csv(survey, index=False)
    masked, plain = tmp_path / "masked.csv", tmp_path / "plain.csv"
    assert main(["suggest", str(survey), "--model", str(saved), "--n", "3", "--out", str(masked)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("answers masked: phone numbers, e-mail addresses") and "--no-mask" in err
    body = masked.read_text(encoding="utf-8-sig")
    assert "13812345678" not in body and "help@example.com" not in body and "<PHONE>" in body
    assert main(["suggest", str(survey), "--model", str(saved), "--n", "3", "--out", str(plain), "--no-mask"]) == 0
    assert capsys.readouterr().err.startswith("answers NOT masked (--no-mask)")
    assert "13812345678" in plain.read_text(encoding="utf-8-sig")


def test_suggest_help_spells_out_no_mask():
    import typer

    from textmine.cli._app import app

    main(["suggest", "--help"])  # registers the commands
    params = {p.name: p for p in typer.main.get_command(app).commands["suggest"].params}
    assert params["no_mask"].opts == ["--no-mask"]
    assert params["no_mask"].help.startswith("Write answers unmasked: the file then holds phone numbers, e-mail "
                                             "addresses, ID and card numbers as respondents wrote them")


def test_stray_file_in_model_directory_is_one_line(tmp_path, saved, capsys):
    import shutil

    d = tmp_path / "v1"
    shutil.copytree(saved, d)
    (d / "notes.txt").write_text("mine", encoding="utf-8")
    survey = tmp_path / "s.csv"
    pd.DataFrame({"text": ["物流很快"]}).to_csv(survey, index=False)
    assert main(["classify", str(survey), "--model", str(d), "--out", str(tmp_path / "m.csv")]) == 1
    assert "holds 'notes.txt', which its manifest.json does not list" in _one_line(capsys.readouterr().err)
