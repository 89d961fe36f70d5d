import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textmine.text import mask_pii, to_clauses
from textmine.text._pii import pii_spans


@pytest.mark.parametrize(
    "raw, expected",
    [
        # mobile numbers: dotted, spaced, digit by digit, with a country code, full-width
        ("电话138.1234.5678谢谢", "电话<PHONE>谢谢"),
        ("电话 138 1234 5678 谢谢", "电话 <PHONE> 谢谢"),
        ("打1 3 8 1 2 3 4 5 6 7 8找我", "打<PHONE>找我"),
        ("+86 138 1234 5678", "<PHONE>"),
        ("8613812345678", "<PHONE>"),
        ("手机１３８１２３４５６７８", "手机<PHONE>"),
        ("手机１３８－１２３４－５６７８", "手机<PHONE>"),
        ("手机１３８　１２３４　５６７８", "手机<PHONE>"),
        ("138—1234—5678", "<PHONE>"),
        # landlines
        ("座机021 6666 8888", "座机<TEL>"),
        ("座机021-66668888", "座机<TEL>"),
        ("座机(021)66668888", "座机<TEL>"),
        ("座机（０２１）６６６６８８８８", "座机<TEL>"),
        ("座机0086-10-12345678", "座机<TEL>"),
        ("座机+86 10 1234 5678", "座机<TEL>"),
        ("座机0755 2345678", "座机<TEL>"),
        # e-mail addresses with non-ASCII parts
        ("张三@例子.公司", "<EMAIL>"),
        ("发到user@例子.中国谢谢", "发到<EMAIL>谢谢"),
        ("邮箱 名字.姓@mail.com", "邮箱 <EMAIL>"),
        ("邮箱ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "邮箱<EMAIL>"),
        # QQ numbers and WeChat ids after their label
        ("QQ 12345678", "QQ <QQ>"),
        ("qq号:123456789", "qq号:<QQ>"),
        ("扣扣 2345678", "扣扣 <QQ>"),
        ("ＱＱ：１２３４５６７", "ＱＱ：<QQ>"),
        ("加微信: abc_123", "加微信: <WECHAT>"),
        ("vx：wxid_abc12", "vx：<WECHAT>"),
        ("wx 12345678", "wx <WECHAT>"),
        ("微信13812345678", "微信<PHONE>"),
        ("加我微信号是zhangsan88", "加我微信号是<WECHAT>"),
        ("wxid_abcdef123", "<WECHAT>"),
        # ID numbers with spaces and bank cards in groups of four
        ("身份证110105 19491231 002X", "身份证<ID>"),
        ("身份证 110 105 1949 1231 002x", "身份证 <ID>"),
        ("身份证１１０１０５１９４９１２３１００２Ｘ", "身份证<ID>"),
        ("卡号6222 0212 3456 7890 123", "卡号<NUMBER>"),
        ("卡号4111-1111-1111-1111", "卡号<CARD>"),
        # a number right after the phone is not swallowed
        ("138 1234 5678 9分", "<PHONE> 9分"),
    ],
)
def test_mask_pii_forms(raw, expected):
    assert mask_pii(raw) == expected


ORDINARY = [
    "99元", "价格1299元", "2024年3月5日", "2024-03-05", "2024.3.5", "用了3年", "等了20分钟", "下了 5 单",
    "买了 12 次", "iPhone 15", "iPhone 15 Pro Max", "华为Mate 60", "小米14", "RTX4090", "9分", "10分满分",
    "15 20 30 40 50 60", "2023 2024 2025年", "2019 2020 2021 2022年都买过", "10:30", "3.5折", "第1名", "5G", "1080P", "200ml",
    "微信支付很方便", "QQ音乐好用", "微信 update 后闪退", "满100减20", "12345", "等了 1 2 个小时",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_survive(text):
    assert mask_pii(text) == text


def test_mask_is_idempotent_and_keeps_placeholders_through_normalisation():
    from textmine.text import normalize

    once = mask_pii("QQ 12345678，微信: abc_123，电话138 1234 5678")
    assert once == "QQ <QQ>，微信: <WECHAT>，电话<PHONE>"
    assert mask_pii(once) == once
    assert normalize(once) == "QQ <QQ>,微信: <WECHAT>,电话<PHONE>"


def test_spans_are_in_order_and_disjoint():
    text = "vx：wxid_abc12，邮箱a1@qq.com，电话13812345678"
    spans = pii_spans(text)
    assert [text[s:e] for s, e, _ in spans] == ["wxid_abc12", "a1@qq.com", "13812345678"]
    assert [p for *_, p in spans] == ["<WECHAT>", "<EMAIL>", "<PHONE>"]


def test_label_and_number_in_two_clauses_are_masked():
    out = to_clauses(pd.DataFrame({"respondent_id": [1], "text": ["QQ：12345678，微信：abc_123，服务很好"]}))
    # "微信：abc_123" is cut at the colon: the id, alone in its clause, is masked all the same
    assert out["original"].tolist() == ["QQ：<QQ>", "微信", "<WECHAT>", "服务很好"]
    assert out["text"].tolist() == ["QQ:<QQ>", "微信", "<WECHAT>", "服务很好"]
    assert out["start"].tolist() == [0, 12, 15, 23]
    assert out["no_content"].tolist() == [True, False, True, False]


def test_non_ascii_email_is_not_cut_at_its_dot():
    out = to_clauses(pd.DataFrame({"respondent_id": [1], "text": ["联系：张三@例子.公司，谢谢"]}))
    assert out["original"].tolist() == ["联系", "<EMAIL>", "谢谢"]


# -- property: personal data written in many ways, inside random Chinese text -------------------

_chinese = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=12)
_FULL = str.maketrans("0123456789-() +@.X", "０１２３４５６７８９－（）　＋＠．Ｘ")


def _digits(n):
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


def _group(digits: str, sizes) -> list[str]:
    out, i = [], 0
    for s in sizes:
        out.append(digits[i:i + s])
        i += s
    return out


@st.composite
def _mobile(draw):
    digits = "1" + draw(st.sampled_from("3456789")) + draw(_digits(9))
    layout = draw(st.sampled_from(["plain", "344", "singles"]))
    sep = draw(st.sampled_from(["", "-", ".", " ", "  "] if layout != "plain" else [""]))
    if layout == "344":
        body = sep.join(_group(digits, (3, 4, 4))) if sep else digits
    elif layout == "singles":
        body = (sep or " ").join(digits)
    else:
        body = digits
    prefix = draw(st.sampled_from(["", "+86 ", "+86", "0086-", "86"]))
    return prefix + body, digits


@st.composite
def _landline(draw):
    area = draw(st.sampled_from(["010", "021", "020", "0755", "0571"]))
    local = draw(st.sampled_from("2345678")) + draw(_digits(7 if len(area) == 3 else 6))
    form = draw(st.sampled_from(["dash", "space", "paren", "country", "plus", "blocks"]))
    body = {
        "dash": f"{area}-{local}",
        "space": f"{area} {local}",
        "paren": f"({area}){local}",
        "country": f"0086-{area[1:]}-{local}",
        "plus": f"+86 {area[1:]} {local}",
        "blocks": f"{area} {local[:-4]} {local[-4:]}",
    }[form]
    return body, area[1:] + local


@st.composite
def _id_number(draw):
    region = draw(st.sampled_from("123456789")) + draw(_digits(5))
    year = str(draw(st.integers(1930, 2020)))
    month = f"{draw(st.integers(1, 12)):02d}"
    day = f"{draw(st.integers(1, 28)):02d}"
    tail = draw(_digits(3)) + draw(st.sampled_from("0123456789Xx"))
    number = region + year + month + day + tail
    layout = draw(st.sampled_from(["plain", "6-8-4", "6-4-4-4"]))
    body = {
        "plain": number,
        "6-8-4": f"{number[:6]} {number[6:14]} {number[14:]}",
        "6-4-4-4": f"{number[:6]} {number[6:10]} {number[10:14]} {number[14:]}",
    }[layout]
    return body, number[:-1]


@st.composite
def _card(draw):
    prefix = draw(st.sampled_from(["62", "4", "5"]))
    digits = prefix + draw(_digits(draw(st.integers(16, 19)) - len(prefix)))
    sep = draw(st.sampled_from(["", " ", "-"]))
    groups = [digits[i:i + 4] for i in range(0, len(digits), 4)]
    return sep.join(groups), digits


@st.composite
def _email(draw):
    local = draw(st.sampled_from(["zhang.san", "user_01", "名字.姓", "张三", "li-si+x"]))
    domain = draw(st.sampled_from(["example.com", "mail.qq.com", "例子.中国", "例子.公司", "163.com"]))
    address = f"{local}@{domain}"
    return address, address


@st.composite
def _account(draw):
    number = draw(st.sampled_from("123456789")) + draw(_digits(draw(st.integers(4, 11))))
    label = draw(st.sampled_from(["QQ", "qq号", "QQ号码", "扣扣", "微信", "VX", "vx", "wx", "微信号"]))
    sep = draw(st.sampled_from(["", " ", ":", "：", "是"]))
    return f"{label}{sep}{number}", number


@settings(max_examples=300, deadline=None)
@given(
    before=_chinese,
    after=_chinese,
    item=st.one_of(_mobile(), _landline(), _id_number(), _card(), _email(), _account()),
    full_width=st.booleans(),
)
def test_personal_data_never_survives_masking(before, after, item, full_width):
    written, secret = item
    if full_width:
        written = written.translate(_FULL)
    masked = mask_pii(before + written + after)
    # a local part in Chinese ("张三@") cannot be told from the text before it: up to four
    # characters of that text may go with the address
    kept_before = before if written[0].isascii() else before[: max(0, len(before) - 4)]
    assert masked.startswith(kept_before) and masked.endswith(after)
    assert secret not in re.sub(r"\D", "", masked.translate(str.maketrans("０１２３４５６７８９", "0123456789"))) \
        if secret.isdigit() else secret not in masked
    assert re.search(r"<(PHONE|TEL|ID|EMAIL|QQ|WECHAT|NUMBER|CARD)>", masked)


@settings(max_examples=200, deadline=None)
@given(before=_chinese, after=_chinese, number=st.sampled_from(ORDINARY))
def test_ordinary_numbers_survive_in_random_text(before, after, number):
    text = before + number + after
    assert mask_pii(text) == text


_PII_ALPHABET = st.sampled_from(
    list("0123456789 -.+()Xx@微信QQ号:：abc_好") + ["138", "0086", "+86 ", "wxid_", "@例子.中国", "１", "　"]
)


@settings(max_examples=300, deadline=None)
@given(text=st.lists(_PII_ALPHABET, max_size=30).map("".join))
def test_masking_is_idempotent_on_digit_heavy_text(text):
    once = mask_pii(text)
    assert mask_pii(once) == once
    spans = pii_spans(text)
    assert all(0 <= s < e <= len(text) for s, e, _ in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_two_chinese_addresses_in_a_row():
    assert mask_pii("0@例子.中国微@例子.中国") == "<EMAIL><EMAIL>"
