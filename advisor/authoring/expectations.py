"""Expected conclusions (in rule examples and case files) compared with an Assessment.

An expectation maps:
- a derived fact id to its final value (`change.size: large`; a flag to yes or no, where no
  means it must not be set);
- a recommendation id to yes or no (made or not made);
- `recommendations` to the exact list of recommendations made;
- `flags` to the exact list of flags set;
- `fired` / `not_fired` to rules that must (not) fire;
- `assumed` to the derived facts that must have been assumed (defaults).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..assessment import Assessment
from ..model import KnowledgeBase

LISTS = ("recommendations", "flags", "fired", "not_fired", "assumed")


def check_keys(expect: Mapping[str, Any], kb: KnowledgeBase) -> list[str]:
    """Keys that name nothing in the knowledge base."""
    return [k for k in expect if k not in LISTS and k not in kb.recommendations
            and not (k in kb.facts and kb.facts[k].derived)]


def mismatches(expect: Mapping[str, Any], a: Assessment, kb: KnowledgeBase) -> list[str]:
    """What differs between an expectation and an assessment, as readable lines."""
    out: list[str] = []
    made = set(a.recommendation_ids())
    flags = {fid for fid, c in a.derived.items()
             if kb.facts[fid].type == "flag" and c.value is True}
    fired = set(a.fired_ids())
    for key, want in expect.items():
        if key == "recommendations":
            out += _set_diff("recommendations", set(want), made)
        elif key == "flags":
            out += _set_diff("flags", set(want), flags)
        elif key == "fired":
            missing = [r for r in want if r not in fired]
            if missing:
                out.append(f"rules expected to fire did not: {', '.join(missing)}")
        elif key == "not_fired":
            extra = [r for r in want if r in fired]
            if extra:
                out.append(f"rules expected not to fire did: {', '.join(extra)}")
        elif key == "assumed":
            missing = [f for f in want if not (f in a.derived and a.derived[f].assumed)]
            if missing:
                out.append(f"expected to be assumed but concluded: {', '.join(missing)}")
        elif key in kb.recommendations:
            if bool(want) != (key in made):
                out.append(f"{key}: expected {'made' if want else 'not made'}, got "
                           f"{'made' if key in made else 'not made'}")
        else:
            fact = kb.facts.get(key)
            got = a.value(key)
            if fact is not None and fact.type == "flag":
                got = bool(got)
                want = bool(want)
            if got != want:
                out.append(f"{key}: expected {_show(want)}, got {_show(got)}")
    return out


def _set_diff(what: str, want: set[str], got: set[str]) -> list[str]:
    out = []
    if want - got:
        out.append(f"{what} missing: {', '.join(sorted(want - got))}")
    if got - want:
        out.append(f"{what} unexpected: {', '.join(sorted(got - want))}")
    return out


def _show(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None:
        return "unknown"
    return str(value)
