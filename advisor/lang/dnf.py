"""Disjunctive normal form: a condition as clauses of (possibly negated) leaves.

The engine compiles each clause to one pattern set, lint checks each clause for
contradictions, and the CLIPS export writes one rule per clause; the loader computes the
form once per rule.
"""

from __future__ import annotations

from .tree import All, Clause, Condition, Leaf, Not, Term

MAX_CLAUSES = 256


class TooManyClauses(ValueError):
    """The condition would expand to more than MAX_CLAUSES clauses."""


def to_dnf(cond: Condition) -> tuple[Clause, ...]:
    """Disjunctive normal form with negations pushed onto leaves.

    Exact in the closed world, where every leaf is two-valued. Raises TooManyClauses when the
    form would exceed MAX_CLAUSES clauses.
    """

    def walk(c: Condition, positive: bool) -> list[Clause]:
        if isinstance(c, Leaf):
            return [(Term(c, positive),)]
        if isinstance(c, Not):
            return walk(c.item, not positive)
        conj = isinstance(c, All) == positive
        parts = [walk(i, positive) for i in c.items]
        if not conj:
            out = [clause for p in parts for clause in p]
        else:
            out = [()]
            for p in parts:
                out = [a + b for a in out for b in p]
                if len(out) > MAX_CLAUSES:
                    break
        if len(out) > MAX_CLAUSES:
            raise TooManyClauses(f"the condition expands to more than {MAX_CLAUSES} cases")
        return out

    seen: dict[Clause, None] = {}
    for clause in walk(cond, True):
        seen.setdefault(tuple(dict.fromkeys(clause)), None)
    return tuple(seen)
