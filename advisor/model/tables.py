"""Decision tables as written: kept beside the ordinary rules they compile to.

The engine, explanations, tests and the graph only ever see the compiled rules; the table
itself is kept so that lint can check a unique table for gaps and overlaps cell by cell and
`rules show` can draw it as the author wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .base import Origin, Text

if TYPE_CHECKING:
    from ..lang.tree import Condition

HIT_POLICIES = ("unique", "first", "priority", "collect")
ANY = "-"  # the cell that matches every value


@dataclass(frozen=True)
class TableCell:
    """One cell as written, where it stands, and (for an input) what it checks."""

    text: str
    origin: Origin = Origin("")
    condition: Condition | None = None  # None: "-" (any value) or an output cell


@dataclass(frozen=True)
class TableRow:
    rule: str  # the id of the rule this row compiles to
    inputs: tuple[TableCell, ...]
    outputs: tuple[TableCell, ...]
    origin: Origin = Origin("")


@dataclass(frozen=True)
class DecisionTable:
    id: str
    title: Text
    hit: str  # one of HIT_POLICIES
    inputs: tuple[str, ...]  # fact ids
    outputs: tuple[str, ...]  # derived fact ids or recommendation ids
    rows: tuple[TableRow, ...]
    origin: Origin = Origin("")
