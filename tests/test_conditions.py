"""The condition language: parsing, type checks with positions, and both evaluators."""

from __future__ import annotations

import itertools
import random

import pytest

from advisor import lang as c


def typed(text: str, kb):
    cond, problems = c.check(c.parse_text(text), kb.facts)
    assert not problems, [p.message for p in problems]
    return cond


def errors(text: str, kb) -> list[c.ConditionError]:
    try:
        cond = c.parse_text(text, line=7, col=11)
    except c.ConditionError as exc:
        return [exc]
    return c.check(cond, kb.facts)[1]


@pytest.mark.parametrize("text,op", [
    ("plan.size >= 100", ">="),
    ("plan.size != 3", "!="),
    ("plan.kind == a", "=="),
    ("plan.kind in [a, b]", "in"),
    ("plan.kind not in [a]", "not in"),
    ("plan.kind not_in [a]", "not in"),
    ("plan.maturity < high", "<"),
    ("people.groups contains public", "contains"),
    ("people.groups contains any [staff, public]", "contains any"),
    ("people.groups contains any of [staff]", "contains any"),
    ("people.groups contains_none [public]", "contains none"),
    ("people.groups contains all [staff, public]", "contains all"),
    ("people.groups contains none", "contains"),  # the choice called none
    ("count(people.groups) >= 2", "count"),
    ("plan.kind is known", "is known"),
    ("plan.kind is unknown", "is unknown"),
    ("plan.pilot", "is true"),
])
def test_every_leaf_form_parses_and_types(text, op, mini_kb):
    cond = typed(text, mini_kb)
    assert isinstance(cond, c.Leaf) and cond.op == op


def test_combinators_in_text_and_yaml_agree(mini_kb):
    text = typed("plan.pilot == yes and (plan.size > 5 or not plan.kind == a)", mini_kb)
    data = {"all": ["plan.pilot == yes", {"any": ["plan.size > 5", {"not": "plan.kind == a"}]}]}
    structured, problems = c.check(c.parse_value(data, lambda p: (1, 1, "")), mini_kb.facts)
    assert not problems
    strip = lambda x: c.render(x).replace("(", "").replace(")", "")  # noqa: E731
    assert strip(text) == strip(structured)


@pytest.mark.parametrize("text,message,hint,col", [
    ("plan.sise >= 1", "unknown fact 'plan.sise'", "plan.size", 11),
    ("plan.kind == z", "'z' is not a choice of 'plan.kind'", "choices", 24),
    ("plan.kind == bb", "'bb' is not a choice", "'b'", 24),
    ("plan.size >= many", "takes a number", "", 24),
    ("plan.kind < a", "no order", "", 11),
    ("people.groups == staff", "multi-select", "", 11),
    ("plan.kind contains a", "needs a multi-select", "", 11),
    ("count(plan.kind) > 1", "count() needs a multi-select", "", 11),
    ("plan.size", "not a yes/no one", "plan.size ==", 11),
    ("people.note == x", "free text", "", 11),
    ("plan.pilot == maybe", "takes yes or no", "yes or no", 25),
])
def test_type_errors_are_located_with_hints(text, message, hint, col, mini_kb):
    [err] = errors(text, mini_kb)
    assert message in err.message
    assert hint in err.hint
    assert (err.line, err.col) == (7, col)


@pytest.mark.parametrize("text,message", [
    ("plan.kind in [a, b", "not closed"),
    ("plan.kind in a", "expected a list"),
    ("plan.kind = a", "'=' is not a comparison"),
    ("plan.kind == ", "expected a value"),
    ("and plan.kind == a", "expected a fact id"),
    ("plan.kind == a plan.size > 1", "unexpected"),
    ("(plan.kind == a", "parenthesis opened here is never closed"),
    ("plan.kind ~ a", "unexpected character"),
    ("plan.kind is maybe", "'known' or 'unknown'"),
    ("", "empty condition"),
])
def test_syntax_errors_are_located(text, message, mini_kb):
    [err] = errors(text, mini_kb)
    assert message in err.message
    assert err.line == 7 and err.col >= 11


def test_yaml_shape_errors():
    at = lambda p: (3, 5, "")  # noqa: E731
    with pytest.raises(c.ConditionError, match="exactly one key"):
        c.parse_value({"alll": ["a"]}, at)
    with pytest.raises(c.ConditionError, match="non-empty list"):
        c.parse_value({"all": []}, at)
    with pytest.raises(c.ConditionError, match="not a list"):
        c.parse_value(["a == b"], at)
    with pytest.raises(c.ConditionError, match="not a boolean"):
        c.parse_value(True, at)


def test_unknown_is_not_false(mini_kb):
    """`== no` needs an answer; `not == yes` also holds when the fact is unknown."""
    eq_no = typed("plan.pilot == no", mini_kb)
    not_yes = c.parse_value({"not": "plan.pilot == yes"}, lambda p: (1, 1, ""))
    not_yes, _ = c.check(not_yes, mini_kb.facts)
    for value, expect_eq_no, expect_not_yes in [(None, False, True), (False, True, True),
                                                (True, False, False)]:
        get = {"plan.pilot": value}.get
        assert c.holds(eq_no, get) is expect_eq_no
        assert c.holds(not_yes, get) is expect_not_yes


