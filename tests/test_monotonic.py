"""Monotonicity as a property: one answer one step better (by the order the knowledge base
declares) never raises the overall risk, never lowers a readiness level and never makes the
launch decision stricter, on the shipped knowledge base, the acceptance cases and the case
library; and the check catches a seeded violation."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.authoring.monotonic import applied, better_answers, check
from advisor.load.answers import load_answers
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_cases, shipped_dirs
from advisor.reason.engine import Engine

KB = load_kb([shipped_dirs()])
ENGINE = Engine(KB)
CASES = sorted(shipped_cases().rglob("*.yaml"))
BASES = [(p.stem, dict(load_answers(p, KB).values)) for p in CASES]
ORDERED = [f for f in KB.input_facts if f.order]


def test_every_ordered_answer_in_every_case_moves_monotonically():
    violations = [v for name, values in BASES for v in check(ENGINE, name, values)]
    assert not violations, "\n".join(map(str, violations))


def test_the_check_moves_every_kind_of_ordered_answer():
    """The property is not vacuous: the cases give it choices, yes/no and numbers to move."""
    moved = {fid for _, values in BASES for fid, v in values.items()
             if next(better_answers(KB.facts[fid], v), None) is not None}
    kinds = {KB.facts[f].type for f in moved}
    assert {"choice", "bool", "number"} <= kinds and len(moved) >= 40


@st.composite
def perturbed_case(draw):
    """A shipped case with some ordered answers redrawn, then one answer to improve."""
    name, values = draw(st.sampled_from(BASES))
    values = dict(values)
    for fact in draw(st.lists(st.sampled_from(ORDERED), max_size=6, unique_by=lambda f: f.id)):
        values = applied(KB, values, fact.id, draw(st.sampled_from(fact.order)))
    movable = sorted(fid for fid, v in values.items()
                     if next(better_answers(KB.facts[fid], v), None) is not None)
    fid = draw(st.sampled_from(movable))
    return name, values, fid


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(perturbed_case())
def test_property_holds_on_perturbed_cases(case):
    name, values, fid = case
    violations = check(ENGINE, name, values, [fid])
    assert not violations, "\n".join(map(str, violations))


def test_a_seeded_violation_is_caught(tmp_path: Path):
    """A rule that punishes phasing (better than a big bang) must be reported."""
    layer = tmp_path / "layer"
    (layer / "rules").mkdir(parents=True)
    (layer / "rules" / "bad.yaml").write_text(
        "rules:\n"
        "  - id: BAD-01\n"
        "    title: {en: Phasing is punished, zh: 分批推广反而受罚}\n"
        "    dimension: risk\n"
        "    when: plan.rollout == phased_no_pilot\n"
        "    then:\n"
        "      set: {risk.technical: critical}\n"
        "    because: {en: A deliberately wrong rule for the test., zh: 测试用的错误规则。}\n"
        "    source: a test\n", encoding="utf-8")
    engine = Engine(load_kb([shipped_dirs(), layer]))
    c1 = dict(load_answers(sorted(shipped_cases().glob("c1_*.yaml"))[0], KB).values)
    found = check(engine, "c1", c1, ["plan.rollout"])
    assert found and {(v.fact, v.before, v.after) for v in found} == {
        ("plan.rollout", "big_bang", "phased_no_pilot")}
    assert any("overall risk high -> critical" in v.what for v in found)
    assert any("launch decision pilot_first -> hold" in v.what for v in found)
