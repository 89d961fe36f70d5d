import numpy as np
import pandas as pd
import pytest

from textmine.errors import InputError, SchemaError
from textmine.loop._contacts import clean_ids, parse_dates, parse_flags, read_contacts, safe_example


def test_dates_in_common_spellings_parse_to_the_day():
    got = parse_dates(["2026-05-01", "2026/5/2", "2026年5月3日", "2026.05.04", "2026-05-05 13:45:00"], "日期", "'x'")
    assert [str(d)[:10] for d in got] == ["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05"]
    assert str(got[4])[11:19] == "00:00:00"
    zoned = parse_dates(["2026-05-01 23:00:00+08:00", "2026-05-02T01:00:00Z", "2026-05-03"], "d", "'x'")
    assert [str(d)[:10] for d in zoned] == ["2026-05-01", "2026-05-02", "2026-05-03"]  # the day as written
    stamps = parse_dates(pd.Series(pd.to_datetime(["2026-01-02 10:00"])), "d", "'x'")
    assert str(stamps[0])[:10] == "2026-01-02"


def test_a_date_that_does_not_parse_is_one_error_naming_column_count_row_and_value():
    with pytest.raises(InputError, match=r"1 of 3 rows of 'log.csv' have a date that does not parse in column "
                                         r"'邀请日期' \(first: row 2, '2026-13-45'\); expected dates like 2026-05-01"):
        parse_dates(["2026-05-01", "2026-13-45", "2026-05-03"], "邀请日期", "'log.csv'")


def test_a_missing_date_is_an_error():
    with pytest.raises(InputError, match="1 of 2 rows .* have no date in column 'd' \\(first: row 2"):
        parse_dates(["2026-05-01", ""], "d", "'log.csv'")


def test_a_value_that_could_be_an_answer_is_never_shown():
    answer = "快递太慢了，客服也不理人"
    with pytest.raises(InputError) as err:
        parse_dates(["2026-05-01", answer], "d", "'s.csv'")
    assert answer not in str(err.value) and "not shown" in str(err.value)
    assert safe_example("物流很快") == "a value of 4 characters, not shown"
    assert safe_example("2026-5-1") == "'2026-5-1'"


def test_flags_read_yes_no_in_chinese_and_english():
    got = parse_flags(["是", "否", "yes", "No", 1, 0, "TRUE", "false", "已回复", "未回复", 1.0], "r", "'x'")
    assert got.tolist() == [True, False, True, False, True, False, True, False, True, False, True]
    with pytest.raises(InputError, match="1 of 2 rows of 'x' have a value that is not yes/no in column 'r' "
                                         "\\(first: row 2, 'maybe'\\)"):
        parse_flags(["是", "maybe"], "r", "'x'")


def test_ids_are_stripped_text():
    assert clean_ids([" U1 ", 12.0, "12.0", None, 7]).tolist() == ["U1", "12", "12", "", "7"]


def test_contact_columns_are_guessed_from_headers_and_rows_sorted():
    log = pd.DataFrame({"客户编号": ["b", "a", "a"], "邀请日期": ["2026-01-05", "2026-01-09", "2026-01-02"],
                        "是否回复": ["否", "是", "否"]})
    frame, cols = read_contacts(log)
    assert cols == {"id": "客户编号", "date": "邀请日期", "responded": "是否回复"}
    assert frame["respondent_id"].tolist() == ["a", "a", "b"]
    assert frame["row"].tolist() == [3, 2, 1]
    assert frame["responded"].tolist() == [False, True, False]


def test_an_unguessable_column_is_an_error_saying_which_option_names_it():
    log = pd.DataFrame({"id": ["a"], "when": ["2026-01-01"], "flag": ["yes"]})
    with pytest.raises(SchemaError, match=r"could not choose the invitation date column .*name it with date=\.\.\. "
                                          r"\(CLI: --date\)"):
        read_contacts(log)
    with pytest.raises(SchemaError, match="missing column 'nope' \\(the responded column\\)"):
        read_contacts(log, date="when", responded="nope")


def test_a_row_without_an_id_is_an_error():
    log = pd.DataFrame({"id": ["a", " "], "date": ["2026-01-01", "2026-01-02"], "responded": ["yes", "no"]})
    with pytest.raises(InputError, match="1 of 2 rows of <DataFrame> have no id in column 'id' \\(first: row 2"):
        read_contacts(log)
    assert np.asarray(read_contacts(log.iloc[:1])[0]["invited"]).dtype.kind == "M"
