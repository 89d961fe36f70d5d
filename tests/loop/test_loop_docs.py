"""docs/LOOP.md documents every column of every closed-loop table exactly as the schemas declare it."""

from pathlib import Path

import pytest

from textmine.loop._loop_tables import GUIDE, column_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "LOOP.md"


@pytest.mark.parametrize("name, schema", GUIDE, ids=[g[0] for g in GUIDE])
def test_each_table_has_its_column_guide_under_its_file_name(name, schema):
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"### `{name}`", 1)
    assert len(section) == 2, f"docs/LOOP.md has no '### `{name}`' section"
    assert column_table(schema) in section[1].split("\n### ", 1)[0]


@pytest.mark.parametrize("command", ["textmine cadence", "textmine panel", "textmine referrals"])
def test_each_command_is_documented(command):
    assert f"## `{command}" in DOC.read_text(encoding="utf-8")
