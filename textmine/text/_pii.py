"""Masking personal data in verbatims: e-mail addresses, phone numbers, ID and bank-card numbers,
QQ numbers and WeChat ids.

The text is first folded to a *skeleton* of the same length (full-width digits, letters and
separators -> ASCII, the odd dash or space -> ``-`` / `` ``), so every pattern is written once in
ASCII and the spans found in the skeleton are replaced in the original text, which otherwise keeps
its characters. :func:`pii_spans` returns the spans (so a caller that cuts the text into clauses can
mask each piece by the spans of the whole answer); :func:`mask_pii` replaces them.

Digit runs (digits joined by single dots, hyphens or one or two spaces, with an optional ``+``
and ``(area code)``) are cut into groups and classified by their digits *and* their grouping, so
``138 1234 5678`` and ``1 3 8 1 2 3 4 5 6 7 8`` are a phone number while ``2024年3月5日``,
``99元``, ``iPhone 15`` or ``15 20 30 40 50 60`` stay as they are.
"""

from __future__ import annotations

import re

__all__ = ["PII_PLACEHOLDERS", "mask_pii", "pii_spans", "mask_slice"]

#: placeholder for each kind of personal data
PII_PLACEHOLDERS = {
    "email": "<EMAIL>",
    "id": "<ID>",
    "card": "<CARD>",
    "phone": "<PHONE>",
    "tel": "<TEL>",
    "qq": "<QQ>",
    "wechat": "<WECHAT>",
    "number": "<NUMBER>",
}
_P = PII_PLACEHOLDERS

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update({cp: 0x20 for cp in (0x3000, 0x00A0, 0x2002, 0x2003, 0x2009, 0x202F)})
_FOLD.update({cp: 0x2D for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212, 0xFE63)})

# a character every kind of personal data (or its label) holds: a digit, '@', or the first letter
# of a label (QQ, 微信, vx, wx, wechat, 扣扣, 企鹅)
_MAYBE = re.compile(r"[0-9０-９@＠qQwWvVｑＱｗＷｖＶ微威薇扣企]")

# Chinese and a few other IDN top-level domains (an ASCII one is any run of 2+ letters)
_IDN_TLDS = "中国|中國|公司|网络|網絡|在线|网址|网店|集团|商城|商标|手机|信息|香港|台湾|台灣|游戏|企业|移动|政务|公益|我爱你"
_EMAIL_DOMAIN = re.compile(rf"@((?:[^\W_](?:[\w\-]*[^\W_])?\.)+(?:[A-Za-z]{{2,}}|{_IDN_TLDS}))")
_ASCII_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_MAX_NON_ASCII_SEGMENT = 4  # a name written before '@' (张三, 欧阳娜娜), not the sentence before it

_LABEL = r"(?<![A-Za-z])"
_NUM_VALUE = r"(?P<num>\d(?:[ \-]?\d){4,11})(?![0-9])"
_QQ = re.compile(rf"{_LABEL}(?:qq|扣扣|企鹅)(?:号码|号|號|群|id)? {{0,2}}[:=是为]? {{0,2}}{_NUM_VALUE}", re.I)
_WECHAT = re.compile(
    rf"{_LABEL}(?:微信|威信|薇信|v信|vx|wx|wechat|weixin|加v)(?:号码|号|號|id)? {{0,2}}(?P<sep>[:=是为])? {{0,2}}"
    rf"(?:(?P<wxid>wxid_[A-Za-z0-9_\-]+)|{_NUM_VALUE}|(?P<id>[A-Za-z][A-Za-z0-9_\-]{{5,19}})(?![A-Za-z0-9_\-]))",
    re.I,
)
_LABELS = re.compile(r"qq|扣扣|企鹅|微信|威信|薇信|v信|vx|wx|wechat|weixin|加v", re.I)
_WXID = re.compile(r"(?<![A-Za-z_])wxid_[A-Za-z0-9_\-]{4,}", re.I)

_RUN = re.compile(
    r"(?<![0-9])(?:(?P<plus>\+) ?)?(?:\((?P<paren>\d{2,4})\) ?)?\d+(?:(?:[.\-]| {1,2})\d+)*(?P<x> ?[Xx](?![A-Za-z]))?"
)
_DIGITS = re.compile(r"\d+")
_ID = re.compile(r"[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]")
_MAX_GROUPS = 22  # an 18-character ID written digit by digit, plus a country code


