"""Expected conclusions (in rule examples and case files) compared with an Assessment.

An expectation maps:
- a derived fact id to its final value (`change.size: large`; a flag to yes or no, where no
  means it must not be set), or to a list of values any one of which will do
  (`risk.overall: [high, critical]`);
- a recommendation id to yes or no (made or not made);
- `recommendations` / `flags` to the exact list of recommendations made / flags a report
  shows (the internal `report: false` flags are left out);
- `recommends` / `raises` to recommendations / flags that must be among them (others may
  come too; an item that is itself a list is met by any one of its members, as in
  `[rec.incident_plan, rec.verify.riskmgmt.incident_plan]`), and `not_recommended` /
  `not_raised` to ones that must not;
- `not` to a mapping of derived facts to values (or lists of values) they must not take;
- `readiness` to a mapping of dimension ids to a level (or list of levels), where
  `insufficient` means the dimension has too little evidence for a level;
- `fired` / `not_fired` to rules that must (not) fire;
- `assumed` to the derived facts that must have been assumed (defaults).

Case-library files use the subset forms: a real case is judged on the verdict band and on
what must and must not be said, not on every word of the report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..model import KnowledgeBase
from ..model.assessment import Assessment

LISTS = ("recommendations", "flags", "recommends", "raises", "not_recommended", "not_raised",
         "fired", "not_fired", "assumed")
MAPPINGS = ("not", "readiness")
INSUFFICIENT = "insufficient"


def check_keys(expect: Mapping[str, Any], kb: KnowledgeBase) -> list[str]:
    """Keys, or ids named inside the list and mapping keys, that name nothing in the
    knowledge base."""
    bad = [k for k in expect if k not in LISTS and k not in MAPPINGS
           and k not in kb.recommendations and not _derived(k, kb)]
    for key in ("recommendations", "recommends", "not_recommended"):
        bad += [f"{key}: {r}" for r in _ids(expect.get(key)) if r not in kb.recommendations]
    for key in ("flags", "raises", "not_raised"):
        bad += [f"{key}: {f}" for f in _ids(expect.get(key)) if not _derived(f, kb)]
    bad += [f"not: {k}" for k in expect.get("not") or {} if not _derived(k, kb)]
    dims = {d.id for d in kb.dimensions}
    bad += [f"readiness: {k}" for k in expect.get("readiness") or {} if k not in dims]
    return bad


def _ids(items: Any) -> list[str]:
    """The ids in a list of ids and any-of lists."""
    return [i for item in items or () for i in (item if isinstance(item, list) else [item])]


def _derived(fid: str, kb: KnowledgeBase) -> bool:
    return fid in kb.facts and kb.facts[fid].derived


@dataclass(frozen=True)
class Seen:
    """What an assessment concluded, in the shapes the list checks compare against."""

    recommendations: set[str]
    flags: set[str]  # every flag set
    findings: set[str]  # the flags a report shows (not the internal `report: false` ones)
    rules: set[str]
    assumed: set[str]


def seen(a: Assessment, kb: KnowledgeBase) -> Seen:
    flags = {fid for fid, c in a.derived.items()
             if kb.facts[fid].type == "flag" and c.value is True}
    return Seen(set(a.recommendation_ids()), flags, {f for f in flags if kb.facts[f].report},
                set(a.fired_ids()), {fid for fid, c in a.derived.items() if c.assumed})


def mismatches(expect: Mapping[str, Any], a: Assessment, kb: KnowledgeBase) -> list[str]:
    """What differs between an expectation and an assessment, as readable lines."""
    out: list[str] = []
    got = seen(a, kb)
    for key, want in expect.items():
        check = _CHECKS.get(key)
        if check is not None:
            out += check(want, got)
        elif key == "not":
            out += _forbidden(want, a, kb)
        elif key == "readiness":
            out += _readiness(want, a)
        elif key in kb.recommendations:
            made = key in got.recommendations
            if bool(want) != made:
                out.append(f"{key}: expected {'made' if want else 'not made'}, got "
                           f"{'made' if made else 'not made'}")
        else:
            value = _value(key, a, kb)
            if not _matches(want, value, kb, key):
                out.append(f"{key}: expected {_show_any(want)}, got {_show(value)}")
    return out


def _value(fid: str, a: Assessment, kb: KnowledgeBase) -> Any:
    got = a.value(fid)
    fact = kb.facts.get(fid)
    return bool(got) if fact is not None and fact.type == "flag" else got


def _matches(want: Any, got: Any, kb: KnowledgeBase, fid: str) -> bool:
    wants = want if isinstance(want, list) else [want]
    fact = kb.facts.get(fid)
    if fact is not None and fact.type == "flag":
        wants = [bool(w) for w in wants]
    return got in wants


def _forbidden(want: Mapping[str, Any], a: Assessment, kb: KnowledgeBase) -> list[str]:
    out = []
    for fid, values in want.items():
        got = _value(fid, a, kb)
        if _matches(values, got, kb, fid):
            out.append(f"{fid}: must not be {_show_any(values)}, got {_show(got)}")
    return out


def _readiness(want: Mapping[str, Any], a: Assessment) -> list[str]:
    levels = {d["dimension"]: d.get("level") or INSUFFICIENT
              for d in a.scores.get("dimensions", [])}
    out = []
    for dim, level in want.items():
        got = levels.get(dim, INSUFFICIENT)
        if got not in (level if isinstance(level, list) else [level]):
            out.append(f"readiness of {dim}: expected {_show_any(level)}, got {got}")
    return out


Check = Callable[[list[Any], Seen], list[str]]


def _exact(what: str, field: str) -> Check:
    def check(want: list[Any], got: Seen) -> list[str]:
        return _set_diff(what, set(want), getattr(got, field))
    return check


def _included(what: str, field: str) -> Check:
    def check(want: list[Any], got: Seen) -> list[str]:
        have = getattr(got, field)
        missing = [" or ".join(w) if isinstance(w, list) else w for w in want
                   if not (set(w) & have if isinstance(w, list) else w in have)]
        return [f"{what} expected but absent: {', '.join(missing)}"] if missing else []
    return check


def _excluded(what: str, field: str) -> Check:
    def check(want: list[Any], got: Seen) -> list[str]:
        present = sorted(set(want) & getattr(got, field))
        return [f"{what} that must not appear did: {', '.join(present)}"] if present else []
    return check


_CHECKS: dict[str, Check] = {
    "recommendations": _exact("recommendations", "recommendations"),
    "flags": _exact("flags", "findings"),
    "recommends": _included("recommendations", "recommendations"),
    "raises": _included("flags", "flags"),
    "not_recommended": _excluded("recommendations", "recommendations"),
    "not_raised": _excluded("flags", "flags"),
    "fired": _included("rules expected to fire", "rules"),
    "not_fired": _excluded("rules expected not to fire", "rules"),
    "assumed": _included("derived facts expected to be assumed", "assumed"),
}


def _set_diff(what: str, want: set[str], got: set[str]) -> list[str]:
    out = []
    if want - got:
        out.append(f"{what} missing: {', '.join(sorted(want - got))}")
    if got - want:
        out.append(f"{what} unexpected: {', '.join(sorted(got - want))}")
    return out


def _show_any(value: Any) -> str:
    if isinstance(value, list):
        return " or ".join(_show(v) for v in value)
    return _show(value)


def _show(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None:
        return "unknown"
    return str(value)
