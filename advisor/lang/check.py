"""Type checking: a parsed condition -> the checked tree, against the declared facts.

Every value is typed by the one value parser (`values`), every operator is checked against
what its fact can do (`ops`), and every problem is reported at the line and column where it
was written, all at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..errors import did_you_mean
from . import values
from .ops import OPS
from .syntax import ConditionError, Parsed, Raw, RawAll, RawAny, RawLeaf, RawNot
from .tree import All, AnyOf, Condition, Leaf, Not

if TYPE_CHECKING:
    from ..model import FactDef


def check(cond: Parsed, facts: Mapping[str, FactDef]) -> tuple[Condition, list[ConditionError]]:
    """Type every leaf against its fact; return the checked condition and all problems.

    A leaf with a problem is left out of the result (as an empty `All`): a condition with
    problems is never used, only reported.
    """
    problems: list[ConditionError] = []

    def walk(c: Parsed) -> Condition:
        if isinstance(c, RawAll):
            return All(tuple(walk(i) for i in c.items))
        if isinstance(c, RawAny):
            return AnyOf(tuple(walk(i) for i in c.items))
        if isinstance(c, RawNot):
            return Not(walk(c.item))
        try:
            return _leaf(c, facts)
        except ConditionError as exc:
            problems.append(exc)
            return All(())

    return walk(cond), problems


def _leaf(raw: RawLeaf, facts: Mapping[str, FactDef]) -> Leaf:
    fact = facts.get(raw.fact)
    where = (raw.line, raw.col)
    if fact is None:
        raise ConditionError(f"unknown fact '{raw.fact}'", *where, did_you_mean(raw.fact, facts))
    t = fact.type
    if t == "text":
        raise ConditionError(f"'{raw.fact}' is free text and cannot be reasoned over", *where)
    kind = OPS[raw.op].kind

    def leaf(value: Any = None, **extra: Any) -> Leaf:
        return Leaf(raw.fact, raw.op, value, raw.cmp, raw.text, raw.line, raw.col, **extra)

    if kind == "presence":
        return leaf()
    if kind == "truth":
        if t not in ("bool", "flag"):
            raise ConditionError(f"'{raw.fact}' is a {t} fact, not a yes/no one", *where,
                                 f"compare it, e.g. '{raw.fact} == <value>'")
        return leaf(True)
    if kind == "count":
        if t != "multi":
            raise ConditionError(f"count() needs a multi-select fact; '{raw.fact}' is {t}",
                                 *where)
        return leaf(_count(raw, _one(raw)), ignore=fact.exclusive)
    if kind in ("member", "members"):
        if t != "multi":
            raise ConditionError(f"'{raw.op}' needs a multi-select fact; '{raw.fact}' is {t}",
                                 *where, "use '==' or 'in' for a single choice")
        if kind == "member":
            return leaf(_choice(raw, fact, _one(raw)))
        return leaf(tuple(_choice(raw, fact, v) for v in _many(raw)))
    if t == "multi":
        raise ConditionError(f"'{raw.fact}' is a multi-select; use contains, contains any/"
                             "all/none [..] or count(...)", *where)
    if kind == "list":
        return leaf(tuple(_typed(raw, fact, v) for v in _many(raw)))
    if kind == "ordering" and t not in ("number", "level", "count"):
        raise ConditionError(f"'{raw.fact}' is a {t} fact with no order; '{raw.op}' needs a "
                             "number or a level", *where)
    order = fact.choice_ids if t == "level" and kind == "ordering" else ()
    return leaf(_typed(raw, fact, _one(raw)), order=order)


def _one(raw: RawLeaf) -> Raw:
    assert isinstance(raw.value, Raw), raw  # the parser gives an operator its operand
    return raw.value


def _many(raw: RawLeaf) -> tuple[Raw, ...]:
    assert isinstance(raw.value, tuple), raw
    return raw.value


def _at(leaf: RawLeaf, raw: Raw) -> tuple[int, int]:
    """Where a value was written (falls back to the leaf)."""
    return (raw.line, raw.col) if raw.line else (leaf.line, leaf.col)


def _typed(leaf: RawLeaf, fact: FactDef, raw: Raw) -> Any:
    """A value as the one value parser reads it; a quoted value is always text."""
    try:
        if raw.quoted:
            if fact.type in ("number", "count"):
                raise values.ValueProblem(f"'{fact.id}' takes a number; got '{raw.text}'",
                                          "numbers are written without quotes")
            return values.coerce(fact, raw.text)
        return values.from_word(fact, raw.text, bounded=False)
    except values.ValueProblem as exc:
        raise ConditionError(exc.message, *_at(leaf, raw), exc.hint) from None


def _choice(leaf: RawLeaf, fact: FactDef, raw: Raw) -> str:
    value = _typed(leaf, _as_choice(fact), raw)
    assert isinstance(value, str)
    return value


def _count(leaf: RawLeaf, raw: Raw) -> int | float:
    number = None if raw.quoted else values.number_word(raw.text)
    if number is None:
        raise ConditionError(f"count() is compared with a number; got '{raw.text}'",
                             *_at(leaf, raw))
    return number


def _as_choice(fact: FactDef) -> FactDef:
    """A multi-select fact as one of its choices (for `contains` and its lists)."""
    return replace(fact, type="choice")
