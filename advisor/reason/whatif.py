"""Comparing assessments: what-if (changed answers), swing analysis and re-assessment diffs.

All three reduce to `compare(before, after)`: which derived facts changed value, which
recommendations came or went, and for each the rules that explain it (those that now
support the new value, or no longer fire).

Swing analysis tries every single answer change. It screens the candidates with the fast
plain-Python reasoner (which agrees with the engine; the differential tests hold it to that)
and confirms each reported swing with the experta engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import lang
from ..load.answers import Answers
from ..model import FactDef, KnowledgeBase
from ..model.assessment import Assessment
from .candidates import candidate_values, multi_candidates
from .engine import Engine
from .reasoner import reason


@dataclass(frozen=True)
class FactChange:
    fact: str
    before: Any
    after: Any
    rules_now: tuple[str, ...]  # rules supporting the new value
    rules_gone: tuple[str, ...]  # rules that supported the old value and no longer fire


@dataclass(frozen=True)
class AdviceChange:
    id: str
    added: bool
    rules: tuple[str, ...]  # rules that now make it (added) or made it before (removed)


@dataclass(frozen=True)
class ReadinessChange:
    """A dimension whose level or score moved (level None: insufficient evidence)."""

    dimension: str
    before: str | None
    after: str | None
    score_before: int | None
    score_after: int | None


@dataclass
class Delta:
    answers: list[tuple[str, Any, Any]] = field(default_factory=list)  # fact, before, after
    facts: list[FactChange] = field(default_factory=list)
    advice: list[AdviceChange] = field(default_factory=list)
    readiness: list[ReadinessChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.facts and not self.advice and not self.readiness


def compare(kb: KnowledgeBase, before: Assessment, after: Assessment) -> Delta:
    delta = Delta()
    for f in kb.input_facts:
        old, new = before.answers.get(f.id), after.answers.get(f.id)
        if old != new:
            delta.answers.append((f.id, old, new))
    fired_after = set(after.fired_ids())
    for fid in kb.facts:
        old_c, new_c = before.derived.get(fid), after.derived.get(fid)
        old = old_c.value if old_c else None
        new = new_c.value if new_c else None
        if old == new:
            continue
        now = tuple(p.rule for p in (new_c.supports if new_c else ()))
        gone = tuple(p.rule for p in (old_c.supports if old_c else ())
                     if p.rule not in fired_after and not p.rule.startswith("count:"))
        delta.facts.append(FactChange(fid, old, new, now, gone))
    delta.readiness = readiness_changes(before, after)
    made_before = {x.id: x.rules for x in before.recommendations}
    made_after = {x.id: x.rules for x in after.recommendations}
    for rid in kb.recommendations:
        if rid in made_after and rid not in made_before:
            delta.advice.append(AdviceChange(rid, True, tuple(made_after[rid])))
        elif rid in made_before and rid not in made_after:
            delta.advice.append(AdviceChange(rid, False, tuple(made_before[rid])))
    return delta


def readiness_changes(before: Assessment, after: Assessment) -> list[ReadinessChange]:
    """The dimensions whose level or score differs, in the scoring model's order."""
    old = {d["dimension"]: d for d in before.scores.get("dimensions", [])}
    out = []
    for d in after.scores.get("dimensions", []):
        o = old.get(d["dimension"], {})
        if (o.get("level"), o.get("score")) != (d.get("level"), d.get("score")):
            out.append(ReadinessChange(d["dimension"], o.get("level"), d.get("level"),
                                       o.get("score"), d.get("score")))
    return out


def whatif(engine: Engine, answers: Answers, changes: Mapping[str, Any],
           lang: str | None = None) -> tuple[Assessment, Assessment, Delta]:
    """Assess the case as it is and with `changes` (None = "don't know")."""
    before = engine.assess(answers, lang)
    after = engine.assess(answers.with_changes(changes), lang)
    return before, after, compare(engine.kb, before, after)


# --------------------------------------------------------------------------- swing

@dataclass(frozen=True)
class Swing:
    """One answer change that moves a finding: `fact` from `before` to `after`."""

    finding: str
    level_before: Any
    level_after: Any
    fact: str
    answer_before: Any
    answer_after: Any


def _alternatives(kb: KnowledgeBase, answers: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Other answers to every question that applies to this case (its ask_if holds) and
    that management can change (its fact is a lever, not context such as the stage)."""
    for fact in kb.input_facts:
        q = fact.question
        if q is None or fact.type == "text" or not fact.lever:
            continue
        if q.ask_if is not None and not lang.holds(q.ask_if, answers.get):
            continue
        current = answers.get(fact.id)
        options = multi_candidates(fact, current) if fact.type == "multi" else \
            candidate_values(kb, fact, current)
        for value in options:
            if value != current:
                yield fact.id, value


def swings(engine: Engine, answers: Answers, findings: list[str],
           raise_for: Sequence[str] = ()) -> list[Swing]:
    """Single answer changes that lower each of `findings` (and raise each of `raise_for`).

    "Lower" and "raise" follow the fact's merge direction: for a level that keeps the
    highest value (risks), lowering means a lower value; for one that keeps the lowest
    (readiness), lowering the finding means a higher value. A choice has no such order
    (an animal, a route): it moves whenever its value changes, to or from unknown too.
    """
    kb = engine.kb
    base_values = dict(answers.values)
    base = reason(kb, base_values)
    hits: list[Swing] = []
    wanted = [(f, -1) for f in findings] + [(f, +1) for f in raise_for]
    for fid, value in _alternatives(kb, base_values):
        changed = {**base_values, fid: value}
        # a change can make follow-up answers inapplicable; keep them (a single change)
        reading = reason(kb, changed)
        for target, direction in wanted:
            old, new = base.get(target), reading.get(target)
            fact = kb.facts[target]
            if old != new and (fact.type == "choice" or _moves(fact, old, new) == direction):
                hits.append(Swing(target, old, new, fid, base_values.get(fid), value))
    return _confirmed(engine, answers, hits)


def _moves(fact: FactDef, old: Any, new: Any) -> int:
    """-1 when the finding got better, +1 when worse (on the fact's own scale)."""
    ids = fact.choice_ids
    if fact.type == "flag":
        return -1 if old and not new else +1
    if old not in ids or new not in ids:
        return 0
    worse = ids.index(new) > ids.index(old)
    if fact.merge == "lowest":
        worse = not worse
    return +1 if worse else -1


def _confirmed(engine: Engine, answers: Answers, hits: list[Swing]) -> list[Swing]:
    """Keep only the swings the experta engine agrees with (it should agree on all)."""
    out = []
    cache: dict[tuple[str, Any], Assessment] = {}
    for h in hits:
        key = (h.fact, h.answer_after)
        if key not in cache:
            cache[key] = engine.assess(answers.with_changes({h.fact: h.answer_after}))
        if cache[key].value(h.finding) == h.level_after:
            out.append(h)
    return out
