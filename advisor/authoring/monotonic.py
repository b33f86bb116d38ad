"""Monotonicity: a better answer never makes the verdict worse.

Facts may declare the order of their answers from better to worse (`order:` in the fact
files; numbers declare `higher_is_better` or `lower_is_better`). Moving one answer one step
better must never raise the overall risk, never lower a readiness level and never make the
launch decision stricter. A violation means some rule rewards a worse answer, or a better
answer removes a protection it should not (docs/readiness-model.md, "Monotonicity").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..load.answers import Answers, not_applicable
from ..model import FactDef, KnowledgeBase
from ..model.assessment import Assessment
from ..reason.engine import Engine

OVERALL, GATE = "risk.overall", "decision.launch_gate"


@dataclass(frozen=True)
class Violation:
    """One better answer that made something worse."""

    case: str
    fact: str
    before: Any
    after: Any
    what: str  # the verdict that got worse, in words

    def __str__(self) -> str:
        return f"{self.case}: {self.fact} {self.before!r} -> {self.after!r}: {self.what}"


def better_answers(fact: FactDef, value: Any) -> Iterator[Any]:
    """The answer one step better than `value` (numbers: a few larger steps too)."""
    if fact.order and value in fact.order:
        i = fact.order.index(value)
        if i > 0:
            yield fact.order[i - 1]
    elif fact.direction and isinstance(value, int | float) and not isinstance(value, bool):
        sign = 1 if fact.direction == "higher" else -1
        lo = fact.min if fact.min is not None else float("-inf")
        hi = fact.max if fact.max is not None else float("inf")
        for step in (1, 5, 25):
            new = value + sign * step
            new = int(new) if fact.integer or isinstance(value, int) else new
            if lo <= new <= hi:
                yield new


def _rank(kb: KnowledgeBase, fact: str, value: Any) -> int | None:
    scale = kb.scales.get(kb.facts[fact].scale)
    return scale.ids.index(value) if scale is not None and value in scale.ids else None


def _levels(kb: KnowledgeBase, a: Assessment) -> dict[str, int]:
    scoring = kb.scoring
    if scoring is None or scoring.level_scale not in kb.scales:
        return {}
    ids = kb.scales[scoring.level_scale].ids
    return {d["dimension"]: ids.index(d["level"]) for d in a.scores.get("dimensions", [])
            if d.get("level") in ids}


def worse(kb: KnowledgeBase, before: Assessment, after: Assessment) -> list[str]:
    """What got worse from `before` to `after`, in words (empty when nothing did)."""
    out = []
    old, new = _rank(kb, OVERALL, before.value(OVERALL)), _rank(kb, OVERALL, after.value(OVERALL))
    if old is not None and new is not None and new > old:
        out.append(f"overall risk {before.value(OVERALL)} -> {after.value(OVERALL)}")
    old, new = _rank(kb, GATE, before.value(GATE)), _rank(kb, GATE, after.value(GATE))
    if old is not None and new is not None and new > old:
        out.append(f"launch decision {before.value(GATE)} -> {after.value(GATE)}")
    levels_before, levels_after = _levels(kb, before), _levels(kb, after)
    for dim, level in levels_before.items():
        if dim in levels_after and levels_after[dim] < level:
            out.append(f"readiness of {dim} lowered")
    return out


def applied(kb: KnowledgeBase, values: Mapping[str, Any], fid: str, value: Any) -> dict[str, Any]:
    """The answers with one changed, less the answers whose question no longer applies."""
    changed = {**values, fid: value}
    for gone, _ in not_applicable(kb, changed):
        del changed[gone]
    return changed


def check(engine: Engine, name: str, values: Mapping[str, Any],
          facts: list[str] | None = None) -> list[Violation]:
    """Every one-step-better change of an answered, ordered fact that makes the verdict
    worse (`facts` limits which answers are moved)."""
    kb = engine.kb
    base = engine.assess(Answers(name, dict(values)))
    out = []
    for fid in facts if facts is not None else sorted(values):
        fact = kb.facts[fid]
        for value in better_answers(fact, values[fid]):
            after = engine.assess(Answers(name, applied(kb, values, fid, value)))
            out += [Violation(name, fid, values[fid], value, w) for w in worse(kb, base, after)]
    return out
