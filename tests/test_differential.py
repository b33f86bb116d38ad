"""Differential testing: the plain-Python reasoner and the experta engine are independent
evaluations of the same rules; they must agree on every case. Any disagreement is a bug in
one of them."""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

import pytest

from advisor.load.answers import Answers, load_answers
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_cases, shipped_dirs
from advisor.reason.engine import Engine
from advisor.reason.reasoner import reason
from benchmarks.generate import random_answers, synthetic_kb

RANDOM_CASES = int(os.environ.get("ADVISOR_DIFF_CASES", "2000"))
SHIPPED = load_kb([shipped_dirs()])
ENGINE = Engine(SHIPPED)


def disagreement(kb, engine, values) -> str:
    a = engine.assess(Answers("x", values))
    r = reason(kb, values)
    derived = {k: v for k, v in r.values.items() if k in kb.facts and kb.facts[k].derived}
    if {k: c.value for k, c in a.derived.items()} != derived:
        diff = {k for k in set(derived) | set(a.derived)
                if derived.get(k) != (a.derived[k].value if k in a.derived else None)}
        return f"derived facts differ: {sorted(diff)}"
    if sorted(a.fired_ids()) != sorted(r.fired()):
        return "fired rules differ"
    if {x.id: sorted(x.rules) for x in a.recommendations} != \
            {k: sorted(v) for k, v in r.recommendations.items()}:
        return "recommendations differ"
    if {k for k, c in a.derived.items() if c.assumed} != r.assumed:
        return "assumptions differ"
    return ""


@pytest.mark.parametrize("path", sorted(shipped_cases().glob("c*.yaml")),
                         ids=lambda p: p.stem[:2])
def test_acceptance_cases(path):
    assert disagreement(SHIPPED, ENGINE, load_answers(path, SHIPPED).values) == ""


def test_random_answer_sets_on_the_shipped_knowledge_base(capsys):
    rng = random.Random(2026)
    for i in range(RANDOM_CASES):
        values = random_answers(rng, SHIPPED, known=rng.choice([0.3, 0.6, 0.9, 1.0]))
        problem = disagreement(SHIPPED, ENGINE, values)
        assert not problem, f"case {i}: {problem}: {values}"
    with capsys.disabled():
        print(f"\ndifferential: {RANDOM_CASES} random answer sets agree")


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_random_knowledge_bases_with_chains_and_negations(seed):
    folder = synthetic_kb(Path(tempfile.mkdtemp()) / f"kb{seed}", 60 + 30 * seed, seed=seed)
    kb = load_kb([folder])
    assert max(kb.strata.values()) >= 4  # chains several strata deep
    assert any("not" in r.when_text for r in kb.rules)  # negations
    engine = Engine(kb)
    rng = random.Random(seed)
    for i in range(60):
        values = random_answers(rng, kb, known=rng.choice([0.4, 0.8, 1.0]))
        problem = disagreement(kb, engine, values)
        assert not problem, f"kb {seed} case {i}: {problem}"
