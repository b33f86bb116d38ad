"""Rule strata: the order that makes conclusions independent of firing and load order.

A rule's stratum is one more than the completion stratum of every derived fact it reads; a
fact is complete once every rule that sets it has fired (and, for facts with a default or a
count, one stratum later). Cycles through derived facts have no such order: they are
reported with the rules involved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import lang
from ..errors import Problem
from ..model import FactDef, Rule


def stratify(rules: Sequence[Rule], facts: Mapping[str, FactDef],
              problems: list[Problem]) -> dict[str, int]:
    """Give each rule a stratum so that every derived fact is final before it is read.

    A rule's stratum is one more than the completion stratum of every derived fact it reads;
    a fact is complete once all rules that set it have fired (and, for facts with a default
    or a count, one stratum later, when the default or the count is applied). Cycles through
    derived facts have no such order and are reported with the rules involved.
    """
    setters: dict[str, list[Rule]] = {}
    for r in rules:
        for fid, _ in r.sets:
            setters.setdefault(fid, []).append(r)
    rule_stratum: dict[str, int] = {}
    fact_done: dict[str, int] = {}
    visiting: list[str] = []
    reported: set[frozenset[str]] = set()

    def done(fid: str) -> int:
        f = facts.get(fid)
        if f is None or not f.derived:
            return -1
        if fid in fact_done:
            return fact_done[fid]
        if fid in visiting:
            cycle = visiting[visiting.index(fid):]
            key = frozenset(cycle)
            if key not in reported:
                reported.add(key)
                chain = " -> ".join([*cycle, fid])
                # by id: a rule holding examples (mappings) cannot go in a set
                involved = sorted({r.id: r for x in cycle for r in setters.get(x, [])
                                   if any(y in lang.facts_read(r.when) for y in cycle)
                                   }.values(),
                                  key=lambda r: (r.origin.layer, r.origin.path, r.origin.index))
                o = involved[0].origin if involved else facts[fid].origin
                problems.append(Problem(o.path, o.line, o.col,
                                        f"cycle through derived facts: {chain} "
                                        f"(rules {', '.join(sorted(r.id for r in involved))})",
                                        "a rule may not read a fact that it, or a rule it "
                                        "feeds, concludes"))
            return 0
        visiting.append(fid)
        if f.type == "count":
            level = max((done(m) for m in f.count_of), default=-1) + 1
        else:
            level = max((stratum(r) for r in setters.get(fid, [])), default=-1)
            if f.default is not None:
                level += 1
        visiting.pop()
        fact_done[fid] = max(level, 0)
        return fact_done[fid]

    def stratum(r: Rule) -> int:
        if r.id in rule_stratum:
            return rule_stratum[r.id]
        value = max((done(fid) + 1 for fid in lang.facts_read(r.when)
                     if fid in facts and facts[fid].derived), default=0)
        rule_stratum[r.id] = value
        return value

    for r in rules:
        stratum(r)
    for fid in facts:
        done(fid)
    out = dict(rule_stratum)
    out.update({f"default:{k}": v for k, v in fact_done.items()
                if facts[k].default is not None or facts[k].type == "count"})
    return out
