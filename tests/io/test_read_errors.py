"""Files that cannot be read as a survey (textmine/io/_formats.py, _columns.py): one InputError line each, naming
what was expected, what was found and the fix, and never an answer."""

from pathlib import Path

import pandas as pd
import pytest

from textmine.errors import InputError, SchemaError, ScoreError
from textmine.io import read_survey

HEADER = ["编号", "推荐意愿", "推荐原因", "提交时间", "渠道"]  # as in conftest.py
FIRST_ANSWER = "物流很快，但是客服態度太差了！！"  # the first answer of conftest.py's ROWS


@pytest.fixture
def survey_csv(tmp_path, messy_frame):
    path = tmp_path / "survey.csv"
    messy_frame.to_csv(path, index=False)
    return path


def test_zero_byte_csv_and_xlsx(tmp_path):
    for name in ("empty.csv", "empty.xlsx", "empty.sav", "empty.parquet"):
        (tmp_path / name).write_bytes(b"")
        with pytest.raises(InputError, match=rf"^'{name}' is empty \(0 bytes\); expected a survey export with a "
                                             "header row and one row per respondent; export it again$"):
            read_survey(tmp_path / name)


def test_header_only_and_blank_lines_only(tmp_path):
    (tmp_path / "h.csv").write_text(",".join(HEADER) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="has a header row but no data rows; expected one row per respondent"):
        read_survey(tmp_path / "h.csv")
    (tmp_path / "b.csv").write_text("\n\r\n\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"'b.csv' holds no rows \(only blank lines\)"):
        read_survey(tmp_path / "b.csv")


def test_truncated_xlsx(tmp_path, messy_frame):
    path = tmp_path / "t.xlsx"
    messy_frame.to_excel(path, index=False)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(InputError, match=r"cannot read 't.xlsx' as an Excel workbook \(.xlsx\): the file is "
                                         r"damaged, truncated or of another format \(BadZipFile\)"):
        read_survey(path)


def test_csv_renamed_xlsx(tmp_path, messy_frame):
    path = tmp_path / "r.xlsx"
    messy_frame.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"^'r.xlsx' is not an Excel workbook \(.xlsx\): its content looks like "
                                         "text; rename it to .csv$"):
        read_survey(path)


def test_old_xls_renamed_xlsx(tmp_path):
    (tmp_path / "o.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(InputError, match="looks like an old Excel .xls workbook; open it in Excel and save it as"):
        read_survey(tmp_path / "o.xlsx")


@pytest.mark.parametrize("name, magic, kind, lib_error", [
    ("g.sav", b"$FL2", r"an SPSS file \(.sav\)", "ReadstatError"),
    ("g.parquet", b"PAR1", "a Parquet file", "ArrowInvalid"),
])
def test_garbage_sav_and_parquet(tmp_path, name, magic, kind, lib_error):
    junk = bytes(range(256)) * 3
    (tmp_path / name).write_bytes(junk)
    with pytest.raises(InputError, match=rf"^'{name}' is not {kind}: its content looks like another binary "
                                         "format; export it again$"):
        read_survey(tmp_path / name)
    # right first bytes, damaged body: the library's own error is named, never its message
    (tmp_path / name).write_bytes(magic + junk + magic)
    with pytest.raises(InputError, match=rf"cannot read '{name}' as {kind}: the file is damaged, truncated or of "
                                         rf"another format \({lib_error}\)"):
        read_survey(tmp_path / name)


def test_header_less_csv_never_shows_the_first_answer(tmp_path, messy_frame):
    path = tmp_path / "nohead.csv"
    messy_frame.to_csv(path, index=False, header=False)
    with pytest.raises(SchemaError, match=r"found 5 columns \(names not shown: the first row does not look like a "
                                          r"header; is the header row missing\?\)") as err:
        read_survey(path)
    assert FIRST_ANSWER[:4] not in str(err.value) and "A1" not in str(err.value)
    with pytest.raises(SchemaError, match=r"missing column 'score' \(the score column\); the file has 5 columns "
                                          r"\(names not shown") as err:
        read_survey(path, score="score")
    assert FIRST_ANSWER[:4] not in str(err.value)


def test_header_less_answer_guessed_as_score_is_named_by_position(tmp_path):
    path = tmp_path / "nohead.csv"
    path.write_text("R1,推荐给同事了，很满意,10\nR2,不会推荐,3\n", encoding="utf-8")
    with pytest.raises(ScoreError, match=r"no usable 0-10 score in column number 2 of 3 \(the first row does not "
                                         r"look like a header\)") as err:
        read_survey(path)
    assert "推荐给" not in str(err.value)


def test_long_header_names_are_cut_and_few_are_listed():
    long = "问题0：请描述您对本次服务的整体感受以及您的改进建议"  # 26 characters, shown as 23 + …
    frame = pd.DataFrame({long if i == 0 else f"q{i}": ["x"] for i in range(12)})
    with pytest.raises(SchemaError, match=r"found columns: '问题0：请描述您对本次服务的整体感受以及您的改…', 'q1', .*'q7', … "
                                          r"\(12 columns\); name it with score"):
        read_survey(frame)


def test_utf16_forced_on_a_utf8_file(survey_csv):
    with pytest.raises(InputError, match=r"^'survey.csv' is not valid utf-16; detected encoding is utf-8; omit "
                                         "--encoding or pass --encoding utf-8$") as err:
        read_survey(survey_csv, encoding="utf-16")
    assert "编号" not in str(err.value)


@pytest.mark.parametrize("forced", ["utf-32", "latin-1", "gbk", "utf-16-le"])
def test_other_wrong_forced_encodings(survey_csv, forced):
    with pytest.raises(InputError, match=rf"^'survey.csv' is not valid {forced}; detected encoding is utf-8"):
        read_survey(survey_csv, encoding=forced)


def test_utf8_forced_on_a_utf16_file(tmp_path, messy_frame):
    path = tmp_path / "u16.csv"
    path.write_bytes(messy_frame.to_csv(index=False).encode("utf-16"))
    with pytest.raises(InputError, match="is not valid utf-8; detected encoding is utf-16; omit --encoding"):
        read_survey(path, encoding="utf-8")
    assert read_survey(path, encoding="utf-16", id="编号").n == 8


def test_unknown_and_non_text_encodings(survey_csv):
    with pytest.raises(InputError, match="^unknown encoding 'klingon'; expected a codec name such as utf-8"):
        read_survey(survey_csv, encoding="klingon")
    with pytest.raises(InputError, match="is not valid base64; detected encoding is utf-8"):
        read_survey(survey_csv, encoding="base64")


def test_ragged_row_names_the_line_not_its_content(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("score,comment\n9,好\n3,太慢了,客服也差\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^cannot parse 'ragged.csv': line 3 has 3 fields where the header has 2 "
                                         r"\(separator ','\); an answer probably holds an unquoted ','") as err:
        read_survey(path)
    assert "客服" not in str(err.value)


def test_unclosed_quote(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('score,comment\n9,"好\n3,差\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"a quoted field opened at line 2 is never closed"):
        read_survey(path)


def test_unreadable_file(survey_csv, monkeypatch):
    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(InputError, match=r"^cannot read 'survey.csv' \(Permission denied\); check that the file "
                                         "exists and is readable$"):
        read_survey(survey_csv)


def test_repeated_and_padded_headers_get_distinct_names(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("score, score,,comment\n9,8,x,好\n", encoding="utf-8")
    survey = read_survey(path, score="score.1", text="comment")
    assert survey.frame["score"].tolist() == [8]
    assert survey.columns["score"] == "score.1"
