"""The checked condition tree: what the type checker makes of a parsed condition.

Its leaves hold typed values (a bool, a choice id, a number, a tuple of choice ids) and an
operator from the one table in `ops`; the parsed tree of `syntax` holds text as written.
Keeping the two apart means no evaluator can ever meet a value that was not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .ops import Cmp, Op


@dataclass(frozen=True)
class Leaf:
    """`fact op value`; for `count`, `value` is the number and `cmp` the comparison."""

    fact: str
    op: Op
    value: Any = None
    cmp: Cmp | None = None
    text: str = ""  # as written, for explanations
    line: int = 0
    col: int = 0
    order: tuple[str, ...] = ()  # level facts compared by rank: values from lowest up
    ignore: tuple[str, ...] = ()  # count(): exclusive choices such as "none" do not count


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Leaf | All | AnyOf | Not


@dataclass(frozen=True)
class Term:
    """A leaf or its negation: one literal of a clause in disjunctive normal form."""

    leaf: Leaf
    positive: bool = True


Clause = tuple[Term, ...]


def leaves(cond: Condition) -> Iterator[Leaf]:
    if isinstance(cond, Leaf):
        yield cond
    elif isinstance(cond, Not):
        yield from leaves(cond.item)
    else:
        for item in cond.items:
            yield from leaves(item)


def facts_read(cond: Condition | None) -> tuple[str, ...]:
    """The fact ids a condition reads, in first-use order."""
    if cond is None:
        return ()
    return tuple(dict.fromkeys(leaf.fact for leaf in leaves(cond)))


def render(cond: Condition) -> str:
    """The condition as one line of text in the language's own syntax."""
    if isinstance(cond, Leaf):
        return cond.text or f"{cond.fact} {cond.op} {cond.value}"
    if isinstance(cond, Not):
        return f"not ({render(cond.item)})"
    joiner = " and " if isinstance(cond, All) else " or "
    return "(" + joiner.join(render(c) for c in cond.items) + ")"
