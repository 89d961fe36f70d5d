"""Detecting the text encoding of survey exports (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16)."""

from __future__ import annotations

from ..errors import InputError

__all__ = ["detect_encoding"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def detect_encoding(data: bytes) -> str:
    """Return the Python codec name that decodes ``data`` strictly.

    Order: a byte-order mark, then strict UTF-8, then GB18030 (a superset of GBK and GB2312, the usual
    encoding of Excel CSV exports on Chinese Windows), then charset-normalizer's best guess.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    for name in ("utf-8", "gb18030"):
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return name
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover
        best = None
    else:
        try:
            best = from_bytes(data).best()
        except Exception:  # a detector failure is an undetected encoding, not a crash
            best = None
    if best is None:
        raise InputError(
            "could not detect the text encoding: expected UTF-8, UTF-8 with BOM, GB18030/GBK or UTF-16; "
            "pass encoding=... (CLI: --encoding) to name it"
        )
    return best.encoding
