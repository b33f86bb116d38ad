"""How sure each conclusion is, from how sure the answers it rests on are.

The rule (docs/readiness-model.md, "Answer confidence") is the max-min of fuzzy rule systems
such as FuzzyCLIPS: one derivation (a rule firing) is as sure as the weakest fact its
condition read, answers and derived facts alike, so a chain is as sure as its weakest link;
a conclusion that several rules reached is as sure as its best derivation, since each one
alone would have concluded it. MYCIN instead adds up the certainty of agreeing rules; that
needs numbers an interviewer cannot honestly give, while "which is the weakest answer this
rests on" is a question a consultant can check. Facts a firing read as unknown ("don't
know") are not answers and carry no level; a derivation that read no answer at all adds
nothing, so a conclusion the knowledge base assumed by default has no level (reports
already list it as an assumption).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import KnowledgeBase
from ..model.assessment import Assessment
from ..model.confidence import DEFAULT, strongest, unconfirmed, weakest


class _Levels:
    """Levels and the answers behind them, computed once per fact and per rule."""

    def __init__(self, kb: KnowledgeBase, a: Assessment):
        self.kb, self.a = kb, a
        self.firings = {f.rule: f for f in a.fired}
        self.facts: dict[str, tuple[str | None, frozenset[str]]] = {}
        self.rules: dict[str, tuple[str | None, frozenset[str]]] = {}

    def fact(self, fid: str) -> tuple[str | None, frozenset[str]]:
        """(level, the answers it rests on) of an input or derived fact."""
        if fid in self.facts:
            return self.facts[fid]
        self.facts[fid] = (None, frozenset())  # derived facts are stratified: no cycle
        fact, a = self.kb.facts[fid], self.a
        found: tuple[str | None, frozenset[str]]
        if not fact.derived:
            found = (a.answer_confidence.get(fid, DEFAULT), frozenset({fid})) \
                if fid in a.answers else (None, frozenset())
        elif fid not in a.derived:
            found = (None, frozenset())
        elif fact.type == "count":  # a count reads every member: the weakest of them
            found = _chain([self.fact(m) for m in fact.count_of])
        else:
            found = _best([self.rule(p.rule) for p in a.derived[fid].supports
                           if p.rule in self.firings])
        self.facts[fid] = found
        return found

    def rule(self, rid: str) -> tuple[str | None, frozenset[str]]:
        """(level, answers) of one firing: the weakest fact its condition read."""
        if rid not in self.rules:
            self.rules[rid] = _chain([self.fact(f) for f, v in self.firings[rid].matched
                                      if v is not None and f in self.kb.facts])
        return self.rules[rid]

    def advice(self, rules: list[str]) -> tuple[str | None, frozenset[str]]:
        return _best([self.rule(r) for r in rules if r in self.firings])


def _chain(parts: list[tuple[str | None, frozenset[str]]]) -> tuple[str | None, frozenset[str]]:
    """One derivation: its weakest part, resting on every answer any part rests on."""
    return weakest(lv for lv, _ in parts), frozenset().union(*(on for _, on in parts))


def _best(parts: list[tuple[str | None, frozenset[str]]]) -> tuple[str | None, frozenset[str]]:
    """Alternative derivations: the strongest, resting on the answers of those as strong."""
    level = strongest(lv for lv, _ in parts)
    return level, frozenset().union(*(on for lv, on in parts if lv == level))


def annotate(kb: KnowledgeBase, a: Assessment) -> None:
    """Set the confidence of every derived fact and recommendation of `a`, in place."""
    levels = _Levels(kb, a)
    for fid, c in a.derived.items():
        c.confidence = levels.fact(fid)[0]
    for advice in a.recommendations:
        advice.confidence = levels.advice(advice.rules)[0]


@dataclass(frozen=True)
class ToVerify:
    """An answer weaker than "stated", with the key conclusions that rest on it."""

    answer: str  # the fact id
    level: str
    facts: tuple[str, ...]  # key derived facts (verdict, findings), in the knowledge base's order
    recommendations: tuple[str, ...]  # in the assessment's order

    @property
    def weight(self) -> int:
        return len(self.facts) + len(self.recommendations)


def key_facts(kb: KnowledgeBase, a: Assessment) -> list[str]:
    """The key derived facts: the verdict and every fact a report shows as a finding or a
    warning sign (concluded by a rule, not assumed by default)."""
    return [fid for fid, c in a.derived.items()
            if (fid in kb.verdict or kb.facts[fid].report) and not c.assumed]


def unconfirmed_support(kb: KnowledgeBase, a: Assessment) -> dict[str, frozenset[str]]:
    """Key conclusion (fact or recommendation id) -> the unconfirmed answers it rests on,
    for each key conclusion whose own level is unconfirmed."""
    levels = _Levels(kb, a)
    found = {fid: levels.fact(fid) for fid in key_facts(kb, a)}
    found.update({r.id: levels.advice(r.rules) for r in a.recommendations})
    weak = {f for f in a.answers if unconfirmed(a.answer_confidence.get(f, DEFAULT))}
    return {cid: on & weak for cid, (level, on) in found.items() if unconfirmed(level)}


def to_verify(kb: KnowledgeBase, a: Assessment) -> list[ToVerify]:
    """Every unconfirmed answer, those that the most key conclusions rest on first (ties in
    the knowledge base's order of the questions)."""
    support = unconfirmed_support(kb, a)
    recs = {r.id for r in a.recommendations}
    out = []
    for fid in kb.facts:
        if fid not in a.answers or not unconfirmed(a.answer_confidence.get(fid, DEFAULT)):
            continue
        on = [cid for cid, answers in support.items() if fid in answers]
        out.append(ToVerify(fid, a.answer_confidence[fid],
                            tuple(c for c in on if c not in recs),
                            tuple(c for c in on if c in recs)))
    order = {fid: i for i, fid in enumerate(kb.facts)}
    return sorted(out, key=lambda v: (-v.weight, order[v.answer]))
