"""The condition language: parsed (see `condparse`), typed, evaluated; never `eval`-ed.

Two evaluators share the syntax tree:

- `holds` is the closed-world reading the engine uses: a leaf about a fact with no value is
  false, and `not` is negation as failure (true when its operand is not true);
- `evaluate3` is three-valued: facts that may still change are *open* and make a leaf
  unknown (None); the interview and the why-not explainer use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..errors import did_you_mean
from ..model import FactDef
from .syntax import (  # noqa: F401 - the public face of the condition language
    BOOL_WORDS,
    COMPARE,
    LIST_OPS,
    NUMBER,
    OPS,
    ORDERING,
    All,
    AnyOf,
    Condition,
    ConditionError,
    Leaf,
    Not,
    Raw,
    parse_text,
    parse_value,
)

# --------------------------------------------------------------------------- type checking

def check(cond: Condition, facts: Mapping[str, FactDef]) -> tuple[Condition, list[ConditionError]]:
    """Type every value against its fact; return the typed condition and all problems."""
    problems: list[ConditionError] = []

    def walk(c: Condition) -> Condition:
        if isinstance(c, All):
            return All(tuple(walk(i) for i in c.items))
        if isinstance(c, AnyOf):
            return AnyOf(tuple(walk(i) for i in c.items))
        if isinstance(c, Not):
            return Not(walk(c.item))
        try:
            return _check_leaf(c, facts)
        except ConditionError as exc:
            problems.append(exc)
            return c

    return walk(cond), problems


def _check_leaf(leaf: Leaf, facts: Mapping[str, FactDef]) -> Leaf:
    fact = facts.get(leaf.fact)
    where = (leaf.line, leaf.col)
    if fact is None:
        raise ConditionError(f"unknown fact '{leaf.fact}'", *where,
                             did_you_mean(leaf.fact, facts))
    t = fact.type
    if t == "text":
        raise ConditionError(f"'{leaf.fact}' is free text and cannot be reasoned over", *where)
    op = leaf.op
    if op in ("is known", "is unknown"):
        return leaf
    if op == "is true":
        if t not in ("bool", "flag"):
            raise ConditionError(f"'{leaf.fact}' is a {t} fact, not a yes/no one", *where,
                                 f"compare it, e.g. '{leaf.fact} == <value>'")
        return leaf
    if op == "count":
        if t != "multi":
            raise ConditionError(f"count() needs a multi-select fact; '{leaf.fact}' is {t}",
                                 *where)
        return replace(leaf, value=_number(leaf, leaf.value), ignore=fact.exclusive)
    if op.startswith("contains"):
        if t != "multi":
            raise ConditionError(f"'{op}' needs a multi-select fact; '{leaf.fact}' is {t}",
                                 *where, "use '==' or 'in' for a single choice")
        if op == "contains":
            return replace(leaf, value=_choice(leaf, fact, leaf.value))
        return replace(leaf, value=tuple(_choice(leaf, fact, v) for v in leaf.value))
    if t == "multi":
        raise ConditionError(f"'{leaf.fact}' is a multi-select; use contains, contains any/"
                             "all/none [..] or count(...)", *where)
    if op in ("in", "not in"):
        return replace(leaf, value=tuple(_typed(leaf, fact, v) for v in leaf.value))
    if op in ORDERING and t not in ("number", "level", "count"):
        raise ConditionError(f"'{leaf.fact}' is a {t} fact with no order; '{op}' needs a "
                             "number or a level", *where)
    order = fact.choice_ids if t == "level" and op in ORDERING else ()
    return replace(leaf, value=_typed(leaf, fact, leaf.value), order=order)


def _at(leaf: Leaf, raw: Any) -> tuple[int, int]:
    """Where a value was written (falls back to the leaf)."""
    if isinstance(raw, Raw) and raw.line:
        return raw.line, raw.col
    return leaf.line, leaf.col


def _typed(leaf: Leaf, fact: FactDef, raw: Any) -> Any:
    t = fact.type
    if t in ("number", "count"):
        return _number(leaf, raw)
    if t in ("bool", "flag"):
        word = raw.text.lower() if isinstance(raw, Raw) else str(raw).lower()
        if word not in BOOL_WORDS:
            raise ConditionError(f"'{leaf.fact}' is yes/no; '{raw.text}' is not a yes/no value",
                                 *_at(leaf, raw), "use yes or no")
        return BOOL_WORDS[word]
    return _choice(leaf, fact, raw)


def _choice(leaf: Leaf, fact: FactDef, raw: Any) -> str:
    text = raw.text if isinstance(raw, Raw) else str(raw)
    if text not in fact.choice_ids:
        if isinstance(raw, Raw) and NUMBER.match(text) and not raw.quoted:
            raise ConditionError(f"'{leaf.fact}' takes a choice, not the number {text}",
                                 *_at(leaf, raw),
                                 "choices: " + ", ".join(fact.choice_ids))
        raise ConditionError(f"'{text}' is not a choice of '{leaf.fact}'", *_at(leaf, raw),
                             did_you_mean(text, fact.choice_ids)
                             or "choices: " + ", ".join(fact.choice_ids))
    return text


def _number(leaf: Leaf, raw: Any) -> float | int:
    text = raw.text if isinstance(raw, Raw) else str(raw)
    if (isinstance(raw, Raw) and raw.quoted) or not NUMBER.match(text):
        raise ConditionError(f"'{leaf.fact}' is compared with a number, and '{text}' is not one",
                             *_at(leaf, raw))
    value = float(text)
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() \
        else value


# --------------------------------------------------------------------------- reading

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


def leaf_holds(leaf: Leaf, value: Any) -> bool:
    """A leaf in the closed world: a fact with no value (None) makes it false, except
    `is unknown`."""
    op = leaf.op
    if op == "is unknown":
        return value is None
    if value is None:
        return False
    if op == "is known":
        return True
    if op == "is true":
        return value is True
    if op == "==":
        return value == leaf.value
    if op == "!=":
        return value != leaf.value
    if op == "in":
        return value in leaf.value
    if op == "not in":
        return value not in leaf.value
    if op == "contains":
        return leaf.value in value
    if op == "contains any":
        return any(v in value for v in leaf.value)
    if op == "contains all":
        return all(v in value for v in leaf.value)
    if op == "contains none":
        return not any(v in value for v in leaf.value)
    if op == "count":
        return _compare(sum(1 for v in value if v not in leaf.ignore), leaf.cmp, leaf.value)
    if leaf.order:
        return _compare(leaf.order.index(value), op, leaf.order.index(leaf.value))
    return _compare(value, op, leaf.value)


def _compare(a: Any, op: str, b: Any) -> bool:
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    if op == ">=":
        return a >= b
    if op == "!=":
        return a != b
    return a == b


Getter = Callable[[str], Any]


def holds(cond: Condition, get: Getter) -> bool:
    """Closed-world truth of a condition; `get(fact)` returns its value or None."""
    if isinstance(cond, Leaf):
        return leaf_holds(cond, get(cond.fact))
    if isinstance(cond, All):
        return all(holds(c, get) for c in cond.items)
    if isinstance(cond, AnyOf):
        return any(holds(c, get) for c in cond.items)
    return not holds(cond.item, get)


def evaluate3(cond: Condition, get: Getter, is_open: Callable[[str], bool]) -> bool | None:
    """Three-valued truth: None when the answer depends on a fact that is still open.

    A fact that is settled but has no value (answered "don't know") reads as in `holds`.
    """
    if isinstance(cond, Leaf):
        if is_open(cond.fact):
            return None
        return leaf_holds(cond, get(cond.fact))
    if isinstance(cond, Not):
        inner = evaluate3(cond.item, get, is_open)
        return None if inner is None else not inner
    results = [evaluate3(c, get, is_open) for c in cond.items]
    if isinstance(cond, All):
        if any(r is False for r in results):
            return False
        return None if any(r is None for r in results) else True
    if any(r is True for r in results):
        return True
    return None if any(r is None for r in results) else False


# --------------------------------------------------------------------------- normal form

@dataclass(frozen=True)
class Literal:
    leaf: Leaf
    positive: bool = True


MAX_CLAUSES = 256


def to_dnf(cond: Condition) -> tuple[tuple[Literal, ...], ...]:
    """Disjunctive normal form with negations pushed onto leaves.

    Exact in the closed world, where every leaf is two-valued. Raises ValueError when the
    form would exceed MAX_CLAUSES clauses.
    """

    def walk(c: Condition, positive: bool) -> list[tuple[Literal, ...]]:
        if isinstance(c, Leaf):
            return [(Literal(c, positive),)]
        if isinstance(c, Not):
            return walk(c.item, not positive)
        conj = isinstance(c, All) == positive
        parts = [walk(i, positive) for i in c.items]
        if not conj:
            out = [clause for p in parts for clause in p]
        else:
            out = [()]
            for p in parts:
                out = [a + b for a in out for b in p]
                if len(out) > MAX_CLAUSES:
                    raise ValueError(f"the condition expands to more than {MAX_CLAUSES} cases")
        if len(out) > MAX_CLAUSES:
            raise ValueError(f"the condition expands to more than {MAX_CLAUSES} cases")
        return out

    seen: dict[tuple[Literal, ...], None] = {}
    for clause in walk(cond, True):
        seen.setdefault(tuple(dict.fromkeys(clause)), None)
    return tuple(seen)


def render(cond: Condition) -> str:
    """The condition as one line of text in the language's own syntax."""
    if isinstance(cond, Leaf):
        return cond.text or f"{cond.fact} {cond.op} {cond.value}"
    if isinstance(cond, Not):
        return f"not ({render(cond.item)})"
    joiner = " and " if isinstance(cond, All) else " or "
    return "(" + joiner.join(render(c) for c in cond.items) + ")"
