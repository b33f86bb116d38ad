"""Readiness: one score, one level and one evidence coverage per dimension
(docs/readiness-model.md has the formula and a worked example).

- An item's value in [0, 1] comes from an answer (or from the rules, for items they set).
  An item whose question does not apply is left out; one without an answer is *not
  evidenced*: it counts neither as full marks nor as zero.
- score = 100 x (sum of weight x value over evidenced items) / (their weight);
  coverage = evidenced weight / applicable weight.
- The level is the band of the score, at most the lowest cap a rule set (a knock-out
  finding). It is *settled* when every way the unanswered items could go (all 0 or all 1,
  and every rule still undecided firing or not) gives the same level; a level that is not
  settled is shown only when coverage reaches the evidence threshold, and otherwise the
  dimension has "insufficient evidence" and no level.

Scores come after the rules and never feed them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import lang
from ..model import Band, KnowledgeBase, ScoreItem, Scoring
from .reasoner import Reading

Getter = Callable[[str], Any]


def to_int(x: float) -> int:
    """Round to a whole number, half to even, after removing float noise (so that an exact
    42.5 computed as 42.49999999 or 42.50000001 rounds the same way every time)."""
    return round(round(x, 6))


def _band(bands: tuple[Band, ...], x: float) -> float | None:
    for b in bands:
        if b.upto is None or x <= b.upto:
            return b.value
    return None


def answer_value(item: ScoreItem, get: Getter) -> float | None:
    """The value of an item scored from its answer (cases first), or None when unanswered."""
    for when, value in item.cases:
        if when is None or lang.holds(when, get):
            return value
    answer = get(item.fact) if item.fact else None
    if answer is None:
        return None
    if item.values:
        return dict(item.values).get(answer)
    if item.bands:
        return _band(item.bands, answer)
    if item.linear is not None:
        zero, full = item.linear
        return max(0.0, min(1.0, (answer - zero) / (full - zero)))
    if item.share_of:
        chosen = set(answer)
        return sum(1 for c in item.share_of if c in chosen) / len(item.share_of)
    return None


@dataclass(frozen=True)
class Range:
    """An item's value: the point estimate (None: not evidenced) and how low or high it
    could still go."""

    value: float | None
    low: float
    high: float


def item_range(item: ScoreItem, get: Getter, votes: Mapping[str, list[list[Any]]],
               reading: Reading) -> Range:
    if item.set_by_rules:
        fired = [v for _, v in votes.get(item.id, ())]
        possible = [v for _, v, status in reading.votes.get(item.id, ()) if status is None]
        default = item.default if item.default is not None else 1.0
        sure = min(fired) if fired else default
        if fired or not possible:  # a rule set it, or no rule could: both are evidence
            return Range(sure, min([sure, *possible]), sure)
        return Range(None, min([sure, *possible]), sure)
    value = answer_value(item, get)
    if value is not None:
        return Range(value, value, value)
    return Range(None, 0.0, 1.0)


def _applies(item: ScoreItem, kb: KnowledgeBase, get: Getter, reading: Reading,
             skipped: frozenset[str] = frozenset()) -> bool:
    """Left out when its own condition, or its question's, is false whatever is missing, or
    when the interview skipped its question (no answer to it could change a conclusion)."""
    if item.fact and item.fact in skipped:
        return False
    conditions = [item.applies_if]
    fact = kb.facts.get(item.fact)
    if fact is not None and fact.question is not None:
        conditions.append(fact.question.ask_if)
    return all(c is None or lang.evaluate3(c, get, reading.is_open) is not False
               for c in conditions)


def compute(kb: KnowledgeBase, get: Getter, votes: Mapping[str, list[list[Any]]],
            caps: Mapping[str, list[list[Any]]], reading: Reading,
            skipped: frozenset[str] = frozenset()) -> dict[str, Any]:
    """All scores of one case, as JSON-ready data (empty when the model declares none).

    `get`, `votes` and `caps` are the engine's (closed-world) results; `reading` is the
    three-valued reading with the unanswered questions open, which bounds what they could
    still become.
    """
    model = kb.scoring
    if not model.enabled:
        return {}
    dims = [_dimension(kb, d.id, get, votes, caps, reading, skipped) for d in kb.dimensions]
    weights = dict(model.weights)
    weighted = [x for x in dims if weights.get(x["dimension"], 0.0) > 0]
    # an index over some dimensions only would read as the whole picture: none until every
    # weighted dimension has a level and a score
    complete = all(x["level"] is not None and x["score"] is not None for x in weighted)
    total = sum(weights[x["dimension"]] for x in weighted)
    index = to_int(sum(weights[x["dimension"]] * x["score"] for x in weighted) / total) \
        if complete and total else None
    applicable = sum(x["applicable_weight"] for x in dims)
    evidenced = sum(x["evidenced_weight"] for x in dims)
    return {
        "dimensions": dims,
        "readiness_index": index,
        "readiness_level": _level(model, index),
        "coverage": round(evidenced / applicable, 4) if applicable else 0.0,
        # kept for integrators of schema version 1: the change index and the structural
        # matrix are gone (one size, from the rules: docs/assessment-json.md)
        "change_index": None, "change_band": None, "change_parts": [],
        "structural_risk": None,
    }


def _level(model: Scoring, score: float | None) -> str | None:
    if score is None:
        return None
    return next((lvl for lo, lvl in model.levels if score >= lo), None)


def _lowest(model: Scoring, levels: list[str]) -> str | None:
    """The lowest of some levels of the score scale (None when there are none)."""
    order = [lvl for _, lvl in sorted(model.levels)]
    ranked = [lvl for lvl in levels if lvl in order]
    return min(ranked, key=order.index) if ranked else None


def _capped(model: Scoring, level: str | None, cap: str | None) -> str | None:
    if level is None or cap is None:
        return level
    return _lowest(model, [level, cap])


def _dimension(kb: KnowledgeBase, dim: str, get: Getter, votes: Mapping[str, list[list[Any]]],
               caps: Mapping[str, list[list[Any]]], reading: Reading,
               skipped: frozenset[str]) -> dict[str, Any]:
    model = kb.scoring
    applicable = evidenced = gained = low_sum = high_sum = 0.0
    items: list[dict[str, Any]] = []
    for item in model.items:
        if item.dimension != dim or not _applies(item, kb, get, reading, skipped):
            continue
        r = item_range(item, get, votes, reading)
        applicable += item.weight
        low_sum += item.weight * r.low
        high_sum += item.weight * r.high
        if r.value is None:
            items.append({"item": item.id, "weight": item.weight, "value": None, "loss": None})
            continue
        evidenced += item.weight
        gained += item.weight * r.value
        items.append({"item": item.id, "weight": item.weight, "value": round(r.value, 4),
                      "loss": round((1 - r.value) * item.weight, 4)})
    score = to_int(100 * gained / evidenced) if evidenced else None
    coverage = round(evidenced / applicable, 4) if applicable else 0.0
    sure_caps = caps.get(dim, [])
    cap = _lowest(model, [level for _, level in sure_caps])
    possible = [level for _, level, status in reading.caps.get(dim, ()) if status is None]
    low_level = _capped(model, _level(model, 100 * low_sum / applicable) if applicable
                        else None, _lowest(model, [c for c in (cap, *possible) if c]))
    high_level = _capped(model, _level(model, 100 * high_sum / applicable) if applicable
                         else None, cap)
    if applicable and low_level == high_level:
        status, level = "settled", low_level
    elif score is not None and coverage >= model.low_coverage:
        status, level = "estimated", _capped(model, _level(model, score), cap)
    elif cap is not None and not applicable:
        status, level = "settled", cap
    else:
        status, level = ("insufficient" if applicable else "not_scored"), None
    losses = sorted((x for x in items if x["loss"]), key=lambda x: -x["loss"])[:3]
    return {
        "dimension": dim,
        "score": score,
        "level": level,
        "status": status,
        "coverage": coverage,
        "low_confidence": status == "insufficient",
        "range": [to_int(100 * low_sum / applicable), to_int(100 * high_sum / applicable)]
        if applicable else None,
        "capped_by": [rule for rule, _ in sure_caps],
        "cap": cap,
        "losses": [[x["item"], x["loss"]] for x in losses],
        "items": items,
        "applicable_weight": applicable,
        "evidenced_weight": evidenced,
    }
