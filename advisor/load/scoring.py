"""The `scoring:` section: weighted score items per dimension, their level bands and the
readiness-index weights, checked against the declared facts and scales like any section."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import lang
from ..errors import did_you_mean
from ..model import Band, FactDef, Origin, ScoreItem, Scoring, Text
from .context import Context, Entry


def scoring_section(ctx: Context, entries: list[Entry], facts: Mapping[str, FactDef]) -> Scoring:
    """The scoring model of the top layer that declares one (empty when none does)."""
    if not entries:
        return Scoring()
    top = max(e.layer for e in entries)
    same = [e for e in entries if e.layer == top]
    for extra in same[1:]:
        ctx.problems.append(extra.doc.problem(("scoring",), "a second 'scoring:' section in "
                                                            "the same layer", key=True))
    e = same[0]
    d = e.data
    level_scale = ctx.scales.get(d.level_scale)
    if level_scale is None:
        ctx.problems.append(e.problem(("level_scale",), f"unknown scale '{d.level_scale}'",
                                      did_you_mean(d.level_scale, ctx.scales)))
    for i, band in enumerate(d.levels):
        if level_scale is not None and band.level not in level_scale.ids:
            ctx.problems.append(e.problem(("levels", i, "level"),
                                          f"'{band.level}' is not on the scale "
                                          f"'{d.level_scale}'",
                                          did_you_mean(band.level, level_scale.ids)))
    items: list[ScoreItem] = []
    for i, x in enumerate(d.items):
        item = _item(ctx, e, ("items", i), x, facts)
        if item is None:
            continue
        if any(old.id == item.id for old in items):
            ctx.problems.append(e.problem(("items", i), f"duplicate score item '{item.id}'"))
        items.append(item)
    dims = [x.id for x in ctx.dims]
    for dim in d.readiness_weights:
        if dim not in dims:
            ctx.problems.append(e.problem(("readiness_weights", dim), f"unknown dimension "
                                                                     f"'{dim}'",
                                          did_you_mean(dim, dims), key=True))
    return Scoring(
        items=tuple(items), level_scale=d.level_scale,
        levels=tuple(sorted(((b.min, b.level) for b in d.levels), reverse=True)),
        low_coverage=d.low_coverage,
        weights=tuple((k, v) for k, v in d.readiness_weights.items()))


def _values(ctx: Context, e: Entry, path: tuple[Any, ...], fid: str | None,
            table: Mapping[str, float] | None, facts: Mapping[str, FactDef]
            ) -> tuple[tuple[Any, float], ...]:
    """A value table (answer -> number), its keys typed by the one value parser."""
    if not fid:
        return ()
    fact = facts.get(fid)
    if fact is None:
        ctx.problems.append(e.problem((*path[:-1], "fact"), f"unknown fact '{fid}'",
                                      did_you_mean(fid, facts)))
        return ()
    out = []
    for key, number in (table or {}).items():
        try:
            out.append((lang.from_word(fact, key, bounded=False), number))
        except lang.ValueProblem as exc:
            ctx.problems.append(e.problem((*path, key), exc.message, exc.hint, key=True))
    return tuple(out)


def _item(ctx: Context, e: Entry, path: tuple[Any, ...], x: Any,
          facts: Mapping[str, FactDef]) -> ScoreItem | None:
    item_id = x.id or x.fact
    if not item_id:
        ctx.problems.append(e.problem(path, "a score item needs an id or a fact"))
        return None
    fact = facts.get(x.fact or "")
    values = _values(ctx, e, (*path, "values"), x.fact, x.values, facts)
    dim = x.dimension or (fact.dimension if fact else "")
    dims = [d.id for d in ctx.dims]
    if dim not in dims:
        ctx.problems.append(e.problem(path, f"score item '{item_id}' has no valid dimension",
                                      did_you_mean(dim or "", dims)))
    cases = tuple((ctx.condition(e, (*path, "cases", i, "when"), c.when, facts)
                   if c.when is not None else None, c.value)
                  for i, c in enumerate(x.cases or ()))
    applies = ctx.condition(e, (*path, "applies_if"), x.applies_if, facts) \
        if x.applies_if is not None else None
    linear = tuple(x.linear) if x.linear else None
    if linear is not None and len(linear) != 2:
        ctx.problems.append(e.problem((*path, "linear"), "linear needs [value scoring 0, "
                                                        "value scoring 1]"))
        linear = None
    label = ctx.text(e, (*path, "label"), x.label) if x.label else \
        (fact.label if fact else Text())
    if not label:
        ctx.problems.append(e.problem(path, f"score item '{item_id}' needs a label"))
    if not (x.fact or x.cases or x.set_by_rules):
        ctx.problems.append(e.problem(path, f"score item '{item_id}' has no way to get a value"))
    m = e.doc.mark((*e.path, *path))
    return ScoreItem(
        id=item_id, dimension=dim, weight=x.weight, label=label, fact=x.fact or "",
        values=values,
        bands=tuple(Band(b.upto, b.value) for b in x.bands or ()),
        linear=(linear[0], linear[1]) if linear is not None else None,
        share_of=tuple(x.share_of or ()), cases=cases, applies_if=applies,
        set_by_rules=x.set_by_rules, default=x.default,
        origin=Origin(e.src.shown, m.line, m.col, e.layer, path[1]))
