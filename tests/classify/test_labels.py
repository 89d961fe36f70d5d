import numpy as np
import pandas as pd
import pytest

from textmine.classify import read_labels, weak_labels
from textmine.errors import ConfigError, InputError, SchemaError
from textmine.themes import Codebook


def test_delimited_csv_with_semicolons(tmp_path):
    p = tmp_path / "coded.csv"
    pd.DataFrame({"text": ["物流很快", "太贵了", "物流快，价格便宜"],
                  "labels": ["物流", "价格", "物流;价格"]}).to_csv(p, index=False)
    ls = read_labels(p)
    assert ls.labels == ["价格", "物流"]
    assert ls.Y.tolist() == [[0, 1], [1, 0], [1, 1]]
    assert ls.report.n_used == 3 and ls.report.n_rows == 3


def test_wide_zero_one_columns():
    df = pd.DataFrame({"answer": ["物流很快", "太贵了", "一般"], "物流": [1, 0, 0], "价格": [0, 1, 0],
                       "note": ["a", "b", "c"]})
    ls = read_labels(df, keep_empty=True)
    assert ls.texts == ["物流很快", "太贵了", "一般"]
    assert ls.labels == ["价格", "物流"]  # 'note' is not a 0/1 column
    assert ls.Y.tolist() == [[0, 1], [1, 0], [0, 0]]


def test_long_format_groups_rows_and_keeps_polarity():
    df = pd.DataFrame({"content": ["油耗低", "油耗低", "内饰好看"], "subject": ["油耗", "价格", "内饰"],
                       "sentiment_value": [1, 1, 1]})
    ls = read_labels(df)
    assert ls.texts == ["油耗低", "内饰好看"]
    assert ls.labels == ["价格", "内饰", "油耗"]
    assert ls.Y.tolist() == [[1, 0, 1], [0, 1, 0]]
    assert ls.polarity == ["positive", "positive"]


def test_label_suffix_polarity():
    df = pd.DataFrame({"text": ["太贵了", "物流快"], "labels": ["价格#-1", "物流#1"]})
    ls = read_labels(df, format="delimited")
    assert ls.polarity == ["negative", "positive"]


def test_problems_are_reported_not_used():
    cb = Codebook.__new__(Codebook)
    from textmine.themes import Theme

    cb.__init__([Theme(id="T01", name="物流"), Theme(id="T02", name="价格")])
    df = pd.DataFrame({"text": ["物流很快", "太贵了", "物流很快", "物流很快", "", "包装好", "还行"],
                       "labels": ["物流", "T02;包装", "物流", "价格", "物流", "包装", ""]})
    ls = read_labels(df, codebook=cb)
    assert ls.labels == ["T01", "T02"]  # names map to theme ids
    assert ls.texts == ["物流很快", "太贵了"]
    r = ls.report
    assert r.unknown_labels == {"包装": 2}
    assert r.unknown_rows == [2, 6]
    assert r.duplicate_rows == [3] and r.conflict_rows == [4]
    assert r.missing_text_rows == [5]
    assert r.empty_rows == [6, 7]  # only an unknown label, or none
    s = r.summary()
    assert "'包装' (2 rows)" in s and "rows with empty label sets, not used: rows 6, 7" in s
    assert "物流很快" not in s  # reports name rows, never verbatims


def test_errors_name_columns():
    with pytest.raises(SchemaError, match="no text column found"):
        read_labels(pd.DataFrame({"x": [1], "y": [0]}))
    with pytest.raises(SchemaError, match=r"missing column 'codes2' \(the labels column\); the file has columns: "
                                          "'text'"):
        read_labels(pd.DataFrame({"text": ["a"]}), labels="codes2")
    with pytest.raises(ConfigError, match="format='xml' must be one of"):
        read_labels(pd.DataFrame({"text": ["a"]}), format="xml")
    with pytest.raises(InputError, match="no usable labelled rows"):
        read_labels(pd.DataFrame({"text": ["a", "b"], "labels": ["", ""]}))


def test_weak_labels_from_seeds_keywords_and_texts(codebook_file):
    cb = Codebook.load(codebook_file)
    ls = weak_labels(cb, ["快递很快", "客服不错价格也便宜", "一般般"])
    assert ls.labels == ["T01", "T02", "T03"]
    i = ls.texts.index("客服不错价格也便宜")
    assert ls.Y[i].tolist() == [0, 1, 1]
    assert "一般般" not in ls.texts and ls.report.empty_rows == [15]  # 12 phrases, then the 3 texts
    assert ls.source == "weak:codebook"


def test_fingerprint_has_no_text():
    ls = read_labels(pd.DataFrame({"text": ["物流很快", "太贵了"], "labels": ["物流", "价格"]}))
    fp = ls.fingerprint()
    assert fp["n_rows"] == 2 and fp["label_counts"] == {"价格": 1, "物流": 1}
    assert "物流很快" not in str(fp) and len(fp["sha256"]) == 64
    ls2 = read_labels(pd.DataFrame({"text": ["物流很快", "太贵了"], "labels": ["物流", "物流"]}))
    assert ls2.fingerprint()["sha256"] != fp["sha256"]


def test_columns_are_guessed_as_read_survey_guesses_them():
    df = pd.DataFrame({"编号": ["a1", "a2", "a3"], "推荐原因": ["物流很快", "太贵了", "客服很好，物流也快"],
                       "标签": ["物流", "价格", "客服;物流"]})
    ls = read_labels(df)
    assert ls.texts == ["物流很快", "太贵了", "客服很好，物流也快"]
    assert ls.labels == ["价格", "客服", "物流"] and ls.Y.tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 1]]


def test_a_zero_one_column_with_a_label_header_stays_a_wide_label():
    df = pd.DataFrame({"原因": ["物流很快", "太贵了", "快递慢还贵"], "物流类别": ["1", "0", "1"], "价格": ["0", "1", "1"]})
    ls = read_labels(df)
    assert ls.labels == ["价格", "物流类别"] and ls.Y.tolist() == [[0, 1], [1, 0], [1, 1]]


def test_ambiguous_text_headers_are_named():
    df = pd.DataFrame({"原因": ["物流很快"], "建议": ["便宜点"], "标签": ["物流"]})
    with pytest.raises(SchemaError, match="several columns could be the open answer: '原因', '建议'"):
        read_labels(df)


def test_empty_separator_is_refused():
    with pytest.raises(ConfigError, match="sep='' must be a non-empty string such as ';'"):
        read_labels(pd.DataFrame({"text": ["a"], "labels": ["x"]}), sep="")
