"""Why a conclusion was not reached, all the way down to the answers (issue #16, part 4).

`explain.why_not` says which leaves of each candidate rule went the wrong way; a leaf on a
derived fact ("carnivore") is not a reason a reader can act on. Here each such leaf is
followed to the rules that could have concluded that fact and why each did not fire, again
and again, until the reasons are answers: missing ones ("not answered") or given ones that
went the wrong way ("answered no"). The case is read as the engine read it: two-valued, a
missing answer makes a comparison false and `not:` / `is unknown` true; a leaf that held
only because an answer is missing is reported too, since another answer would undo it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import lang
from ..model import KnowledgeBase, Rule
from ..model.assessment import Assessment
from .explain import typed_answers, why_not

MAX_DEPTH = 12  # derived facts seldom nest deeper than four; a guard, not a limit met


@dataclass(frozen=True)
class Reason:
    """One leaf that kept a rule from firing, or that held only because a value is missing.

    kind: "not_answered", "answered" (the answer went the wrong way), "not_concluded" (a
    derived fact with no value: `rules` says why), "concluded" (a derived fact whose value
    went the wrong way), "conflict" (rules disagreed on it), "seen" (a derived fact
    explained higher in the tree) or "held_unknown" (the leaf held, on a missing value).
    """

    kind: str
    leaf: lang.Leaf
    value: Any = None
    rules: tuple[RuleWhy, ...] = ()
    members: tuple[Reason, ...] = ()  # a count: why each counted fact did not count


@dataclass(frozen=True)
class RuleWhy:
    """A rule that could have given the conclusion: whether it fired, and why (not)."""

    rule: Rule
    fired: bool
    reasons: tuple[Reason, ...]  # what stopped it (empty when it fired)
    held_unknown: tuple[Reason, ...]  # leaves that held only because a value is missing


def why_not_deep(kb: KnowledgeBase, a: Assessment, target: str,
                 value: Any = None) -> list[RuleWhy]:
    """For each rule that could conclude `target` (`= value`), why it did not, down to the
    answers. Raises NotConcluded when `target` names nothing (as `why_not`)."""
    values = {**typed_answers(kb, a), **{k: c.value for k, c in a.derived.items()}}
    fired = set(a.fired_ids())
    seen: set[str] = set()

    def rule_why(rule: Rule, depth: int) -> RuleWhy:
        is_fired = rule.id in fired
        stops = [] if is_fired else _stoppers(rule.when, values, True)
        # one reason per fact: several leaves on one answer ("in [...]" and "!= ...") are
        # one thing to answer
        first: dict[str, tuple[lang.Leaf, bool]] = {}
        for leaf, want in stops:
            first.setdefault(leaf.fact, (leaf, want))
        stops = list(first.values())
        return RuleWhy(rule, is_fired, tuple(reason(leaf, want, depth) for leaf, want in stops),
                       tuple(Reason("held_unknown", leaf)
                             for leaf in _held_unknown(rule.when, values, True)))

    def reason(leaf: lang.Leaf, want: bool, depth: int) -> Reason:
        fact = kb.facts[leaf.fact]
        now = values.get(leaf.fact)
        if not fact.derived:
            return Reason("answered" if now is not None else "not_answered", leaf, now)
        if now is None and leaf.fact in a.conflicts:
            return Reason("conflict", leaf)
        if leaf.fact in seen or depth >= MAX_DEPTH:
            return Reason("seen", leaf, now)
        seen.add(leaf.fact)
        kind = "concluded" if now is not None else "not_concluded"
        if fact.type == "count":
            return Reason(kind, leaf, now, members=tuple(
                reason(m, True, depth + 1) for m in _uncounted(kb, fact.id, leaf, want, now,
                                                               values)))
        # the rules that would have made this leaf go the wanted way, and did not fire
        setters = [r for r in kb.rules if r.id not in fired and any(
            f == leaf.fact and _holds(leaf, v) == want for f, v in r.sets)]
        return Reason(kind, leaf, now, tuple(rule_why(r, depth + 1) for r in _by_id(setters)))

    return [rule_why(b.rule, 0) for b in why_not(kb, a, target, value)]


def _uncounted(kb: KnowledgeBase, fid: str, leaf: lang.Leaf, want: bool, now: Any,
               values: dict[str, Any]) -> list[lang.Leaf]:
    """When a larger count would have made `leaf` go the wanted way: a leaf per counted
    fact that did not count ("risk.x == critical"), to be explained like any other."""
    fact = kb.facts[fid]
    if not isinstance(now, int) or _holds(leaf, now + 1) != want or fact.count_state:
        return []  # a smaller count would be wanted, or known/unknown: nothing to follow
    return [lang.Leaf(m, "==", fact.count_value, text=f"{m} == {fact.count_value}")
            for m in fact.count_of if values.get(m) != fact.count_value]


def _by_id(rules: list[Rule]) -> list[Rule]:
    """By id: the same tree however the rule files are laid out."""
    return sorted(rules, key=lambda r: r.id)


def _holds(leaf: lang.Leaf, value: Any) -> bool:
    try:
        return lang.leaf_holds(leaf, value)
    except (TypeError, ValueError, AttributeError):
        return False


def _stoppers(c: lang.Condition, values: dict[str, Any],
              want: bool) -> list[tuple[lang.Leaf, bool]]:
    """The leaves that keep `c` from being `want`, each with the truth it lacked. In a
    conjunction the failing parts count; a disjunction fails only when every part does."""
    if isinstance(c, lang.Leaf):
        return [] if _holds(c, values.get(c.fact)) == want else [(c, want)]
    if isinstance(c, lang.Not):
        return _stoppers(c.item, values, not want)
    if _truth(c, values) == want:
        return []
    return [x for item in c.items for x in _stoppers(item, values, want)]


def _held_unknown(c: lang.Condition, values: dict[str, Any], want: bool) -> list[lang.Leaf]:
    """The leaves that went the way `c` needs only because their fact has no value: a
    comparison false under `not:`, or `is unknown` true."""
    if isinstance(c, lang.Leaf):
        held = values.get(c.fact) is None and _holds(c, None) == want
        return [c] if held else []
    if isinstance(c, lang.Not):
        return _held_unknown(c.item, values, not want)
    return [x for item in c.items if _truth(item, values) == want
            for x in _held_unknown(item, values, want)]


def _truth(c: lang.Condition, values: dict[str, Any]) -> bool:
    return lang.evaluate3(c, values.get, lambda _f: False) is True
