"""The recommendations and rules sections: every reference checked, every condition typed
and brought into normal form once, here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import lang
from ..errors import did_you_mean
from ..model import (
    PLACEHOLDER,
    Example,
    FactDef,
    Origin,
    Recommendation,
    Reference,
    Rule,
    Scale,
    Scoring,
    Text,
)
from .context import Context, Entry


def recommendations_section(ctx: Context, entries: list[Entry],
                            prio: Scale) -> dict[str, Recommendation]:
    out = {}
    for e in entries:
        d = e.data
        if prio.values and d.priority not in prio.ids:
            ctx.problems.append(e.problem(("priority",), f"unknown priority '{d.priority}'",
                                          did_you_mean(d.priority, prio.ids)
                                          or "priorities: " + ", ".join(prio.ids)))
        out[d.id] = Recommendation(d.id, d.priority, ctx.dimension_of(e, d.dimension),
                                   ctx.text(e, ("title",), d.title),
                                   ctx.text(e, ("action",), d.action),
                                   ctx.text(e, ("owner",), d.owner),
                                   ctx.text(e, ("done_when",), d.done_when), e.origin())
    return out


def rules_section(ctx: Context, entries: list[Entry], facts: Mapping[str, FactDef],
                  recs: Mapping[str, Recommendation], scoring: Scoring,
                  references: Mapping[str, Reference]) -> tuple[Rule, ...]:
    settable = {i.id for i in scoring.items if i.set_by_rules}
    scale = ctx.scales.get(scoring.level_scale)
    levels = scale.ids if scale is not None else ()
    return tuple(_rule(ctx, e, facts, recs, settable, levels, references) for e in entries)


def _rule(ctx: Context, e: Entry, facts: Mapping[str, FactDef],
          recs: Mapping[str, Recommendation], settable: set[str], levels: tuple[str, ...],
          references: Mapping[str, Reference]) -> Rule:
    d = e.data
    when = ctx.condition(e, ("when",), d.when, facts) or lang.All(())
    try:
        clauses = lang.to_dnf(when)
    except lang.TooManyClauses as exc:
        ctx.problems.append(e.problem(("when",), str(exc), "split it into several rules"))
        clauses = ()
    sets = [(fid, v) for fid, raw in (d.then.set or {}).items()
            if (v := set_value(ctx, e, fid, raw, facts)) is not None]
    caps = _caps(ctx, e, d.then.cap or {}, levels)
    refs = references_of(ctx, e, d.source, references)
    for i, rid in enumerate(d.then.recommend or ()):
        if rid not in recs:
            ctx.problems.append(e.problem(("then", "recommend", i),
                                          f"unknown recommendation '{rid}'",
                                          did_you_mean(rid, recs)))
    scores = []
    for item, value in (d.then.score or {}).items():
        path = ("then", "score", item)
        if item not in settable:
            ctx.problems.append(e.problem(path, f"'{item}' is not a score item that rules can "
                                                "set", did_you_mean(item, settable)
                                          or "declare it in scoring: items with "
                                             "set_by_rules: true", key=True))
        elif not 0 <= value <= 1:
            ctx.problems.append(e.problem(path, "a score value must be between 0 and 1"))
        else:
            scores.append((item, float(value)))
    if not (d.then.set or d.then.recommend or d.then.score or d.then.cap):
        ctx.problems.append(e.problem(("then",), "the rule concludes nothing",
                                      "add set: or recommend:"))
    return Rule(id=d.id, title=ctx.text(e, ("title",), d.title),
                dimension=ctx.dimension_of(e, d.dimension), when=when,
                when_text=source_text(d.when), clauses=clauses, sets=tuple(sets),
                recommends=tuple(dict.fromkeys(d.then.recommend or ())),
                scores=tuple(scores), caps=caps, because=ctx.text(e, ("because",), d.because),
                reason=reason_of(ctx, e, d.reason, facts),
                source="" if refs else str(d.source).strip(), references=refs,
                salience=d.salience, examples=examples_of(e, d.examples), origin=e.origin())


def _caps(ctx: Context, e: Entry, data: Mapping[str, str],
          levels: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Readiness caps: each names a dimension and a level of the score levels' scale."""
    dims = [x.id for x in ctx.dims]
    out = []
    for dim, level in data.items():
        path = ("then", "cap", dim)
        if dim not in dims:
            ctx.problems.append(e.problem(path, f"unknown dimension '{dim}'",
                                          did_you_mean(dim, dims), key=True))
        elif level not in levels:
            ctx.problems.append(e.problem(path, f"'{level}' is not a readiness level",
                                          did_you_mean(level, levels)
                                          or "levels: " + ", ".join(levels)))
        else:
            out.append((dim, level))
    return tuple(out)


