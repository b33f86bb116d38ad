"""What a checked condition means: the closed-world and the three-valued reading.

- `holds` is the closed world the engine uses: a leaf about a fact with no value is false
  (except `is unknown`), and `not` is negation as failure (true when its operand is not);
- `evaluate3` is three-valued: facts that may still change are *open* and make a leaf
  unknown (None); the interview, the reasoner and why-not use it.

Both read the leaf semantics from the one operator table (`ops`). A condition is turned
into nested closures once (kept for the last conditions read) and the closures are called:
the lever and swing searches read every rule of a case a hundred times, and calling the
closures takes half the time of walking the tree and dispatching on each node's type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .ops import OPS
from .tree import All, Condition, Leaf, Not

Getter = Callable[[str], Any]
IsOpen = Callable[[str], bool]
Holds = Callable[[Getter], bool]
Holds3 = Callable[[Getter, IsOpen], "bool | None"]

_KEPT = 20_000  # conditions kept compiled; a knowledge base of 5,000 rules fits
_compiled: dict[int, tuple[Condition, Holds, Holds3]] = {}


def leaf_holds(leaf: Leaf, value: Any) -> bool:
    """A leaf in the closed world; `value` is None when the fact has none."""
    spec = OPS[leaf.op]
    return spec.unknown if value is None else spec.test(leaf, value)


def holds(cond: Condition, get: Getter) -> bool:
    """Closed-world truth of a condition; `get(fact)` returns its value or None."""
    return _compile(cond)[1](get)


def evaluate3(cond: Condition, get: Getter, is_open: IsOpen) -> bool | None:
    """Three-valued truth: None when the answer depends on a fact that is still open.

    A fact that is settled but has no value (answered "don't know") reads as in `holds`.
    """
    return _compile(cond)[2](get, is_open)


def readings(cond: Condition) -> tuple[Holds, Holds3]:
    """The two readings of a condition as functions, for a caller that reads the same
    condition many times (the reasoner keeps them beside its rules)."""
    _cond, closed, three = _compile(cond)
    return closed, three


def _compile(cond: Condition) -> tuple[Condition, Holds, Holds3]:
    """The condition with its two readings as closures (the condition is kept with them,
    so its id cannot be reused while the entry lives)."""
    hit = _compiled.get(id(cond))
    if hit is not None and hit[0] is cond:
        return hit
    if len(_compiled) >= _KEPT:
        _compiled.clear()
    entry = (cond, _closed(cond), _three(cond))
    _compiled[id(cond)] = entry
    return entry


def _closed(cond: Condition) -> Holds:
    if isinstance(cond, Leaf):
        fact, spec, leaf = cond.fact, OPS[cond.op], cond
        test, unknown = spec.test, spec.unknown

        def leaf_fn(get: Getter) -> bool:
            value = get(fact)
            return unknown if value is None else test(leaf, value)

        return leaf_fn
    if isinstance(cond, Not):
        inner = _closed(cond.item)
        return lambda get: not inner(get)
    items = tuple(_closed(c) for c in cond.items)
    # loops, not all()/any(): a generator per node costs more than the tests
    if isinstance(cond, All):
        def all_fn(get: Getter) -> bool:
            for item in items:  # noqa: SIM110
                if not item(get):
                    return False
            return True

        return all_fn

    def any_fn(get: Getter) -> bool:
        for item in items:  # noqa: SIM110
            if item(get):
                return True
        return False

    return any_fn


def _three(cond: Condition) -> Holds3:
    if isinstance(cond, Leaf):
        fact, spec, leaf = cond.fact, OPS[cond.op], cond
        test, unknown = spec.test, spec.unknown

        def leaf_fn(get: Getter, is_open: IsOpen) -> bool | None:
            if is_open(fact):
                return None
            value = get(fact)
            return unknown if value is None else test(leaf, value)

        return leaf_fn
    if isinstance(cond, Not):
        inner = _three(cond.item)

        def not_fn(get: Getter, is_open: IsOpen) -> bool | None:
            result = inner(get, is_open)
            return None if result is None else not result

        return not_fn
    items = tuple(_three(c) for c in cond.items)
    # all: false at the first false operand; any: true at the first true one; otherwise
    # unknown when an operand was
    decisive = not isinstance(cond, All)

    def junction_fn(get: Getter, is_open: IsOpen) -> bool | None:
        unknown = False
        for item in items:
            result = item(get, is_open)
            if result is None:
                unknown = True
            elif result is decisive:
                return decisive
        return None if unknown else not decisive

    return junction_fn
