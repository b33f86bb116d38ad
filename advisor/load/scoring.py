"""The `scoring:` section of a knowledge base: weighted score items, the change-size index
and the structural-risk matrix, checked against the declared facts and scales.

`ScoringSection` is part of the loader's builder (`kb._Builder`): it uses the builder's
problem list, texts and condition parser, so every problem is located like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import did_you_mean
from ..model import Band, FactDef, IndexPart, Origin, ScoreItem, Scoring, Text

if TYPE_CHECKING:
    from .builder import _Entry


class ScoringSection:
    """Reads the scoring section (mixed into the knowledge-base builder)."""

    def _scoring(self, facts: Mapping[str, FactDef]) -> Scoring:
        if not self.scoring:
            return Scoring()
        top = max(e.layer for e in self.scoring)
        same = [e for e in self.scoring if e.layer == top]
        for extra in same[1:]:
            self.problems.append(extra.doc.problem(("scoring",), "a second 'scoring:' section "
                                                                 "in the same layer", key=True))
        e = same[0]
        d = e.data
        dims = [x.id for x in self.dims]
        level_scale = self.scales.get(d.level_scale)
        if level_scale is None:
            self.problems.append(e.doc.problem(("scoring", "level_scale"),
                                               f"unknown scale '{d.level_scale}'",
                                               did_you_mean(d.level_scale, self.scales)))
        for i, band in enumerate(d.levels):
            if level_scale is not None and band.level not in level_scale.ids:
                self.problems.append(e.doc.problem(("scoring", "levels", i, "level"),
                                                   f"'{band.level}' is not on the scale "
                                                   f"'{d.level_scale}'",
                                                   did_you_mean(band.level, level_scale.ids)))
        items = []
        seen: set[str] = set()
        for i, x in enumerate(d.items):
            item = self._score_item(e, ("items", i), x, facts, dims)
            if item is None:
                continue
            if item.id in seen:
                self.problems.append(e.doc.problem(("scoring", "items", i),
                                                   f"duplicate score item '{item.id}'"))
            seen.add(item.id)
            items.append(item)
        for dim in d.readiness_weights:
            if dim not in dims:
                self.problems.append(e.doc.problem(("scoring", "readiness_weights", dim),
                                                   f"unknown dimension '{dim}'",
                                                   did_you_mean(dim, dims), key=True))
        parts: list[IndexPart] = []
        change_bands: tuple[tuple[float, str], ...] = ()
        cap = 100.0
        if d.change_index is not None:
            for i, part in enumerate(d.change_index.parts):
                path = ("change_index", "parts", i)
                when = self._condition(e, (*path, "when"), part.when, facts) \
                    if part.when is not None else None
                if part.fact:
                    self._score_fact(e, (*path, "fact"), part.fact, facts, part.points)
                label = self._text(e, (*path, "label"), part.label) if part.label else \
                    facts[part.fact].label if part.fact in facts else Text()
                parts.append(IndexPart(
                    label, part.fact or "",
                    tuple((self._key(facts, part.fact, k), v)
                          for k, v in (part.points or {}).items()),
                    tuple(Band(b.upto, b.points or 0.0) for b in part.bands or ()),
                    part.per_choice or 0.0, when, part.when_points or 0.0))
            cap = d.change_index.cap
            change_bands = tuple(sorted(((b.min, b.band) for b in d.change_index.bands),
                                        reverse=True))
        matrix = tuple((lvl, size, risk) for lvl, row in (d.matrix or {}).items()
                       for size, risk in row.items())
        if d.size_fact and d.size_fact not in facts:
            self.problems.append(e.doc.problem(("scoring", "size_fact"),
                                               f"unknown fact '{d.size_fact}'",
                                               did_you_mean(d.size_fact, facts)))
        return Scoring(
            items=tuple(items), level_scale=d.level_scale,
            levels=tuple(sorted(((b.min, b.level) for b in d.levels), reverse=True)),
            low_coverage=d.low_coverage,
            weights=tuple((k, v) for k, v in d.readiness_weights.items()),
            change_parts=tuple(parts), change_cap=cap, change_bands=change_bands,
            size_fact=d.size_fact or "", risk_scale=d.risk_scale or "", matrix=matrix)

    def _key(self, facts: Mapping[str, FactDef], fid: str | None, key: str) -> Any:
        """A value-map key typed for its fact (yes/no become booleans for yes/no facts)."""
        fact = facts.get(fid or "")
        if fact is not None and fact.type in ("bool", "flag"):
            return key.lower() in ("yes", "true")
        return key

    def _score_fact(self, e: _Entry, path: tuple, fid: str, facts: Mapping[str, FactDef],
                    values: Mapping[str, float] | None) -> None:
        fact = facts.get(fid)
        if fact is None:
            self.problems.append(e.doc.problem(("scoring", *path), f"unknown fact '{fid}'",
                                               did_you_mean(fid, facts)))
            return
        for key in values or {}:
            ok = key.lower() in ("yes", "no", "true", "false") if fact.type in (
                "bool", "flag") else key in fact.choice_ids
            if not ok:
                self.problems.append(e.doc.problem(
                    ("scoring", *path[:-1], "values" if "items" in path else "points", key),
                    f"'{key}' is not a value of '{fid}'", did_you_mean(key, fact.choice_ids),
                    key=True))

    def _score_item(self, e: _Entry, path: tuple, x: Any, facts: Mapping[str, FactDef],
                    dims: list[str]) -> ScoreItem | None:
        item_id = x.id or x.fact
        if not item_id:
            self.problems.append(e.doc.problem(("scoring", *path), "a score item needs an id "
                                                                   "or a fact"))
            return None
        fact = facts.get(x.fact or "")
        if x.fact:
            self._score_fact(e, (*path, "fact"), x.fact, facts, x.values)
        dim = x.dimension or (fact.dimension if fact else "")
        if dim not in dims:
            self.problems.append(e.doc.problem(("scoring", *path),
                                               f"score item '{item_id}' has no valid dimension",
                                               did_you_mean(dim or "", dims)))
        cases = tuple(
            (self._condition(e, (*path, "cases", i, "when"), c.when, facts)
             if c.when is not None else None, c.value)
            for i, c in enumerate(x.cases or ()))
        applies = self._condition(e, (*path, "applies_if"), x.applies_if, facts) \
            if x.applies_if is not None else None
        linear = tuple(x.linear) if x.linear else None
        if linear is not None and len(linear) != 2:
            self.problems.append(e.doc.problem(("scoring", *path, "linear"),
                                               "linear needs [value scoring 0, value scoring 1]"))
            linear = None
        label = self._text(e, (*path, "label"), x.label) if x.label else \
            (fact.label if fact else Text())
        if not label:
            self.problems.append(e.doc.problem(("scoring", *path), f"score item '{item_id}' "
                                                                   "needs a label"))
        if not (x.fact or x.cases or x.set_by_rules):
            self.problems.append(e.doc.problem(("scoring", *path), f"score item '{item_id}' "
                                                                   "has no way to get a value"))
        return ScoreItem(
            id=item_id, dimension=dim, weight=x.weight, label=label, fact=x.fact or "",
            values=tuple((self._key(facts, x.fact, k), v) for k, v in (x.values or {}).items()),
            bands=tuple(Band(b.upto, b.value if b.value is not None else 0.0)
                        for b in x.bands or ()),
            linear=linear, share_of=tuple(x.share_of or ()), cases=cases,
            applies_if=applies, set_by_rules=x.set_by_rules, default=x.default,
            origin=Origin(e.src.shown, e.doc.mark(("scoring", *path)).line,
                          e.doc.mark(("scoring", *path)).col, e.layer, path[1]))
