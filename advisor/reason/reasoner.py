"""A plain-Python, three-valued reading of the rules (no experta).

Given answers and the set of input facts that are still *open* (their questions may yet be
asked), `reason` works through the rules stratum by stratum and tells, for every rule,
whether it surely fires (True), surely does not (False) or may still go either way (None),
and for every derived fact whether it is settled and with what value.

With no open facts this is a complete, independent evaluator of the knowledge base: it must
agree with the experta engine on every case (the differential tests hold it to that). With
open facts it answers the interview's question "can this fact still matter?" and the
explainer's "what would settle this?".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import lang
from ..model import FactDef, KnowledgeBase, Rule


@dataclass
class Reading:
    """The outcome of `reason`."""

    values: dict[str, Any]  # every settled fact with a value (answers and derived)
    open: set[str]  # facts (input or derived) whose value may still change
    status: dict[str, bool | None] = field(default_factory=dict)  # rule id -> fires?
    proposals: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    assumed: set[str] = field(default_factory=set)
    conflicts: set[str] = field(default_factory=set)  # choice facts set to two values
    recommendations: dict[str, list[str]] = field(default_factory=dict)  # rec -> rules
    # score item / dimension -> (rule, value or level, True when sure, None when possible)
    votes: dict[str, list[tuple[str, float, bool | None]]] = field(default_factory=dict)
    caps: dict[str, list[tuple[str, str, bool | None]]] = field(default_factory=dict)

    def get(self, fact: str) -> Any:
        return self.values.get(fact)

    def is_open(self, fact: str) -> bool:
        return fact in self.open

    def fired(self) -> list[str]:
        return [rid for rid, s in self.status.items() if s is True]


def tie_ranks(kb: KnowledgeBase) -> tuple[dict[str, int], dict[str, int]]:
    """How rules (then defaults and counts) of one stratum and salience are ordered: by id.

    A total order that does not depend on file names or positions, so the order of
    firings, and so of the supports, rationale and trace a report shows, is the same however
    the files are laid out. Returns rule id -> rank and fact id -> rank (after every rule).
    """
    rules = {rid: i for i, rid in enumerate(sorted(r.id for r in kb.rules))}
    base = len(rules)
    return rules, {fid: base + j for j, fid in enumerate(sorted(kb.facts))}


# (the rule or the fact whose default or count is settled, the rule's two readings)
Step = tuple[Any, "tuple[lang.Holds, lang.Holds3] | None"]
_STEPS: dict[tuple[int, frozenset[str] | None], tuple[KnowledgeBase, list[Step]]] = {}


def _steps(kb: KnowledgeBase, only: Collection[str] | None) -> list[Step]:
    """Rules (those in `only`; all when None), defaults and counts in the order the engine
    settles them; kept for the last few knowledge bases and rule sets, since the swing and
    lever searches read one case a hundred times."""
    wanted = only if only is None or isinstance(only, frozenset) else frozenset(only)
    hit = _STEPS.get((id(kb), wanted))
    if hit is not None and hit[0] is kb:
        return hit[1]
    steps = [(obj, lang.readings(obj.when) if kind == "rule" else None)
             for _stratum, _i, kind, obj in _ordered(kb)
             if kind != "rule" or wanted is None or obj.id in wanted]
    if len(_STEPS) >= 8:
        del _STEPS[next(iter(_STEPS))]
    _STEPS[(id(kb), wanted)] = (kb, steps)
    return steps


def _ordered(kb: KnowledgeBase) -> list[tuple[int, int, str, Any]]:
    rule_rank, fact_rank = tie_ranks(kb)
    items: list[tuple[int, int, str, Any]] = []
    for r in kb.rules:
        items.append((kb.strata.get(r.id, 0), rule_rank[r.id], "rule", r))
    for f in kb.facts.values():
        key = f"default:{f.id}"
        if key in kb.strata:
            items.append((kb.strata[key], fact_rank[f.id], "fact", f))
    items.sort(key=lambda x: (x[0], x[1]))
    return items


def reason(kb: KnowledgeBase, answers: Mapping[str, Any],
           open_inputs: Collection[str] = (), only: Collection[str] | None = None) -> Reading:
    """Read the rules on `answers`, with `open_inputs` still to be asked; `only`: the rules
    to read (the others, and what they alone conclude, left out), when the caller needs
    just some conclusions (see `feeding`)."""
    # only answers count: a value given for a derived fact is ignored, as the engine does
    inputs = kb.input_ids
    values: dict[str, Any] = {k: v for k, v in answers.items() if k in inputs
                              and k not in open_inputs}
    reading = Reading(values, set(open_inputs))
    derived_open: set[str] = set()
    get, is_open, status_of = values.get, reading.open.__contains__, reading.status
    for obj, rule_readings in _steps(kb, only):
        if rule_readings is None:
            _settle(obj, reading, derived_open)
            continue
        # nothing open (the lever and swing searches read whole cases): the closed world
        status = rule_readings[1](get, is_open) if reading.open else rule_readings[0](get)
        status_of[obj.id] = status
        if status is not False:  # most rules do not fire: only those that may go on
            _conclude(kb, obj, status, reading, derived_open)
    return reading


def _conclude(kb: KnowledgeBase, rule: Rule, status: bool | None, reading: Reading,
              derived_open: set[str]) -> None:
    """What a rule that fires (True) or may fire (None) concludes, proposes and votes."""
    for fid, value in rule.sets:
        if status is None:
            reading.open.add(fid)
            derived_open.add(fid)
        reading.proposals.setdefault(fid, []).append((rule.id, value))
        if status is True and fid not in reading.conflicts:
            fact, current = kb.facts[fid], reading.values.get(fid)
            if fact.conflicting(current, value):  # as the engine: withdrawn, reported
                reading.conflicts.add(fid)
                del reading.values[fid]
            else:
                reading.values[fid] = fact.merged(current, value)
    if status is True:
        for rec in rule.recommends:
            reading.recommendations.setdefault(rec, []).append(rule.id)
    for item, vote in rule.scores:
        reading.votes.setdefault(item, []).append((rule.id, vote, status))
    for dim, level in rule.caps:
        reading.caps.setdefault(dim, []).append((rule.id, level, status))


def _settle(fact: FactDef, reading: Reading, derived_open: set[str]) -> None:
    """Apply a default or compute a count, once the facts it depends on are settled."""
    if fact.type == "count":
        if any(m in reading.open for m in fact.count_of):
            reading.open.add(fact.id)
            return
        reading.values[fact.id] = fact.count(reading.values.get)
        return
    if fact.id in derived_open:
        return  # a rule may still conclude it: neither the value nor the default is sure
    if fact.id not in reading.values and fact.id not in reading.conflicts:
        reading.values[fact.id] = fact.default
        reading.assumed.add(fact.id)


def feeding(kb: KnowledgeBase, facts: Collection[str]) -> frozenset[str]:
    """The rules that can set one of `facts` or, through derived facts and counts, a fact
    such a rule reads: everything `reason` must read for those conclusions to be right."""
    need = {f for f in facts if f in kb.facts}
    rules: set[str] = set()
    grew = True
    while grew:
        grew = False
        for fid in [f for f in need if kb.facts[f].type == "count"]:
            # a count's members are choices or levels, never counts: the rules that set
            # them are found below, in this same pass
            need.update(kb.facts[fid].count_of)
        for r in kb.rules:
            if r.id not in rules and any(f in need for f, _ in r.sets):
                rules.add(r.id)
                grew = True
                need |= {t.leaf.fact for clause in r.clauses for t in clause
                         if kb.facts[t.leaf.fact].derived}
    return frozenset(rules)


def still_open(kb: KnowledgeBase, answers: Mapping[str, Any],
               candidates: Collection[str]) -> set[str]:
    """The candidates whose question may still apply: ask_if not false in three values.

    A follow-up whose ask_if depends on another open question stays open too, since that
    answer could make it apply.
    """
    open_ = set(candidates)
    changed = True
    while changed:
        changed = False
        for fid in list(open_):
            q = kb.facts[fid].question
            if q is not None and q.ask_if is not None and \
                    lang.evaluate3(q.ask_if, answers.get, open_.__contains__) is False:
                open_.discard(fid)
                changed = True
    return open_


def applicable_unknowns(kb: KnowledgeBase, answers: Mapping[str, Any]) -> set[str]:
    """Input facts with no answer whose question applies, or would if other missing answers
    were given (a follow-up of an unanswered question)."""
    return still_open(kb, answers, [f.id for f in kb.input_facts
                                    if f.id not in answers and f.question is not None])


def open_reading(kb: KnowledgeBase, answers: Mapping[str, Any],
                 closed: Collection[str] = ()) -> Reading:
    """The rules read with every applicable unanswered question open (but those in
    `closed`, which will not be asked): what is settled by the answers alone, and what
    could still go either way."""
    return reason(kb, answers, applicable_unknowns(kb, answers) - set(closed))
