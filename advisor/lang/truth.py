"""What a checked condition means: the closed-world and the three-valued reading.

- `holds` is the closed world the engine uses: a leaf about a fact with no value is false
  (except `is unknown`), and `not` is negation as failure (true when its operand is not);
- `evaluate3` is three-valued: facts that may still change are *open* and make a leaf
  unknown (None); the interview, the reasoner and why-not use it.

Both read the leaf semantics from the one operator table (`ops`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .ops import OPS
from .tree import All, Condition, Leaf, Not

Getter = Callable[[str], Any]


def leaf_holds(leaf: Leaf, value: Any) -> bool:
    """A leaf in the closed world; `value` is None when the fact has none."""
    spec = OPS[leaf.op]
    return spec.unknown if value is None else spec.test(leaf, value)


def holds(cond: Condition, get: Getter) -> bool:
    """Closed-world truth of a condition; `get(fact)` returns its value or None."""
    if isinstance(cond, Leaf):
        return leaf_holds(cond, get(cond.fact))
    if isinstance(cond, Not):
        return not holds(cond.item, get)
    if isinstance(cond, All):
        return all(holds(c, get) for c in cond.items)
    return any(holds(c, get) for c in cond.items)


def evaluate3(cond: Condition, get: Getter, is_open: Callable[[str], bool]) -> bool | None:
    """Three-valued truth: None when the answer depends on a fact that is still open.

    A fact that is settled but has no value (answered "don't know") reads as in `holds`.
    The searches (swings, levers, why-not) call this thousands of times per case, so it
    stops at the first operand that decides.
    """
    if isinstance(cond, Leaf):
        return None if is_open(cond.fact) else leaf_holds(cond, get(cond.fact))
    if isinstance(cond, Not):
        inner = evaluate3(cond.item, get, is_open)
        return None if inner is None else not inner
    # all: false when one is false; any: true when one is true; else unknown if one is
    decisive = not isinstance(cond, All)
    unknown = False
    for item in cond.items:
        result = evaluate3(item, get, is_open)
        if result is None:
            unknown = True
        elif result is decisive:
            return decisive
    return None if unknown else not decisive
