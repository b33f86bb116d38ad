"""Tokens of the condition language, and where each character of a condition stands in its
file (so every error and every leaf carries an exact line and column)."""

from __future__ import annotations

import re
import unicodedata
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
            raise _unexpected(text, pos, loc)
        kind = m.lastgroup or ""
        if kind != "ws":
            toks.append(Tok(kind, m.group(), pos))
        pos = m.end()
    return toks


def _unexpected(text: str, pos: int, loc: Locator) -> ConditionError:
    """An unexpected character; full-width punctuation (a Chinese input method left on)
    is named with the ASCII it stands for."""
    end = pos
    while end < len(text) and _FULL_WIDTH.match(text[end]):
        end += 1
    if end == pos:
        return ConditionError(f"unexpected character {text[pos]!r}", *loc.at(pos))
    wide = text[pos:end]
    ascii_ = unicodedata.normalize("NFKC", wide)
    return ConditionError(f"full-width '{wide}' where the condition needs '{ascii_}'",
                          *loc.at(pos), f"did you mean '{ascii_}'? (type it with the input "
                                        "method in half-width mode)")


_FULL_WIDTH = re.compile("[\uff01-\uff5e]")  # the full-width forms of ASCII ! to ~
