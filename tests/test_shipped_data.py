"""The shipped folders (models/textmine-zh-static, models/textmine-zh-polarity, lexicons/) reach a non-editable install, and textmine finds
them there when the source checkout is absent."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import textmine._data as data

REPO = Path(__file__).resolve().parents[1]


def test_checkout_folders_come_first():
    assert data.shipped_dir("models") == REPO / "models"
    assert data.shipped_dir("lexicons") == REPO / "lexicons"


def test_installed_copy_is_found_without_a_checkout(tmp_path, monkeypatch):
    prefix = tmp_path / "venv"
    (prefix / "share" / "textmine" / "lexicons").mkdir(parents=True)
    monkeypatch.setattr(data, "CHECKOUT", tmp_path / "site-packages")
    monkeypatch.setattr(data, "_install_roots", lambda: [tmp_path / "elsewhere", prefix])
    assert data.shipped_dir("lexicons") == prefix / "share" / "textmine" / "lexicons"
    # neither: the checkout path, which the callers' error messages name
    assert data.shipped_dir("models") == tmp_path / "site-packages" / "models"


def test_install_roots_include_the_environment_prefix():
    import sys

    assert Path(sys.prefix) in data._install_roots()


def test_every_shipped_file_is_listed_in_the_wheel_data_files():
    conf = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    table = conf["tool"]["setuptools"]["data-files"]
    listed = {}
    for target, patterns in table.items():
        for pat in patterns:
            listed[pat] = target
    shipped = [p for folder in ("models/textmine-zh-static", "models/textmine-zh-polarity", "lexicons") for p in (REPO / folder).rglob("*")
               if p.is_file()]
    assert shipped
    for path in shipped:
        rel = path.relative_to(REPO).as_posix()
        folder, name = rel.rsplit("/", 1)
        hits = [t for pat, t in listed.items()
                if pat.rsplit("/", 1)[0] == folder and fnmatch.fnmatch(name, pat.rsplit("/", 1)[1])]
        assert hits, f"{rel} is not listed in [tool.setuptools.data-files]: a wheel would lack it"
        assert hits[0] == "share/textmine/" + folder, f"{rel} would be installed to {hits[0]}"
