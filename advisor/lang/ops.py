"""The operators of the condition language, in one table: name, what it applies to, and its
test in the closed world.

Every evaluator (the engine's patterns, the three-valued reasoner, lint, the CLIPS export)
reads this table, so an operator means the same everywhere and an unknown one cannot exist:
`Op` is a closed set that the type checker and mypy both hold code to.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .tree import Leaf

Op = Literal["==", "!=", "<", "<=", ">", ">=", "in", "not in", "contains", "contains any",
             "contains all", "contains none", "count", "is known", "is unknown", "is true"]
Cmp = Literal["==", "!=", "<", "<=", ">", ">="]
Kind = Literal["compare", "ordering", "list", "member", "members", "count", "presence",
               "truth"]

_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
}


def _rank(leaf: Leaf, value: Any) -> Any:
    """A level compares by its place on the scale; anything else by its value."""
    return leaf.order.index(value) if leaf.order else value


def _compare(op: str) -> Callable[[Leaf, Any], bool]:
    test = _CMP[op]
    return lambda leaf, v: test(_rank(leaf, v), _rank(leaf, leaf.value))


def _count(leaf: Leaf, value: Any) -> bool:
    assert leaf.cmp is not None
    return _CMP[leaf.cmp](sum(1 for v in value if v not in leaf.ignore), leaf.value)


@dataclass(frozen=True)
class Spec:
    """One operator: the kind of operand it takes and its closed-world test.

    `test(leaf, value)` is only called with a value; `unknown` is the truth of the leaf when
    the fact has none (true only for `is unknown`).
    """

    kind: Kind
    test: Callable[[Leaf, Any], bool]
    unknown: bool = False


OPS: dict[str, Spec] = {
    "==": Spec("compare", lambda leaf, v: v == leaf.value),
    "!=": Spec("compare", lambda leaf, v: v != leaf.value),
    "<": Spec("ordering", _compare("<")),
    "<=": Spec("ordering", _compare("<=")),
    ">": Spec("ordering", _compare(">")),
    ">=": Spec("ordering", _compare(">=")),
    "in": Spec("list", lambda leaf, v: v in leaf.value),
    "not in": Spec("list", lambda leaf, v: v not in leaf.value),
    "contains": Spec("member", lambda leaf, v: leaf.value in v),
    "contains any": Spec("members", lambda leaf, v: any(x in v for x in leaf.value)),
    "contains all": Spec("members", lambda leaf, v: all(x in v for x in leaf.value)),
    "contains none": Spec("members", lambda leaf, v: not any(x in v for x in leaf.value)),
    "count": Spec("count", _count),
    "is known": Spec("presence", lambda leaf, v: True),
    "is unknown": Spec("presence", lambda leaf, v: False, unknown=True),
    "is true": Spec("truth", lambda leaf, v: v is True),
}

COMPARISONS: tuple[str, ...] = tuple(_CMP)
# How authors may misspell a comparison, and what they meant.
MISSPELT = {"=": "==", "=>": ">=", "=<": "<=", "<>": "!="}
