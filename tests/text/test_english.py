"""English and mixed clauses (issue 17): contrast words split, tokens lemmatised, word classes for naming, VADER
polarity with service words, mixed clauses read by both scorings."""

import pandas as pd
import pytest

from textmine.text import aspect_texts, aspect_tokens, english_kind, evaluation_only, join_words, split_clauses, \
    to_clauses
from textmine.text._english import english_polarity, english_token, mixed_polarity
from textmine.text._no_content import no_content_reason


def clauses_of(*texts):
    frame = pd.DataFrame({"respondent_id": range(len(texts)), "text": list(texts)})
    return to_clauses(frame, progress=False)


def test_contrast_words_split_and_mark_the_clause_after_them():
    got = [(c.text, c.contrast) for c in split_clauses("The engineers turned up late, but the speed is great. "
                                                       "However the bill was wrong")]
    assert got == [("The engineers turned up late", False), ("but the speed is great", True),
                   ("However the bill was wrong", True)]


@pytest.mark.parametrize("text", ["Not only fast but also cheap", "The button was broken", "Nothing but praise",
                                  "Even though it rained they came"])
def test_words_that_only_look_like_contrasts_do_not_split(text):
    assert len(split_clauses(text)) == 1


def test_chinese_contrast_still_splits_beside_english():
    assert [c.text for c in split_clauses("价格不错但是物流慢")] == ["价格不错", "但是物流慢"]


def test_tokens_are_lower_case_and_nouns_singular_acronyms_kept():
    assert [english_token(w) for w in ("Engineers", "emails", "The", "APP", "SIMs", "was", "turned")] == [
        "engineer", "email", "the", "APP", "SIM", "was", "turned"]
    assert clauses_of("The Engineers fixed my APPs")["tokens"][0] == ["the", "engineer", "fixed", "my", "APP"]


@pytest.mark.parametrize("word, kind", [
    ("service", "noun"), ("engineer", "noun"), ("broadband", "noun"), ("router", "noun"), ("building", "noun"),
    ("great", "opinion"), ("slow", "opinion"), ("problem", "opinion"), ("late", "opinion"),
    ("the", "function"), ("not", "function"), ("very", "function"), ("week", "function"), ("ve", "function"),
    ("turned", "other"), ("given", "other"), ("quickly", "opinion"),
])
def test_word_classes(word, kind):
    assert english_kind(word) == kind


def test_aspects_are_the_nouns_and_words_apart_stay_apart():
    cl = clauses_of("Waiting time for installation was too long", "FTTP throughput is much better than virgin",
                    "I think the customer service is great")
    assert aspect_texts(cl) == ["installation", "FTTP throughput virgin", "customer service"]
    assert aspect_tokens(cl)[1] == ["FTTP", "throughput", "", "virgin"]  # an acronym keeps its capitals
    assert join_words(["customer", "service"]) == "customer service" and join_words(["服务员", "态度"]) == "服务员态度"


@pytest.mark.parametrize("text, sign", [
    ("Awful service", -1), ("The engineer turned up late", -1), ("Delivery was slow", -1),
    ("Too expensive for what you get", -1), ("No reply to my emails", -1),
    ("Never had any issues", 1), ("No problems at all", 1), ("Quick and easy set up", 1),
    ("Great service", 1), ("The engineer was very helpful", 1),
])
def test_english_polarity(text, sign):
    assert english_polarity(text) * sign > 0.2


def test_english_clauses_keep_vaders_score_not_the_chinese_model():
    cl = clauses_of("The engineers turned up late", "Awful service")
    assert (cl["sentiment"] < 0).all()


def test_mixed_clauses_are_read_by_both():
    assert mixed_polarity("客服不nice", 0.0) < 0 < mixed_polarity("客服很nice", 0.0)
    assert mixed_polarity("APP老是crash", -0.6) < -0.3
    cl = clauses_of("客服很nice", "客服不nice", "APP老是crash")
    assert list(cl["language"]) == ["mixed"] * 3
    assert cl["sentiment"][0] > 0 and cl["sentiment"][1] < 0 and cl["sentiment"][2] < 0


def test_english_evaluations_go_to_the_overall_theme():
    cl = clauses_of("Excellent", "Very good experience", "Poor", "Great engineer")
    assert evaluation_only(cl).tolist() == [True, True, True, False]


def test_english_words_are_not_pinyin_or_keyboard_filler():
    assert no_content_reason("engineer") is None and no_content_reason("change") is None
    assert no_content_reason("henhao") == "pinyin" and no_content_reason("asdf") == "keyboard"
