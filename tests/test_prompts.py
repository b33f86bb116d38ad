"""The questionary prompts, driven through prompt_toolkit's pipe input (no terminal)."""

from __future__ import annotations

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from advisor.interview.flow import DONT_KNOW
from advisor.interview.planner import Progress
from advisor.interview.prompts import QuestionaryAsker

DOWN, ENTER, SPACE = "\x1b[B", "\r", " "
PROGRESS = Progress(1, 2, "plan", 1, 3)


def ask(kb, fact_id, keys, current=None, can_go_back=True, lang="en"):
    shown = []
    with create_pipe_input() as inp:
        inp.send_text(keys)
        asker = QuestionaryAsker(kb, lang, lambda kind, payload: shown.append(kind),
                                 input=inp, output=DummyOutput())
        reply = asker.ask(kb.facts[fact_id], PROGRESS, current, can_go_back)
    # every answer, "don't know" included, leaves the same echo; commands leave none
    assert shown == (["question", "answer"] if reply.kind in ("answer", "dont_know")
                     else ["question"])
    return reply


def test_yes_no(mini_kb):
    assert ask(mini_kb, "plan.pilot", ENTER).value is True
    assert ask(mini_kb, "plan.pilot", DOWN + ENTER).value is False


@pytest.mark.parametrize("keys,kind", [
    (DOWN * 2 + ENTER, "dont_know"),  # yes, no, (the separator is skipped) don't know
    (DOWN * 3 + ENTER, "why"),
    (DOWN * 4 + ENTER, "back"),
])
def test_commands_beside_the_choices(mini_kb, keys, kind):
    assert ask(mini_kb, "plan.pilot", keys).kind == kind


def test_ordered_choice_keeps_the_current_answer_as_default(mini_kb):
    assert ask(mini_kb, "plan.maturity", ENTER, current="high").value == "high"
    assert ask(mini_kb, "plan.maturity", DOWN + ENTER).value == "mid"


def test_multi_select(mini_kb):
    reply = ask(mini_kb, "people.groups", SPACE + DOWN + SPACE + ENTER)
    assert reply.kind == "answer" and reply.value == ("staff", "public")


def test_multi_select_rejects_none_with_others_then_accepts(mini_kb):
    # staff + none is refused by validation; unticking staff leaves just "none"
    keys = SPACE + DOWN + DOWN + SPACE + ENTER + "\x1b[A\x1b[A" + SPACE + ENTER
    assert ask(mini_kb, "people.groups", keys).value == ("none",)


def test_number_with_range_validation(mini_kb):
    # 5000 is above the maximum (1000): refused; then corrected
    keys = "5000" + ENTER + "\x7f" * 4 + "250" + ENTER
    reply = ask(mini_kb, "plan.size", keys)
    assert reply.kind == "answer" and reply.value == 250


KEYS = {"dont_know": "\x04", "why": "\x19", "back": "\x02"}  # Ctrl-D, Ctrl-Y, Ctrl-B


@pytest.mark.parametrize("kind", list(KEYS))
@pytest.mark.parametrize("fact_id", ["plan.pilot", "plan.maturity", "people.groups",
                                     "plan.size", "people.note"])
def test_the_same_keys_in_every_kind_of_question(mini_kb, fact_id, kind):
    # the cursor may be anywhere, and text may be half typed: the key still works
    assert ask(mini_kb, fact_id, DOWN + "1" + KEYS[kind]).kind == kind


def test_back_is_refused_on_the_first_question(mini_kb):
    assert ask(mini_kb, "plan.size", KEYS["back"] + "7" + ENTER, can_go_back=False).value == 7


def test_the_hint_line_names_the_keys(mini_kb):
    asker = QuestionaryAsker(mini_kb, "zh", lambda kind, payload: None)
    assert "^D" in asker._hint("keys_select", True) and "^B" in asker._hint("keys_typed", True)
    assert "^B" not in asker._hint("keys_checkbox", False)


def test_free_text(mini_kb):
    assert ask(mini_kb, "people.note", "all fine" + ENTER).value == "all fine"


def test_chinese_labels(mini_kb):
    assert ask(mini_kb, "plan.pilot", DOWN + ENTER, lang="zh").value is False


@pytest.mark.parametrize("fact_id", ["plan.pilot", "plan.maturity", "people.groups"])
def test_a_previous_dont_know_is_preselected(mini_kb, fact_id):
    # returning to a question answered "don't know": Enter keeps it, whatever the kind
    assert ask(mini_kb, fact_id, ENTER, current=DONT_KNOW).kind == "dont_know"


def test_a_previous_dont_know_leaves_a_number_field_empty(mini_kb):
    assert ask(mini_kb, "plan.size", "12" + ENTER, current=DONT_KNOW).value == 12


def test_a_source_note_key_in_every_kind_of_question(mini_kb):
    for fact_id in ("plan.pilot", "people.groups", "plan.size"):
        reply = ask(mini_kb, fact_id, "\x0e" + "project charter v2" + ENTER)  # Ctrl-N
        assert reply.kind == "source" and reply.value == "project charter v2"
