"""aspect_texts and aspect_tokens (textmine/text/_aspects.py): both from one pass over the clauses."""

import pandas as pd

from textmine.text import aspect_texts, aspect_tokens, to_clauses

ANSWERS = ["物流很快，客服态度很好", "物流太慢了", "很好", "物流很快", "价格实惠，但是客服半天不回复",
           "Waiting time for installation was too long", "FTTP throughput is much better than virgin", "物流很快"]


def _clauses():
    frame = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(len(ANSWERS))], "text": ANSWERS})
    return to_clauses(frame, text_col="text", id_col="respondent_id", progress=False)


def test_texts_with_tokens_are_the_two_lists_from_one_pass():
    cl = _clauses()
    texts, tokens = aspect_texts(cl, with_tokens=True)
    assert texts == aspect_texts(cl)
    assert [list(t) for t in tokens] == aspect_tokens(cl)
    assert all(type(t) is tuple for t in tokens) and all(type(t) is list for t in aspect_tokens(cl))
    first = cl["text"].tolist().index("物流很快")
    again = len(cl) - 1  # the last answer repeats the clause: it shares the tuple
    assert cl["text"].iloc[again] == "物流很快" and tokens[again] is tokens[first]
    judge = cl["text"].tolist().index("很好")  # nothing left: its own tokens and its own text
    assert list(tokens[judge]) == list(cl["tokens"].iloc[judge]) and texts[judge] == "很好"
