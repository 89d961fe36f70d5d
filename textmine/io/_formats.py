"""Reading raw tables from survey files: CSV/TSV, XLSX, SPSS .sav, Parquet.

Whatever a file holds, reading it ends in a table or in one :class:`InputError` line that names the file, the
format expected and what was found. Library messages are never passed on when they may quote the file.
"""

from __future__ import annotations

import codecs
import csv
import io as _io
import os
import re
from pathlib import Path

import pandas as pd

from ..errors import InputError, TextmineError
from ._encoding import detect_encoding

__all__ = ["read_table", "SUPPORTED_FORMATS"]

SUPPORTED_FORMATS = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".sav", ".zsav", ".parquet", ".pq")
_TEXT, _EXCEL, _SPSS, _PARQUET = (".csv", ".tsv", ".txt"), (".xlsx", ".xlsm"), (".sav", ".zsav"), (".parquet", ".pq")
_SEPARATORS = (",", "\t", ";", "|")
_SNIFF_CHARS = 200_000
_SNIFF_RECORDS = 50
_HEAD_BYTES = 4096  # read to recognise a format from its first bytes


def read_table(path, *, sheet=None, encoding=None, sep=None) -> tuple[pd.DataFrame, dict]:
    """Read a raw table with every cell kept as found; return it and facts about the read.

    The one table reader of textmine (surveys, label files, driver tables). A CSV's separator is sniffed
    (``, tab ; |``) unless ``sep`` names it (a TSV is always tab-separated).

    The facts dict has ``encoding`` (CSV/TSV) and ``value_labels`` (SPSS: column → {code: label}).
    Column names are stripped, empty ones named ``Unnamed: i`` and repeated ones suffixed ``.1``, ``.2``.
    Raises :class:`InputError` for a missing, unreadable, empty or damaged file.
    """
    path = Path(os.fspath(path))
    if not path.exists():
        raise InputError(f"file not found: {str(path)!r}; expected a survey export ({', '.join(SUPPORTED_FORMATS)})")
    if path.is_dir():
        raise InputError(f"expected a file, found a directory: {str(path)!r}")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_FORMATS:
        raise InputError(f"unsupported file type {suffix or '(none)'!r} for {path.name!r}; "
                         f"expected one of {', '.join(SUPPORTED_FORMATS)}")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"cannot read {path.name!r} ({exc.strerror or type(exc).__name__}); "
                         "check that the file exists and is readable") from None
    if size == 0:
        raise InputError(f"{path.name!r} is empty (0 bytes); expected a survey export with a header row and one "
                         "row per respondent; export it again")
    facts: dict = {"encoding": None, "value_labels": {}}
    if suffix in _TEXT:
        frame, facts["encoding"] = _read_delimited(path, suffix, encoding, sep)
    elif suffix in _EXCEL:
        _check_magic(path, head, b"PK\x03\x04", "an Excel workbook (.xlsx)")
        frame = _guarded(path, "an Excel workbook (.xlsx)", lambda: _read_excel(path, sheet))
    elif suffix in _SPSS:
        _check_magic(path, head, (b"$FL2", b"$FL3"), "an SPSS file (.sav)")
        frame, facts["value_labels"] = _guarded(path, "an SPSS file (.sav)", lambda: _read_spss(path))
    else:
        _check_magic(path, head, b"PAR1", "a Parquet file")
        frame = _guarded(path, "a Parquet file", lambda: pd.read_parquet(path))
    frame.columns = header_names(frame.columns)
    return frame, facts


def header_names(cells) -> list[str]:
    """Column names from header cells: stripped, empty ones ``Unnamed: i``, repeats suffixed ``.1``, ``.2``."""
    names: list[str] = []
    seen: set[str] = set()
    for i, cell in enumerate(cells):
        name = str(cell).strip() or f"Unnamed: {i}"
        base, k = name, 0
        while name in seen:
            k += 1
            name = f"{base}.{k}"
        seen.add(name)
        names.append(name)
    return names


def _guarded(path: Path, kind: str, read):
    """Run a library reader; its failures (whose messages may quote the file) become one InputError line."""
    try:
        return read()
    except TextmineError:
        raise
    except MemoryError:
        raise InputError(f"{path.name!r} is too large to read into memory as {kind}; "
                         "export fewer rows or columns, or save it as CSV") from None
    except Exception as exc:  # pyarrow, pyreadstat, zipfile, openpyxl, lxml: any failure means a damaged file
        raise InputError(f"cannot read {path.name!r} as {kind}: the file is damaged, truncated or of another "
                         f"format ({type(exc).__name__}); open it in the program that made it and export it again, "
                         "or save it as CSV") from None


