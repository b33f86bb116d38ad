"""Every rule example of the shipped knowledge base: given answers -> expected conclusions."""

from __future__ import annotations

import pytest

from advisor.authoring.ruletest import examples, run_example
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_dirs
from advisor.reason.engine import Engine


def _shipped():
    return load_kb([shipped_dirs()])


KB = _shipped()
ENGINE = Engine(KB)
CASES = list(examples(KB))


@pytest.mark.parametrize("rule,index", CASES,
                         ids=[f"{r.id}-{i + 1}" for r, i in CASES])
def test_rule_example(rule, index):
    outcome = run_example(ENGINE, rule, index)
    assert outcome.passed, f"{outcome.where}: {outcome.name}: " + "; ".join(outcome.problems)


def test_every_rule_has_an_example():
    missing = [r.id for r in KB.rules if not r.examples]
    assert not missing
