"""experta's Rete matcher, made fast for the rules the engine compiles (fixes 4 and 5).

4. *Speed of matching.* experta's alpha network tests each fact against every fact id the
   rules use; `IndexedReteMatcher` (experta's `__matcher__` hook) looks the fact id up
   instead, and asks only the conflict sets that changed after a firing.
5. *Speed of compiling.* experta brings every rule into normal form again, recursively, and
   wires each rule with a fresh set of `singledispatch` functions (registering them costs
   more than the wiring); the rules given here are already flat conjunctions of patterns and
   negated patterns (the loader computed each condition's normal form once), so
   `prepare_ruleset` only adds the initial fact where experta needs it, and `build_beta_part`
   wires such a rule directly, as experta's own wiring would. Anything else goes to experta.

experta's names come from `rete`, which imports it behind its shim.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from .rete import (
    NOT,
    ConflictSetNode,
    ExpertaRule,
    FeatureCheck,
    FeatureTesterNode,
    InitialFact,
    NotNode,
    OneInputNode,
    OrdinaryMatchNode,
    ReteMatcher,
    SameContextCheck,
    Token,
    TypeCheck,
    Value,
    experta,
    extract_facts,
    generate_checks,
    mixins,
    wire_rule,
)


class _FastToken(Token):
    """experta's Token without its per-copy assertions (fix 4).

    The alpha network copies the token at every node it passes, and `Token.__new__` checks
    every fact's type each time; the facts here are made by the engine, so the checks can
    never fail. Equality and hashing are the namedtuple's, as before.
    """

    def __new__(cls, tag: Any, data: Any, context: Any = None) -> Any:
        facts = {data} if isinstance(data, experta.Fact) else set(data)
        return tuple.__new__(cls, (tag, facts, {} if context is None else context))

    def copy(self) -> Any:
        return tuple.__new__(type(self), (self.tag, set(self.data), dict(self.context)))


class _Test(FeatureTesterNode):
    """An alpha test that passes the token on without copying it (fix 4).

    experta copies a token at every node in case a test binds a variable into its context;
    the patterns compiled here never bind (each test is a predicate on one fact's value),
    so the one token is shared down the branch. A test that did bind falls back to
    experta's own path, copy included.
    """

    def activate(self, token: Any) -> Any:
        match = self.matcher(next(iter(token.data)))
        if isinstance(match, Mapping) and match:
            return super().activate(token)
        if match:
            for child in self.children:
                child.callback(token)
        return None


class _Route(mixins.AnyChild, mixins.NoMemory, OneInputNode):
    """Passes every token on: the root of one fact id's branch under a `_NameIndex`."""

    def activate(self, token: Any) -> None:
        for child in self.children:
            child.callback(token)

    def _activate(self, token: Any) -> None:
        self.activate(token)


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

    def activate(self, token: Any) -> None:
        fact = next(iter(token.data))
        route = self.routes.get(fact.get("name"))
        if route is not None:
            route.activate(token)

    def _activate(self, token: Any) -> None:
        self.activate(token)


class IndexedReteMatcher(ReteMatcher):
    """experta's Rete network with an indexed alpha part (see the module docstring, 4).

    experta tests every new fact against every first-level check in turn, so each fact costs
    one test (and one token copy) per fact id used anywhere in the rules, and a value test
    can even run before the name test. Here the `Value` branch is indexed by fact id, and
    each pattern's remaining checks hang below its own id; the beta network is experta's.
    """

    def build_network(self) -> None:
        super().build_network()
        # Every node once (experta walks the network once per path to each node), for
        # `reset`, and the rules' conflict sets among them.
        self._nodes = _unique_nodes(self.root_node)
        self._conflict_sets = tuple(n for n in self._nodes if isinstance(n, ConflictSetNode))
        # Remember which conflict sets changed, so `changes` asks only those (experta asks
        # every rule's conflict set after every firing).
        self._dirty: dict[int, Any] = {}
        for node in self._conflict_sets:
            node._activate = self._marking(node, node._activate)

    def _get_conflict_set_nodes(self) -> tuple[Any, ...]:
        return self._conflict_sets

    def _marking(self, node: Any, activate: Any) -> Any:
        def marked(token: Any) -> Any:
            self._dirty[id(node)] = node
            return activate(token)

        return marked

    def changes(self, adding: Any = None, deleting: Any = None) -> tuple[list, list]:
        roots = [child.callback for child in self.root_node.children]
        for fact in deleting or ():
            token = _FastToken.invalid(fact)
            for send in roots:
                send(token)
        for fact in adding or ():
            token = _FastToken.valid(fact)
            for send in roots:
                send(token)
        added: list[Any] = []
        removed: list[Any] = []
        dirty, self._dirty = self._dirty, {}
        for node in dirty.values():
            a, r = node.get_activations()
            added.extend(a)
            removed.extend(r)
        return added, removed

    def reset(self) -> None:
        # experta resets the network recursively, visiting a shared node once per parent;
        # each node's own memory is reset once here (fix 4)
        for node in self._nodes:
            node._reset()
        for node in self._conflict_sets:
            node.get_activations()  # drop what an interrupted run may have left behind
        self._dirty = {}

    @staticmethod
    def build_beta_part(ruleset: Any, alpha_terminals: Any) -> None:
        for rule in ruleset:
            if _flat(rule):
                _wire_flat(rule, alpha_terminals)
            else:
                wire_rule(rule, alpha_terminals)

    @staticmethod
    def prepare_ruleset(engine: Any) -> set[Any]:
        return {_prepared(rule) for rule in engine.get_rules()}

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
                node = _Test(type_check)
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
                found = next((ch.node for ch in current.children if _same(ch.node, check)),
                             None)
                if found is None:
                    found = _Test(check)
                    current.add_child(found, found.activate)
                current = found
            terminals[fact] = current
        return terminals


def _same(node: Any, check: Any) -> bool:
    """Whether a node already makes this check (equal checks share one node)."""
    matcher = getattr(node, "matcher", None)
    return type(matcher) is type(check) and matcher == check


def _unique_nodes(root: Any) -> list[Any]:
    """Every node of the network once, parents before children."""
    seen: dict[int, Any] = {}
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen[id(node)] = node
        todo.extend(child.node for child in node.children)
    return list(seen.values())


def _prepared(rule: Any) -> Any:
    """experta's `prepare_rule` for a flat conjunction of patterns (fix 5)."""
    if not rule:
        return rule.new_conditions(InitialFact())
    if isinstance(rule[0], NOT) or not any(isinstance(p, experta.Fact) for p in rule):
        return rule.new_conditions(InitialFact(), *rule)
    return rule


def _flat(rule: Any) -> bool:
    """Whether a prepared rule is a conjunction of patterns and negated patterns only."""
    if isinstance(rule[0], NOT):
        return False
    return all((type(e) is NOT and len(e) == 1 and isinstance(e[0], experta.Fact))
               or isinstance(e, experta.Fact) for e in rule)


def _wire_flat(rule: Any, alpha: Mapping[Any, Any]) -> None:
    """experta's `wire_rule` for a flat conjunction: the same nodes, joined the same way."""
    def terminal(elem: Any) -> Any:
        return alpha[elem[0]] if type(elem) is NOT else alpha[elem]

    if len(rule) == 1:
        last = terminal(rule[0])
    else:
        last = None
        for first, second in pairwise(rule):
            node = (NotNode if type(second) is NOT else OrdinaryMatchNode)(SameContextCheck())
            left = terminal(first) if last is None else last
            left.add_child(node, node.activate_left)
            right = terminal(second)
            right.add_child(node, node.activate_right)
            last = node
    conflict_set = ConflictSetNode(rule)
    last.add_child(conflict_set, conflict_set.activate)