def _check_magic(path: Path, head: bytes, magic, kind: str) -> None:
    """Refuse early a file whose first bytes are not those of its format, saying what it looks like."""
    magics = (magic,) if isinstance(magic, bytes) else magic
    if head.startswith(magics):
        return
    looks = _looks_like(head)
    fix = {"text": "rename it to .csv", "an Excel workbook": "rename it to .xlsx",
           "an SPSS file": "rename it to .sav", "a Parquet file": "rename it to .parquet",
           "an old Excel .xls workbook": "open it in Excel and save it as .xlsx or CSV"}.get(looks, "export it again")
    raise InputError(f"{path.name!r} is not {kind}: its content looks like {looks}; {fix}")


def _looks_like(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "an Excel workbook"
    if head.startswith((b"$FL2", b"$FL3")):
        return "an SPSS file"
    if head.startswith(b"PAR1"):
        return "a Parquet file"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Excel .xls workbook"
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or _is_text(head):
        return "text"
    return "another binary format"


def _is_text(head: bytes) -> bool:
    """No control bytes but tab and line breaks, and UTF-8 or GB18030 (the head may cut the last character)."""
    if any(b < 0x20 and b not in b"\t\r\n" or b == 0x7F for b in head):
        return False
    for name in ("utf-8", "gb18030"):
        for cut in range(4):
            try:
                head[:len(head) - cut].decode(name)
            except UnicodeDecodeError:
                continue
            return True
    return False


def _read_delimited(path: Path, suffix: str, encoding, sep=None) -> tuple[pd.DataFrame, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path.name!r} ({exc.strerror or type(exc).__name__})") from None
    text, enc = _decode(path, data, encoding)
    text = text.lstrip("\ufeff")
    sep = "\t" if suffix == ".tsv" else (sep or _sniff_separator(text))
    try:
        cells = pd.read_csv(_io.StringIO(text), sep=sep, header=None, dtype=str, na_filter=False,
                            skip_blank_lines=True, engine="c")
    except pd.errors.EmptyDataError:
        raise InputError(f"{path.name!r} holds no rows (only blank lines); expected a header row and one row "
                         "per respondent") from None
    except pd.errors.ParserError as exc:
        raise InputError(_parse_problem(path, sep, str(exc))) from None
    except MemoryError:
        raise InputError(f"{path.name!r} is too large to read into memory; split it into smaller files") from None
    except Exception as exc:  # the C parser's other failures
        raise InputError(f"cannot parse {path.name!r} as a delimited table ({type(exc).__name__}); "
                         "export it again as CSV") from None
    frame = cells.iloc[1:].reset_index(drop=True)
    frame.columns = header_names(cells.iloc[0].tolist())
    return frame, "gb18030 (GBK-compatible)" if enc == "gb18030" else enc


def _parse_problem(path: Path, sep: str, message: str) -> str:
    """A one-line account of a pandas parser error, built from its numbers only (never its text)."""
    shown = {",": "','", "\t": "tab", ";": "';'", "|": "'|'"}[sep]
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if m:
        want, line, saw = m.groups()
        return (f"cannot parse {path.name!r}: line {line} has {saw} fields where the header has {want} "
                f"(separator {shown}); an answer probably holds an unquoted {shown}: quote such answers "
                "(\"...\") or export the file again")
    m = re.search(r"EOF inside string starting at row (\d+)", message)
    if m:
        return (f"cannot parse {path.name!r}: a quoted field opened at line {int(m.group(1)) + 1} is never closed; "
                "check the quotes (\") in that row or export the file again")
    return f"cannot parse {path.name!r} as a table separated by {shown}; export it again as CSV"


def _decode(path: Path, data: bytes, encoding) -> tuple[str, str]:
    if not encoding:
        enc = detect_encoding(data)
        try:
            return data.decode(enc), enc
        except (UnicodeError, LookupError):
            raise InputError(f"cannot decode {path.name!r} as {enc!r}; pass the encoding with --encoding "
                             "(Python: encoding=...), e.g. utf-8, gb18030, utf-16") from None
    try:
        name = codecs.lookup(encoding).name
    except (LookupError, TypeError, ValueError):
        raise InputError(f"unknown encoding {str(encoding)[:40]!r}; expected a codec name such as utf-8, gb18030 or "
                         "utf-16, or omit --encoding to detect it") from None
    try:
        text = data.decode(encoding)
    except (UnicodeError, LookupError, ValueError, TypeError):
        text = None
    if text is None or _misread(data, text, name):
        raise InputError(_wrong_encoding(path, data, str(encoding)))
    return text, encoding


_FAMILIES = ({"utf-8", "utf-8-sig"}, {"utf-16", "utf-16-le", "utf-16-be"}, {"utf-32", "utf-32-le", "utf-32-be"},
             {"gb2312", "gbk", "gb18030"})
_BOM_CODECS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
               (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _family(name: str) -> set:
    return next((f for f in _FAMILIES if name in f), {name})


def _misread(data: bytes, text: str, name: str) -> bool:
    """Whether a forced encoding decoded the bytes into something other than the table they hold."""
    bom = next((codec for mark, codec in _BOM_CODECS if data.startswith(mark)), None)
    if bom is not None and name not in _family(codecs.lookup(bom).name):
        return True  # a byte-order mark of another encoding
    if (b"\n" in data or b"\r" in data) and "\n" not in text and "\r" not in text:
        return True  # a 16/32-bit codec on 8-bit text: the line breaks vanish (one giant header)
    if text.count("\x00") > len(text) // 100:
        return True  # an 8-bit codec on UTF-16 text
    return bool(_C1_CONTROLS.search(text[:_SNIFF_CHARS]))  # a single-byte codec (latin-1) on UTF-8 or GBK


_C1_CONTROLS = re.compile("[\x80-\x9f]")


def _wrong_encoding(path: Path, data: bytes, encoding: str) -> str:
    try:
        detected = detect_encoding(data)
    except InputError:
        detected = None
    if detected is None:
        return (f"{path.name!r} is not valid {encoding}, and its encoding could not be detected; "
                "try --encoding utf-8, gb18030 or utf-16")
    return (f"{path.name!r} is not valid {encoding}; detected encoding is {detected}; "
            f"omit --encoding or pass --encoding {detected}")


def _sniff_separator(text: str) -> str:
    """The separator among , tab ; | that splits the first records into the header's number of fields.

    Quote-aware (a quoted answer may hold any separator); ties go to the earlier one; ``,`` when none fits.
    """
    sample = text[:_SNIFF_CHARS]
    best, best_share = ",", -1.0
    for sep in _SEPARATORS:
        records = _first_records(sample, sep, truncated=len(text) > len(sample))
        if not records or len(records[0]) < 2:
            continue
        body = records[1:]
        share = sum(len(r) == len(records[0]) for r in body) / len(body) if body else 1.0
        if share > best_share:
            best, best_share = sep, share
    return best


def _first_records(sample: str, sep: str, truncated: bool) -> list[list[str]]:
    records: list[list[str]] = []
    try:
        for record in csv.reader(_io.StringIO(sample, newline=""), delimiter=sep):
            if record:
                records.append(record)
            if len(records) > _SNIFF_RECORDS:
                break
    except csv.Error:  # e.g. a field over the csv module's size limit: judge on the records read so far
        pass
    if truncated and len(records) <= _SNIFF_RECORDS and len(records) > 1:
        records.pop()  # the sample may end inside the last record
    return records


def _read_excel(path: Path, sheet) -> pd.DataFrame:
    try:
        import openpyxl  # noqa: F401
    except ImportError as exc:  # pragma: no cover
        raise InputError("reading .xlsx needs openpyxl: pip install openpyxl") from exc
    with pd.ExcelFile(path, engine="openpyxl") as xls:
        names = xls.sheet_names
        if sheet is None:
            target = names[0]
        elif isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit() and sheet not in names):
            idx = int(sheet)
            if not 0 <= idx < len(names):
                raise InputError(f"sheet index {idx} is out of range: the workbook has {len(names)} sheets "
                                 f"({', '.join(map(repr, names))}); indexes start at 0")
            target = names[idx]
        elif sheet in names:
            target = sheet
        else:
            raise InputError(f"no sheet named {sheet!r}; the workbook has sheets {', '.join(map(repr, names))}")
        return pd.read_excel(xls, sheet_name=target, dtype=object, keep_default_na=False, na_values=[])


def _read_spss(path: Path):
    try:
        import pyreadstat
    except ImportError as exc:  # pragma: no cover
        raise InputError("reading SPSS .sav needs pyreadstat: pip install pyreadstat") from exc
    frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=False)
    return frame, dict(meta.variable_value_labels or {})
