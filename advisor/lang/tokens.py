"""Tokens of the condition language, and where each character of a condition stands in its
file (so every error and every leaf carries an exact line and column)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .syntax import ConditionError

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<op>==|!=|<=|>=|=>|=<|<>|<|>|=)
  | (?P<punct>[\[\](),])
  | (?P<str>"[^"]*"|'[^']*')
  | (?P<word>[A-Za-z0-9_\-+][A-Za-z0-9_.\-+%]*)
""", re.VERBOSE)


@dataclass(frozen=True)
class Tok:
    kind: str  # op, punct, str or word
    text: str
    pos: int


class Locator:
    """Maps an offset in a condition string to a line and column in its file."""

    def __init__(self, text: str, line: int, col: int, style: str,
                 exact: Callable[[int], tuple[int, int]] | None = None):
        self.text, self.line, self.col, self.style = text, line, col, style
        self.exact = exact  # from the YAML source, when the caller has it

    def at(self, offset: int) -> tuple[int, int]:
        if self.exact is not None:
            return self.exact(offset)
        if self.style in ("|", ">"):
            return self.line + 1 + self.text.count("\n", 0, offset), 1
        if "\n" in self.text[:offset]:
            return self.line + self.text.count("\n", 0, offset), 1
        return self.line, self.col + offset + (1 if self.style in ("'", '"') else 0)


def tokens(text: str, loc: Locator) -> list[Tok]:
    toks: list[Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ConditionError(f"unexpected character {text[pos]!r}", *loc.at(pos))
        kind = m.lastgroup or ""
        if kind != "ws":
            toks.append(Tok(kind, m.group(), pos))
        pos = m.end()
    return toks
