"""The package stays easy to find one's way in: short modules that say what they are for, one name per module,
and tests laid out like the package they test (the module map in README.md)."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "textmine"
TESTS = ROOT / "tests"
MAX_LINES = 400
# the one module name used twice on purpose: the analysis (textmine/_analyze.py) and its command
# (textmine/cli/_analyze.py); every other module name says where it lives
SHARED_NAMES = {"_analyze": {"textmine/_analyze.py", "textmine/cli/_analyze.py"}}
# tests of the top-level modules (textmine/_analyze.py, schemas.py, _output.py ...) live in tests/analyze
TOP_LEVEL_TESTS = "analyze"


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _subpackages():
    return {p.parent.name for p in PACKAGE.glob("*/__init__.py")}


def long_modules(paths, max_lines=MAX_LINES):
    return {_rel(p): n for p in paths if (n := len(p.read_text(encoding="utf-8").splitlines())) > max_lines}


def undocumented(paths):
    return [_rel(p) for p in paths if ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None]


def repeated_names(paths, allowed=SHARED_NAMES):
    where = defaultdict(set)
    for p in paths:
        if p.name != "__init__.py":
            where[p.stem].add(_rel(p))
    return {name: sorted(files) for name, files in where.items() if len(files) > 1 and files != allowed.get(name)}


def stray_test_dirs(tests=TESTS, packages=None):
    packages = _subpackages() if packages is None else packages
    dirs = {p.name for p in tests.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    return sorted(dirs - packages - {TOP_LEVEL_TESTS, "__pycache__"})


def test_modules_are_at_most_400_lines():
    assert long_modules(_modules()) == {}, "split the module along a seam (see README, module map)"


def test_every_module_opens_with_a_docstring():
    assert undocumented(_modules()) == []


def test_module_names_are_unique_across_packages():
    assert repeated_names(_modules()) == {}


def test_test_folders_mirror_the_package():
    assert stray_test_dirs() == []
    missing = sorted(_subpackages() - {p.name for p in TESTS.iterdir() if p.is_dir()})
    assert missing == [], f"subpackages without a tests/<name> folder: {missing}"


def test_command_line_tests_live_in_tests_cli():
    """A test that drives a command through textmine.cli.main belongs with the other command tests, except the
    end-to-end runs of the main job in tests/analyze."""
    strays = []
    for p in sorted(TESTS.glob("*/test_*.py")):
        if p.parent.name in ("cli", TOP_LEVEL_TESTS):
            continue
        if "from textmine.cli import" in p.read_text(encoding="utf-8"):
            strays.append(_rel(p))
    assert strays == []


def test_the_checks_catch_what_they_are_for(tmp_path):
    """The checks above are not vacuous: each flags a planted case."""
    long = tmp_path / "pkg" / "a" / "_long.py"
    long.parent.mkdir(parents=True)
    long.write_text('"""Doc."""\n' + "x = 1\n" * 401, encoding="utf-8")
    bare = tmp_path / "pkg" / "b" / "_long.py"
    bare.parent.mkdir(parents=True)
    bare.write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "tests" / "misc").mkdir(parents=True)
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert list(long_modules([long, bare])) == ["pkg/a/_long.py"]
        assert undocumented([long, bare]) == ["pkg/b/_long.py"]
        assert repeated_names([long, bare], allowed={}) == {"_long": ["pkg/a/_long.py", "pkg/b/_long.py"]}
        assert stray_test_dirs(tmp_path / "tests", packages={"a", "b"}) == ["misc"]
    finally:
        ROOT = saved


@pytest.mark.parametrize("name", sorted(SHARED_NAMES))
def test_allowed_repeats_still_exist(name):
    """An allowance for a repeated name is removed once the repeat is gone."""
    assert all((ROOT / f).is_file() for f in SHARED_NAMES[name])
