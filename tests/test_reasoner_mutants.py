"""The three-valued reasoner, outcome by outcome on the mini knowledge base: what it takes
from the answers, which rules surely fire, surely do not or may, what stays open, defaults
and counts, votes and caps, and which questions still apply. Found unchecked by
`scripts/mutation.py`."""

from __future__ import annotations

from dataclasses import replace

from advisor import lang
from advisor.load.answers import Answers
from advisor.reason.reasoner import applicable_unknowns, open_reading, reason, still_open

BIG_NO_PILOT = {"plan.pilot": False, "plan.size": 500}


def test_only_settled_answers_to_input_facts_count(mini_kb):
    r = reason(mini_kb, {"plan.size": 500, "flag.big": False, "risk.overall": "low",
                         "no.such.fact": 1}, open_inputs={"plan.pilot"})
    assert r.get("flag.big") is True and r.get("no.such.fact") is None
    assert r.status["R1"] is True and r.fired()[0] == "R1"
    r = reason(mini_kb, {"plan.size": 500}, open_inputs={"plan.size"})
    assert r.get("plan.size") is None and r.status["R1"] is None and r.is_open("flag.big")


def test_a_settled_case_fires_exactly_its_rules(mini_kb):
    r = reason(mini_kb, {**BIG_NO_PILOT, "plan.maturity": "low", "people.groups": ("staff",)})
    assert r.open == set()
    assert r.fired() == ["R1", "R10", "R11", "R2", "R4", "R8", "R9"]  # stratum, then id
    assert r.status["R3"] is False and r.status["R5"] is False and r.status["R7"] is False
    assert r.get("risk.delivery") == "critical"  # the highest of high (R2), critical (R4)
    assert r.proposals["risk.delivery"] == [("R2", "high"), ("R4", "critical")]
    assert r.get("risk.overall") == "critical" and r.get("risk.count_high") == 0
    assert r.recommendations == {"rec.talk": ["R11"], "rec.pilot": ["R9"]}
    assert r.assumed == {"risk.people"} and r.get("risk.people") == "medium"


def test_a_rule_that_may_fire_opens_what_it_sets_but_concludes_nothing(mini_kb):
    r = reason(mini_kb, {"plan.pilot": False}, open_inputs={"plan.size"})
    assert r.status["R1"] is None and r.status["R2"] is None
    assert r.is_open("flag.big") and r.get("flag.big") is None
    assert ("R2", "high") in r.proposals["risk.delivery"]  # a possible proposal is recorded
    assert r.get("risk.delivery") is None and "risk.delivery" not in r.assumed
    assert "rec.pilot" not in r.recommendations  # R9 may fire: not yet a recommendation
    assert r.recommendations == {"rec.talk": ["R11"]}


def test_a_default_applies_once_nothing_can_conclude_the_fact(mini_kb):
    r = reason(mini_kb, {"plan.pilot": True, "plan.size": 5})
    assert r.get("risk.delivery") == "low" and "risk.delivery" not in r.assumed  # R3
    assert r.get("risk.people") == "medium" and "risk.people" in r.assumed
    assert r.get("risk.overall") == "low" and "risk.overall" in r.assumed


def test_a_count_waits_for_its_members_then_counts(mini_kb):
    r = reason(mini_kb, {"plan.pilot": True}, open_inputs={"people.groups"})
    assert r.is_open("risk.people") and r.is_open("risk.count_high")
    assert r.get("risk.count_high") is None
    r = reason(mini_kb, {"plan.pilot": True, "people.groups": ("public",)})
    assert not r.is_open("risk.count_high") and r.get("risk.count_high") == 1
    assert r.status["R7"] is True and r.get("risk.overall") == "high"


def test_votes_and_caps_carry_whether_the_rule_fires(mini_kb):
    rules = tuple(replace(r, scores=(("pilot_item", 1.0),), caps=(("plan", "adequate"),))
                  if r.id == "R3" else r for r in mini_kb.rules)
    kb = replace(mini_kb, rules=rules)
    sure = reason(kb, {"plan.pilot": True})
    assert sure.votes == {"pilot_item": [("R3", 1.0, True)]}
    assert sure.caps == {"plan": [("R3", "adequate", True)]}
    maybe = reason(kb, {}, open_inputs={"plan.pilot"})
    assert maybe.votes == {"pilot_item": [("R3", 1.0, None)]}
    assert maybe.caps == {"plan": [("R3", "adequate", None)]}
    assert reason(kb, {"plan.pilot": False}).votes == {}


def test_a_follow_up_applies_only_while_its_ask_if_may_hold(mini_kb):
    assert still_open(mini_kb, {"plan.pilot": False}, {"plan.kind"}) == set()
    assert still_open(mini_kb, {"plan.pilot": True}, {"plan.kind"}) == {"plan.kind"}
    assert still_open(mini_kb, {}, {"plan.kind", "plan.pilot"}) == {"plan.kind", "plan.pilot"}
    assert still_open(mini_kb, {}, {"plan.kind"}) == set()  # pilot settled as unknown


def test_the_applicable_unknowns(mini_kb):
    assert applicable_unknowns(mini_kb, {"plan.pilot": False}) == {
        "plan.size", "plan.maturity", "people.groups", "people.note"}
    assert applicable_unknowns(mini_kb, {"plan.pilot": True, "plan.size": 3}) == {
        "plan.kind", "plan.maturity", "people.groups", "people.note"}
    assert "plan.pilot" in applicable_unknowns(mini_kb, {})


def test_open_reading_keeps_closed_questions_settled(mini_kb):
    r = open_reading(mini_kb, {"plan.pilot": False})
    assert r.status["R1"] is None
    closed = open_reading(mini_kb, {"plan.pilot": False}, closed={"plan.size"})
    assert closed.status["R1"] is False and not closed.is_open("plan.size")
    # nothing can make flag.big true now, so no rule can set the delivery risk: the default
    assert closed.get("risk.delivery") == "medium" and "risk.delivery" in closed.assumed


def test_rules_of_one_stratum_fire_in_id_order_in_reasoner_and_engine(mini_kb, mini_engine):
    """R5, R6, R10 and R11 all read answers only (stratum 0); the file lists R5 first, but
    ties are broken by id, the same in both evaluators (docs/rule-language.md, Order)."""
    answers = {"plan.pilot": False, "people.groups": ("staff", "public")}
    r = reason(mini_kb, answers)
    assert r.fired()[:4] == ["R10", "R11", "R5", "R6"]
    assert mini_engine.assess(Answers("t", answers)).fired_ids()[:4] == r.fired()[:4]


def test_questions_that_stop_applying_in_a_chain_are_all_dropped(mini_kb):
    """Each question applies only if the one before it has a given answer; the first cannot
    apply, so none can, whatever order the candidates are looked at in."""
    chain = {"plan.pilot": "plan.size > 10", "plan.kind": "plan.pilot == yes",
             "plan.maturity": "plan.kind == a", "people.groups": "plan.maturity == high",
             "people.note": "people.groups contains staff"}
    facts = dict(mini_kb.facts)
    for fid, text in chain.items():
        cond, problems = lang.check(lang.parse_text(text), mini_kb.facts)
        assert not problems
        f = facts[fid]
        facts[fid] = replace(f, question=replace(f.question, ask_if=cond))
    kb = replace(mini_kb, facts=facts)
    assert still_open(kb, {"plan.size": 5}, set(chain)) == set()
    assert still_open(kb, {"plan.size": 50}, set(chain)) == set(chain)
