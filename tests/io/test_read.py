import numpy as np
import pandas as pd
import pytest

from textmine.errors import InputError, SchemaError, ScoreError
from textmine.io import FRAME_COLUMNS, REJECT_COLUMNS, read_survey


def _check_messy(survey):
    f = survey.frame
    assert list(f.columns[: len(FRAME_COLUMNS)]) == list(FRAME_COLUMNS)
    assert f["score"].tolist() == [10, 9, 9, 8, 10, 0, 6, 3]
    assert f["respondent_id"].tolist() == ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A2"]
    assert f["nps_group"].tolist() == ["promoter"] * 3 + ["passive", "promoter"] + ["detractor"] * 3
    assert f["row"].tolist() == [1, 2, 3, 4, 5, 6, 7, 13]
    assert f["empty_text"].tolist() == [False, False, True, False, False, False, False, False]
    assert f.loc[0, "text"] == "物流很快，但是客服態度太差了！！"  # the original, untouched
    assert f["duplicate_id"].tolist() == [False, True] + [False] * 5 + [True]
    r = survey.rejects
    assert list(r.columns) == list(REJECT_COLUMNS)
    assert r["row"].tolist() == [8, 9, 10, 11, 12]
    assert r["reason"].tolist() == ["out of range 0-10", "non-integer score", "missing score",
                                    "unparseable score", "missing score"]
    assert r["value"].tolist() == ["11", "7.5", "N/A", "很好", ""]
    # nothing lost: every input row is either analysed or rejected
    assert len(f) + len(r) == survey.n_read == 13


@pytest.mark.parametrize("encoding, reported", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                                ("gbk", "gb18030 (GBK-compatible)"),
                                                ("gb18030", "gb18030 (GBK-compatible)"), ("utf-16", "utf-16")])
def test_csv_encodings_are_detected_and_reported(write_csv, encoding, reported):
    survey = read_survey(write_csv(encoding), text="推荐原因", score="推荐意愿", id="编号")
    assert survey.encoding == reported
    _check_messy(survey)


def test_tsv_and_semicolon_csv(write_csv):
    _check_messy(read_survey(write_csv("utf-8", "s.tsv", sep="\t"), text="推荐原因", score="推荐意愿", id="编号"))
    _check_messy(read_survey(write_csv("utf-8", "s.csv", sep=";"), text="推荐原因", score="推荐意愿", id="编号"))


def test_columns_guessed_from_headers_and_reported(write_csv):
    survey = read_survey(write_csv("utf-8"))
    assert survey.columns["score"] == "推荐意愿"
    assert survey.columns["text"] == "推荐原因"
    assert survey.columns["id"] == "编号"
    assert any("score column chosen from headers: '推荐意愿'" in n for n in survey.notes)
    _check_messy(survey)


def test_ambiguous_text_column_lists_candidates(messy_frame):
    frame = messy_frame.assign(改进建议=messy_frame["推荐原因"])
    with pytest.raises(SchemaError, match="several columns could be the open answer: '推荐原因', '改进建议'"):
        read_survey(frame)


def test_nps_header_with_reason_is_not_taken_for_the_score(messy_frame):
    frame = messy_frame.rename(columns={"推荐原因": "NPS原因"})
    survey = read_survey(frame)
    assert survey.columns == {"score": "推荐意愿", "text": "NPS原因", "id": "编号", "date": None}


def test_missing_column_names_the_columns(write_csv):
    with pytest.raises(SchemaError, match=r"missing column 'score' \(the score column\); the file has columns: '编号'"):
        read_survey(write_csv("utf-8"), score="score")


def test_no_usable_score_is_an_error():
    with pytest.raises(ScoreError, match="no usable 0-10 score in column 'nps'"):
        read_survey(pd.DataFrame({"nps": ["x", "", "12"], "comment": ["a", "b", "c"]}))


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_survey(tmp_path / "nope.csv")
    (tmp_path / "a.doc").write_text("x")
    with pytest.raises(InputError, match=r"unsupported file type '.doc'"):
        read_survey(tmp_path / "a.doc")


def test_dates_and_segments(write_csv):
    survey = read_survey(write_csv("gbk"), text="推荐原因", score="推荐意愿", id="编号", date="提交时间",
                         segments=["渠道"])
    f = survey.frame
    assert f["date"].iloc[0] == pd.Timestamp("2026-01-05")
    assert pd.isna(f["date"].iloc[-1])
    assert any("1 rows have an unparseable date (rows 13)" in n for n in survey.notes)
    assert survey.segments == ["渠道"]
    assert f["渠道"].tolist() == ["APP", "网页", "APP", "小程序", "APP", "网页", "APP", "小程序"]


