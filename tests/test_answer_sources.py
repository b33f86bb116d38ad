"""Source notes on answers (`answer_sources:`): carried into the Assessment JSON, shown next
to the answer in every report and in `advisor explain --why`, and always as plain text."""

from __future__ import annotations

import json

from advisor.assessment import SCHEMA_VERSION, Assessment
from advisor.load.answers import Answers
from advisor.reason.engine import Engine

PAYLOAD = '<script>alert(1)</script> **bold** [x](http://e.vil) | `x` \x1b[31mred'
VALUES = {"plan.pilot": False, "plan.size": 500, "people.groups": ("staff",)}


def _assess(kb, sources, lang="en", dont_know=("plan.maturity",)):
    answers = Answers("Sources", dict(VALUES), dont_know, lang, answer_sources=sources)
    return Engine(kb).assess(answers, lang)


def test_the_assessment_json_carries_the_notes_in_the_knowledge_base_order(mini_kb):
    a = _assess(mini_kb, {"plan.size": "charter v2", "plan.maturity": "PMO, 3 Dec",
                          "plan.pilot": "deputy director", "plan.kind": "no answer"})
    data = json.loads(a.to_json())
    assert data["schema_version"] == SCHEMA_VERSION == 3
    # only answered and don't-know facts, in the order of the facts
    assert list(data["answer_sources"].items()) == [
        ("plan.pilot", "deputy director"), ("plan.size", "charter v2"),
        ("plan.maturity", "PMO, 3 Dec")]
    assert Assessment.from_json(a.to_json()).to_json() == a.to_json()


def test_a_version_2_assessment_reads_with_no_sources(mini_kb):
    data = json.loads(_assess(mini_kb, {}).to_json())
    assert data["answer_sources"] == {}
    del data["answer_sources"]
    assert Assessment.from_dict({**data, "schema_version": 2}).answer_sources == {}
