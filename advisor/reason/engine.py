"""The forward-chaining engine: the knowledge base compiled onto experta's Rete network.

This is the only module that imports experta. It carries two fixes for experta 1.9.4:

1. *Import on Python >= 3.10.* experta pins frozendict 1.2, which reads `collections.Mapping`
   (moved to `collections.abc` in 3.3 and removed in 3.10). `_import_experta` puts the old
   names back before importing; nothing else in the process reads them.
2. *The agenda tie bug.* experta's `DepthStrategy` removes a stale activation by bisecting to
   it and checking only the neighbouring slots; with three or more activations of equal key
   the stale one can survive and fire even though its `NOT` pattern is now matched, and which
   one survives depends on hash order. `StableStrategy` removes activations by equality over
   the whole run of equal keys and breaks ties by a fixed order (salience, then the canonical
   rule order, then the fact ids), so a run is the same in every process.
3. *Speed.* experta's alpha network tests each fact against every fact id the rules use;
   `IndexedReteMatcher` (experta's `__matcher__` hook) looks the fact id up instead.

How rules are compiled: each condition is brought into disjunctive normal form; each clause
becomes one experta rule whose patterns test one fact each (`Value(name=..., value=P(test))`,
or `NOT(...)` for negated leaves and `is unknown`). Salience comes from the rule's stratum
(computed in `kb`), so every derived fact is final before any rule reads it; a rule's own
`salience` only orders rules within a stratum. Each rule fires at most once per case. Level
facts set by several rules keep the highest (or lowest, as declared) value; every proposal
is recorded.
"""

from __future__ import annotations

import bisect
import collections
import collections.abc
import logging
from collections.abc import Callable, Iterable
from typing import Any

from ..assessment import Assessment, Firing, Proposal, jsonable
from ..errors import EngineError
from ..lang import conditions as cond
from ..load.answers import Answers
from ..model import FactDef, KnowledgeBase, Rule
from .record import Run, to_assessment, wins

STRATUM_SPAN = 1000  # salience units per stratum; authored salience must stay inside


def _import_experta() -> Any:
    """Import experta on any supported Python (see the module docstring, fix 1)."""
    for name in ("Mapping", "MutableMapping", "Sequence", "Iterable", "Hashable", "Callable"):
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))
    root = logging.getLogger()
    handlers = list(root.handlers)
    import experta
    from experta import engine as experta_engine

    # experta.engine calls logging.basicConfig() on import; undo that side effect.
    for handler in root.handlers[len(handlers):]:
        root.removeHandler(handler)
    del experta_engine
    return experta


experta = _import_experta()
from experta import NOT, P  # noqa: E402
from experta import Rule as ExpertaRule  # noqa: E402
from experta.abstract import Strategy  # noqa: E402
from experta.fact import InitialFact  # noqa: E402
from experta.matchers import ReteMatcher  # noqa: E402
from experta.matchers.rete import mixins  # noqa: E402
from experta.matchers.rete.abstract import OneInputNode  # noqa: E402
from experta.matchers.rete.check import FeatureCheck, TypeCheck  # noqa: E402
from experta.matchers.rete.nodes import FeatureTesterNode  # noqa: E402
from experta.matchers.rete.utils import extract_facts, generate_checks  # noqa: E402


class StableStrategy(Strategy):
    """A deterministic agenda (see the module docstring, fix 2)."""

    @staticmethod
    def key(activation: Any) -> tuple:
        rank = getattr(activation.rule, "rank", (0, 0))
        facts = tuple(sorted((f["__factid__"] for f in activation.facts), reverse=True))
        # The agenda pops its largest key: higher salience first, then lower rule rank.
        return (activation.rule.salience, -rank[0], -rank[1], facts)

    def _update_agenda(self, agenda: Any, added: Iterable[Any], removed: Iterable[Any]) -> None:
        acts = agenda.activations
        for act in removed:
            act.key = self.key(act)
            lo = bisect.bisect_left(acts, act)
            hi = bisect.bisect_right(acts, act)
            for i in range(lo, hi):
                if acts[i] == act:
                    del acts[i]
                    break
        for act in added:
            act.key = self.key(act)
            bisect.insort(acts, act)


class Value(experta.Fact):
    """One fact of a case: `name` is the fact id, `value` its (frozen) value."""


class _Route(mixins.AnyChild, mixins.NoMemory, OneInputNode):
    """Passes every token on: the root of one fact id's branch under a `_NameIndex`."""

    def _activate(self, token: Any) -> None:
        for child in self.children:
            child.callback(token)


