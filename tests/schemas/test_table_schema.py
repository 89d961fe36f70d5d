"""The schemas package (textmine/schemas/): one TableSchema class, the tables grouped by stage, every name
re-exported from ``textmine.schemas`` as when it was one module."""

import pandas as pd
import pytest

import textmine.schemas as schemas
from textmine.errors import SchemaError
from textmine.schemas import TableSchema


def test_every_table_is_a_table_schema_reexported_from_the_package():
    tables = [n for n in schemas.__all__ if n not in ("KINDS", "TableSchema")]
    assert all(isinstance(getattr(schemas, n), TableSchema) for n in tables)
    assert len({getattr(schemas, n).name for n in tables}) >= 14


def test_parse_declares_columns_and_conform_orders_and_casts():
    s = TableSchema.parse("toy", """
    theme  str    id     theme id
    n      int64  count  respondents
    """, required=("theme",))
    out = s.conform(pd.DataFrame({"extra": [1], "n": [2.0], "theme": ["T01"]}))
    assert list(out.columns) == ["theme", "n", "extra"] and str(out["n"].dtype) == "int64"
    with pytest.raises(SchemaError, match=r"lacks the column\(s\) \['theme'\]"):
        s.conform(pd.DataFrame({"n": [1]}))


def test_a_column_line_without_a_meaning_is_refused():
    with pytest.raises(ValueError, match="needs a name, a type, a kind and a meaning"):
        TableSchema.parse("toy", "theme str id")
