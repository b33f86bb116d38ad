"""One entry point for every report format (text, md, html, json)."""

from __future__ import annotations

from typing import Any

FORMATS = ("text", "md", "html", "json")


def render_report(kb: Any, assessment: Any, lang: str, fmt: str, stamp: str | None) -> str:
    """The report as text in one format (`text` is plain, fixed-width, without colour)."""
    if fmt == "json":
        return assessment.to_json() + "\n"
    from .view import build

    report = build(assessment, kb, lang)
    if fmt == "md":
        from . import markdown

        return markdown.render(report, stamp)
    if fmt == "html":
        from . import html

        return html.render(report, stamp)
    from . import terminal

    return terminal.to_text(report, stamp)
