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


def test_answer_sources_load_on_one_line_in_the_knowledge_base_order(tmp_path, mini_kb):
    f = write(tmp_path, "case: x\nanswers:\n  plan.size: 3\n  plan.pilot: no\n"
                        "dont_know: [plan.kind]\nanswer_sources:\n"
                        "  plan.size: |\n    project charter\n    v2\n"
                        "  plan.kind: nobody knows yet (PMO, 3 Dec)\n"
                        "  plan.pilot: '2024-12-03'\n")
    answers = load_answers(f, mini_kb)
    # a don't-know is an answer too: where it came from is worth recording
    assert answers.answer_sources == {"plan.size": "project charter v2",
                                      "plan.kind": "nobody knows yet (PMO, 3 Dec)",
                                      "plan.pilot": "2024-12-03"}
    assert answers.warnings == ()


def test_old_files_have_no_sources_and_no_version(tmp_path, mini_kb):
    answers = load_answers(write(tmp_path, "case: x\nanswers:\n  plan.size: 3\n"), mini_kb)
    assert answers.answer_sources == {}
    assert Answers("x").answer_sources == {}  # positional constructors keep working
    out = tmp_path / "out.yaml"
    save_answers(out, answers, mini_kb)
    assert "schema_version" not in out.read_text() and "answer_sources" not in out.read_text()
    again = load_answers(write(tmp_path, "schema_version: 1\ncase: x\n"), mini_kb)
    assert again.case == "x"


def test_a_source_without_an_answer_is_a_warning_and_not_kept(tmp_path, mini_kb):
    f = write(tmp_path, "case: x\nlanguage: en\nanswers:\n  plan.size: 3\n"
                        "answer_sources:\n  plan.size: charter\n  plan.pilot: minutes\n")
    answers = load_answers(f, mini_kb)
    assert answers.answer_sources == {"plan.size": "charter"}
    (w,) = answers.warnings
    assert (w.severity, w.line, w.col) == ("warning", 7, 3)
    assert "(plan.pilot) has a source but no answer" in w.message


def test_answer_source_problems_are_located(tmp_path, mini_kb):
    f = write(tmp_path, "case: x\nanswers:\n  plan.size: 3\nanswer_sources:\n"
                        "  plan.sise: a\n  plan.size: [a]\n  risk.overall: b\n"
                        f"  plan.pilot: {'x' * 501}\n")
    with pytest.raises(SourceError) as info:
        load_answers(f, mini_kb)
    found = {(p.line, p.col): (p.message, p.hint) for p in info.value.problems}
    assert found[(5, 3)][0] == "answer_sources: no question has the id 'plan.sise'"
    assert "plan.size" in found[(5, 3)][1]  # did you mean
    assert found[(6, 14)][0] == "the source of “Size” (plan.size) should be text, not a list"
    assert "concluded by the rules" in found[(7, 3)][0]
    assert "too long (501 characters; the limit is 500)" in found[(8, 15)][0]


def test_sources_round_trip_with_the_version_that_reads_them(tmp_path, mini_kb):
    answers = Answers("Round trip", {"plan.size": 3, "plan.pilot": False}, ("plan.kind",),
                      answer_sources={"plan.size": "charter v2", "plan.kind": "PMO, 3 Dec",
                                      "plan.pilot": "deputy director: interview"})
    f = tmp_path / "out.yaml"
    save_answers(f, answers, mini_kb)
    text = f.read_text()
    assert text.startswith("schema_version: 2\ncase: Round trip\n")
    block = text[text.index("answer_sources:"):]
    # the knowledge base's order, as the answers are written
    assert block.index("plan.pilot") < block.index("plan.size") < block.index("plan.kind")
    assert load_answers(f, mini_kb).answer_sources == answers.answer_sources


def test_a_changed_answer_loses_its_source():
    a = Answers("x", {"a": 1, "b": 2}, answer_sources={"a": "charter", "b": "minutes"})
    assert a.with_changes({"a": 3}).answer_sources == {"b": "minutes"}
