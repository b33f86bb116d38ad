"""Explanations that need reasoning beyond the Assessment itself.

`provisional`: rules that did not fire only because some applicable questions have no answer
("don't know" or not asked), what each would conclude, and the one question whose answer
would settle the most of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from .. import lang
from ..errors import NotConcluded, did_you_mean
from ..model import KnowledgeBase, Rule
from ..model.assessment import Assessment
from .reasoner import applicable_unknowns, reason


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


def provisional(kb: KnowledgeBase, a: Assessment) -> Pending:
    answers = typed_answers(kb, a)
    unknown = applicable_unknowns(kb, answers)
    if not unknown:
        return Pending((), None, 0)
    reading = reason(kb, answers, unknown)
    fired = set(a.fired_ids())
    open_facts = _open(kb, a)
    found = []
    for rule in sorted(kb.rules, key=lambda r: r.id):  # by id: independent of file layout
        if reading.status.get(rule.id) is None and rule.id not in fired \
                and _could_add(kb, a, rule, open_facts):
            waiting = tuple(f for f in kb.facts if f in unknown and f in kb.inputs(rule.id))
            if waiting:
                found.append(Provisional(rule, waiting))
    counts = Counter(f for p in found for f in p.waiting_for)
    best = min(counts, key=lambda f: (-counts[f], list(kb.facts).index(f))) if counts else None
    return Pending(tuple(found), best, counts[best] if best else 0)


def _settled(kb: KnowledgeBase, a: Assessment, fid: str) -> bool:
    """A yes/no or choice conclusion is settled once made: another value would contradict
    it, not add to it. A level is never settled (a higher one may still win)."""
    return fid in a.derived and kb.facts[fid].type != "level"


def _open(kb: KnowledgeBase, a: Assessment) -> set[str]:
    """The derived facts a reader could still learn something from: reported or verdict
    facts not yet settled, and the unsettled facts that rules concluding those read."""
    out = {f.id for f in kb.derived_facts
           if (f.report or f.id in kb.verdict) and not _settled(kb, a, f.id)}
    grew = True
    while grew:
        grew = False
        for r in kb.rules:
            if r.recommends or any(fid in out for fid, _ in r.sets):
                read = {t.leaf.fact for clause in r.clauses for t in clause}
                new = {f for f in read if kb.facts[f].derived and not _settled(kb, a, f)} - out
                out |= new
                grew = grew or bool(new)
    return out


def _could_add(kb: KnowledgeBase, a: Assessment, rule: Rule, open_facts: set[str]) -> bool:
    """Whether a rule's conclusion could still tell the reader something: a recommendation,
    or an open fact (see `_open`) it can conclude."""
    return bool(rule.recommends) or any(fid in open_facts for fid, _ in rule.sets)


# --------------------------------------------------------------------------- how

@dataclass
class Node:
    """One node of a derivation tree.

    kind: "recommendation", "fact" (derived), "rule", "answer" (input), "seen" (a
    derived fact already explained higher in the tree) or "conflict" (a choice fact that
    rules set to different values: `superseded` holds every (rule, value), `children` the
    rules).
    """

    kind: str
    id: str
    value: Any = None
    assumed: bool = False
    children: list[Node] | None = None
    superseded: list[tuple[str, Any]] | None = None  # (rule, value) proposals that lost


def derivation(kb: KnowledgeBase, a: Assessment, target: str) -> Node:
    """How a recommendation, derived fact or rule came about, down to the answers.

    Raises NotConcluded (with a "did you mean") when the target names nothing that was
    concluded.
    """
    firings = {f.rule: f for f in a.fired}
    seen: set[str] = set()

    def rule_node(rule_id: str) -> Node:
        firing = firings[rule_id]
        children = [fact_node(fid) for fid, _ in firing.matched]
        return Node("rule", rule_id, children=children)

    def fact_node(fid: str) -> Node:
        fact = kb.facts[fid]
        if not fact.derived:
            return Node("answer", fid, a.answers.get(fid))
        c = a.derived.get(fid)
        if c is None and fid in a.conflicts and fid not in seen:
            seen.add(fid)
            props = [p for p in a.conflicts[fid] if p.rule in firings]
            return Node("conflict", fid, None, children=[rule_node(p.rule) for p in props],
                        superseded=[(p.rule, p.value) for p in props])
        if c is None:
            return Node("fact", fid, None)
        if fid in seen:
            return Node("seen", fid, c.value)
        seen.add(fid)
        if fact.type == "count":
            return Node("fact", fid, c.value, children=[fact_node(m) for m in fact.count_of])
        children = [rule_node(p.rule) for p in c.supports if p.rule in firings]
        return Node("fact", fid, c.value, c.assumed, children,
                    [(p.rule, p.value) for p in c.superseded])

    if target in kb.recommendations:
        made = next((x for x in a.recommendations if x.id == target), None)
        if made is None:
            raise NotConcluded(f"'{target}' was not recommended for this case; try --why-not")
        return Node("recommendation", target, True,
                    children=[rule_node(r) for r in made.rules])
    if target in kb.facts and kb.facts[target].derived:
        if target not in a.derived and target not in a.conflicts:
            raise NotConcluded(f"no rule concluded '{target}' for this case; try --why-not")
        return fact_node(target)
    if target in firings:
        return rule_node(target)
    if kb.has_rule(target):
        raise NotConcluded(f"rule {target} did not fire for this case; try --why-not")
    raise NotConcluded(f"'{target}' is not a recommendation, derived fact or rule" +
                   _hint(target, kb))


def _hint(target: str, kb: KnowledgeBase) -> str:
    names = [*kb.recommendations, *(f.id for f in kb.derived_facts), *(r.id for r in kb.rules)]
    hint = did_you_mean(target, names)
    return f"; {hint}" if hint else ""


# --------------------------------------------------------------------------- why not

@dataclass(frozen=True)
class Blocked:
    """A rule that could have concluded the target and why it did not."""

    rule: Rule
    fired: bool
    false_leaves: tuple[lang.Leaf, ...]  # settled leaves that went the wrong way
    unknown_leaves: tuple[lang.Leaf, ...]  # leaves on facts with no value
    status: bool | None  # the condition in three values (unknown facts open)


def why_not(kb: KnowledgeBase, a: Assessment, target: str,
            value: Any = None) -> list[Blocked]:
    """For each rule that could conclude `target` (optionally `= value`), what stopped it."""
    if target in kb.recommendations:
        candidates = [r for r in kb.rules if target in r.recommends]
    elif target in kb.facts and kb.facts[target].derived:
        candidates = [r for r in kb.rules
                      if any(f == target and (value is None or v == value) for f, v in r.sets)]
    elif kb.has_rule(target):
        candidates = [kb.rule(target)]
    else:
        raise NotConcluded(f"'{target}' is not a recommendation, derived fact or rule" +
                       _hint(target, kb))
    values = {**typed_answers(kb, a), **{k: c.value for k, c in a.derived.items()}}
    # only answers can be unknown: after the run, a derived fact with no value was simply
    # not concluded, which is settled
    unknown = {f.id for f in kb.input_facts if values.get(f.id) is None}
    fired = set(a.fired_ids())
    out = []
    for rule in candidates:
        false_leaves, unknown_leaves = _blocking(rule.when, values, unknown, True)
        status = lang.evaluate3(rule.when, values.get, unknown.__contains__)
        out.append(Blocked(rule, rule.id in fired, tuple(false_leaves), tuple(unknown_leaves),
                           status))
    return out


def _blocking(c: lang.Condition, values: dict[str, Any], unknown: set[str],
              want: bool) -> tuple[list[lang.Leaf], list[lang.Leaf]]:
    """The leaves that keep `c` from being `want`: settled ones that went the wrong way,
    and ones on unknown facts."""
    if isinstance(c, lang.Leaf):
        if c.fact in unknown and c.op != "is unknown" and c.op != "is known":
            return [], [c]
        return ([] if lang.leaf_holds(c, values.get(c.fact)) == want else [c]), []
    if isinstance(c, lang.Not):
        return _blocking(c.item, values, unknown, not want)
    parts = [_blocking(i, values, unknown, want) for i in c.items]
    conjunctive = isinstance(c, lang.All) == want
    if conjunctive:
        return [x for f, _ in parts for x in f], [x for _, u in parts for x in u]
    # a disjunction fails only if every branch fails: all their blockers count
    return [x for f, _ in parts for x in f], [x for _, u in parts for x in u]
