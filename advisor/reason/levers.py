"""What would lower the verdict: the smallest sets of changes to levers that bring a level
(by default the overall risk) down at least one step.

Only levers move: facts management can change (`lever` in the fact files), moved only to
better answers: by the declared order, or for multi-select answers by the scoring model
(a selection that scores higher). Context (the stage, the population served, the kind of
data) never moves. Candidates are screened with the fast three-valued reasoner,
combinations are searched by size (one change, then two, then three), and every set reported
is re-checked with the experta engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from .. import lang
from ..load.answers import Answers, not_applicable
from ..model import FactDef, KnowledgeBase
from .candidates import candidate_values, multi_candidates
from .engine import Engine
from .reasoner import feeding, reason
from .scoring import answer_value

TOP = 10  # candidate changes kept for the search of sets of two or more


@dataclass(frozen=True)
class ChangeSet:
    """Answers to change (fact, from, to) and the level the target then takes."""

    changes: tuple[tuple[str, Any, Any], ...]
    target: str
    before: Any
    after: Any


def _better_values(kb: KnowledgeBase, fact: FactDef, current: Any) -> list[Any]:
    """Answers better than `current` by the declared order, nearest first (all of them when
    the question is unanswered)."""
    if fact.order:
        if current in fact.order:
            return list(reversed(fact.order[:fact.order.index(current)]))
        return list(fact.order) if current is None else []
    if fact.direction and fact.type == "number":
        return [v for v in candidate_values(kb, fact, current)
                if current is None or fact.better(v, current)]
    if fact.type == "multi":
        return _better_selections(kb, fact, current)
    return []


def _better_selections(kb: KnowledgeBase, fact: FactDef, current: Any) -> list[Any]:
    """Selections one toggle away that a score item of this fact values higher."""
    items = [i for i in kb.scoring.items if i.fact == fact.id] if kb.scoring else []
    if not items:
        return []

    def worth(selection: Any) -> float:
        return sum(answer_value(i, {fact.id: selection}.get) or 0.0 for i in items)

    now = worth(current) if current else -1.0
    return [s for s in multi_candidates(fact, current) if worth(s) > now]


def _levers(kb: KnowledgeBase, values: Mapping[str, Any],
            relevant: set[str]) -> Iterator[tuple[str, Any]]:
    for fact in kb.input_facts:
        q = fact.question
        if not fact.lever or q is None or fact.type == "text" or fact.id not in relevant:
            continue
        if q.ask_if is not None and not lang.holds(q.ask_if, values.get):
            continue
        for value in _better_values(kb, fact, values.get(fact.id)):
            yield fact.id, value


def _rank(kb: KnowledgeBase, fid: str, value: Any) -> int | None:
    scale = kb.scales.get(kb.facts[fid].scale)
    return scale.ids.index(value) if scale and value in scale.ids else None


def _changed(kb: KnowledgeBase, values: Mapping[str, Any],
             changes: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    new = dict(values)
    new.update(changes)
    for gone, _ in not_applicable(kb, new):
        del new[gone]
    return new


def _progress(kb: KnowledgeBase, values: Mapping[str, Any], target: str,
              rules: frozenset[str] | None = None) -> tuple[int, int]:
    """How far a case is from lowering the target, lower is better: the target's rank, then
    the pressure behind it, the squared ranks of every proposal made for a level fact on the
    same scale (the risk categories): removing one of two causes of a high risk counts."""
    reading = reason(kb, dict(values), only=rules)
    rank = _rank(kb, target, reading.get(target))
    scale = kb.facts[target].scale
    pressure = sum((_rank(kb, fid, v) or 0) ** 2 for fid, props in reading.proposals.items()
                   if fid != target and kb.facts[fid].scale == scale for _, v in props)
    return (rank if rank is not None else 99, pressure)


def _pressing(kb: KnowledgeBase, values: Mapping[str, Any], target: str) -> set[str]:
    """The input facts read, directly or through derived facts, by the rules that now put
    pressure on the target: only a change to one of them can relieve it."""
    reading = reason(kb, dict(values))
    scale = kb.facts[target].scale
    out: set[str] = set()
    for props in (p for fid, p in reading.proposals.items() if kb.facts[fid].scale == scale):
        for rule_id, _ in props:
            if kb.has_rule(rule_id):
                out |= kb.inputs(rule_id)
    return out


def verdict_level(kb: KnowledgeBase) -> str | None:
    """The verdict fact that is a level on a scale (what "lower" can mean), if there is one:
    a knowledge base of another domain may have a choice as its verdict, or none."""
    return next((f for f in kb.verdict if f in kb.facts and kb.facts[f].type == "level"
                 and kb.facts[f].scale in kb.scales), None)


def smallest_changes(engine: Engine, answers: Answers, target: str | None = None,
                     max_size: int = 5, limit: int = 3, beam: int = 8) -> list[ChangeSet]:
    """Up to `limit` smallest sets of lever changes that lower `target` at least one step,
    confirmed by the engine; empty when it is already at its lowest or nothing up to
    `max_size` changes would do.

    One and two changes are searched exhaustively among the changes that relieve any
    pressure; larger sets by a beam search (`beam` best partial sets kept per size), so a
    larger set found is small, though not proven the smallest.
    """
    kb = engine.kb
    target = target or verdict_level(kb)
    if target is None or target not in kb.facts:
        return []
    values = dict(answers.values)
    scale = kb.facts[target].scale
    rules = feeding(kb, [f.id for f in kb.derived_facts if f.scale == scale] + [target])
    base_level = reason(kb, values, only=rules).get(target)
    base = _rank(kb, target, base_level)
    if base is None or base == 0:
        return []
    start = _progress(kb, values, target, rules)
    best: dict[str, tuple[tuple[int, int], Any]] = {}
    for fid, value in _levers(kb, values, _pressing(kb, values, target)):
        progress = _progress(kb, _changed(kb, values, ((fid, value),)), target, rules)
        if progress < start and (fid not in best or progress < best[fid][0]):
            best[fid] = (progress, value)  # nearest better value wins ties (listed first)
    pool = sorted(best, key=lambda f: (best[f][0], f))

    def changes_of(facts: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
        return tuple((f, best[f][1]) for f in facts)

    def lowered(facts: tuple[str, ...]) -> bool:
        return _progress(kb, _changed(kb, values, changes_of(facts)), target, rules)[0] < base

    # one change (the screening above has read each), else two
    hits: list[tuple[str, ...]] = [(f,) for f in pool if best[f][0][0] < base] or \
        [c for c in combinations(pool, 2) if lowered(c)]
    if hits:
        return _confirm(engine, answers, [changes_of(h) for h in hits], target,
                        base_level, base)[:limit]
    frontier = [tuple(sorted(c)) for c in combinations(pool[:TOP], 2)]
    for _size in range(3, max_size + 1):
        grown = {tuple(sorted((*state, f))) for state in frontier for f in pool if f not in state}
        scored = sorted((_progress(kb, _changed(kb, values, changes_of(c)), target, rules), c)
                        for c in grown)
        hits = [c for p, c in scored if p[0] < base]
        if hits:
            confirmed = _confirm(engine, answers, [changes_of(h) for h in hits], target,
                                 base_level, base)
            if confirmed:
                return confirmed[:limit]
        frontier = [c for _, c in scored[:beam]]
    return []


def _aim(kb: KnowledgeBase, changes: tuple[tuple[str, Any], ...]) -> tuple[tuple[str, Any], ...]:
    """Each ordered answer moved to the best one: what the advice is (by monotonicity it
    lowers the target at least as much as the nearest better answer did). Numbers keep the
    nearest threshold, which says how much is enough."""
    return tuple((f, kb.facts[f].order[0] if kb.facts[f].order else v) for f, v in changes)


def _confirm(engine: Engine, answers: Answers, found: list[tuple[tuple[str, Any], ...]],
             target: str, base_level: Any, base: int) -> list[ChangeSet]:
    kb = engine.kb
    out = []
    for changes in dict.fromkeys(_aim(kb, c) for c in found):
        # the rule run alone settles the target: scores and explanations are not needed
        after = engine.derive(Answers(answers.case, _changed(kb, answers.values, changes)))
        level = after.values.get(target)
        rank = _rank(kb, target, level)
        if rank is not None and rank < base:
            out.append(ChangeSet(tuple((f, answers.values.get(f), v) for f, v in changes),
                                 target, base_level, level))
    return out