@pytest.mark.parametrize("text", [
    "plan.kind != a", "plan.kind not in [a]", "plan.size < 3", "count(people.groups) == 0",
    "people.groups contains none [staff]", "plan.maturity >= low", "plan.kind is known",
])
def test_every_comparison_on_an_unknown_fact_is_false(text, mini_kb):
    assert c.holds(typed(text, mini_kb), {}.get) is False


def test_is_unknown_holds_only_without_a_value(mini_kb):
    cond = typed("plan.kind is unknown", mini_kb)
    assert c.holds(cond, {}.get) and not c.holds(cond, {"plan.kind": "a"}.get)


def test_levels_compare_by_rank_and_count_skips_exclusive(mini_kb):
    assert c.holds(typed("plan.maturity < high", mini_kb), {"plan.maturity": "mid"}.get)
    assert not c.holds(typed("plan.maturity > mid", mini_kb), {"plan.maturity": "low"}.get)
    count = typed("count(people.groups) == 0", mini_kb)
    assert c.holds(count, {"people.groups": ("none",)}.get)


def test_three_valued_evaluation(mini_kb):
    cond = typed("plan.pilot == yes and plan.size > 10", mini_kb)
    open_size = lambda f: f == "plan.size"  # noqa: E731
    assert c.evaluate3(cond, {"plan.pilot": True}.get, open_size) is None
    assert c.evaluate3(cond, {"plan.pilot": False}.get, open_size) is False
    negated = typed("not plan.size > 10", mini_kb)
    assert c.evaluate3(negated, {}.get, open_size) is None
    assert c.evaluate3(negated, {}.get, lambda f: False) is True  # settled as unknown


def _random_condition(rng: random.Random, leaves: list, depth: int = 0):
    if depth > 3 or rng.random() < 0.35:
        return rng.choice(leaves)
    kind = rng.choice(["all", "any", "not"])
    if kind == "not":
        return c.Not(_random_condition(rng, leaves, depth + 1))
    items = tuple(_random_condition(rng, leaves, depth + 1) for _ in range(rng.randint(1, 3)))
    return c.All(items) if kind == "all" else c.AnyOf(items)


def test_dnf_is_equivalent_in_the_closed_world(mini_kb):
    leaves = [typed(t, mini_kb) for t in ("plan.pilot == yes", "plan.pilot == no",
                                          "plan.size > 10", "plan.kind is unknown",
                                          "people.groups contains public")]
    worlds = list(itertools.product([None, True, False], [None, 5, 50], [None, "a"],
                                    [None, ("staff",), ("public",)]))
    rng = random.Random(7)
    for _ in range(300):
        cond = _random_condition(rng, leaves)
        dnf = c.to_dnf(cond)
        for pilot, size, kind, groups in worlds:
            get = {"plan.pilot": pilot, "plan.size": size, "plan.kind": kind,
                   "people.groups": groups}.get
            expected = c.holds(cond, get)
            got = any(all(c.leaf_holds(lit.leaf, get(lit.leaf.fact)) == lit.positive
                          for lit in clause) for clause in dnf)
            assert got == expected, c.render(cond)


def test_dnf_size_is_bounded(mini_kb):
    leaf = typed("plan.size > 1", mini_kb)
    big = c.All(tuple(c.AnyOf((leaf, leaf, leaf)) for _ in range(6)))
    with pytest.raises(ValueError, match="more than"):
        c.to_dnf(big)


def test_facts_read_in_order(mini_kb):
    cond = typed("plan.size > 1 and (plan.kind == a or plan.size < 9)", mini_kb)
    assert c.facts_read(cond) == ("plan.size", "plan.kind")


def test_compiled_readings_are_kept_per_condition_and_dropped_when_full(monkeypatch):
    """`holds` and `evaluate3` call closures compiled once per condition object; a full
    store is emptied, never read for another condition."""
    from advisor.lang import truth
    from advisor.lang.tree import Leaf

    monkeypatch.setattr(truth, "_KEPT", 3)
    monkeypatch.setattr(truth, "_compiled", {})
    conds = [Leaf("a", "==", i) for i in range(7)]
    for _ in range(2):
        for i, cond in enumerate(conds):
            assert truth.holds(cond, {"a": i}.get)
            assert not truth.holds(cond, {"a": i + 1}.get)
            assert truth.evaluate3(cond, {"a": i}.get, lambda f: False) is True
            assert truth.evaluate3(cond, {}.get, lambda f: True) is None
            assert len(truth._compiled) <= 3


def test_readings_are_the_conditions_compiled_once(monkeypatch):
    """`readings` gives the functions `holds` and `evaluate3` call, kept per condition."""
    from advisor.lang import truth
    from advisor.lang.tree import All, Leaf, Not

    monkeypatch.setattr(truth, "_compiled", {})
    first = All((Leaf("a", "==", 1), Not(Leaf("b", "is known"))))
    second = Leaf("a", "==", 2)
    closed, three = truth.readings(first)
    truth.readings(second)
    assert truth.readings(first) == (closed, three)  # kept: not compiled again
    assert closed({"a": 1}.get) is True and closed({"a": 1, "b": 0}.get) is False
    assert three({"a": 1}.get, lambda f: f == "b") is None
    assert three({"a": 2}.get, lambda f: f == "b") is False
