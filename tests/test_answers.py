"""Answers files: typed against the knowledge base, every problem located, saved atomically."""

from __future__ import annotations

import pytest

from advisor.errors import SourceError
from advisor.lang import ValueProblem, coerce
from advisor.load.answers import Answers, load_answers, save_answers


def write(tmp_path, text):
    f = tmp_path / "case.yaml"
    f.write_text(text)
    return f


def test_types_are_checked(mini_kb):
    facts = mini_kb.facts
    assert coerce(facts["plan.pilot"], "yes") is True
    assert coerce(facts["plan.size"], 3) == 3
    assert coerce(facts["people.groups"], ["public", "staff"]) == ("staff", "public")
    assert coerce(facts["plan.kind"], False, raw="no") == "no"  # the choice called no
    for fact, value, message in [
        ("plan.pilot", 3, "yes or no"),
        ("plan.size", "3", "takes a number"),
        ("plan.size", 2.5, "whole number"),
        ("plan.size", -1, "below the minimum"),
        ("plan.size", True, "takes a number"),
        ("plan.kind", "z", "not a choice"),
        ("people.groups", "staff", "list of choices"),
        ("people.groups", ["none", "staff"], "cannot be combined"),
        ("people.note", 5, "takes text"),
    ]:
        with pytest.raises(ValueProblem, match=message):
            coerce(facts[fact], value)


def test_every_problem_in_a_file_is_reported(tmp_path, mini_kb):
    f = write(tmp_path, "case: x\nlanguage: fr\nanswers:\n  plan.size: big\n"
                        "  risk.overall: high\n  plan.kind: ~\ndont_know: [plan.size, nope]\n")
    with pytest.raises(SourceError) as info:
        load_answers(f, mini_kb)
    found = {(p.line, p.message) for p in info.value.problems}
    # a client's messages name the question, then its id
    assert (4, "“Size” (plan.size) takes a number; got 'big'") in found
    assert (5, "'risk.overall' is concluded by the rules and cannot be answered") in found
    assert (6, "“Kind” (plan.kind) has no value") in found
    assert any(line == 7 and "unknown input fact 'nope'" in m for line, m in found)
    assert any(line == 2 and "language 'fr'" in m for line, m in found)


def test_shape_errors(tmp_path, mini_kb):
    with pytest.raises(SourceError, match="missing required key 'case'"):
        load_answers(write(tmp_path, "answers: {}\n"), mini_kb)
    with pytest.raises(SourceError, match="unknown key 'answer'"):
        load_answers(write(tmp_path, "case: x\nanswer: {}\n"), mini_kb)
    with pytest.raises(SourceError, match="not a list"):
        load_answers(write(tmp_path, "- case\n"), mini_kb)
    with pytest.raises(SourceError, match="empty"):
        load_answers(write(tmp_path, ""), mini_kb)


def test_save_and_load_round_trip(tmp_path, mini_kb):
    answers = Answers("Round trip", {"plan.size": 3, "people.groups": ("staff",),
                                     "plan.pilot": False}, ("plan.kind",), "zh", "n")
    f = tmp_path / "out.yaml"
    save_answers(f, answers, mini_kb)
    again = load_answers(f, mini_kb)
    assert again.values == answers.values and again.dont_know == ("plan.kind",)
    assert again.language == "zh" and again.notes == "n"
    assert f.read_text().index("plan.pilot") < f.read_text().index("people.groups")


def test_with_changes_marks_dont_know():
    a = Answers("x", {"a": 1}, ("b",))
    b = a.with_changes({"a": None, "b": 2})
    assert b.values == {"b": 2} and b.dont_know == ("a",)
