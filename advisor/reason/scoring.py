"""Explainable scores: a 0-100 readiness score per dimension, a change-size index and the
size-versus-readiness structural risk, all from the knowledge base's declared model.

Scores complement the rules; they never feed them. Each dimension score is a weighted mean
of its applicable, answered items, so unknown answers neither help nor hurt; the share of
weight that was answered is reported as coverage, and the largest point losses explain the
score.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .. import lang
from ..model import Band, KnowledgeBase, ScoreItem, Scoring

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


def item_value(item: ScoreItem, get: Getter, votes: Mapping[str, list]) -> float | None:
    """The item's value in [0, 1], or None when it cannot be scored (unanswered)."""
    for when, value in item.cases:
        if when is None or lang.holds(when, get):
            return value
    if item.set_by_rules:
        proposed = [v for _, v in votes.get(item.id, ())]
        if proposed:
            return min(proposed)
        if item.default is not None:
            return item.default
    if not item.fact:
        return None
    answer = get(item.fact)
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


def compute(kb: KnowledgeBase, get: Getter, votes: Mapping[str, list]) -> dict[str, Any]:
    """All scores of one case, as JSON-ready data (empty when the model declares none)."""
    model = kb.scoring
    if not model.enabled:
        return {}
    dims = []
    for d in kb.dimensions:
        dims.append(_dimension(model, d.id, get, votes))
    weights = dict(model.weights)
    scored = [(weights.get(x["dimension"], 0.0), x["score"]) for x in dims
              if x["score"] is not None]
    total = sum(w for w, _ in scored)
    index = to_int(sum(w * s for w, s in scored) / total) if total else None
    out: dict[str, Any] = {
        "dimensions": dims,
        "readiness_index": index,
        "readiness_level": _level(model, index),
    }
    if model.change_parts:
        points, parts = _change_index(kb, get)
        out["change_index"] = points
        out["change_band"] = next((b for lo, b in model.change_bands if points >= lo), None)
        out["change_parts"] = parts
    if model.matrix and model.size_fact:
        size = get(model.size_fact)
        out["structural_risk"] = next((r for lvl, s, r in model.matrix
                                       if lvl == out["readiness_level"] and s == size), None)
    return out


def _level(model: Scoring, score: float | None) -> str | None:
    if score is None:
        return None
    return next((lvl for lo, lvl in model.levels if score >= lo), None)


def _dimension(model: Scoring, dim: str, get: Getter, votes: Mapping[str, list]) -> dict:
    applicable = answered = gained = 0.0
    items: list[dict[str, Any]] = []
    for item in model.items:
        if item.dimension != dim:
            continue
        if item.applies_if is not None and not lang.holds(item.applies_if, get):
            continue
        applicable += item.weight
        value = item_value(item, get, votes)
        if value is None:
            items.append({"item": item.id, "weight": item.weight, "value": None, "loss": None})
            continue
        answered += item.weight
        gained += item.weight * value
        items.append({"item": item.id, "weight": item.weight, "value": round(value, 4),
                      "loss": round((1 - value) * item.weight, 4)})
    score = to_int(100 * gained / answered) if answered else None
    coverage = round(answered / applicable, 4) if applicable else 0.0
    losses = sorted((x for x in items if x["loss"]), key=lambda x: -x["loss"])[:3]
    return {
        "dimension": dim,
        "score": score,
        "level": _level(model, score),
        "coverage": coverage,
        "low_confidence": coverage < model.low_coverage,
        "losses": [[x["item"], x["loss"]] for x in losses],
        "items": items,
    }


def _change_index(kb: KnowledgeBase, get: Getter) -> tuple[int, list]:
    """The index and its parts as [part number, points] (parts that scored nothing are left
    out)."""
    model = kb.scoring
    parts = []
    total = 0.0
    for i, part in enumerate(model.change_parts):
        pts = 0.0
        if part.when is not None:
            pts = part.when_points if lang.holds(part.when, get) else 0.0
        elif part.fact:
            answer = get(part.fact)
            if answer is not None:
                if part.points:
                    pts = dict(part.points).get(answer, 0.0)
                elif part.bands:
                    pts = _band(part.bands, answer) or 0.0
                elif part.per_choice:
                    skip = kb.facts[part.fact].exclusive
                    pts = part.per_choice * len([c for c in answer if c not in skip])
        if pts:
            parts.append([i, pts])
        total += pts
    return to_int(min(total, model.change_cap)), parts
