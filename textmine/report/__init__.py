"""Rendering results: the self-contained HTML report (tables and workbooks are written by textmine.io)."""

from ._report import render_html

__all__ = ["render_html"]
