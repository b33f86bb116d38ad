"""Explanations that need reasoning beyond the Assessment itself.

`provisional`: rules that did not fire only because some applicable questions have no answer
("don't know" or not asked), what each would conclude, and the one question whose answer
would settle the most of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from . import conditions as cond
from .assessment import Assessment
from .model import KnowledgeBase, Rule
from .reasoner import reason, still_open


@dataclass(frozen=True)
class Provisional:
    """A rule that might still fire: it waits only for answers that are missing."""

    rule: Rule
    waiting_for: tuple[str, ...]  # the unanswered input facts it depends on


@dataclass(frozen=True)
class Pending:
    findings: tuple[Provisional, ...]
    best_question: str | None  # the fact whose answer would settle the most of them
    settles: int  # how many


def typed_answers(kb: KnowledgeBase, a: Assessment) -> dict[str, Any]:
    """The Assessment's answers with multi-selects back as tuples."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in a.answers.items()}


_DEPENDS: dict[tuple[int, str], dict[str, frozenset[str]]] = {}


def _depends(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    """For each rule, every input fact it reads directly or through derived facts."""
    key = (id(kb), kb.digest)
    if key not in _DEPENDS:
        _DEPENDS.clear()  # one knowledge base at a time is the rule
        _DEPENDS[key] = _compute_depends(kb)
    return _DEPENDS[key]


def _compute_depends(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    setters: dict[str, list[Rule]] = {}
    for r in kb.rules:
        for fid, _ in r.sets:
            setters.setdefault(fid, []).append(r)
    memo: dict[str, frozenset[str]] = {}

    def inputs_of(fid: str, seen: frozenset[str]) -> frozenset[str]:
        fact = kb.facts.get(fid)
        if fact is None or not fact.derived:
            return frozenset({fid})
        if fid in memo:
            return memo[fid]
        if fid in seen:
            return frozenset()
        out: set[str] = set()
        for m in fact.count_of:
            out |= inputs_of(m, seen | {fid})
        for r in setters.get(fid, ()):
            for f in cond.facts_read(r.when):
                out |= inputs_of(f, seen | {fid})
        memo[fid] = frozenset(out)
        return memo[fid]

    return {r.id: frozenset().union(*(inputs_of(f, frozenset())
                                      for f in cond.facts_read(r.when)))
            for r in kb.rules}


def applicable_unknowns(kb: KnowledgeBase, answers: dict[str, Any]) -> set[str]:
    """Input facts with no answer whose question applies, or would if other missing answers
    were given (a follow-up of an unanswered question)."""
    return still_open(kb, answers, [f.id for f in kb.input_facts
                                    if f.id not in answers and f.question is not None])


def provisional(kb: KnowledgeBase, a: Assessment) -> Pending:
    answers = typed_answers(kb, a)
    unknown = applicable_unknowns(kb, answers)
    if not unknown:
        return Pending((), None, 0)
    reading = reason(kb, answers, unknown)
    fired = set(a.fired_ids())
    depends = _depends(kb)
    found = []
    for rule in kb.rules:
        if reading.status.get(rule.id) is None and rule.id not in fired:
            waiting = tuple(f for f in kb.facts if f in unknown and f in depends[rule.id])
            if waiting:
                found.append(Provisional(rule, waiting))
    counts = Counter(f for p in found for f in p.waiting_for)
    best = min(counts, key=lambda f: (-counts[f], list(kb.facts).index(f))) if counts else None
    return Pending(tuple(found), best, counts[best] if best else 0)
