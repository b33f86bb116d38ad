"""The forward-chaining engine: the knowledge base compiled onto experta's Rete network.

experta itself, and the fixes it needs, live in `rete` and `rete_match`. How rules are
compiled: each rule's condition is in disjunctive normal form (computed once by the loader);
each clause becomes one experta rule whose patterns test one fact each (`Value(name=...,
value=P(test))`, or `NOT(...)` for negated leaves and `is unknown`). Salience comes from the
rule's stratum (computed by the loader), so every derived fact is final before any rule
reads it; a rule's own `salience` only orders rules within a stratum. Each rule fires at
most once per case. Level facts set by several rules keep the highest (or lowest, as
declared) value; a choice fact set to two values follows its `on_conflict` policy (by
default it is withdrawn and reported as a conflict, never an abort); every proposal is
recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import lang
from ..errors import EngineError
from ..load.answers import Answers
from ..model import FactDef, KnowledgeBase, Rule
from ..model.assessment import Assessment, Firing, Proposal, jsonable
from .reasoner import tie_ranks
from .record import Run, conflict_message, to_assessment
from .rete import NOT, KnowledgeEngine, P, StableStrategy, Value, make_rule
from .rete_match import IndexedReteMatcher

STRATUM_SPAN = 1000  # salience units per stratum; authored salience must stay inside
Tests = dict[tuple[Any, ...], Callable[[Any], bool]]  # leaf semantics -> predicate
Patterns = dict[tuple[Any, ...], Any]  # (fact, predicate, negated) -> experta pattern


class Engine:
    """A knowledge base compiled once; `assess` runs it on one case at a time."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.budget = kb.firing_budget or max(1000, 20 * (len(kb.rules) + len(kb.facts)))
        top = max(kb.strata.values(), default=0)
        self._salience = lambda stratum, own=0: (top - stratum) * STRATUM_SPAN + max(
            -STRATUM_SPAN // 2 + 1, min(STRATUM_SPAN // 2 - 1, own))
        self._run: Run | None = None
        self._tests: Tests = {}  # equal tests share one predicate, so one alpha node
        self._patterns: Patterns = {}  # and one pattern object
        members: dict[str, Any] = {}
        rule_rank, fact_rank = tie_ranks(kb)  # ties within a salience: by id, never by file
        for index, rule in enumerate(kb.rules):
            for k, clause in enumerate(rule.clauses):
                members[f"r{index:05d}_{k:03d}"] = self._compile(rule, rule_rank[rule.id], k,
                                                                 clause)
        for j, fact in enumerate(kb.facts.values()):
            if fact.derived and (fact.default is not None or fact.type == "count"):
                members[f"d{j:05d}"] = self._compile_default(fact, fact_rank[fact.id])
        engine_class = type("CompiledKnowledge", (KnowledgeEngine,),
                            {"__strategy__": StableStrategy,
                             "__matcher__": IndexedReteMatcher, **members})
        self._engine = engine_class()

    # ------------------------------------------------------------------ compiling
    def _compile(self, rule: Rule, rank: int, clause_no: int,
                 clause: tuple[lang.Term, ...]) -> Any:
        patterns = _patterns(clause, self._tests, self._patterns)
        facts_read = tuple(dict.fromkeys(lit.leaf.fact for lit in clause))

        def fire(*_args: Any, **_kwargs: Any) -> None:
            self._fire(rule, facts_read)

        fire.rank = (rank, clause_no)  # type: ignore[attr-defined]
        salience = self._salience(self.kb.strata.get(rule.id, 0), rule.salience)
        return make_rule(patterns, salience, fire)

    def _compile_default(self, fact: FactDef, rank: int) -> Any:
        def apply(*_args: Any, **_kwargs: Any) -> None:
            self._apply_default(fact)

        apply.rank = (rank, 0)  # type: ignore[attr-defined]
        salience = self._salience(self.kb.strata.get(f"default:{fact.id}", 0))
        if fact.type == "count":
            return make_rule((), salience, apply)
        return make_rule((NOT(Value(name=fact.id)),), salience, apply)

    # ------------------------------------------------------------------ running
    def assess(self, answers: Answers, language: str | None = None) -> Assessment:
        """Run the rules on one case's answers and return what they concluded."""
        return to_assessment(self.kb, self.derive(answers), answers, language)

    def derive(self, answers: Answers) -> Run:
        """Only the rule engine's part of an assessment: the firings and the values they set
        (what a CLIPS run computes too), without scores, evidence or explanations."""
        run = Run(self.kb, self.budget)
        self._run = run
        engine = self._engine
        try:
            engine.reset()
            initial = []
            for fid in self.kb.facts:  # canonical order, so fact ids are stable
                if fid in answers.values and not self.kb.facts[fid].derived:
                    run.values[fid] = answers.values[fid]
                    run.wm[fid] = Value(name=fid, value=answers.values[fid])
                    initial.append(run.wm[fid])
            if initial:
                engine.declare(*initial)  # one agenda update for all answers
            engine.run(self.budget + 1)
            if engine.agenda.activations:
                raise self._budget_error(run)
        finally:
            self._run = None
        return run

    def _declare(self, fid: str, value: Any) -> None:
        run = self._run
        assert run is not None
        run.values[fid] = value
        old = run.wm.get(fid)
        if old is None:
            run.wm[fid] = self._engine.declare(Value(name=fid, value=value))
        else:
            run.wm[fid] = self._engine.modify(old, value=value)

    def _fire(self, rule: Rule, facts_read: tuple[str, ...]) -> None:
        run = self._run
        assert run is not None
        run.activations[rule.id] += 1
        run.firings += 1
        if run.firings > run.budget:
            raise self._budget_error(run)
        if rule.id in run.fired_ids:
            return  # refraction: a rule fires at most once per case
        run.fired_ids.add(rule.id)
        matched = [[fid, jsonable(run.values.get(fid))] for fid in facts_read]
        sets = []
        for fid, value in rule.sets:
            sets.append([fid, value])
            self._propose(fid, value, rule.id)
        for rec in rule.recommends:
            run.advice.setdefault(rec, []).append(rule.id)
        for item, value in rule.scores:
            run.votes.setdefault(item, []).append([rule.id, value])
        for dim, level in rule.caps:
            run.caps.setdefault(dim, []).append([rule.id, level])
        run.fired.append(Firing(rule.id, matched, sets, list(rule.recommends),
                                [list(c) for c in rule.caps]))

    def _propose(self, fid: str, value: Any, source: str) -> None:
        run = self._run
        assert run is not None
        fact = self.kb.facts[fid]
        run.proposals.setdefault(fid, []).append(Proposal(source, value))
        if fid in run.conflicted:
            return  # already in conflict: it stays unknown, every proposal is recorded
        current = run.values.get(fid)
        if fact.conflicting(current, value):
            if fact.on_conflict == "error":
                raise EngineError(conflict_message(self.kb, fid, run.proposals[fid],
                                                   run.values))
            # on_conflict: report. The fact is withdrawn (unknown): its readers sit in
            # later strata, so none of them has fired on the first value yet.
            run.conflicted.add(fid)
            del run.values[fid]
            self._engine.retract(run.wm.pop(fid))
        elif fact.merged(current, value) != current:
            self._declare(fid, value)

    def _apply_default(self, fact: FactDef) -> None:
        run = self._run
        assert run is not None
        if fact.type == "count":
            n = fact.count(run.values.get)
            run.proposals[fact.id] = [Proposal(f"count:{fact.id}", n)]
            run.values[fact.id] = n
            run.wm[fact.id] = self._engine.declare(Value(name=fact.id, value=n))
            return
        if fact.id in run.values or fact.id in run.conflicted:
            return  # concluded, or in conflict (a default would hide the conflict)
        run.assumed.add(fact.id)
        run.proposals.setdefault(fact.id, []).append(Proposal(f"default:{fact.id}",
                                                              fact.default))
        self._declare(fact.id, fact.default)

    def _budget_error(self, run: Run) -> EngineError:
        busiest = ", ".join(f"{rid} ({n})" for rid, n in run.activations.most_common(5))
        return EngineError(f"the firing budget ({run.budget}) ran out before the rules "
                           f"settled; most active rules: {busiest or 'none'}")


def _patterns(clause: tuple[lang.Term, ...], tests: Tests, made: Patterns) -> list[Any]:
    """experta patterns for one conjunctive clause: one test per fact where possible."""
    present: dict[str, list[lang.Leaf]] = {}
    negated: list[Any] = []
    for lit in clause:
        leaf, positive = lit.leaf, lit.positive
        if leaf.op == "is unknown":
            positive, leaf = not positive, lang.Leaf(leaf.fact, "is known")
        if leaf.op == "is known":
            if positive:
                present.setdefault(leaf.fact, [])
            else:
                negated.append(_pattern(made, leaf.fact, None, negated=True))
            continue
        if positive:
            present.setdefault(leaf.fact, []).append(leaf)
        else:
            negated.append(_pattern(made, leaf.fact, _test([leaf], tests), negated=True))
    return [_pattern(made, fid, _test(leaves, tests) if leaves else None)
            for fid, leaves in present.items()] + negated


def _pattern(made: Patterns, fid: str, test: Callable[[Any], bool] | None,
             negated: bool = False) -> Any:
    """The experta pattern for a fact (with a test of its value, or none: present), made
    once per knowledge base: equal patterns are one object, which experta need not compare."""
    key = (fid, id(test), negated)  # the predicate lives in `tests`: its id is stable
    if key not in made:
        fact = Value(name=fid) if test is None else Value(name=fid, value=P(test))
        made[key] = NOT(fact) if negated else fact
    return made[key]


def _test(leaves: list[lang.Leaf], tests: Tests) -> Callable[[Any], bool]:
    """One predicate for all the leaves a clause puts on one fact.

    The same tests give the same predicate object, so the alpha network tests them once
    for every clause that shares them (where a leaf was written does not matter).
    experta may run a value test before the name test of the same pattern, so the predicate
    sees values of other facts too and must answer False, not fail, when a value has
    another type.
    """
    key = tuple((x.fact, x.op, x.value, x.cmp, x.order, x.ignore) for x in leaves)
    if key not in tests:
        tests[key] = _predicate(tuple(leaves))
    return tests[key]


def _predicate(frozen: tuple[lang.Leaf, ...]) -> Callable[[Any], bool]:
    def test(value: Any) -> bool:
        try:
            return all(lang.leaf_holds(leaf, value) for leaf in frozen)
        except (TypeError, ValueError, AttributeError):
            return False

    return test