def pii_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, placeholder)`` of the personal data in ``text``, in order, not overlapping."""
    if not text or not _MAYBE.search(text):
        return []
    skel = text if text.isascii() else text.translate(_FOLD)
    taken: list[tuple[int, int, str]] = []
    for finder in (_emails, _labelled, _runs):
        found = _disjoint(finder(skel))
        if found:
            taken = sorted(taken + found)
            skel = _blank(skel, found)
    return taken


def _disjoint(spans) -> list[tuple[int, int, str]]:
    """The spans in order, the longer one kept where two overlap."""
    spans = list(spans)
    if len(spans) < 2:
        return spans
    kept: list[tuple[int, int, str]] = []
    for s, e, p in sorted(spans, key=lambda t: (t[0], t[0] - t[1])):
        if kept and s < kept[-1][1]:
            continue
        kept.append((s, e, p))
    return kept


def mask_pii(text: str) -> str:
    """Replace e-mail addresses, ID-card numbers, bank cards, mobile and landline numbers (dotted,
    spaced, with a country code, in full-width digits), QQ numbers and WeChat ids after their label,
    and other long digit runs (order numbers) by typed placeholders such as ``<PHONE>``.

    Works on raw text (full-width digits included) and on normalised text; the label of a QQ number or
    WeChat id is kept (``QQ:<QQ>``), and so is everything that is not personal data.
    """
    if not text or not isinstance(text, str):
        return text
    return mask_slice(text, 0, len(text), pii_spans(text))


def mask_slice(text: str, start: int, end: int, spans) -> str:
    """``text[start:end]`` with each span of ``spans`` (from :func:`pii_spans` of ``text``) that meets
    the slice replaced by its placeholder."""
    out = []
    pos = start
    for s, e, placeholder in spans:
        if e <= start or s >= end:
            continue
        s = max(s, start)
        if s > pos:
            out.append(text[pos:s])
        out.append(placeholder)
        pos = max(pos, min(e, end))
    if not out:
        return text[start:end]
    out.append(text[pos:end])
    return "".join(out)


def _blank(skel: str, spans) -> str:
    """The skeleton with the spans found so far blanked out (same length), so later finders skip them."""
    parts, pos = [], 0
    for s, e, _ in sorted(spans):
        parts.append(skel[pos:s])
        parts.append("\x00" * (e - s))
        pos = e
    parts.append(skel[pos:])
    return "".join(parts)


def _emails(skel: str):
    if "@" not in skel:
        return
    prev_end = 0
    for m in _EMAIL_DOMAIN.finditer(skel):
        start = max(_local_start(skel, m.start()), prev_end)
        if start < m.start():
            yield start, m.end(), _P["email"]
            prev_end = m.end()


def _local_start(skel: str, at: int) -> int:
    """Where the local part before the '@' at ``at`` starts (``at`` when there is none)."""
    i = at
    while i > 0 and skel[i - 1] in _ASCII_LOCAL:
        i -= 1
    if i < at:  # an ASCII local part: the Chinese text before it is not part of the address
        while i < at and skel[i] in "._%+-":
            i += 1
        return i
    segment = 0
    while i > 0:
        ch = skel[i - 1]
        if ch in "._-" and segment and i > 1 and (skel[i - 2].isalnum()):
            segment = 0
        elif ch.isalnum() and segment < _MAX_NON_ASCII_SEGMENT:
            segment += 1
        else:
            break
        i -= 1
    return i


def _labelled(skel: str):
    if not _LABELS.search(skel):
        return
    for m in _QQ.finditer(skel):
        yield m.start("num"), m.end("num"), _number_placeholder(m.group("num"), "qq")
    for m in _WECHAT.finditer(skel):
        if m.group("wxid"):
            yield m.start("wxid"), m.end("wxid"), _P["wechat"]
        elif m.group("num"):
            yield m.start("num"), m.end("num"), _number_placeholder(m.group("num"), "wechat")
        elif m.group("sep") or re.search(r"[\d_\-]", m.group("id")):
            yield m.start("id"), m.end("id"), _P["wechat"]
    for m in _WXID.finditer(skel):
        yield m.start(), m.end(), _P["wechat"]


def _number_placeholder(value: str, kind: str) -> str:
    digits = value.replace(" ", "").replace("-", "")
    return _P["phone"] if _is_mobile(digits) else _P[kind]


def _runs(skel: str):
    for m in _RUN.finditer(skel):
        if m.end() - m.start() >= 9:  # fewer characters cannot hold the 9 digits of the shortest kind
            yield from _classify_run(m)


def _classify_run(m: re.Match):
    """Spans of personal data in one digit run: the longest window of its groups that is a phone,
    landline, ID or card number (or a long unbroken digit run), then on after it."""
    groups = [(g.start() + m.start(), g.end() + m.start(), g.group()) for g in _DIGITS.finditer(m.group())]
    n = len(groups)
    counts = [0]
    for g in groups:
        counts.append(counts[-1] + len(g[2]))
    x_end = m.end("x") if m.group("x") else None
    i = 0
    while i < n:
        for j in range(min(n, i + _MAX_GROUPS), i, -1):
            total = counts[j] - counts[i]
            if total < 9 and not (total == 17 and j == n and x_end):
                continue
            kind = _kind(groups[i:j], plus=i == 0 and bool(m.group("plus")),
                         paren=i == 0 and bool(m.group("paren")), x=j == n and x_end is not None)
            if kind is not None:
                start = m.start() if i == 0 and (m.group("plus") or m.group("paren")) else groups[i][0]
                end = x_end if kind == "id" and j == n and x_end else groups[j - 1][1]
                yield start, end, _P[kind]
                i = j
                break
        else:
            i += 1


def _kind(groups, *, plus: bool, paren: bool, x: bool) -> str | None:
    sizes = [len(g[2]) for g in groups]
    digits = "".join(g[2] for g in groups)
    if x and len(digits) == 17 and _ID.fullmatch(digits + "X") and _plain(sizes):
        return "id"
    if len(digits) == 18 and _ID.fullmatch(digits) and _plain(sizes):
        return "id"
    rest, sizes_rest, country = _strip_country(digits, sizes, plus)
    if _is_mobile(rest) and _plain(sizes_rest):
        return "phone"
    if _is_landline(rest, sizes_rest, country, paren):
        return "tel"
    if not country and 16 <= len(digits) <= 19 and _plain(sizes):
        if _luhn_ok(digits):
            return "card"
        if len(sizes) == 1 or digits[0] in "3456":  # not "2019 2020 2021 2022", a list of years
            return "number"
    if len(sizes) == 1 and len(digits) >= 9:
        return "number"
    return None


def _plain(sizes) -> bool:
    """One unbroken run, digits written one by one, or blocks of three or more."""
    return len(sizes) == 1 or all(s == 1 for s in sizes) or all(s >= 3 for s in sizes)


def _strip_country(digits: str, sizes: list[int], plus: bool):
    if digits.startswith("0086"):
        cut = 4
    elif digits.startswith("86") and (plus or (len(digits) == 13 and _is_mobile(digits[2:]))):
        cut = 2
    else:
        return digits, sizes, False
    rest = list(sizes)
    while cut and rest:
        if rest[0] <= cut:
            cut -= rest.pop(0)
        else:
            rest[0] -= cut
            cut = 0
    return digits[len(digits) - sum(rest):], rest, True


def _is_mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"


def _is_landline(digits: str, sizes: list[int], country: bool, paren: bool) -> bool:
    if not sizes:
        return False
    blocks_after_area = len(sizes) == 1 or all(s >= 3 for s in sizes[1:]) or all(s == 1 for s in sizes)
    if digits[:3] in ("400", "800") and len(digits) == 10 and _plain(sizes):
        return True
    if digits[0] == "0" and 10 <= len(digits) <= 12:  # 0 + area code + 7-8 digit number
        area_ok = paren or len(sizes) == 1 or sizes[0] in (3, 4) or all(s == 1 for s in sizes)
        local_ok = len(sizes) == 1 or all(s == 1 for s in sizes) or digits[sizes[0]] != "0"
        return area_ok and blocks_after_area and local_ok
    if country and 9 <= len(digits) <= 11 and digits[0] != "0":  # +86 10 1234 5678: no trunk 0
        return (len(sizes) == 1 or sizes[0] <= 4) and blocks_after_area
    return False


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0
