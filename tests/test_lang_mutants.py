"""What each leaf and combinator means, value by value: the closed-world truth of every
operator on answers that do and do not match, and the three-valued (Kleene) truth tables.

These pin the semantics that `scripts/mutation.py` found unchecked (a mutant of the
operator table or of the evaluators survived the other tests): a bare yes/no leaf on "no",
`not in` against `in`, `contains all` against `contains any`, `!=` against `==`, counts off
by one, an `any:` that is true once one item is.
"""

from __future__ import annotations

import itertools

import pytest

from advisor import lang

UNKNOWN = object()  # the fact has no value (closed world: "don't know")


def typed(text: str, kb) -> lang.Condition:
    cond, problems = lang.check(lang.parse_text(text), kb.facts)
    assert not problems, [p.message for p in problems]
    return cond


# condition, the fact's value, whether it holds in the closed world
CLOSED_WORLD = [
    ("plan.pilot", True, True),
    ("plan.pilot", False, False),  # a bare yes/no leaf does not hold on "no"
    ("plan.pilot", UNKNOWN, False),
    ("plan.pilot == no", False, True),
    ("plan.pilot == no", True, False),
    ("plan.kind == a", "a", True),
    ("plan.kind == a", "b", False),
    ("plan.kind != a", "b", True),
    ("plan.kind != a", "a", False),
    ("plan.kind != a", UNKNOWN, False),
    ("plan.kind in [a, b]", "b", True),
    ("plan.kind in [a, b]", "no", False),
    ("plan.kind not in [a, b]", "no", True),
    ("plan.kind not in [a, b]", "a", False),
    ("plan.kind not in [a, b]", UNKNOWN, False),
    ("plan.size < 10", 9, True),
    ("plan.size < 10", 10, False),
    ("plan.size <= 10", 10, True),
    ("plan.size <= 10", 11, False),
    ("plan.size > 10", 10, False),
    ("plan.size > 10", 11, True),
    ("plan.size >= 10", 10, True),
    ("plan.size >= 10", 9, False),
    ("plan.maturity < mid", "low", True),
    ("plan.maturity < mid", "mid", False),
    ("plan.maturity <= mid", "mid", True),
    ("plan.maturity > mid", "high", True),
    ("plan.maturity >= mid", "low", False),
    ("people.groups contains public", ("staff", "public"), True),
    ("people.groups contains public", ("staff",), False),
    ("people.groups contains any [staff, public]", ("public",), True),
    ("people.groups contains any [staff, public]", ("none",), False),
    ("people.groups contains all [staff, public]", ("staff", "public"), True),
    ("people.groups contains all [staff, public]", ("staff",), False),  # any would hold
    ("people.groups contains none [staff, public]", ("none",), True),
    ("people.groups contains none [staff, public]", ("staff",), False),
    ("people.groups contains none [staff, public]", ("public",), False),
    ("people.groups contains none [staff, public]", UNKNOWN, False),
    ("count(people.groups) == 1", ("staff",), True),
    ("count(people.groups) == 1", ("staff", "public"), False),
    ("count(people.groups) >= 2", ("staff", "public"), True),
    ("count(people.groups) >= 2", ("staff",), False),
    ("count(people.groups) == 0", ("none",), True),  # an exclusive choice is not counted
    ("plan.kind is known", "a", True),
    ("plan.kind is known", UNKNOWN, False),
    ("plan.kind is unknown", "a", False),
    ("plan.kind is unknown", UNKNOWN, True),
]


@pytest.mark.parametrize("text,value,expected", CLOSED_WORLD)
def test_each_leaf_in_the_closed_world(text, value, expected, mini_kb):
    cond = typed(text, mini_kb)
    fact = lang.facts_read(cond)[0]
    get = {}.get if value is UNKNOWN else {fact: value}.get
    assert lang.holds(cond, get) is expected
    # a settled fact reads the same in the three-valued reading
    assert lang.evaluate3(cond, get, lambda f: False) is expected


def _leaf(name: str) -> lang.Leaf:
    return lang.Leaf(name, "is true", True)


def _kleene_and(values):
    return False if False in values else None if None in values else True


def _kleene_or(values):
    return True if True in values else None if None in values else False


@pytest.mark.parametrize("width", [1, 2, 3])
def test_three_valued_all_and_any_follow_kleene(width):
    """Every combination of true, false and open items: `all` is false once one item is
    false, `any` true once one is true, and otherwise open while an item is open."""
    names = [f"x{i}" for i in range(width)]
    every = lang.All(tuple(_leaf(n) for n in names))
    some = lang.AnyOf(tuple(_leaf(n) for n in names))
    for truth in itertools.product([True, False, None], repeat=width):
        values = {n: t for n, t in zip(names, truth, strict=True) if t is not None}
        opened = {n for n, t in zip(names, truth, strict=True) if t is None}
        assert lang.evaluate3(every, values.get, opened.__contains__) is _kleene_and(truth)
        assert lang.evaluate3(some, values.get, opened.__contains__) is _kleene_or(truth)
        negated = lang.evaluate3(lang.Not(some), values.get, opened.__contains__)
        assert negated is (None if _kleene_or(truth) is None else not _kleene_or(truth))
        if None not in truth:  # settled: the closed world agrees
            assert lang.holds(every, values.get) is all(truth)
            assert lang.holds(some, values.get) is any(truth)


def test_an_open_fact_leaves_an_any_open_until_another_item_holds(mini_kb):
    cond = typed("plan.pilot == yes or plan.size > 10", mini_kb)
    size_open = {"plan.size"}.__contains__
    assert lang.evaluate3(cond, {"plan.pilot": True}.get, size_open) is True
    assert lang.evaluate3(cond, {"plan.pilot": False}.get, size_open) is None
    assert lang.evaluate3(cond, {"plan.pilot": False, "plan.size": 3}.get,
                          lambda f: False) is False
