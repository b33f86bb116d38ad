"""Provisional findings: rules waiting only for missing answers, and the best next question."""

from __future__ import annotations

from advisor import lang
from advisor.load.answers import Answers, load_answers
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_cases, shipped_dirs
from advisor.reason.engine import Engine
from advisor.reason.explain import provisional
from advisor.report.view import build

KB = load_kb([shipped_dirs()])
ENGINE = Engine(KB)


def case(prefix: str):
    return load_answers(sorted(shipped_cases().glob(f"{prefix}_*.yaml"))[0], KB)


def test_live_service_without_take_up_figure():
    pending = provisional(KB, ENGINE.assess(case("c4")))
    waiting = {p.rule.id: p.waiting_for for p in pending.findings}
    assert {"PRF-05", "REC-takeup_diagnosis"} <= set(waiting)
    assert "perf.digital_takeup_pct" in waiting["PRF-05"]
    assert pending.settles >= 2
    assert sum(pending.best_question in w for w in waiting.values()) == pending.settles


def completed(answers: Answers) -> Answers:
    """The answers with every question that still applies answered (its first choice)."""
    values = dict(answers.values)
    while True:
        missing = [f for f in KB.input_facts if f.id not in values and applies(f, values)]
        if not missing:
            return Answers(answers.case, values)
        for f in missing:
            values[f.id] = first_answer(f)


def applies(fact, values) -> bool:
    q = fact.question
    return q is None or q.ask_if is None or lang.evaluate3(
        q.ask_if, values.get, lambda fid: fid not in values) is not False


def first_answer(fact):
    if fact.type == "bool":
        return True
    if fact.type == "multi":
        return (fact.choice_ids[0],)
    if fact.type == "number":
        return fact.min or 0
    return fact.choice_ids[0] if fact.choice_ids else "x"


def test_complete_cases_have_nothing_pending():
    for prefix in ("c1", "c8"):
        assert provisional(KB, ENGINE.assess(completed(case(prefix)))).findings == ()


def test_dont_know_says_what_it_would_have_settled():
    c4 = case("c4")
    values = dict(c4.values)
    values.pop("tech.uses_ai")
    values.pop("tech.ai_safeguards")
    a = ENGINE.assess(Answers("c4 without AI answers", values, ("tech.uses_ai",)))
    report = build(a, KB, "en")
    [(fid, prompt, settles)] = report.dont_know
    assert fid == "tech.uses_ai" and prompt.startswith("How is AI used")
    titles = {KB.rule(r).title.get("en") for r in ("TEC-07",)}
    assert titles <= set(settles)
    assert a.value("decision.launch_gate") != "hold" or "GATE-03" not in a.fired_ids()


def test_rules_ruled_out_by_an_answer_are_not_provisional():
    a = ENGINE.assess(Answers("x", {"scope.legacy_replacement": False}))
    ids = {p.rule.id for p in provisional(KB, a).findings}
    assert "TEC-03" not in ids and "TEC-04" not in ids  # need a legacy replacement
