"""Survey export fixtures written for the project (hand-made rows, no public data)."""

import pandas as pd
import pytest

ROWS = [
    # id, score cell, answer, date, channel
    ("A1", "10", "物流很快，但是客服態度太差了！！", "2026-01-05", "APP"),
    ("A2", "9.0", "性价比高", "2026-01-20", "网页"),
    ("A3", "９", "", "2026-02-03", "APP"),
    ("A4", "8分", "还行", "2026-02-14", "小程序"),
    ("A5", "10 - 极有可能", "客服回复很及时", "2026-03-01", "APP"),
    ("A6", "0", "APP经常闪退", "2026-03-09", "网页"),
    ("A7", "6", "价格偏贵", "2026-03-30", "APP"),
    ("A8", "11", "退款太慢", "2026-03-31", "APP"),
    ("A9", "7.5", "一般", "2026-04-02", "网页"),
    ("A10", "N/A", "无", "2026-04-03", "APP"),
    ("A11", "很好", "东西不错", "2026-04-04", "APP"),
    ("A12", "", "没意见", "2026-04-05", "APP"),
    ("A2", "3", "质量一般", "not a date", "小程序"),
]
HEADER = ["编号", "推荐意愿", "推荐原因", "提交时间", "渠道"]


@pytest.fixture
def messy_frame():
    return pd.DataFrame(ROWS, columns=HEADER)


@pytest.fixture
def write_csv(tmp_path, messy_frame):
    def _write(encoding, name="survey.csv", sep=","):
        path = tmp_path / name
        text = messy_frame.to_csv(index=False, sep=sep)
        path.write_bytes(text.encode(encoding))
        return path

    return _write
