"""Real answers that crashed analyze: "/" as 'no answer', encoders that return zero vectors, equal scores."""

import numpy as np
import pandas as pd
import pytest

import textmine as tm

PRAISE = ["物流很快", "快递第二天就到了", "客服态度很好", "客服回复很及时", "价格实惠", "性价比很高"]
COMPLAIN = ["物流太慢了", "快递一个星期才到", "客服态度太差", "客服半天不回复", "价格太贵了", "性价比不高"]


def survey_with(n: int = 300, placeholder: str = "/", n_placeholder: int = 20, score=None) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    rows = []
    for i in range(n):
        s = int(rng.integers(0, 11)) if score is None else score
        answer = rng.choice(PRAISE) + "，" + rng.choice(COMPLAIN) if s <= 6 else "，".join(rng.choice(PRAISE, 2))
        if i < n_placeholder:
            answer = placeholder
        rows.append({"id": f"R{i:03d}", "score": s, "answer": answer})
    return pd.DataFrame(rows)


class ZeroForSome:
    """The default encoder, except that it finds nothing in clauses with a planted word: zero vectors."""

    def __init__(self, word: str):
        from textmine.embed import get_encoder

        self.inner, self.word = get_encoder(None), word
        self.id, self.dim = f"zero-for-{word}", self.inner.dim

    def encode(self, texts, *, batch_size=None, show_progress=None):
        X = np.array(self.inner.encode(list(texts), show_progress=False), dtype=np.float32)
        X[[self.word in t for t in texts]] = 0
        return X


@pytest.mark.parametrize("placeholder", ["/", "-", "。。。", "？？", "~"])
def test_placeholder_answers_never_form_a_theme(placeholder):
    a = tm.analyze(survey_with(placeholder=placeholder), text="answer", score="score", id="id", n_boot=20,
                   cache_dir=False, quiet=True)
    m = a.mentions
    themed = m.loc[m["theme"] != "NC", "respondent_id"]
    assert not set(themed) & {f"R{i:03d}" for i in range(20)}  # a "/" answer is about nothing
    assert a.accounting["respondents"] == 300


def test_zero_vectors_from_any_encoder_never_reach_clustering():
    a = tm.analyze(survey_with(n_placeholder=0), text="answer", score="score", id="id", n_boot=20,
                   encoder=ZeroForSome("价格"), cache_dir=False, quiet=True)
    m = a.mentions
    assert not m.loc[m["clause"].str.contains("价格"), "theme"].isin(list(a.themes.codebook.ids)).any()
    assert len(a.themes.codebook) >= 2  # the other aspects are still themes


def test_a_survey_whose_scores_are_all_equal_runs_through_drivers():
    a = tm.analyze(survey_with(score=10, n_placeholder=0), text="answer", score="score", id="id", n_boot=20,
                   cache_dir=False, quiet=True)
    assert a.nps.nps == pytest.approx(100)
    t = a.drivers.to_frame()
    assert t["impact_nps"].isna().all() and t["note"].str.contains("not estimable").all()


def test_repeated_ids_get_suffixes_that_never_collide_with_real_ids():
    df = survey_with(n=120, n_placeholder=0)
    df.loc[[1, 2], "id"] = "R000"  # R000 three times
    df.loc[3, "id"] = "R000#2"  # a real id that looks like the first suffix
    a = tm.analyze(df, text="answer", score="score", id="id", n_boot=20, cache_dir=False, quiet=True)
    ids = a.survey.frame["respondent_id"]
    assert ids.is_unique and len(ids) == 120
    assert ids.iloc[:4].tolist() == ["R000", "R000#3", "R000#4", "R000#2"]
    assert any("suffixed #2, #3" in note for note in a.survey.notes)
    assert a.respondents()["respondent_id"].is_unique
