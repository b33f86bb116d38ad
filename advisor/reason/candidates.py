"""The other answers a search may try for one fact: shared by the swing analysis (`whatif`)
and the lever search (`levers`), so both move answers the same way, and the brief's lever
search need not load the what-if comparison.
"""

from __future__ import annotations

from typing import Any

from .. import lang
from ..model import FactDef, KnowledgeBase


def candidate_values(kb: KnowledgeBase, fact: FactDef, current: Any = None) -> list[Any]:
    """The other answers worth trying for one fact: every choice, yes/no, every toggle of a
    multi-select, and numbers on both sides of every threshold the rules use (nearest to the
    current answer first, so the smallest change that swings a finding is the one shown)."""
    if fact.type == "bool":
        return [True, False]
    if fact.type in ("choice", "level"):
        return list(fact.choice_ids)
    if fact.type == "number":
        values: set[float] = set()
        for rule in kb.readers(fact.id):
            for leaf in lang.leaves(rule.when):
                if leaf.fact == fact.id and isinstance(leaf.value, (int, float)) \
                        and not isinstance(leaf.value, bool):
                    step = 1 if fact.integer else 0.5
                    values |= {leaf.value - step, leaf.value, leaf.value + step}
        lo = fact.min if fact.min is not None else float("-inf")
        hi = fact.max if fact.max is not None else float("inf")
        near = current if isinstance(current, (int, float)) else 0
        return sorted((int(v) if fact.integer else v for v in values if lo <= v <= hi),
                      key=lambda v: (abs(v - near), v))
    return []


def multi_candidates(fact: FactDef, current: tuple[str, ...] | None) -> list[tuple[str, ...]]:
    """The selections one toggle away from `current` (an exclusive choice such as "none"
    replaces the others, and another choice drops it)."""
    chosen = set(current or ())
    out = []
    for c in fact.choice_ids:
        new = chosen ^ {c}
        if c in fact.exclusive and c not in chosen:
            new = {c}
        elif fact.exclusive and c not in fact.exclusive:
            new -= set(fact.exclusive)
        if new:
            out.append(tuple(x for x in fact.choice_ids if x in new))
    return out
