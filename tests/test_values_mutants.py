"""The typed-value parser at its edges, and conditions whose values it types: limits taken
at their exact boundary, the words for yes and no, what a message repeats of a bad value,
quoted values in conditions. Found unchecked by `scripts/mutation.py`."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor import lang
from advisor.lang import values


def typed(text: str, kb) -> lang.Condition:
    cond, problems = lang.check(lang.parse_text(text), kb.facts)
    assert not problems, [p.message for p in problems]
    return cond


def problem(text: str, kb) -> lang.ConditionError:
    [err] = lang.check(lang.parse_text(text), kb.facts)[1]
    return err


@pytest.mark.parametrize("word,value", [("yes", True), ("true", True), ("no", False),
                                        ("false", False), (" False ", False)])
def test_every_yes_no_word(mini_kb, word, value):
    assert lang.from_word(mini_kb.facts["plan.pilot"], word) is value
    assert lang.coerce(mini_kb.facts["plan.pilot"], value) is value  # YAML booleans pass


def test_a_number_word_is_not_a_yes_no_answer(mini_kb):
    with pytest.raises(lang.ValueProblem, match="takes yes or no; got '1'"):
        lang.from_word(mini_kb.facts["plan.pilot"], "1")


def test_limits_hold_at_their_boundaries(mini_kb):
    size = mini_kb.facts["plan.size"]  # integer, 0..1000
    assert lang.coerce(size, 0) == 0 and lang.coerce(size, 1000) == 1000
    with pytest.raises(lang.ValueProblem, match=r"^-1 is below the minimum of 'plan.size' \(0\)$"):
        lang.coerce(size, -1)
    with pytest.raises(lang.ValueProblem, match=r"above the maximum of 'plan.size' \(1000\)$"):
        lang.coerce(size, 1001)
    half = replace(size, min=0.5, integer=False)
    with pytest.raises(lang.ValueProblem, match=r"minimum of 'plan.size' \(0.5\)$"):
        lang.coerce(half, 0.25)


def test_numbers_keep_their_type(mini_kb):
    size = mini_kb.facts["plan.size"]
    assert type(lang.coerce(size, 12.0)) is int  # a whole number for an integer fact
    ratio = replace(size, integer=False, max=None)
    assert lang.coerce(ratio, 2.5) == 2.5
    assert type(lang.coerce(ratio, 3)) is int and type(lang.coerce(ratio, 1e20)) is float
    assert values.number_word("1E3") == 1000.0 and type(values.number_word("1E3")) is float
    assert type(values.number_word("12")) is int


def test_text_is_bounded_at_exactly_the_limit(mini_kb):
    note = mini_kb.facts["people.note"]
    longest = "x" * 20_000  # the documented limit of one free-text answer
    assert lang.coerce(note, longest) == longest
    assert lang.from_word(note, " as typed ") == " as typed "  # text is not stripped
    with pytest.raises(lang.ValueProblem, match=r"too long \(20001 characters; the limit is "
                                                r"20000\)"):
        lang.coerce(note, longest + "x")
    with pytest.raises(lang.ValueProblem, match=r"'people.note' takes text; got 5"):
        lang.coerce(note, 5)


def test_multi_selects(mini_kb):
    groups = mini_kb.facts["people.groups"]
    assert lang.coerce(groups, ["none"]) == ("none",)  # an exclusive choice alone is fine
    with pytest.raises(lang.ValueProblem) as info:
        lang.coerce(groups, "staff")
    assert info.value.hint == "write it as [a, b], e.g. [staff]"
    with pytest.raises(lang.ValueProblem) as info:
        lang.coerce(groups, 3)
    assert info.value.hint == "write it as [a, b]"


def test_a_yaml_no_may_mean_the_choice_called_no(mini_kb):
    kind = mini_kb.facts["plan.kind"]
    assert lang.coerce(kind, False, raw="no") == "no"
    assert lang.coerce(kind, "a", raw="'a'") == "a"  # only a boolean is read from `raw`


@pytest.mark.parametrize("value,shown", [
    (True, "yes"), (False, "no"), ("a", "'a'"), ([1], "a list"), ((1,), "a list"),
    ({"a": 1}, "a mapping"), (None, "nothing"), (7, "7"), (2.5, "2.5"),
    (10 ** 29, str(10 ** 29)), (10 ** 30, "a 31-digit number"), (-(10 ** 30), "a 31-digit number"),
    ("x" * 38, "'" + "x" * 38 + "'"),  # 40 characters with the quotes: shown whole
    ("x" * 39, "'" + "x" * 38 + "…"),  # 41: cut to 40
])
def test_what_a_message_repeats_of_a_value(value, shown):
    assert values.shown(value) == shown


def test_a_problem_can_name_the_question_instead_of_the_fact(mini_kb):
    with pytest.raises(lang.ValueProblem) as info:
        lang.from_word(mini_kb.facts["plan.pilot"], "maybe")
    assert info.value.naming(mini_kb.facts["plan.pilot"], "'Is there a pilot?'") == \
        "'Is there a pilot?' takes yes or no; got 'maybe'"


# --------------------------------------------------------------------------- conditions

def test_a_quoted_value_in_a_condition(mini_kb):
    kind = typed("plan.kind == 'a'", mini_kb)  # a quoted choice is that choice
    assert lang.holds(kind, {"plan.kind": "a"}.get)
    assert not lang.holds(kind, {"plan.kind": "b"}.get)
    for text in ("plan.size >= '10'", "count(people.groups) >= '2'"):
        err = problem(text, mini_kb)
        assert "got '10'" in err.message or "got '2'" in err.message
        assert "without quotes" in err.hint or "compared with a number" in err.message


def test_a_quoted_number_gets_the_condition_hint(mini_kb):
    err = problem("plan.size >= '10'", mini_kb)
    assert err.hint == "numbers are written without quotes"


def test_a_condition_may_compare_beyond_the_declared_range(mini_kb):
    above = typed("plan.size > 5000", mini_kb)  # max is 1000: allowed, never holds
    assert not lang.holds(above, {"plan.size": 1000}.get)
    assert lang.holds(typed("plan.size >= -5", mini_kb), {"plan.size": 0}.get)


def test_a_condition_with_a_problem_reads_only_its_good_leaves(mini_kb):
    cond, problems = lang.check(lang.parse_text("plan.sise >= 1 and plan.pilot"), mini_kb.facts)
    assert len(problems) == 1
    assert lang.facts_read(cond) == ("plan.pilot",)
    assert lang.holds(cond, {"plan.pilot": True}.get)  # the bad leaf is left out, as true


def test_a_number_is_echoed_whole_up_to_twenty_characters():
    assert values.short_number("1" * 20) == "1" * 20
    assert values.short_number("1" * 21) == "1" * 20 + "… (21 characters)"
    assert values.short_number(" 12 ") == "12"


def test_up_to_three_hundred_digits_read_as_a_whole_number():
    assert type(values.number_word("9" * 300)) is int
    assert type(values.number_word("9" * 301)) is float


def test_only_a_number_in_quotes_gets_the_without_quotes_hint(mini_kb):
    size = mini_kb.facts["plan.size"]
    with pytest.raises(lang.ValueProblem) as quoted:
        lang.coerce(size, "12", raw=None)
    with pytest.raises(lang.ValueProblem) as word:
        lang.coerce(size, "many", raw=None)
    assert "without quotes: 12" in str(quoted.value.hint)
    assert not word.value.hint