class _NameIndex(mixins.AnyChild, mixins.NoMemory, OneInputNode):
    """Sends a fact only to the branch of its own fact id (a dict lookup, not a scan)."""

    def __init__(self) -> None:
        super().__init__()
        self.routes: dict[str, _Route] = {}

    def route(self, name: str) -> _Route:
        if name not in self.routes:
            self.routes[name] = _Route()
            self.add_child(self.routes[name], self.routes[name].activate)
        return self.routes[name]

    def _activate(self, token: Any) -> None:
        fact = next(iter(token.data))
        route = self.routes.get(fact.get("name"))
        if route is not None:
            route.activate(token)


class IndexedReteMatcher(ReteMatcher):
    """experta's Rete network with an indexed alpha part (see the module docstring, 3).

    experta tests every new fact against every first-level check in turn, so each fact costs
    one test (and one token copy) per fact id used anywhere in the rules, and a value test
    can even run before the name test. Here the `Value` branch is indexed by fact id, and
    each pattern's remaining checks hang below its own id; the beta network is experta's.
    """

    def build_network(self) -> None:
        super().build_network()
        # Remember which conflict sets changed, so `changes` asks only those (experta asks
        # every rule's conflict set after every firing).
        self._dirty: dict[int, Any] = {}
        for node in self._get_conflict_set_nodes():
            node._activate = self._marking(node, node._activate)

    def _marking(self, node: Any, activate: Any) -> Any:
        def marked(token: Any) -> Any:
            self._dirty[id(node)] = node
            return activate(token)

        return marked

    def changes(self, adding: Any = None, deleting: Any = None) -> tuple[list, list]:
        for fact in deleting or ():
            self.root_node.remove(fact)
        for fact in adding or ():
            self.root_node.add(fact)
        added: list[Any] = []
        removed: list[Any] = []
        dirty, self._dirty = self._dirty, {}
        for node in dirty.values():
            a, r = node.get_activations()
            added.extend(a)
            removed.extend(r)
        return added, removed

    def reset(self) -> None:
        super().reset()
        for node in self._get_conflict_set_nodes():
            node.get_activations()  # drop what an interrupted run may have left behind
        self._dirty = {}

    @staticmethod
    def build_alpha_part(ruleset: Any, root_node: Any) -> dict[Any, Any]:
        ruleset = set(ruleset)
        ruleset.add(ExpertaRule(InitialFact()))
        patterns = {fact for rule in ruleset for fact in extract_facts(rule)}
        type_nodes: dict[type, Any] = {}
        index = _NameIndex()
        terminals = {}
        for fact in sorted(patterns, key=repr):
            checks = list(generate_checks(fact))
            type_check = next(c for c in checks if isinstance(c, TypeCheck))
            cls = type(fact)
            if cls not in type_nodes:
                node = FeatureTesterNode(type_check)
                root_node.add_child(node, node.activate)
                type_nodes[cls] = node
                if cls is Value:
                    node.add_child(index, index.activate)
            current = type_nodes[cls]
            rest = [c for c in checks if c is not type_check]
            name = next((c for c in rest if isinstance(c, FeatureCheck) and c.what == "name"
                         and c.check.__name__ == "equal_literal"), None)
            if cls is Value and name is not None:
                current = index.route(name.expected[0])
                rest.remove(name)
            for check in rest:
                found = next((ch.node for ch in current.children
                              if getattr(ch.node, "matcher", None) is check), None)
                if found is None:
                    found = FeatureTesterNode(check)
                    current.add_child(found, found.activate)
                current = found
            terminals[fact] = current
        return terminals


