"""Where the shipped data folders live: ``models/`` (the default encoder) and ``lexicons/``; the hash that model
directories record for their files (:func:`file_sha256`).

In a source checkout (and an editable install) they sit beside the ``textmine`` package. A wheel or a
non-editable ``pip install .`` puts them in ``<data prefix>/share/textmine/`` (``[tool.setuptools.data-files]``
in pyproject.toml), ``<data prefix>`` being the environment's prefix, or the user base for ``pip install --user``.
"""

from __future__ import annotations

import hashlib
import site
import sys
import sysconfig
from pathlib import Path

__all__ = ["file_sha256", "shipped_dir"]

#: the folder that holds ``textmine/`` in a source checkout
CHECKOUT = Path(__file__).resolve().parents[1]


def _install_roots() -> list[Path]:
    roots = [sysconfig.get_path("data"), sys.prefix, site.getuserbase(), sys.base_prefix]
    out: list[Path] = []
    for r in roots:
        if r and Path(r) not in out:
            out.append(Path(r))
    return out


def shipped_dir(name: str) -> Path:
    """``models`` or ``lexicons``: the checkout's folder when present, else the installed copy; when neither
    exists, the checkout path (callers name it in their error message)."""
    local = CHECKOUT / name
    if local.is_dir():
        return local
    for root in _install_roots():
        installed = root / "share" / "textmine" / name
        if installed.is_dir():
            return installed
    return local


def file_sha256(path) -> str:
    """The SHA-256 of a file's bytes, read in 1 MiB blocks (what model manifests record per file)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