def references_of(ctx: Context, e: Entry, source: str | list[str],
                references: Mapping[str, Reference]) -> tuple[str, ...]:
    """The reference ids a rule's source names (a free-text source names none)."""
    if isinstance(source, str):
        return ()
    for i, ref in enumerate(source):
        if ref not in references:
            ctx.problems.append(e.problem(("source", i), f"unknown reference '{ref}'",
                                          did_you_mean(ref, references)))
    return tuple(r for r in source if r in references)


def reason_of(ctx: Context, e: Entry, data: Mapping[str, str] | None,
            facts: Mapping[str, FactDef]) -> Text:
    """The reason template: every {fact.id} must name a declared fact."""
    text = ctx.text(e, ("reason",), data)
    for code, template in text.values:
        for name in PLACEHOLDER.findall(template):
            if name not in facts:
                ctx.problems.append(e.problem(("reason", code), f"the reason names "
                                                                f"'{{{name}}}', which is not "
                                                                "a fact",
                                              did_you_mean(name, facts)))
    return text


def set_value(ctx: Context, e: Entry, fid: str, value: Any, facts: Mapping[str, FactDef],
              base: tuple[str, ...] = ("then", "set"), at: tuple[Any, ...] = ()) -> Any:
    """A value for a derived fact (`then: set:`, or the cell at `at` of a table row), typed
    by the one value parser (None after a problem, which is reported)."""
    path = at or (*base, fid)
    f = facts.get(fid)
    if f is None:
        ctx.problems.append(e.problem(path, f"unknown fact '{fid}'", did_you_mean(fid, facts),
                                      key=True))
        return None
    if not f.derived:
        ctx.problems.append(e.problem(path, f"'{fid}' is an input fact; rules can only set "
                                            "derived facts", key=True))
        return None
    if f.type == "count":
        ctx.problems.append(e.problem(path, f"'{fid}' is a count, computed from other facts; "
                                            "rules cannot set it", key=True))
        return None
    if f.type == "flag" and value is not True:
        ctx.problems.append(e.problem(path, f"'{fid}' is a flag; it can only be set to yes"))
        return None
    try:
        return lang.coerce(f, value, e.doc.raw((*e.path, *path)))
    except lang.ValueProblem as exc:
        ctx.problems.append(e.problem(path, exc.message, exc.hint))
        return None


def source_text(data: Any) -> str:
    """A condition as written, on one line, for docs and explanations."""
    if isinstance(data, str):
        return " ".join(data.split())
    if isinstance(data, Mapping):
        key, body = next(iter(data.items()))
        if key == "not":
            return f"not ({source_text(body)})"
        joiner = f" {'and' if key == 'all' else 'or'} "
        return "(" + joiner.join(source_text(b) for b in body) + ")"
    return str(data)


def examples_of(e: Entry, examples: Sequence[Any], *at: str | int) -> tuple[Example, ...]:
    """A rule's examples (or a critical question's, under `at`), each located in its file."""
    out = []
    for i, x in enumerate(examples):
        m = e.doc.mark((*e.path, *at, "examples", i))
        out.append(Example(x.given, x.expect, x.fires, x.name or "",
                           Origin(e.src.shown, m.line, m.col, e.layer, i)))
    return tuple(out)