class Engine:
    """A knowledge base compiled once; `assess` runs it on one case at a time."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.budget = kb.firing_budget or max(1000, 20 * (len(kb.rules) + len(kb.facts)))
        top = max(kb.strata.values(), default=0)
        self._salience = lambda stratum, own=0: (top - stratum) * STRATUM_SPAN + max(
            -STRATUM_SPAN // 2 + 1, min(STRATUM_SPAN // 2 - 1, own))
        self._run: Run | None = None
        members: dict[str, Any] = {}
        for index, rule in enumerate(kb.rules):
            for k, clause in enumerate(cond.to_dnf(rule.when)):
                members[f"r{index:05d}_{k:03d}"] = self._compile(rule, index, k, clause)
        base = len(kb.rules)
        for j, fact in enumerate(kb.facts.values()):
            if fact.derived and (fact.default is not None or fact.type == "count"):
                members[f"d{j:05d}"] = self._compile_default(fact, base + j)
        engine_class = type("CompiledKnowledge", (experta.KnowledgeEngine,),
                            {"__strategy__": StableStrategy,
                             "__matcher__": IndexedReteMatcher, **members})
        self._engine = engine_class()

    # ------------------------------------------------------------------ compiling
    def _compile(self, rule: Rule, index: int, clause_no: int,
                 clause: tuple[cond.Literal, ...]) -> Any:
        patterns = _patterns(clause)
        facts_read = tuple(dict.fromkeys(lit.leaf.fact for lit in clause))

        def fire(*_args: Any, **_kwargs: Any) -> None:
            self._fire(rule, facts_read)

        fire.rank = (index, clause_no)  # type: ignore[attr-defined]
        salience = self._salience(self.kb.strata.get(rule.id, 0), rule.salience)
        return ExpertaRule(*patterns, salience=salience)(fire)

    def _compile_default(self, fact: FactDef, rank: int) -> Any:
        def apply(*_args: Any, **_kwargs: Any) -> None:
            self._apply_default(fact)

        apply.rank = (rank, 0)  # type: ignore[attr-defined]
        salience = self._salience(self.kb.strata.get(f"default:{fact.id}", 0))
        if fact.type == "count":
            return ExpertaRule(salience=salience)(apply)
        return ExpertaRule(NOT(Value(name=fact.id)), salience=salience)(apply)

    # ------------------------------------------------------------------ running
    def assess(self, answers: Answers, language: str | None = None) -> Assessment:
        """Run the rules on one case's answers and return what they concluded."""
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
        return to_assessment(self.kb, run, answers, language)

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
        if sum(run.activations.values()) > run.budget:
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
        run.fired.append(Firing(rule.id, matched, sets, list(rule.recommends)))

    def _propose(self, fid: str, value: Any, source: str) -> None:
        run = self._run
        assert run is not None
        fact = self.kb.facts[fid]
        run.proposals.setdefault(fid, []).append(Proposal(source, value))
        current = run.values.get(fid)
        if current is None:
            self._declare(fid, value)
        elif fact.type == "level":
            if wins(fact, value, current):
                self._declare(fid, value)
        elif fact.type == "choice" and current != value:
            first = run.proposals[fid][0].rule
            raise EngineError(f"rules {first} and {source} set '{fid}' to different values "
                              f"('{current}' and '{value}'); make it a level fact with a "
                              "scale so one value can win, or make the rules exclusive")

    def _apply_default(self, fact: FactDef) -> None:
        run = self._run
        assert run is not None
        if fact.type == "count":
            n = sum(1 for m in fact.count_of if run.values.get(m) == fact.count_value)
            run.proposals[fact.id] = [Proposal(f"count:{fact.id}", n)]
            run.values[fact.id] = n
            run.wm[fact.id] = self._engine.declare(Value(name=fact.id, value=n))
            return
        if fact.id in run.values:
            return
        run.assumed.add(fact.id)
        run.proposals.setdefault(fact.id, []).append(Proposal(f"default:{fact.id}",
                                                              fact.default))
        self._declare(fact.id, fact.default)

    def _budget_error(self, run: Run) -> EngineError:
        busiest = ", ".join(f"{rid} ({n})" for rid, n in run.activations.most_common(5))
        return EngineError(f"the firing budget ({run.budget}) ran out before the rules "
                           f"settled; most active rules: {busiest or 'none'}")

    # ------------------------------------------------------------------ results
def _patterns(clause: tuple[cond.Literal, ...]) -> list[Any]:
    """experta patterns for one conjunctive clause: one test per fact where possible."""
    present: dict[str, list[cond.Leaf]] = {}
    negated: list[Any] = []
    for lit in clause:
        leaf, positive = lit.leaf, lit.positive
        if leaf.op == "is unknown":
            positive, leaf = not positive, cond.Leaf(leaf.fact, "is known")
        if leaf.op == "is known":
            if positive:
                present.setdefault(leaf.fact, [])
            else:
                negated.append(NOT(Value(name=leaf.fact)))
            continue
        if positive:
            present.setdefault(leaf.fact, []).append(leaf)
        else:
            negated.append(NOT(Value(name=leaf.fact, value=P(_test([leaf])))))
    patterns: list[Any] = []
    for fid, tests in present.items():
        if tests:
            patterns.append(Value(name=fid, value=P(_test(tests))))
        else:
            patterns.append(Value(name=fid))
    return patterns + negated


def _test(leaves: list[cond.Leaf]) -> Callable[[Any], bool]:
    """One predicate for all the leaves a clause puts on one fact.

    experta may run a value test before the name test of the same pattern (its alpha network
    orders checks by use count, then hash), so the predicate sees values of other facts too
    and must answer False, not fail, when a value has another type.
    """
    frozen = tuple(leaves)

    def test(value: Any) -> bool:
        try:
            return all(cond.leaf_holds(leaf, value) for leaf in frozen)
        except (TypeError, ValueError, AttributeError):
            return False

    return test
