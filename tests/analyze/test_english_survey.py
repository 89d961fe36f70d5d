"""An English survey through analyze with no option beyond the Chinese case (issue 17): languages reported,
English themes named by nouns, English polarity, an English report."""

import numpy as np
import pandas as pd
import pytest

import textmine as tm
from textmine.text import english_kind

PRAISE = ["The engineer was very helpful", "Broadband speed is great", "Quick delivery of the router",
          "Friendly customer service", "Fair price for the package", "Installation was easy"]
COMPLAIN = ["The engineer never turned up", "Broadband keeps dropping", "The router arrived late",
            "Customer service was rude", "The bill was wrong again", "Installation took three weeks"]


@pytest.fixture(scope="module")
def english():
    rng = np.random.default_rng(3)
    rows = []
    for i in range(240):
        score = int(rng.integers(0, 11))
        if score >= 9:
            answer = ". ".join(rng.choice(PRAISE, 2, replace=False))
        elif score <= 6:
            answer = f"{rng.choice(PRAISE)}, but {rng.choice(COMPLAIN).lower()}"
        else:
            answer = str(rng.choice(PRAISE + COMPLAIN))
        rows.append({"id": f"E{i:03d}", "score": score, "answer": answer if i % 30 else "Excellent"})
    frame = pd.DataFrame(rows)
    return frame, tm.analyze(frame, text="answer", score="score", id="id", cache_dir=False, quiet=True, n_boot=20)


def test_answers_are_english_and_reported(english):
    frame, a = english
    assert a.accounting["languages"] == {"en": len(frame)}
    assert set(a.respondents()["language"]) == {"en"}
    assert set(a.coded_clauses()["language"]) == {"en"}


def test_english_themes_are_named_by_nouns(english):
    _, a = english
    names = [t.name for t in a.themes.codebook.themes if t.id != "OV"]
    assert len(names) >= 4
    for name in names:  # every part of a name holds a noun; no stop word names a theme
        for part in name.split(" · "):
            assert any(english_kind(w) == "noun" for w in part.split()), name
    assert a.themes.codebook["OV"].name == "overall evaluation"


def test_english_polarity_follows_the_words(english):
    _, a = english
    cl = a.clauses.set_index("text")["sentiment"]
    assert cl["The engineer was very helpful"].max() > 0.2
    assert cl["but customer service was rude"].max() < -0.2
    assert a.clauses["contrast"].any()  # "but" split the answers


def test_the_report_is_an_english_page(english):
    _, a = english
    html = a.to_html()
    assert '<html lang="en">' in html and "推荐者" not in html
