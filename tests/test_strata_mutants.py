"""Strata: the exact order the mini knowledge base gets, and cycles found, reported once and
located. Found unchecked by `scripts/mutation.py`."""

from __future__ import annotations

from dataclasses import replace

from advisor import lang
from advisor.load.strata import stratify

# The mini knowledge base (tests/fixtures/mini), worked out by hand: a rule is one stratum
# above the completion of every derived fact it reads; a fact completes with its last setter,
# one stratum later with a default; a count one stratum after its members.
MINI_STRATA = {
    "R1": 0, "R3": 0, "R5": 0, "R6": 0, "R10": 0, "R11": 0,  # read answers only
    "R2": 1, "R4": 1,  # read flag.big (set by R1 at 0, no default: final at 0)
    "R8": 3,  # reads risk.delivery: setters R2, R3, R4 (up to 1) + default = 2
    "R7": 4,  # reads risk.count_high: members at 2 and 1 (people: R5, R6 at 0 + default)
    "R9": 6,  # reads risk.overall: setters R7 (4), R8 (3) + default = 5
    "default:risk.delivery": 2, "default:risk.people": 1, "default:risk.count_high": 3,
    "default:risk.overall": 5,
}


def strata(rules, facts):
    problems: list = []
    return stratify(rules, facts, problems), problems


def when(text: str, kb) -> lang.Condition:
    cond, problems = lang.check(lang.parse_text(text), kb.facts)
    assert not problems
    return cond


def test_the_mini_knowledge_base_gets_exactly_its_strata(mini_kb):
    got, problems = strata(mini_kb.rules, mini_kb.facts)
    assert problems == []
    assert got == MINI_STRATA
    assert dict(mini_kb.strata) == MINI_STRATA  # what the loader stored


def test_every_rule_runs_after_the_facts_it_reads_are_final(mini_kb):
    got, _ = strata(mini_kb.rules, mini_kb.facts)
    setters = {}
    for r in mini_kb.rules:
        for fid, _v in r.sets:
            setters.setdefault(fid, []).append(r.id)
    for r in mini_kb.rules:
        for fid in lang.facts_read(r.when):
            for s in setters.get(fid, []):
                assert got[s] < got[r.id], f"{r.id} reads {fid} set by {s}"


def test_a_derived_fact_nobody_sets_is_still_read_after_stratum_zero(mini_kb):
    rules = [r for r in mini_kb.rules if r.id != "R1"]  # nothing sets flag.big now
    got, problems = strata(rules, mini_kb.facts)
    assert problems == []
    assert got["R2"] == got["R4"] == 1 and got["R3"] == 0


def test_a_rule_reading_what_it_concludes_is_one_located_cycle(mini_kb):
    r10 = next(r for r in mini_kb.rules if r.id == "R10")
    looped = replace(r10, when=when("flag.no_pilot_answered", mini_kb))
    rules = [looped if r.id == "R10" else r for r in mini_kb.rules]
    _, problems = strata(rules, mini_kb.facts)
    [p] = problems
    assert p.message == ("cycle through derived facts: flag.no_pilot_answered -> "
                         "flag.no_pilot_answered (rules R10)")
    assert (p.path, p.line, p.col) == (r10.origin.path, r10.origin.line, r10.origin.col)


def test_a_long_cycle_is_reported_once_naming_only_its_rules(mini_kb):
    r1 = next(r for r in mini_kb.rules if r.id == "R1")
    looped = replace(r1, when=when("risk.overall == high", mini_kb))  # R1 feeds R2 -> R7
    rules = [looped if r.id == "R1" else r for r in mini_kb.rules]
    _, problems = strata(rules, mini_kb.facts)
    [p] = problems  # found from several rules, reported once
    assert "cycle through derived facts: " in p.message
    chain = p.message.split(": ", 1)[1].split(" (")[0].split(" -> ")
    assert chain[0] == chain[-1]
    assert set(chain) == {"flag.big", "risk.delivery", "risk.count_high", "risk.overall"}
    assert p.message.endswith("(rules R1, R2, R4, R7, R8)")  # R3 reads no fact of it
    assert (p.path, p.line) == (r1.origin.path, r1.origin.line)  # the first rule of it
    assert "concludes" in p.hint


def test_a_cycle_of_counts_without_rules_is_located_at_the_fact(mini_kb):
    count = mini_kb.facts["risk.count_high"]
    facts = {**mini_kb.facts, "risk.count_high": replace(
        count, count_of=("risk.count_high",), count_value="", count_state="known")}
    _, problems = strata(mini_kb.rules, facts)
    [p] = problems
    assert p.message == ("cycle through derived facts: risk.count_high -> risk.count_high "
                         "(rules )")
    assert (p.path, p.line) == (count.origin.path, count.origin.line)


def test_an_answer_read_by_a_rule_puts_it_in_stratum_zero(mini_kb):
    facts = {k: f for k, f in mini_kb.facts.items() if k != "plan.size"}  # undeclared
    got, problems = strata(mini_kb.rules, facts)
    assert got["R1"] == 0 and problems == []


def test_a_count_of_answers_and_an_unset_default_are_final_at_stratum_zero(mini_kb):
    count = mini_kb.facts["risk.count_high"]
    facts = {**mini_kb.facts, "risk.count_high": replace(
        count, count_of=("plan.size", "plan.pilot"), count_value="", count_state="known")}
    rules = [r for r in mini_kb.rules if r.id not in ("R5", "R6")]  # nothing sets people
    got, problems = strata(rules, facts)
    assert problems == []
    assert got["default:risk.count_high"] == 0  # counts answers only
    assert got["R7"] == 1
    assert got["default:risk.people"] == 0  # a default nobody can pre-empt
