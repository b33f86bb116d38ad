"""Which answers can move a readiness level: the planner's map from each input fact to the
dimensions whose level it can change, however indirectly.

A dimension's level reads its score items: the item's own fact, the conditions of its
`cases` and `applies_if`, the rules that set an item's value (`then: score:`) or cap the
dimension (`then: cap:`), and, through the rules that derive them, every input those
derived facts rest on. A question outside this map cannot move any level, so readiness
never makes it worth asking; one inside it is worth asking while the level is not settled.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import lang
from ..lang import Condition
from ..model import KnowledgeBase, Rule


def readiness_inputs(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Input fact id -> the dimensions (sorted) whose readiness level it can move."""
    if kb.scoring is None:
        return {}
    setters: dict[str, list[Rule]] = {}
    for r in kb.rules:
        for fid, _ in r.sets:
            setters.setdefault(fid, []).append(r)
    memo: dict[str, frozenset[str]] = {}

    def inputs(fid: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        fact = kb.facts.get(fid)
        if fact is None or not fact.derived:
            return frozenset({fid})
        if fid in memo:
            return memo[fid]
        if fid in seen:  # a cycle (refused at load; guarded here all the same)
            return frozenset()
        out: set[str] = set()
        for m in fact.count_of:
            out |= inputs(m, seen | {fid})
        for r in setters.get(fid, ()):
            out |= read(r.when, seen | {fid})
        memo[fid] = frozenset(out)
        return memo[fid]

    def read(cond: Condition | None, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        if cond is None:
            return frozenset()
        return frozenset().union(*(inputs(f, seen) for f in lang.facts_read(cond)))

    out: dict[str, set[str]] = {}

    def add(facts: Iterable[str], dims: Iterable[str]) -> None:
        for f in facts:
            out.setdefault(f, set()).update(dims)

    dimension_of = {item.id: item.dimension for item in kb.scoring.items}
    for item in kb.scoring.items:
        facts = set(inputs(item.fact)) if item.fact else set()
        facts |= read(item.applies_if)
        for cond, _ in item.cases:
            facts |= read(cond)
        add(facts, [item.dimension])
    for r in kb.rules:
        dims = {dimension_of[i] for i, _ in r.scores if i in dimension_of}
        dims |= {d for d, _ in r.caps}
        if dims:
            add(read(r.when), dims)
    return {f: sorted(d) for f, d in out.items()}
