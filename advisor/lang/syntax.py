"""The parsed condition tree: conditions as written, before they are typed.

A leaf holds its value as `Raw` text (with where it was written and whether it was quoted);
`check` turns this tree into the checked tree of `tree`, a different type, so nothing can
evaluate a condition that was not type checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ops import Cmp, Op


class ConditionError(Exception):
    """A problem at a position: `line`/`col` absolute in the file."""

    def __init__(self, message: str, line: int, col: int, hint: str = ""):
        super().__init__(message)
        self.message, self.line, self.col, self.hint = message, line, col, hint


@dataclass(frozen=True)
class Raw:
    """A value as written, and where it was written."""

    text: str
    quoted: bool = False
    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class RawLeaf:
    """`fact op value` as written; for `count`, `value` is the number and `cmp` the
    comparison. `value` is a `Raw`, a tuple of them (lists), or None."""

    fact: str
    op: Op
    value: Raw | tuple[Raw, ...] | None = None
    cmp: Cmp | None = None
    text: str = ""
    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class RawAll:
    items: tuple[Parsed, ...]


@dataclass(frozen=True)
class RawAny:
    items: tuple[Parsed, ...]


@dataclass(frozen=True)
class RawNot:
    item: Parsed


Parsed = RawLeaf | RawAll | RawAny | RawNot
