"""The one typed-value parser (`lang.values`): files, the command line, prompts and
conditions read values the same way, and agree on what is wrong."""

from __future__ import annotations

import pytest

from advisor import lang
from tests.conftest import run_cli

MINI_ARGS = ("--no-shipped", "--kb", "tests/fixtures/mini")


@pytest.mark.parametrize("fact,word,value", [
    ("plan.pilot", "yes", True), ("plan.pilot", "No", False), ("plan.pilot", "TRUE", True),
    ("plan.size", "12", 12), ("plan.size", "1,000", 1000), ("plan.kind", "a", "a"),
    ("people.groups", "public, staff", ("staff", "public")),
    ("plan.maturity", "high", "high"),
])
def test_words_are_typed(mini_kb, fact, word, value):
    got = lang.from_word(mini_kb.facts[fact], word)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("fact,word,message", [
    ("plan.pilot", "maybe", "takes yes or no"),
    ("plan.size", "many", "takes a number"),
    ("plan.size", "1e309", "is too large"),  # not finite: said so, not "e.g. inf"
    ("plan.size", "12.5", "whole number"),
    ("plan.size", "-1", "below the minimum"),
    ("plan.kind", "A", "is not a choice"),  # choice ids are exact, never case-folded
    ("plan.kind", "3", "not the number 3"),
    ("people.groups", "none, staff", "cannot be combined"),
])
def test_bad_words_are_refused(mini_kb, fact, word, message):
    with pytest.raises(lang.ValueProblem, match=message):
        lang.from_word(mini_kb.facts[fact], word)


def test_a_case_folded_choice_gets_a_did_you_mean(mini_kb):
    with pytest.raises(lang.ValueProblem) as info:
        lang.from_word(mini_kb.facts["plan.maturity"], "High")
    assert "'high'" in info.value.hint


def test_a_huge_number_is_not_echoed_whole(mini_kb):
    with pytest.raises(lang.ValueProblem) as info:
        lang.coerce(mini_kb.facts["plan.size"], 10 ** 5000)
    assert len(info.value.message) < 120 and "5001-digit number" in info.value.message


@pytest.mark.parametrize("read", ["word", "file"])
def test_a_5000_digit_number_is_too_large_and_cut_short(mini_kb, read):
    """Not an internal error (int() refuses over 4,300 digits), not echoed whole."""
    digits = "9" * 5000
    with pytest.raises(lang.ValueProblem) as info:
        if read == "word":
            lang.from_word(mini_kb.facts["plan.size"], digits)
        else:
            lang.coerce(mini_kb.facts["plan.size"], float("inf"), digits)
    assert "99999999999999999999… (5000 characters) is too large" in info.value.message
    assert len(info.value.message) < 100


def test_a_quoted_number_in_a_file_gets_a_hint(mini_kb):
    with pytest.raises(lang.ValueProblem) as info:
        lang.coerce(mini_kb.facts["plan.size"], "30")
    assert "without quotes" in info.value.hint


def test_a_quoted_number_in_a_condition_is_text(mini_kb):
    _, problems = lang.check(lang.parse_text("plan.size >= '10'"), mini_kb.facts)
    assert [p.message for p in problems] == ["'plan.size' takes a number; got '10'"]


@pytest.mark.parametrize("command", [
    ("whatif", "tests/fixtures/mini/cases/big.yaml", "--set", "plan.pilot=maybe"),
    ("explain", "tests/fixtures/mini/cases/big.yaml", "--why-not", "flag.big=maybe"),
])
def test_the_command_line_refuses_what_a_file_refuses(command):
    """`flag=maybe` once silently meant no on the command line."""
    r = run_cli(*command, *MINI_ARGS)
    assert r.code == 2 and "takes yes or no; got 'maybe'" in r.err, r.err
