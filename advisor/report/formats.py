"""One entry point for every report format (text, md, html, json)."""

from __future__ import annotations

from ..assessment import Assessment
from ..model import KnowledgeBase
from . import html, markdown, terminal
from .view import build


def render_report(kb: KnowledgeBase, assessment: Assessment, lang: str, fmt: str,
                  stamp: str | None) -> str:
    """The report as text in one format (`text` is plain, fixed-width, without colour)."""
    if fmt == "json":
        return assessment.to_json() + "\n"
    report = build(assessment, kb, lang)
    if fmt == "md":
        return markdown.render(report, stamp)
    if fmt == "html":
        return html.render(report, stamp)
    return terminal.to_text(report, stamp)
