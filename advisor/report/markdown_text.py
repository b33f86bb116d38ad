"""Markdown text pieces shared by the Markdown and HTML reports: words, grouping, escaping.

Kept apart from the section writers so that both renderers take their escaping and grouping
from one place, and so each module stays small enough to read at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from .view import Report

T = TypeVar("T")


def word(report: Report, key: str) -> str:
    """A UI word in the report's language."""
    return report.word(key)


def grouped(items: Iterable[T], key: Callable[[T], str]) -> Iterator[tuple[str, list[T]]]:
    """Runs of consecutive items with the same key (the report already orders them)."""
    current: list[T] = []
    name = ""
    for item in items:
        k = key(item)
        if current and k != name:
            yield name, current
            current = []
        name = k
        current.append(item)
    if current:
        yield name, current


# --- escaping --------------------------------------------------------------------------------

_INLINE = re.compile(r"([\\`*_\[\]~|])")
_LINE_START = re.compile(r"^(\s*)([#=+\-]|\d+(?=[.)]))")


def esc(text: object) -> str:
    """A text made inert inside a line of Markdown.

    `&`, `<` and `>` become entities, so no HTML tag or entity of the writer's survives;
    the characters that start inline markup (emphasis, code, links, strike-through, table
    cells) are backslash-escaped; newlines become spaces so a text cannot start a block.
    """
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _INLINE.sub(r"\\\1", s)
    return " ".join(s.split())


def paragraph(text: object) -> str:
    """`esc`, and also inert at the start of a line (no heading, list or rule)."""
    def fix(m: re.Match[str]) -> str:
        lead, mark = m.group(1), m.group(2)
        return f"{lead}{mark}\\" if mark[0].isdigit() else f"{lead}\\{mark}"

    return _LINE_START.sub(fix, esc(text), count=1)


def paragraphs(text: str) -> list[str]:
    """A user's multi-paragraph text (notes): blank lines separate paragraphs."""
    return [paragraph(p) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def code(ident: str) -> str:
    """A rule or fact id in a code span (ids are plain by schema; anything odd is escaped)."""
    return f"`{ident}`" if re.fullmatch(r"[A-Za-z0-9_.:\-]+", ident) else esc(ident)


def row(*cells: object) -> str:
    return "| " + " | ".join(esc(c) for c in cells) + " |"


def raw_row(*cells: str) -> str:
    """A table row of cells that are already escaped Markdown."""
    return "| " + " | ".join(cells) + " |"
