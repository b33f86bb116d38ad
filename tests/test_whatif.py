"""What-if, swing analysis, re-assessment diffs, derivations and why-not."""

from __future__ import annotations

import pytest

from advisor.errors import NotConcluded
from advisor.load.answers import load_answers
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_cases, shipped_dirs
from advisor.reason.engine import Engine
from advisor.reason.explain import derivation, why_not
from advisor.reason.whatif import compare, swings, whatif
from tests.conftest import run_cli

KB = load_kb([shipped_dirs()])
ENGINE = Engine(KB)


def case_path(prefix: str):
    return sorted(shipped_cases().glob(f"{prefix}_*.yaml"))[0]


def case(prefix: str):
    return load_answers(case_path(prefix), KB)


def test_whatif_rehearsed_migration_with_parallel_run_lifts_the_hold():
    """C2: the expert's advice (rehearse, reconcile, run in parallel) takes the critical
    technical risk down to high, overall risk to high, and the gate from hold to pilot
    first; the hold and parallel-run recommendations go, data cleansing stays (the data
    was never profiled)."""
    _, after, delta = whatif(ENGINE, case("c2"), {
        "plan.migration_approach": "profiled_rehearsed_reconciled",
        "plan.fallback": "parallel_run_with_rollback"})
    changed = {c.fact: (c.before, c.after) for c in delta.facts}
    assert changed["risk.technical"] == ("critical", "high")
    assert changed["risk.overall"] == ("critical", "high")
    assert changed["decision.launch_gate"] == ("hold", "pilot_first")
    assert not delta.readiness or all(r.dimension == "technology" for r in delta.readiness)
    tech = next(c for c in delta.facts if c.fact == "risk.technical")
    assert "TEC-04" in tech.rules_gone and "TEC-05" in tech.rules_now
    removed = {a.id for a in delta.advice if not a.added}
    assert removed == {"rec.hold_and_fix", "rec.parallel_run"}
    assert "rec.migration_rehearsal" in after.recommendation_ids()


def test_swing_finds_the_pilot_for_the_launch_gate_and_load_testing_for_technical_risk():
    answers = case("c1")
    found = swings(ENGINE, answers, ["risk.technical", "decision.launch_gate"],
                   raise_for=["risk.overall"])
    pairs = {(s.finding, s.fact, s.answer_after, s.level_after) for s in found}
    assert ("risk.technical", "tech.load_tested", "at_peak_plus_margin", "medium") in pairs
    assert ("decision.launch_gate", "plan.rollout", "pilot_then_phased",
            "proceed_with_conditions") in pairs
    # only questions that apply to the case, and only levers (not context) are tried
    assert not any(s.fact in ("plan.pilot_result", "plan.stage", "scope.population_served")
                   for s in found)


def test_every_swing_is_confirmed_by_the_engine():
    answers = case("c3")
    findings = ["risk.management", "risk.adoption", "decision.launch_gate"]
    for s in swings(ENGINE, answers, findings):
        again = ENGINE.assess(answers.with_changes({s.fact: s.answer_after}))
        assert again.value(s.finding) == s.level_after


def test_diff_between_two_assessments_of_the_same_effort():
    before = ENGINE.assess(case("c3"))
    later = case("c3").with_changes({"stakeholders.sponsor": "active_visible",
                                     "plan.pilot_result": "success_criteria_met"})
    delta = compare(KB, before, ENGINE.assess(later))
    facts = {c.fact for c in delta.facts}
    assert {"risk.management", "decision.launch_gate"} <= facts
    assert any(a.id == "rec.secure_sponsor" and not a.added for a in delta.advice)
    [stakeholders] = [r for r in delta.readiness if r.dimension == "stakeholders"]
    assert stakeholders.score_after > stakeholders.score_before


def test_derivation_reaches_the_answers_and_shows_superseded_proposals():
    a = ENGINE.assess(case("c1"))
    tree = derivation(KB, a, "rec.pilot_before_scale")
    kinds, answers_seen = set(), set()

    def walk(n):
        kinds.add(n.kind)
        if n.kind == "answer":
            answers_seen.add(n.id)
        for c in n.children or ():
            walk(c)

    walk(tree)
    assert {"recommendation", "rule", "fact", "answer"} <= kinds
    assert {"plan.rollout", "scope.breadth", "plan.stage"} <= answers_seen
    gate = tree.children[0].children[0]
    assert gate.id == "decision.launch_gate"
    assert ("GATE-10", "proceed_with_conditions") in gate.superseded


@pytest.mark.parametrize("target", ["rec.scale_in_waves", "plan.stage", "NOPE-1"])
def test_derivation_of_something_not_concluded_is_a_clear_error(target):
    with pytest.raises(NotConcluded, match=r"try --why-not|is not a recommendation"):
        derivation(KB, ENGINE.assess(case("c1")), target)


def test_why_not_lists_false_and_unknown_leaves():
    answers = case("c1").with_changes({"tech.fit_validated": None})
    a = ENGINE.assess(answers)
    blocked = {b.rule.id: b for b in why_not(KB, a, "risk.business", "high")}
    assert "TEC-11" in blocked  # needs tech.fit_validated == none, which is now unknown
    assert [leaf.fact for leaf in blocked["TEC-11"].unknown_leaves] == ["tech.fit_validated"]
    c5 = ENGINE.assess(case("c5"))
    secure = why_not(KB, c5, "rec.secure_sponsor")
    assert [leaf.text for leaf in secure[0].false_leaves] == [
        "stakeholders.sponsor in [nominal, contested, none]"]


def test_cli_explain_whatif_diff(tmp_path):
    c1 = str(case_path("c1"))
    r = run_cli("explain", c1, "--why", "rec.pilot_before_scale")
    assert r.code == 0 and "GATE-01" in r.out and "PLN-01" in r.out
    assert "GATE-10 proposed proceed with conditions; pilot first was kept" in r.out
    r = run_cli("explain", c1, "--why-not", "rec.secure_sponsor")
    assert r.code == 0 and "answered Active and visible: How is the change led at the top?" \
        in " ".join(r.out.split())
    assert "stakeholders.sponsor" not in r.out  # question texts, ids only with --debug
    r = run_cli("explain", c1, "--why-not", "rec.secure_sponsor", "--debug")
    assert r.code == 0
    assert "stakeholders.sponsor in [nominal, contested, none]" in " ".join(r.out.split())
    r = run_cli("explain", c1)
    assert r.code == 0 and "Has the system been tested at the expected peak volume" in r.out
    r = run_cli("whatif", c1, "--set", "plan.rollout=pilot_then_phased")
    assert r.code == 0 and "pilot first" in r.out and "proceed with conditions" in r.out
    r = run_cli("whatif", c1, "--set", "plan.rolout=big_bang")
    assert r.code == 2 and "did you mean 'plan.rollout'" in r.err
    r = run_cli("whatif", c1, "--set", "plan.rollout=everything")
    assert r.code == 2 and "not a choice" in r.err
    r = run_cli("explain", c1, "--why", "rec.pilot_befor_scale")
    assert r.code == 2 and "did you mean" in r.err and "Traceback" not in r.err
    r = run_cli("diff", str(case_path("c3")), str(case_path("c5")))
    assert r.code == 0 and "Changed conclusions" in r.out
