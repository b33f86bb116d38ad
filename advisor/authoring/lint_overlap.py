"""Lint: two rules that can set a choice fact to different values for one case.

The engine reports such a case as a conflict (docs/rule-language.md, "Conflicts"); the
author should hear of it before a client does. Two rules can both fire when some clause of
one and some clause of the other (their conditions in disjunctive normal form) can hold
together: for every fact they test, one value satisfies all their literals on it. A
derived fact is replaced by the conditions of the rules that could set it (so the example
is in answers); where that cannot be done soundly it is read as free (any value). The
check may so warn where the rules never agree in fact, but never misses an overlap.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from .. import lang
from ..errors import Problem
from ..model import FactDef, KnowledgeBase, Rule


def choice_overlaps(kb: KnowledgeBase) -> Iterator[Problem]:
    for fact in kb.derived_facts:
        if fact.type != "choice":
            continue
        setters = sorted(((r, v) for r in kb.rules for f, v in r.sets if f == fact.id),
                         key=lambda p: p[0].id)
        for (a, va), (b, vb) in itertools.combinations(setters, 2):
            if not fact.conflicting(va, vb):
                continue  # the same value, or a declared precedence decides
            example = _overlap(kb, a, b)
            if example is None:
                continue
            shown = ", ".join(f"{f}={_word(v)}" for f, v in example)
            o = b.origin
            yield Problem(o.path, o.line, o.col,
                          f"rules {a.id} ({a.origin.where()}) and {b.id} ({o.where()}) can "
                          f"both fire and set '{fact.id}' to '{va}' and '{vb}', e.g. with "
                          f"{shown}",
                          f"make their conditions exclusive, or declare on_conflict: "
                          f"precedence on '{fact.id}'", "warning", "choice-overlap")


def _overlap(kb: KnowledgeBase, a: Rule, b: Rule) -> list[tuple[str, Any]] | None:
    """Values under which a clause of `a` and one of `b` both hold, or None. Derived facts
    are first replaced by the conditions of the rules that set them, so the example is in
    answers; when that grows too large, they are read as free instead."""
    for ca, cb in itertools.product(a.clauses, b.clauses):
        ways = list(itertools.islice(_expanded(kb, (*ca, *cb), 0), MAX_WAYS + 1))
        if len(ways) > MAX_WAYS:
            ways = [(*ca, *cb)]  # too many ways to read it: derived facts free
        for way in ways:
            example = _satisfying(kb, way)
            if example is not None:
                return example
    return None


MAX_WAYS = 2000  # expanded clauses tried per pair of clauses
MAX_DEPTH = 4  # derived facts followed through at most this many rules


def _expanded(kb: KnowledgeBase, clause: tuple[lang.Term, ...],
              depth: int) -> Iterator[tuple[lang.Term, ...]]:
    """The clause with its first positive literal on a derived fact replaced by each clause
    of each rule that sets a value satisfying it, recursively. A literal that cannot be
    replaced soundly (negated, a count, too deep, or satisfied by the default) also stays
    as it is, read as free: the expansion may over-warn, never miss."""
    for i, lit in enumerate(clause):
        fact = kb.facts[lit.leaf.fact]
        if not lit.positive or not fact.derived or fact.type == "count" or depth >= MAX_DEPTH:
            continue
        rest = clause[:i] + clause[i + 1:]
        if fact.default is not None and _holds(lit.leaf, fact.default):
            yield clause  # it may hold by its default, with no rule at all
            return
        for rule in kb.rules:
            if any(f == fact.id and _holds(lit.leaf, v) for f, v in rule.sets):
                for c in rule.clauses:
                    yield from _expanded(kb, (*rest, *c), depth + 1)
        return
    yield clause


def _satisfying(kb: KnowledgeBase,
                clause: tuple[lang.Term, ...]) -> list[tuple[str, Any]] | None:
    """One value per fact that makes every literal of the clause hold (in the knowledge
    base's order of facts), or None when some fact has none."""
    by_fact: dict[str, list[lang.Term]] = {}
    for lit in clause:
        by_fact.setdefault(lit.leaf.fact, []).append(lit)
    out = []
    for fid in (f for f in kb.facts if f in by_fact):
        lits = by_fact[fid]
        values = domain(kb.facts[fid], lits)
        value = next((v for v in [*values[1:], None]  # a real answer, if one will do
                      if all(_holds(lit.leaf, v) == lit.positive for lit in lits)), _NONE)
        if value is _NONE:
            return None
        out.append((fid, value))
    return out


_NONE = object()  # no satisfying value (None itself means "unknown")


def domain(fact: FactDef, lits: list[lang.Term]) -> list[Any]:
    """Every value that could tell the literals apart (None = unknown, first)."""
    values: list[Any] = [None]
    if fact.type in ("bool", "flag"):
        return [*values, True, False]
    if fact.type in ("choice", "level"):
        return [*values, *fact.choice_ids]
    if fact.type == "multi":
        ids = fact.choice_ids
        subsets = itertools.chain.from_iterable(
            itertools.combinations(ids, n) for n in range(len(ids) + 1))
        return [*values, *itertools.islice(subsets, 4096)]
    numbers = {0.0}
    for lit in lits:
        if isinstance(lit.leaf.value, (int, float)) and not isinstance(lit.leaf.value, bool):
            numbers |= {lit.leaf.value - 0.5, lit.leaf.value, lit.leaf.value + 0.5}
        elif isinstance(lit.leaf.value, tuple):
            numbers |= {v for v in lit.leaf.value if isinstance(v, (int, float))}
    return [*values, *sorted(numbers)]


def _holds(leaf: lang.Leaf, value: Any) -> bool:
    try:
        return lang.leaf_holds(leaf, value)
    except (TypeError, ValueError, AttributeError):
        return False


def _word(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    return f"{value:g}" if isinstance(value, float) else str(value)