def test_xlsx_sheet_by_name_and_index(tmp_path, messy_frame):
    path = tmp_path / "survey.xlsx"
    other = pd.DataFrame({"推荐意愿": [10, 0], "推荐原因": ["好", "差"]})
    with pd.ExcelWriter(path) as w:
        other.to_excel(w, sheet_name="说明", index=False)
        messy_frame.to_excel(w, sheet_name="数据", index=False)
    _check_messy(read_survey(path, sheet="数据", id="编号"))
    _check_messy(read_survey(path, sheet=1, id="编号"))
    assert read_survey(path).frame["score"].tolist() == [10, 0]
    with pytest.raises(InputError, match="no sheet named 'x'; the workbook has sheets '说明', '数据'"):
        read_survey(path, sheet="x")
    with pytest.raises(InputError, match="sheet index 5 is out of range: the workbook has 2 sheets"):
        read_survey(path, sheet=5)


def test_spss_value_labels_recode_scores_and_label_segments(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    # SPSS exports often code the 0-10 scale as 1-11 with labels: the labels are the truth
    frame = pd.DataFrame({"id": [1.0, 2.0, 3.0, 4.0], "q1": [11.0, 10.0, 1.0, 99.0], "q2": ["好", "", "差", "一般"],
                          "region": [1.0, 2.0, 1.0, 2.0]})
    labels = {"q1": {float(c): f"{c - 1} - {'极有可能' if c == 11 else '完全不可能' if c == 1 else ''}".rstrip(" -")
                     for c in range(1, 12)},
              "region": {1.0: "华东", 2.0: "华南"}}
    path = tmp_path / "survey.sav"
    pyreadstat.write_sav(frame, str(path), variable_value_labels=labels)
    survey = read_survey(path, score="q1", text="q2", id="id", segments=["region"])
    assert survey.frame["score"].tolist() == [10, 9, 0]
    assert survey.frame["respondent_id"].tolist() == ["1", "2", "3"]
    assert survey.frame["region"].tolist() == ["华东", "华南", "华东"]
    assert survey.rejects["reason"].tolist() == ["out of range 0-10"]
    assert survey.frame["empty_text"].tolist() == [False, True, False]


def test_parquet(tmp_path, messy_frame):
    path = tmp_path / "survey.parquet"
    messy_frame.to_parquet(path)
    _check_messy(read_survey(path, id="编号"))


def test_summary_has_counts_but_no_verbatims(write_csv):
    survey = read_survey(write_csv("utf-8"), text="推荐原因", score="推荐意愿", id="编号")
    text = survey.summary()
    assert "usable respondents: 8; rejected rows: 5" in text
    assert "out of range 0-10: 1" in text
    assert "物流" not in text and "客服" not in text


def test_score_optional_reads_a_survey_without_scores(tmp_path):
    path = tmp_path / "answers.csv"
    pd.DataFrame({"编号": ["a", "b", "c"], "意见": ["物流很快", "", "太贵"]}).to_csv(path, index=False)
    with pytest.raises(SchemaError, match="could not find the score column"):
        read_survey(path)
    survey = read_survey(path, score_required=False)
    f = survey.frame
    assert list(f.columns) == list(FRAME_COLUMNS)
    assert f["score"].isna().all() and f["score"].dtype == np.float64
    assert f["nps_group"].tolist() == [None, None, None]
    assert f["text"].tolist() == ["物流很快", "", "太贵"]
    assert f["respondent_id"].tolist() == ["a", "b", "c"]
    assert survey.columns == {"score": None, "text": "意见", "id": "编号", "date": None}
    assert len(survey.rejects) == 0 and list(survey.rejects.columns) == list(REJECT_COLUMNS)
    assert survey.n_read == survey.n == 3
    assert "no score column found: respondents have no score and no NPS group" in survey.notes


def test_score_optional_still_uses_a_score_column_when_there_is_one(messy_frame):
    survey = read_survey(messy_frame, score_required=False)
    assert survey.columns["score"] == "推荐意愿"
    _check_messy(survey)
    with pytest.raises(SchemaError, match="missing column 'nps'"):
        read_survey(messy_frame, score="nps", score_required=False)
