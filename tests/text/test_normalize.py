import pickle

import pytest

from textmine.errors import ConfigError
from textmine.text import Normalizer, mask_pii, normalize


def test_nfkc_full_width_digits_letters_and_punctuation():
    assert normalize("ｉＰｈｏｎｅ１５很好用！") == "iPhone15很好用!"
    assert normalize("价格：１２３元") == "价格:123元"


def test_traditional_to_simplified():
    assert normalize("物流很快，但是客服態度太差了！！") == "物流很快,但是客服态度太差了!"
    assert normalize("這個產品質量不錯", mask_pii=False) == "这个产品质量不错"


def test_t2s_can_be_switched_off():
    assert normalize("態度", t2s=False) == "態度"


def test_html_entities_and_tags():
    assert normalize("很好&nbsp;&nbsp;不错&amp;实惠") == "很好 不错&实惠"
    assert normalize("<p>服务<b>很好</b></p><br/>下次再来") == "服务很好\n下次再来"


def test_repeated_punctuation_is_collapsed():
    assert normalize("太差了！！！！。。。") == "太差了!。"
    assert normalize("好吃~~~~真的?!?!") == "好吃~真的?"
    assert normalize("太差了！！", collapse_punct=False) == "太差了!!"


@pytest.mark.parametrize(
    "mode, expected",
    [("keep", "好吃👍👍"), ("remove", "好吃"), ("words", "好吃 赞")],
)
def test_emoji_modes(mode, expected):
    assert normalize("好吃👍👍", emoji=mode) == expected


def test_emoji_only_answer():
    assert normalize("😡😡", emoji="words") == "生气"
    assert normalize("😡😡", emoji="remove") == ""


def test_bad_emoji_mode_raises_with_allowed_values():
    with pytest.raises(ConfigError, match="emoji='smile' must be one of keep, remove, words"):
        normalize("好", emoji="smile")


def test_urls_masked_removed_or_kept():
    assert normalize("详情见 https://example.com/a?b=1 谢谢") == "详情见 <URL> 谢谢"
    assert normalize("看 www.abc.cn 吧", urls="remove") == "看 吧"
    assert normalize("看 www.abc.cn 吧", urls="keep") == "看 www.abc.cn 吧"


def test_empty_and_missing():
    assert normalize("") == ""
    assert normalize(None) == ""
    assert normalize(float("nan")) == ""
    assert normalize("   ") == ""


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("电话13800138000联系", "电话<PHONE>联系"),
        ("电话 +86 138-0013-8000", "电话 <PHONE>"),
        ("手机１３８００１３８０００", "手机<PHONE>"),
        ("座机010-62345678", "座机<TEL>"),
        ("座机(0755)2345678", "座机<TEL>"),
        ("客服400-123-4567", "客服<TEL>"),
        ("邮箱 zhang.san@example.com 谢谢", "邮箱 <EMAIL> 谢谢"),
        ("身份证11010519491231002X", "身份证<ID>"),
        ("卡号4111 1111 1111 1111", "卡号<CARD>"),
        ("卡号4111 1111 1111 1112", "卡号<NUMBER>"),
        ("订单号202311230001234", "订单号<NUMBER>"),
        ("价格39元，3.5折", "价格39元，3.5折"),
    ],
)
def test_mask_pii(raw, expected):
    assert mask_pii(raw) == expected


def test_pii_masked_by_default_and_optional():
    assert normalize("电话13800138000") == "电话<PHONE>"
    assert normalize("电话13800138000", mask_pii=False) == "电话13800138000"


def test_lowercase_option():
    assert normalize("APP很好用", lowercase=True) == "app很好用"


def test_normalizer_is_picklable_and_equal_after_roundtrip():
    norm = Normalizer(emoji="words", t2s="t2s")
    norm("態度")  # builds the converter
    clone = pickle.loads(pickle.dumps(norm))
    assert clone == norm
    assert clone("態度很好👍") == "态度很好 赞"


def test_bad_opencc_config():
    with pytest.raises(ConfigError, match="opencc config 'nope'"):
        Normalizer(t2s="nope")("態度")


def test_normalisation_is_idempotent_and_keeps_placeholders():
    once = normalize("電話13800138000，見 http://a.cn ！！<b>好</b>😀", emoji="words")
    assert once == "电话<PHONE>,见 <URL> !好 开心"
    assert normalize(once, emoji="words") == once
