"""Property tests for read_survey (textmine/io/_read.py, _formats.py): generated survey files in any common
encoding, header spelling, score spelling and line ending, with hostile answers; and arbitrary bytes. Every row is
a respondent or a reject, answers come back as written, and nothing but textmine's own errors escapes."""

import csv
import io
import os

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from textmine.errors import ScoreError, TextmineError
from textmine.io import parse_score, read_survey

ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16"]
REPORTED = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030 (GBK-compatible)", "utf-16": "utf-16"}
SCORE_HEADERS = ["推荐意愿", "NPS", "nps得分", "评分", "打分", " 分数 ", "Score", "likelihood to recommend", "推荐可能性(0-10)"]
TEXT_HEADERS = ["推荐原因", "原因", "意见", "建议", "Comment", "verbatim", "feedback", "为什么给这个分数", "回答"]
ID_HEADERS = ["编号", "respondent_id", "ID", "答卷编号"]
SCORE_SPELLINGS = ["9", "9.0", "９", "9分", "10 - 极有可能", "0", "10", "7", "6", "3.0", "11", "7.5", "-1", "N/A",
                   "", " 8 ", "十", "很好"]
LINE_ENDINGS = ["\n", "\r\n", "\r"]
# answers: arbitrary unicode (no surrogates: no encoder writes them), plus the characters that break CSV files
HOSTILE_CHARS = list(",;|\t\"'\r\n\x00\x0b\x0c\x1c\x85\u2028\ufeff=+-@ 好，。")
answers = st.text(max_size=40) | st.text(alphabet=st.sampled_from(HOSTILE_CHARS), max_size=12)
scores = st.sampled_from(SCORE_SPELLINGS) | st.text(max_size=8)

# a deeper run: TEXTMINE_PROPERTY_EXAMPLES=5000 pytest tests/io/test_read_property.py
FAST = settings(max_examples=int(os.environ.get("TEXTMINE_PROPERTY_EXAMPLES", 120)), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def surveys(draw):
    header = [draw(st.sampled_from(SCORE_HEADERS)), draw(st.sampled_from(TEXT_HEADERS))]
    with_id = draw(st.booleans())
    if with_id:
        header.insert(0, draw(st.sampled_from(ID_HEADERS)))
    n = draw(st.integers(1, 12))
    rows = []
    for i in range(n):
        row = [draw(scores), draw(answers)]
        if with_id:
            row.insert(0, draw(st.sampled_from([f"R{i}", "", "R0", "0012"])))
        rows.append(row)
    return header, rows


def write(path, header, rows, encoding, line_ending, quote_all):
    buf = io.StringIO(newline="")
    # a writer that quotes only what needs it is safe with \r\n line ends only (it leaves a lone \r bare otherwise)
    quoting = csv.QUOTE_ALL if quote_all or line_ending != "\r\n" else csv.QUOTE_MINIMAL
    csv.writer(buf, lineterminator=line_ending, quoting=quoting).writerows([header] + rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


@FAST
@given(survey=surveys(), encoding=st.sampled_from(ENCODINGS), line_ending=st.sampled_from(LINE_ENDINGS),
       quote_all=st.booleans())
def test_every_row_is_a_respondent_or_a_reject(tmp_path, survey, encoding, line_ending, quote_all):
    header, rows = survey
    path = write(tmp_path / "s.csv", header, rows, encoding, line_ending, quote_all)
    k = len(header) - 2  # the score column's position
    parsed = [parse_score(r[k])[0] for r in rows]
    if all(p is None for p in parsed):
        with pytest.raises(ScoreError, match="no usable 0-10 score in column"):
            read_survey(path)
        return
    s = read_survey(path)
    assert s.n_read == len(rows)
    assert s.n_read == s.n + len(s.rejects)
    assert s.columns["score"] == header[k].strip() and s.columns["text"] == header[k + 1]
    assert s.frame["score"].tolist() == [p for p in parsed if p is not None]
    assert s.frame["row"].tolist() + s.rejects["row"].tolist() == sorted(range(1, len(rows) + 1),
                                                                         key=lambda r: parsed[r - 1] is None)
    if s.encoding == REPORTED[encoding]:  # a GB18030 file that is also valid UTF-8 reads as UTF-8
        assert s.frame["text"].tolist() == [r[k + 1] for r, p in zip(rows, parsed) if p is not None]


@FAST
@given(survey=surveys(), encoding=st.sampled_from(ENCODINGS), line_ending=st.sampled_from(LINE_ENDINGS))
def test_without_a_score_column_every_row_is_a_respondent(tmp_path, survey, encoding, line_ending):
    header, rows = survey
    k = len(header) - 2
    path = write(tmp_path / "s.csv", header[:k] + ["answer"], [r[:k] + [r[k + 1]] for r in rows], encoding,
                 line_ending, True)
    s = read_survey(path, score_required=False)
    assert s.n == s.n_read == len(rows) and len(s.rejects) == 0
    assert s.columns["score"] is None and s.frame["score"].isna().all()
    if s.encoding == REPORTED[encoding]:
        assert s.frame["text"].tolist() == [r[k + 1] for r in rows]


MAGICS = [b"", b"PK\x03\x04", b"$FL2", b"PAR1", b"\xef\xbb\xbf", b"\xff\xfe", b"\xd0\xcf\x11\xe0", b"score,text\n"]
SUFFIXES = [".csv", ".tsv", ".txt", ".xlsx", ".sav", ".parquet"]


@FAST
@given(prefix=st.sampled_from(MAGICS), body=st.binary(max_size=300), suffix=st.sampled_from(SUFFIXES),
       encoding=st.sampled_from([None, None, "utf-8", "utf-16", "gb18030", "latin-1", "ascii"]))
def test_arbitrary_bytes_raise_only_textmine_errors(tmp_path, prefix, body, suffix, encoding):
    path = tmp_path / f"f{suffix}"
    path.write_bytes(prefix + body)
    try:
        s = read_survey(path, encoding=encoding, score_required=False)
    except TextmineError:
        return
    assert s.n_read == s.n + len(s.rejects)


@FAST
@given(text=st.text(alphabet=st.sampled_from(list("推荐原因score,text;|\t\"'\r\n 0123456789好\x00")), max_size=120),
       encoding=st.sampled_from(ENCODINGS), required=st.booleans())
def test_malformed_delimited_text_raises_only_textmine_errors(tmp_path, text, encoding, required):
    assume(text.strip())
    path = tmp_path / "m.csv"
    path.write_bytes(text.encode(encoding))
    try:
        s = read_survey(path, score_required=required)
    except TextmineError:
        return
    assert s.n_read == s.n + len(s.rejects)
