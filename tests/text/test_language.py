"""Language of clauses and answers (issue 17): zh, en, mixed, other, or nothing to read."""

import pandas as pd
import pytest

from textmine.text import LANGUAGES, answer_language, answer_languages, clause_language, to_clauses


@pytest.mark.parametrize("text, expected", [
    ("物流很快", "zh"),
    ("customer service很nice", "mixed"),
    ("APP老是crash", "mixed"),
    ("用iPhone很流畅", "zh"),       # a product name is not English
    ("WiFi信号差，APP卡", "zh"),     # nor are acronyms
    ("4S店服务好", "zh"),
    ("@BTCare 客服很好", "zh"),     # a handle is not a word
    ("http://example.com 很好", "zh"),
    ("The engineer never turned up", "en"),
    ("AWFUL SERVICE", "en"),        # capitals are English when there is no Chinese
    ("ok", "en"),
    ("ありがとうございます", "other"),
    ("/", ""),
    ("123", ""),
])
def test_clause_language_reads_scripts(text, expected):
    assert clause_language(text) == expected
    assert expected in LANGUAGES


def test_answer_language_combines_clauses():
    assert answer_language(["zh", "zh"], "物流很快，包装好") == "zh"
    assert answer_language(["zh", "en"], "物流很快, great service") == "mixed"
    assert answer_language(["mixed"], "客服很nice") == "mixed"
    assert answer_language(["", ""], "/ ...") == ""
    assert answer_language(["en"], "The engineers were friendly and fixed the line quickly") == "en"


def test_a_latin_answer_in_another_language_is_other():
    assert answer_language(["en"], "El servicio fue muy malo y la entrega llegó tarde") == "other"
    assert answer_language(["en"], "Le service client est vraiment excellent") == "other"


def test_short_latin_answers_are_english_without_a_guess():
    assert answer_language(["en"], "Good job") == "en"


def test_to_clauses_records_each_clause_language_and_answers_are_summarised():
    frame = pd.DataFrame({"respondent_id": ["a", "b", "c", "d"],
                          "text": ["物流很快，包装也好", "Great service, but the bill was wrong", "客服很nice", "/"]})
    clauses = to_clauses(frame, progress=False)
    assert clauses.groupby("respondent_id")["language"].agg(list).to_dict() == {
        "a": ["zh", "zh"], "b": ["en", "en"], "c": ["mixed"], "d": [""]}
    assert answer_languages(clauses).to_dict() == {"a": "zh", "b": "en", "c": "mixed", "d": ""}
    assert answer_languages(clauses.drop(columns="language")).to_dict() == {k: "" for k in "abcd"}
