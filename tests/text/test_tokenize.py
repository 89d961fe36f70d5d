import logging
import pickle

import pytest

from textmine.errors import ConfigError, InputError
from textmine.text import ChineseTokenizer


@pytest.fixture(scope="module")
def tok():
    return ChineseTokenizer()


def test_hmm_off_keeps_glued_words_apart(tok):
    assert tok("很赞") == ["很", "赞"]
    assert tok("太省") == ["太", "省"]


@pytest.mark.parametrize("backend", ["jieba", "auto"])
def test_hmm_on_glues_them(backend):
    # the reason HMM is off by default: jieba's HMM guesses 很赞 / 太省 as words
    assert ChineseTokenizer(hmm=True, backend=backend, cache_size=0)("很赞") == ["很赞"]
    assert ChineseTokenizer(hmm=False, backend=backend, cache_size=0)("很赞") == ["很", "赞"]


def test_domain_words_kept_whole(tok):
    assert tok("性价比高，客服和售后都不错") == ["性价比高", "客服", "和", "售后", "都", "不错"]
    assert tok("打开就闪退，卡顿严重") == ["打开", "就", "闪退", "卡顿", "严重"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("iPhone 15很好用", ["iPhone 15", "很", "好用"]),
        ("iPhone 15 Pro Max太贵了", ["iPhone 15 Pro Max", "太贵", "了"]),
        ("5G网速快", ["5G", "网速", "快"]),
        ("SK-II神仙水", ["SK-II", "神仙", "水"]),
        ("APP经常闪退", ["APP", "经常", "闪退"]),
        ("用了Wi-Fi和wifi", ["用", "了", "Wi-Fi", "和", "wifi"]),
        ("电话<PHONE>打不通", ["电话", "<PHONE>", "打", "不通"]),
    ],
)
def test_mixed_chinese_english_models_and_brands(tok, text, expected):
    assert tok(text) == expected


def test_punctuation_whitespace_and_emoji_dropped(tok):
    assert tok("好吃!!，送货快 。👍") == ["好吃", "送货", "快"]
    assert tok("👍👍") == []
    assert tok("") == []
    assert tok(None) == []


def test_user_dict_adds_words(tmp_path, tok):
    assert tok("小蓝杯很好喝") != ["小蓝杯", "很", "好喝"]
    path = tmp_path / "mine.txt"
    path.write_text("# my words\n小蓝杯 10 n\n", encoding="utf-8")
    mine = ChineseTokenizer(user_dicts=[path])
    assert mine("小蓝杯很好喝") == ["小蓝杯", "很", "好喝"]
    # the shared default tokenizer is not changed (no global jieba state)
    assert tok("小蓝杯很好喝") != ["小蓝杯", "很", "好喝"]


def test_no_global_jieba_state_changed(tok):
    import jieba

    tok("性价比高")
    assert "性价比高" not in jieba.dt.FREQ or not jieba.dt.FREQ.get("性价比高")


def test_missing_user_dict():
    with pytest.raises(InputError, match="user dictionary not found"):
        ChineseTokenizer(user_dicts=["/nonexistent/dict.txt"])("好")


def test_bad_backend():
    with pytest.raises(ConfigError, match="backend='spacy' must be one of jieba, rjieba, auto"):
        ChineseTokenizer(backend="spacy")("好")


def test_picklable_before_and_after_use(tok):
    fresh = ChineseTokenizer(hmm=False)
    assert pickle.loads(pickle.dumps(fresh))("很赞") == ["很", "赞"]
    tok("很赞")
    clone = pickle.loads(pickle.dumps(tok))
    assert "_tk" not in clone.__dict__
    assert clone("物流很快") == tok("物流很快")


def test_sklearn_vectorizer(tok):
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(tokenizer=tok, token_pattern=None, lowercase=False)
    X = vec.fit_transform(["物流很快", "客服态度很差", "iPhone 15很好用"])
    assert X.shape[0] == 3
    assert {"物流", "客服", "iPhone 15", "很"} <= set(vec.get_feature_names_out())
    lowered = CountVectorizer(tokenizer=tok, token_pattern=None)
    lowered.fit(["SK-II很好用", "APP闪退"])
    assert {"sk-ii", "app", "闪退"} <= set(lowered.get_feature_names_out())


def test_jieba_logging_is_silenced_and_restored(caplog):
    logger = logging.getLogger("jieba")
    before = logger.level
    with caplog.at_level(logging.DEBUG):
        ChineseTokenizer(cache_size=0)("物流")
    assert not [r for r in caplog.records if r.name == "jieba" and r.levelno < logging.WARNING]
    assert logger.level == before


def test_rjieba_backend_agrees_on_feedback_phrases():
    pytest.importorskip("rjieba")
    py = ChineseTokenizer(backend="jieba", cache_size=0)
    rs = ChineseTokenizer(backend="rjieba", cache_size=0)
    assert py.jieba_tokenizer is rs.jieba_tokenizer  # one shared dictionary build
    for text in ["物流很快但是客服态度太差了", "性价比高", "打开就闪退卡顿严重", "很赞太省", "iPhone 15很好用"]:
        assert rs(text) == py(text)


def test_cache_returns_copies(tok):
    first = tok("物流很快")
    first.append("x")
    assert tok("物流很快") == ["物流", "很快"]


def test_lexicon_dir_argument(tmp_path):
    import shutil

    from textmine.text import default_lexicon_dir

    for name in ("positive", "negative", "negators", "degree", "domain"):
        shutil.copy(default_lexicon_dir() / f"{name}.txt", tmp_path / f"{name}.txt")
    with open(tmp_path / "domain.txt", "a", encoding="utf-8") as handle:
        handle.write("小蓝杯\n")
    assert ChineseTokenizer(lexicon_dir=tmp_path)("小蓝杯很好喝") == ["小蓝杯", "很", "好喝"]
