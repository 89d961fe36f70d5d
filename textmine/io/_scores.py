"""Parsing 0–10 recommendation scores from the spellings real exports contain."""

from __future__ import annotations

import math
import re
import unicodedata
from numbers import Number

__all__ = ["parse_score", "SCORE_MIN", "SCORE_MAX"]

SCORE_MIN, SCORE_MAX = 0, 10

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9, "十": 10}
# a number, optionally "分", optionally followed by a label separated by punctuation or space:
# "9", "9.0", "9分", "10 - 极有可能", "10分（极有可能）", "0=完全不可能"
_NUMBER_LABEL = re.compile(
    r"^(?P<num>[+-]?\d+(?:\.\d+)?)\s*(?:分)?\s*(?:(?:[-–—~:=、,，(（\[【/|]|\s)\s*(?P<label>\D*))?$"
)
_CN_NUMBER = re.compile(r"^(?P<num>[零〇一二两三四五六七八九十]|十)\s*分?$")
_MISSING = {"", "nan", "na", "n/a", "none", "null", "-", "--", "—", ".", "缺失", "无", "空"}


def parse_score(value) -> tuple[int | None, str | None]:
    """Parse one score.

    Returns ``(score, None)`` when ``value`` is a usable 0–10 integer score, else ``(None, reason)``
    with a short reason in English (``"missing score"``, ``"non-integer score"``, ``"out of range 0-10"``,
    ``"unparseable score"``). The reason never repeats free text.
    """
    if value is None:
        return None, "missing score"
    if isinstance(value, bool):
        return None, "unparseable score"
    if isinstance(value, Number):
        x = float(value)
        if math.isnan(x):
            return None, "missing score"
        return _check_number(x)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text.lower() in _MISSING:
        return None, "missing score"
    m = _NUMBER_LABEL.match(text)
    if m:
        return _check_number(float(m.group("num")))
    m = _CN_NUMBER.match(text)
    if m:
        return _CN_DIGITS[m.group("num")], None
    return None, "unparseable score"


def _check_number(x: float) -> tuple[int | None, str | None]:
    if math.isinf(x):
        return None, "unparseable score"
    if x != int(x):
        return None, "non-integer score"
    if not SCORE_MIN <= x <= SCORE_MAX:
        return None, "out of range 0-10"
    return int(x), None
