"""Provisional findings: rules waiting only for missing answers, and the best next question."""

from __future__ import annotations

from advisor.load.answers import Answers, load_answers
from advisor.load.builder import load_kb
from advisor.paths import shipped_cases, shipped_dirs
from advisor.reason.engine import Engine
from advisor.reason.explain import provisional
from advisor.report.view import build

KB = load_kb([shipped_dirs()])
ENGINE = Engine(KB)


def case(prefix: str):
    return load_answers(sorted(shipped_cases().glob(f"{prefix}_*.yaml"))[0], KB)


def test_live_service_without_take_up_figure():
    pending = provisional(KB, ENGINE.assess(case("c4")))
    assert {p.rule.id for p in pending.findings} >= {"PRF-05", "REC-takeup_diagnosis"}
    assert pending.best_question == "perf.digital_takeup_pct" and pending.settles >= 2


def test_complete_cases_have_nothing_pending():
    assert provisional(KB, ENGINE.assess(case("c8"))).findings == ()


def test_dont_know_says_what_it_would_have_settled():
    c4 = case("c4")
    values = dict(c4.values)
    values.pop("tech.uses_ai")
    values.pop("tech.ai_safeguards")
    a = ENGINE.assess(Answers("c4 without AI answers", values, ("tech.uses_ai",)))
    report = build(a, KB, "en")
    [(fid, prompt, settles)] = report.dont_know
    assert fid == "tech.uses_ai" and prompt.startswith("Will AI")
    titles = {KB.rule(r).title.get("en") for r in ("TEC-07",)}
    assert titles <= set(settles)
    assert a.value("decision.launch_gate") != "hold" or "GATE-03" not in a.fired_ids()


def test_rules_ruled_out_by_an_answer_are_not_provisional():
    a = ENGINE.assess(Answers("x", {"scope.legacy_replacement": False}))
    ids = {p.rule.id for p in provisional(KB, a).findings}
    assert "TEC-03" not in ids and "TEC-04" not in ids  # need a legacy replacement
