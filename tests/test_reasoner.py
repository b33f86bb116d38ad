"""The plain-Python three-valued reasoner: agrees with the experta engine, and knows what is
still open."""

from __future__ import annotations

import itertools

from advisor.load.answers import Answers
from advisor.reason.reasoner import reason


def agree(kb, engine, values: dict) -> None:
    a = engine.assess(Answers("t", values))
    r = reason(kb, values)
    assert not r.open
    assert {k: c.value for k, c in a.derived.items()} == \
        {k: v for k, v in r.values.items() if k in kb.facts and kb.facts[k].derived}
    assert sorted(a.fired_ids()) == sorted(r.fired())
    assert {x.id: x.rules for x in a.recommendations} == r.recommendations
    assert {k for k, c in a.derived.items() if c.assumed} == r.assumed


def test_agrees_with_the_engine_on_every_combination(mini_kb, mini_engine):
    domains = {
        "plan.pilot": [None, True, False],
        "plan.size": [None, 5, 500],
        "plan.maturity": [None, "low", "high"],
        "people.groups": [None, ("staff",), ("staff", "public"), ("none",)],
    }
    for combo in itertools.product(*domains.values()):
        values = {k: v for k, v in zip(domains, combo, strict=True) if v is not None}
        agree(mini_kb, mini_engine, values)


def test_open_facts_leave_rules_undecided(mini_kb):
    r = reason(mini_kb, {"plan.pilot": False}, open_inputs={"plan.size", "plan.maturity"})
    assert r.status["R1"] is None  # plan.size may still be asked
    assert r.status["R3"] is False  # pilot answered no
    assert r.status["R10"] is True
    assert r.is_open("flag.big") and r.is_open("risk.delivery") and r.is_open("risk.overall")
    assert "risk.delivery" not in r.assumed  # no default while a rule may still conclude it


def test_settled_when_nothing_can_change_it(mini_kb):
    r = reason(mini_kb, {"plan.pilot": True, "plan.size": 5}, open_inputs={"people.groups"})
    assert not r.is_open("risk.delivery") and r.get("risk.delivery") == "low"
    assert r.is_open("risk.people")


def test_reading_only_the_feeding_rules_gives_the_same_conclusions_on_every_shipped_case():
    """The lever search reads only the rules that feed the risk levels; on every shipped
    case those levels and their proposals come out as a full reading gives them."""
    from pathlib import Path

    from advisor.load.answers import load_answers
    from advisor.load.builder import load_kb
    from advisor.load.paths import shipped_dirs
    from advisor.reason.reasoner import feeding

    kb = load_kb(shipped_dirs())
    levels = [f.id for f in kb.derived_facts if f.scale == kb.facts["risk.overall"].scale]
    rules = feeding(kb, levels)
    assert 0 < len(rules) < len(kb.rules)  # it leaves something out, and not everything
    cases = sorted(Path("knowledge/cases").rglob("*.yaml"))
    assert len(cases) >= 30
    for path in cases:
        values = dict(load_answers(path, kb).values)
        full, part = reason(kb, values), reason(kb, values, only=rules)
        for fid in levels:
            assert part.get(fid) == full.get(fid), (path.name, fid)
            assert part.proposals.get(fid) == full.proposals.get(fid), (path.name, fid)


def test_feeding_follows_counts_to_the_rules_that_set_their_members(mini_kb):
    """risk.overall reads the count risk.count_high, whose members (delivery and people
    risk) are set by rules reading flag.big: all of them feed risk.overall."""
    from advisor.reason.reasoner import feeding

    rules = feeding(mini_kb, ["risk.overall"])
    setters = {r.id for r in mini_kb.rules
               if {f for f, _ in r.sets} & {"risk.delivery", "risk.people", "flag.big",
                                            "risk.overall"}}
    assert setters <= rules
    assert not {r.id for r in mini_kb.rules if r.recommends and not r.sets} & rules
    domains = {"plan.pilot": [None, True, False], "plan.size": [None, 5, 500],
               "plan.maturity": [None, "low", "high"],
               "people.groups": [None, ("staff",), ("staff", "public")]}
    for combo in itertools.product(*domains.values()):
        values = {k: v for k, v in zip(domains, combo, strict=True) if v is not None}
        assert reason(mini_kb, values, only=rules).get("risk.overall") == \
            reason(mini_kb, values).get("risk.overall"), values
