"""CLIPS source for the pieces of a rule's condition: literals, one leaf's test, patterns.

Pure text generation (no clipspy): `clips_export` assembles these into constructs. Each
leaf is compiled for the closed-world semantics of `advisor.lang` (`leaf_holds`), so the
exported rules conclude what the engine concludes; see `clips_export` for the mapping.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from .. import lang
from ..model import FactDef

# --------------------------------------------------------------------------- literals

def clips_string(text: str) -> str:
    """A CLIPS string literal: every id goes through here, whatever characters it has."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def clips_literal(value: Any) -> str:
    """A Python value (as stored in answers and rules) as CLIPS source."""
    if isinstance(value, bool):  # before int: bool is an int in Python
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"CLIPS has no literal for {value!r}")
        text = repr(value)
        return text if any(c in text for c in ".eE") else text + ".0"
    if isinstance(value, str):
        return clips_string(value)
    raise TypeError(f"no CLIPS literal for {type(value).__name__} {value!r}")


def _list(values: Iterable[Any]) -> str:
    return "(create$ " + " ".join(clips_literal(v) for v in values) + ")"


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_ORDERING: dict[str, Callable[[int, int], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_ARITH = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


# --------------------------------------------------------------------------- leaves

# A compiled leaf is True (holds for every value the fact can have), False (holds for
# none), or a list of constraint terms on the pattern's variable, joined with `&` in the
# pattern. A term is a literal (`"a"`, `~"a"`, `TRUE`) or a predicate `:(... {v} ...)`,
# where `{v}` stands for the variable, chosen per pattern.
Test = bool | list[str]


def _leaf_test(leaf: lang.Leaf, fact: FactDef) -> Test:
    """The test of one leaf on a present fact, for `leaf_holds` semantics.

    Cases that are decided at compile time are folded to True or False so the patterns
    stay simple: an empty `in []` never holds, an ordering that no level value satisfies
    never holds, `contains all []` always holds, and so on.
    """
    op, value = leaf.op, leaf.value
    if op == "is known":
        return True
    if op == "is true":
        return ["TRUE"]
    if op == "count":
        if leaf.cmp is None:  # the checker gives every count its comparison
            raise ValueError(f"count of '{fact.id}' with no comparison")
        counted = "{v}" if not leaf.ignore else \
            "(delete-member$ {v} " + " ".join(clips_literal(x) for x in leaf.ignore) + ")"
        return [f":({_ARITH[leaf.cmp]} (length$ {counted}) {clips_literal(value)})"]
    if op.startswith("contains"):
        items = (value,) if op == "contains" else tuple(value)
        tests = [f"(member$ {clips_literal(x)} {{v}})" for x in items]
        if op in ("contains", "contains all"):
            return [":" + t for t in tests] if tests else True
        if not tests:
            return op == "contains none"
        either = tests[0] if len(tests) == 1 else "(or " + " ".join(tests) + ")"
        return [":" + either] if op == "contains any" else [f":(not {either})"]
    if leaf.order:  # ordering on a level: the allowed values, by place on the scale
        rank = leaf.order.index(value)
        allowed = [v for i, v in enumerate(leaf.order) if _ORDERING[op](i, rank)]
        if not allowed:
            return False
        if len(allowed) == len(leaf.order):
            return True
        return _one_of(allowed)
    if op in ("in", "not in"):
        options = tuple(value)
        if op == "in":
            return _one_of(options) if options else False
        if not options:
            return True
        if all(_number(x) for x in options):
            return [":(and " + " ".join(f"(<> {{v}} {clips_literal(x)})" for x in options)
                    + ")"]
        return ["~" + clips_literal(x) for x in options]
    if _number(value):  # == != < <= > >= on numbers: numeric, so 3 matches 3.0
        return [f":({_ARITH[op]} {{v}} {clips_literal(value)})"]
    if op == "==":
        return [clips_literal(value)]
    if op == "!=":
        return ["~" + clips_literal(value)]
    raise ValueError(f"cannot compile '{leaf.text or op}' on {fact.type} fact '{fact.id}'")


def _one_of(options: Sequence[Any]) -> list[str]:
    """Membership in a list of values: numbers compare numerically, ids by identity."""
    if all(_number(x) for x in options):
        tests = [f"(= {{v}} {clips_literal(x)})" for x in options]
        return [":" + (tests[0] if len(tests) == 1 else "(or " + " ".join(tests) + ")")]
    if len(options) == 1:
        return [clips_literal(options[0])]
    return [f":(member$ {{v}} {_list(options)})"]


# --------------------------------------------------------------------------- patterns

def template_of(fact: FactDef) -> str:
    """The deftemplate holding a fact's value."""
    if fact.derived:
        return "fd"
    return "fm" if fact.type == "multi" else "fv"


def _pattern(fact: FactDef, terms: list[str], var: str) -> str:
    """One pattern on one fact; `terms` empty means "the fact is present"."""
    name, template = clips_string(fact.id), template_of(fact)
    if not terms:
        return f"({template} (name {name}))"
    bound = ("$?" if template == "fm" else "?") + var
    constraint = "&".join([bound, *(t.replace("{v}", "?" + var) for t in terms)])
    return f"({template} (name {name}) (value {constraint}))"


def clause_patterns(clause: Sequence[lang.Term],
                    facts: Mapping[str, FactDef]) -> list[str] | None:
    """The LHS conditional elements of one DNF clause; None if it can never hold.

    Positive tests on one fact share one pattern (one fact per name, so one match); each
    negative literal is its own `not` CE with its own variable, since a variable bound
    outside a `not` would turn its test into a join.
    """
    present: dict[str, list[str]] = {}
    negated: list[str] = []
    for lit in clause:
        leaf, positive = lit.leaf, lit.positive
        if leaf.op == "is unknown":
            leaf, positive = lang.Leaf(leaf.fact, "is known"), not positive
        fact = facts[leaf.fact]
        test = _leaf_test(leaf, fact)
        if positive:
            if test is False:
                return None
            terms = present.setdefault(leaf.fact, [])
            if test is not True:  # CLIPS fails to match a repeated constant (`?v&TRUE&TRUE`)
                terms.extend(t for t in test if t not in terms)
        elif test is True:
            negated.append(f"(not {_pattern(fact, [], '')})")
        elif test is not False:  # `not` of a test no value passes holds: nothing to add
            negated.append(f"(not {_pattern(fact, test, f'n{len(negated)}')})")
    ces = [_pattern(facts[fid], terms, f"p{i}") for i, (fid, terms) in enumerate(present.items())]
    return ces + negated
