"""The matcher's own wiring of flat rules (`rete_match`, fix 5) against experta's `wire_rule`:
it must be used for every rule the shipped knowledge base compiles, and build a network that
concludes exactly what experta's own wiring concludes, on every shipped and acceptance case."""

from __future__ import annotations

import pytest

from advisor.load.answers import load_answers
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_cases, shipped_dirs
from advisor.reason import rete_match
from advisor.reason.engine import Engine
from advisor.reason.rete import NOT, ExpertaRule, InitialFact, Value


@pytest.fixture(scope="module")
def kb():
    return load_kb([shipped_dirs()])


def _cases(kb):
    paths = sorted(shipped_cases().glob("c*.yaml")) + sorted(
        (shipped_cases() / "library").glob("*.yaml"))
    return [load_answers(p, kb) for p in paths]


def test_every_compiled_rule_of_the_shipped_kb_takes_the_flat_wiring(kb):
    engine = Engine(kb)
    rules = rete_match.IndexedReteMatcher.prepare_ruleset(engine._engine)
    assert rules and all(rete_match._flat(r) for r in rules)


def test_rules_that_are_not_flat_go_to_experta():
    assert not rete_match._flat(ExpertaRule(NOT(Value(name="a")), Value(name="b")))
    assert rete_match._flat(ExpertaRule(InitialFact(), NOT(Value(name="a"))))


def test_flat_wiring_concludes_what_expertas_wiring_concludes(kb, monkeypatch):
    cases = _cases(kb)
    assert len(cases) >= 20
    ours = [Engine(kb).assess(c).to_json() for c in cases]
    monkeypatch.setattr(rete_match, "_flat", lambda rule: False)
    theirs = [Engine(kb).assess(c).to_json() for c in cases]
    assert ours == theirs
