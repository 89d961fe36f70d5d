import pandas as pd
import pytest

from textmine.text import is_no_content, to_clauses

LOW_INFORMATION = [
    "/", "//", "-", "--", "——", "。。。", "...", "…", "？？", "~", "无", "無", "N/A", "n/a", "/无",
    "👍", "👍👍👍", "😡", "🐶", "🇨🇳", "#$%", "、", "·", "¥", "@", "《》", "【】", "\u200b", "\x00",
    "1", "0", "100", "+1", "-1", "1.", "①", "x", "xxx", "ｘ",
]


@pytest.mark.parametrize("answer", LOW_INFORMATION)
def test_low_information_answers_are_no_content(answer):
    assert is_no_content(answer) is True


@pytest.mark.parametrize("answer", ["物流很快", "5分", "5G信号差", "a/b", "iPhone 15", "😀服务好", "😂😂真的吗", "差"])
def test_answers_with_something_to_say_are_content(answer):
    assert is_no_content(answer) is False


def test_low_information_clauses_in_the_clause_table():
    answers = LOW_INFORMATION + ["   ", ""]
    out = to_clauses(pd.DataFrame({"respondent_id": range(len(answers)), "text": answers}))
    assert out["respondent_id"].tolist() == list(range(len(answers)))  # one clause each
    assert out["no_content"].all()
    row = out.set_index("respondent_id")
    assert row.loc[0, "text"] == "/" and (row.loc[0, "start"], row.loc[0, "end"]) == (0, 1)
    # an emoji keeps its polarity (a thumbs-up is praise) but is not a content clause
    assert row.loc[LOW_INFORMATION.index("👍"), "text"] == "赞"
    assert row.loc[LOW_INFORMATION.index("👍"), "sentiment"] > 0


def test_twenty_slashes_leave_no_content_clause_for_the_encoder():
    answers = ["/"] * 20 + ["物流很快，但是客服态度太差", "价格便宜"]
    out = to_clauses(pd.DataFrame({"respondent_id": range(22), "text": answers}))
    content = out[~out["no_content"]]
    assert content["text"].tolist() == ["物流很快", "但是客服态度太差", "价格便宜"]


def test_no_content_clause_inside_a_content_answer():
    out = to_clauses(pd.DataFrame({"respondent_id": [1], "text": ["物流很快。100。价格便宜"]}))
    assert out["text"].tolist() == ["物流很快", "100", "价格便宜"]
    assert out["no_content"].tolist() == [False, True, False]


def test_lexicon_entries_written_with_punctuation_match():
    from textmine.text import Lexicons

    lex = Lexicons(extra={"no_content": ["不想填。。"]})
    assert is_no_content("不想填", lex) is True
    assert is_no_content("不想填！", lex) is True
    assert is_no_content("不想填", Lexicons()) is False


@pytest.mark.parametrize("answer, reason", [
    ("", "empty"), ("   ", "empty"), (None, "empty"), ("/", "punctuation"), ("。。。", "punctuation"),
    ("<PHONE>", "punctuation"), ("👍👍", "emoji"), ("100", "digits"), ("xxx", "repeated"), ("哈哈哈", "repeated"),
    ("嗯嗯嗯", "repeated"), ("asdf", "keyboard"), ("sdfghj", "keyboard"), ("阿萨德", "keyboard"),
    ("henhao", "pinyin"), ("bucuo", "pinyin"), ("haoping", "pinyin"), ("无", "filler"), ("不知道", "filler"),
    ("系统默认好评", "filler"),
])
def test_no_content_reason_names_why(answer, reason):
    from textmine.text import NO_CONTENT_REASONS, no_content_reason

    assert no_content_reason(answer) == reason
    assert reason in NO_CONTENT_REASONS
    assert is_no_content(answer) is True


@pytest.mark.parametrize("answer", ["物流很快", "iPhone 15", "power", "delivery", "nice", "ppt", "差", "5G信号差",
                                    "发货很快哈", "好好好"])
def test_words_are_not_taken_for_mash_or_pinyin(answer):
    from textmine.text import no_content_reason

    assert no_content_reason(answer) is None


def test_the_clause_table_and_no_content_reason_agree():
    from textmine.text import no_content_reason

    answers = (LOW_INFORMATION + ["哈哈哈", "嗯嗯嗯", "asdf", "henhao", "阿萨德", "物流很快", "iPhone 15", "power",
                                  "发货很快哈", "😀服务好"])
    out = to_clauses(pd.DataFrame({"respondent_id": range(len(answers)), "text": answers}))
    for original, flagged in zip(out["original"], out["no_content"]):
        assert flagged == (no_content_reason(original) is not None), original
