"""The knowledge base: everything the engine, interview and explainer need, validated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .base import Dimension, Reference, Scale, Text
from .facts import FactDef
from .rules import Recommendation, Rule
from .scoring import Scoring
from .tables import DecisionTable

if TYPE_CHECKING:
    from ..lang.tree import Condition


@dataclass(frozen=True)
class KnowledgeBase:
    """A validated knowledge base: everything the engine, interview and explainer need."""

    id: str
    version: str
    title: Text
    languages: tuple[str, ...]
    dimensions: tuple[Dimension, ...]
    scales: Mapping[str, Scale]
    facts: Mapping[str, FactDef]
    rules: tuple[Rule, ...]  # canonical order, independent of file load order
    recommendations: Mapping[str, Recommendation]
    priorities: Scale
    verdict: tuple[str, ...] = ()
    goals: tuple[str, ...] | None = None  # what the interview works towards (None: default)
    scoring: Scoring = Scoring()
    strata: Mapping[str, int] = field(default_factory=dict)  # rule id -> stratum
    digest: str = ""
    firing_budget: int = 0
    references: Mapping[str, Reference] = field(default_factory=dict)
    words: Mapping[str, Text] = field(default_factory=dict)  # the tool's word key -> the
    # knowledge base's own word for it (report title, headings), from kb.yaml's report:
    tables: Mapping[str, DecisionTable] = field(default_factory=dict)  # as written

    @cached_property
    def _rules_by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    @cached_property
    def _readers(self) -> dict[str, tuple[Rule, ...]]:
        out: dict[str, list[Rule]] = {}
        for r in self.rules:
            for fid in dict.fromkeys(t.leaf.fact for clause in r.clauses for t in clause):
                out.setdefault(fid, []).append(r)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _setters(self) -> dict[str, tuple[Rule, ...]]:
        out: dict[str, list[Rule]] = {}
        for r in self.rules:
            for fid, _ in r.sets:
                out.setdefault(fid, []).append(r)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _inputs(self) -> dict[str, frozenset[str]]:
        memo: dict[str, frozenset[str]] = {}

        def reads(r: Rule) -> list[str]:
            return list(dict.fromkeys(t.leaf.fact for clause in r.clauses for t in clause))

        def inputs_of(fid: str, seen: frozenset[str]) -> frozenset[str]:
            fact = self.facts.get(fid)
            if fact is None or not fact.derived:
                return frozenset({fid})
            if fid in memo:
                return memo[fid]
            if fid in seen:
                return frozenset()
            out: set[str] = set()
            for m in fact.count_of:
                out |= inputs_of(m, seen | {fid})
            for r in self.setters(fid):
                for f in reads(r):
                    out |= inputs_of(f, seen | {fid})
            memo[fid] = frozenset(out)
            return memo[fid]

        return {r.id: frozenset().union(*(inputs_of(f, frozenset()) for f in reads(r)))
                for r in self.rules}

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (the id must exist: it comes from the knowledge base)."""
        return self._rules_by_id[rule_id]

    def has_rule(self, rule_id: str) -> bool:
        return rule_id in self._rules_by_id

    def readers(self, fact: str) -> tuple[Rule, ...]:
        """The rules whose condition reads `fact`, in canonical order."""
        return self._readers.get(fact, ())

    def setters(self, fact: str) -> tuple[Rule, ...]:
        """The rules that can set the derived fact `fact`, in canonical order."""
        return self._setters.get(fact, ())

    def inputs(self, rule_id: str) -> frozenset[str]:
        """The input facts a rule depends on, directly or through derived facts."""
        return self._inputs[rule_id]

    # computed once: the searches read them for every case they try
    @cached_property
    def input_facts(self) -> tuple[FactDef, ...]:
        return tuple(f for f in self.facts.values() if not f.derived)

    @cached_property
    def derived_facts(self) -> tuple[FactDef, ...]:
        return tuple(f for f in self.facts.values() if f.derived)

    @cached_property
    def input_ids(self) -> frozenset[str]:
        return frozenset(f.id for f in self.input_facts)

    @cached_property
    def follow_ups(self) -> dict[str, Condition]:
        """Input fact id -> the condition under which its question is asked (`ask_if`)."""
        return {f.id: f.question.ask_if for f in self.input_facts
                if f.question is not None and f.question.ask_if is not None}

    def dimension(self, dim_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dim_id:
                return d
        raise KeyError(dim_id)
