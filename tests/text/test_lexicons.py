import pickle
from pathlib import Path

import pytest

from textmine.errors import ConfigError, InputError
from textmine.text import LEXICON_NAMES, Lexicons, default_lexicon_dir, load_lexicon

REPO_LEXICONS = Path(__file__).resolve().parents[2] / "lexicons"


def test_default_dir_is_repo_lexicons(monkeypatch):
    monkeypatch.delenv("TEXTMINE_LEXICONS", raising=False)
    assert default_lexicon_dir() == REPO_LEXICONS


def test_env_overrides_default_dir(monkeypatch, tmp_path):
    (tmp_path / "negators.txt").write_text("# mine\n没\n", encoding="utf-8")
    monkeypatch.setenv("TEXTMINE_LEXICONS", str(tmp_path))
    assert default_lexicon_dir() == tmp_path
    assert load_lexicon("negators") == {"没": 1.0}


@pytest.mark.parametrize("name", LEXICON_NAMES)
def test_every_shipped_lexicon_has_source_and_licence_header(name):
    head = (REPO_LEXICONS / f"{name}.txt").read_text(encoding="utf-8").splitlines()[:6]
    assert any(line.startswith("# source:") for line in head)
    assert any(line.startswith("# licence:") for line in head)
    assert len(load_lexicon(name, REPO_LEXICONS)) >= 15


def test_stopwords_hold_sentiment_words_for_labelling_only():
    stop = load_lexicon("stopwords", REPO_LEXICONS)
    assert {"不", "没", "很", "但是"} <= set(stop)


def test_required_entries():
    assert {"性价比", "客服", "物流", "售后", "闪退", "卡顿"} <= set(load_lexicon("domain", REPO_LEXICONS))
    assert {"无", "没有", "同上", "不知道", "没意见"} <= set(load_lexicon("no_content", REPO_LEXICONS))
    # evaluations are content (the overall-evaluation theme), not no-content
    evaluation = load_lexicon("evaluation", REPO_LEXICONS)
    assert {"还行", "挺好", "一般", "不错"} <= {w for w, k in evaluation.items() if k == "judge"}
    assert not {"还行", "挺好", "一般", "不错"} & set(load_lexicon("no_content", REPO_LEXICONS))
    assert set(evaluation.values()) == {"judge", "object", "wish"}
    contrast = load_lexicon("contrast", REPO_LEXICONS)
    assert contrast["但是"] == "contrast" and contrast["虽然"] == "concession"
    degree = load_lexicon("degree", REPO_LEXICONS)
    assert degree["极其"] > degree["很"] > 1.0 > degree["有点"]


def test_positive_and_negative_do_not_overlap():
    pos = set(load_lexicon("positive", REPO_LEXICONS))
    neg = set(load_lexicon("negative", REPO_LEXICONS))
    assert not (pos & neg)


def test_load_by_path_parses_weights_and_comments(tmp_path):
    path = tmp_path / "pos.txt"
    path.write_text("# header\n\n好\t2\n妙 0.5\n棒\n", encoding="utf-8")
    assert load_lexicon(path) == {"好": 2.0, "妙": 0.5, "棒": 1.0}


def test_unknown_name_and_missing_file():
    with pytest.raises(ConfigError, match="unknown lexicon 'feelings'"):
        load_lexicon("feelings")
    with pytest.raises(InputError, match="lexicon file not found"):
        load_lexicon("/nonexistent/pos.txt")


def test_replace_and_extend(tmp_path):
    path = tmp_path / "pos.txt"
    path.write_text("绝绝子\t2\n", encoding="utf-8")
    lex = Lexicons(positive=path, extra={"negative": ["拉胯"]})
    assert lex.get("positive") == {"绝绝子": 2.0}
    assert lex.get("negative")["拉胯"] == 1.0
    assert "垃圾" in lex.get("negative")
    assert lex.weights("contrast")["但是"] == 1.0


def test_bad_names_in_bundle():
    with pytest.raises(ConfigError, match=r"unknown lexicon name\(s\) \['feelings'\]"):
        Lexicons(feelings=["x"])


def test_lexicons_pickle():
    lex = Lexicons(extra={"positive": {"绝绝子": 2.0}})
    lex.get("positive")
    clone = pickle.loads(pickle.dumps(lex))
    assert clone.get("positive")["绝绝子"] == 2.0
