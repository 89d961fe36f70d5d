import pandas as pd
import pytest

from textmine.drivers import mentions_to_matrix
from textmine.errors import SchemaError


@pytest.fixture
def mentions():
    return pd.DataFrame({
        "respondent_id": [1, 1, 2, 2, 3, 3],
        "theme": ["价格", "服务", "价格", "价格", "服务", "物流"],
        "polarity": [1, -1, 1, -1, 0, "negative"],
    })


def test_signed_codes(mentions):
    m = mentions_to_matrix(mentions, respondents=[1, 2, 3, 4])
    assert list(m.columns) == sorted(["价格", "服务", "物流"])
    assert m.loc[1].to_dict() == {"价格": 1, "服务": -1, "物流": 0}
    assert m.loc[2, "价格"] == 3  # positive and negative: mixed
    assert m.loc[3].to_dict() == {"价格": 0, "服务": 2, "物流": -1}
    assert (m.loc[4] == 0).all()  # a respondent with no mention keeps a row


def test_unsigned_and_frame_join(mentions):
    resp = pd.DataFrame({"respondent_id": [3, 2, 1], "score": [9, 3, 10]})
    m = mentions_to_matrix(mentions.drop(columns="polarity"), resp, signed=False)
    assert list(m.columns) == ["respondent_id", "score", "价格", "服务", "物流"]
    assert m["价格"].tolist() == [0, 1, 1]
    assert m["物流"].tolist() == [1, 0, 0]


def test_errors(mentions):
    with pytest.raises(SchemaError, match="2 rows have a 'respondent_id' not among"):
        mentions_to_matrix(mentions, respondents=[1, 2])
    with pytest.raises(SchemaError, match="missing column 'polarity'"):
        mentions_to_matrix(mentions.drop(columns="polarity"))
    bad = mentions.assign(polarity=["good", 1, 1, 1, 1, 1])
    with pytest.raises(SchemaError, match="row 0 is not a polarity"):
        mentions_to_matrix(bad)
