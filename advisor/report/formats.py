"""One entry point for every report format (text, md, html, docx, json)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import KnowledgeBase
from ..model.assessment import Assessment
from . import terminal
from .view import build

if TYPE_CHECKING:
    from ..reason.levers import ChangeSet



def render_report(kb: KnowledgeBase, assessment: Assessment, lang: str, fmt: str,
                  stamp: str | None, lower: list[ChangeSet] | None = None) -> str:
    """The full report as text in one format (`text` is plain, fixed-width, without colour).
    `lower`: the changes that would lower the overall risk, when they were searched for."""
    if fmt == "json":
        return assessment.to_json() + "\n"
    report = build(assessment, kb, lang, lower)
    # each file format is imported when it is written: the terminal needs neither
    if fmt == "md":
        from . import markdown

        return markdown.render(report, stamp)
    if fmt == "html":
        from . import html

        return html.render(report, stamp)
    return terminal.to_text(report, stamp)


def render_docx(kb: KnowledgeBase, assessment: Assessment, lang: str, stamp: str | None,
                lower: list[ChangeSet] | None = None) -> bytes:
    """The full report as a Word document (python-docx is imported only for this)."""
    from . import docx_report

    return docx_report.render(build(assessment, kb, lang, lower), stamp)
