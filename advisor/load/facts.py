"""The facts sections: input facts with their questions, and derived facts.

Facts come out in a canonical order (inputs before derived facts, then by dimension, layer,
file and position), so every later list of facts is the same whatever order files load in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .. import lang
from ..errors import did_you_mean
from ..model import FactDef, Question
from .context import Context, Entry


def facts_section(ctx: Context, entries: list[Entry]) -> dict[str, FactDef]:
    """Every declared fact, checked, with question conditions typed once all are known."""
    staged = [(e, _fact(ctx, e)) for e in entries]
    dim_rank = {d.id: i for i, d in enumerate(ctx.dims)}
    staged.sort(key=lambda p: (p[1].derived, dim_rank.get(p[1].dimension, 99),
                               p[0].layer, p[0].src.rel, p[0].index))
    facts = {f.id: f for _, f in staged}
    for e, f in staged:  # conditions can only be typed once every fact is known
        q = e.data.question if not f.derived else None
        if f.question is None or q is None:
            continue
        ask = ctx.condition(e, ("question", "ask_if"), q.ask_if, facts) \
            if q.ask_if is not None else None
        critical = ctx.condition(e, ("question", "critical", "when"), q.critical.when, facts) \
            if q.critical is not None else None
        if critical is not None and ask is not None:
            critical = lang.All((ask, critical))
        facts[f.id] = replace(f, question=replace(f.question, ask_if=ask,
                                                  critical_if=critical))
    for e, f in staged:
        if f.derived:
            facts[f.id] = _check_derived(ctx, e, f)
    for e, f in staged:  # counts last: every level fact now has its scale's values
        if f.type == "count":
            _check_count(ctx, e, facts[f.id], facts)
    return facts


def _fact(ctx: Context, e: Entry) -> FactDef:
    d = e.data
    derived = e.path[0] == "derived"
    common: dict[str, Any] = {
        "id": d.id, "type": d.type, "dimension": ctx.dimension_of(e, d.dimension),
        "derived": derived, "choices": ctx.choices(e, d.choices, ("choices",)),
        "origin": e.origin(),
    }
    label = ctx.text(e, ("label",), d.label)
    if derived:
        return FactDef(label=label, scale=d.scale or "", merge=d.merge, default=d.default,
                       on_conflict=d.on_conflict or "report",
                       precedence=tuple(d.precedence or ()),
                       default_because=ctx.text(e, ("default_because",), d.default_because),
                       count_of=tuple(d.count_of or ()), count_value=d.count_value or "",
                       count_state=d.count_state or "",
                       finding=ctx.text(e, ("finding",), d.finding), report=d.report,
                       **common)
    choice_ids = {c.id for c in common["choices"]}
    if d.type in ("choice", "level", "multi") and not choice_ids:
        ctx.problems.append(e.problem(("type",), f"a {d.type} fact needs choices:"))
    for x in d.exclusive:
        if x not in choice_ids:
            ctx.problems.append(e.problem(("exclusive",), f"'{x}' is not one of its choices"))
    if d.min is not None and d.max is not None and d.min > d.max:
        ctx.problems.append(e.problem(("min",), "min is greater than max"))
    question = None
    if d.question is not None:
        q = d.question
        question = Question(prompt=ctx.text(e, ("question", "prompt"), q.prompt),
                            help=ctx.text(e, ("question", "help"), q.help),
                            core=q.core, followup=q.followup, origin=e.origin())
        label = label or question.prompt
    fact = FactDef(label=label, exclusive=tuple(d.exclusive),
                   unit=ctx.text(e, ("unit",), d.unit), min=d.min, max=d.max,
                   integer=d.integer, question=question, lever=d.lever,
                   renamed_from=d.renamed_from or "",
                   renamed_values=tuple((d.renamed_values or {}).items()), **common)
    for old, new in fact.renamed_values:
        if new not in choice_ids:
            ctx.problems.append(e.problem(("renamed_values", old), f"'{new}' is not one of its "
                                                                   "choices",
                                          did_you_mean(new, choice_ids)))
    return _ordered(ctx, e, fact)


def _ordered(ctx: Context, e: Entry, fact: FactDef) -> FactDef:
    """The declared order of answers, typed (yes/no become booleans)."""
    order = e.data.order
    if order is None:
        return fact
    if isinstance(order, str):
        if fact.type != "number":
            ctx.problems.append(e.problem(("order",), f"'{order}' orders numbers; '{fact.id}' "
                                                      f"is {fact.type}",
                                          "list its answers from best to worst instead"))
            return fact
        return replace(fact, direction="higher" if order == "higher_is_better" else "lower")
    if fact.type not in ("bool", "choice", "level"):
        ctx.problems.append(e.problem(("order",), f"only yes/no and choice answers can be "
                                                  f"ordered; '{fact.id}' is {fact.type}"))
        return fact
    typed = []
    for i, word in enumerate(order):
        try:
            typed.append(lang.from_word(fact, word))
        except lang.ValueProblem as exc:
            ctx.problems.append(e.problem(("order", i), exc.message, exc.hint))
    if len(set(typed)) != len(typed):
        ctx.problems.append(e.problem(("order",), "an answer is listed twice"))
    return replace(fact, order=tuple(typed))


def _check_derived(ctx: Context, e: Entry, f: FactDef) -> FactDef:
    """A derived fact with its scale's values, its default and count fields checked."""
    if f.type == "level":
        scale = ctx.scales.get(f.scale)
        if scale is None:
            ctx.problems.append(e.problem(
                ("scale",) if f.scale else (),
                f"unknown scale '{f.scale}'" if f.scale else "a level fact needs scale:",
                did_you_mean(f.scale, ctx.scales)))
            return f
        f = replace(f, choices=scale.values)
    if f.type == "choice" and not f.choices:
        ctx.problems.append(e.problem((), "a derived choice fact needs choices:"))
    if (e.data.on_conflict or e.data.precedence is not None) and f.type != "choice":
        key = "on_conflict" if e.data.on_conflict else "precedence"
        ctx.problems.append(e.problem((key,), f"{key} only applies to choice facts; "
                                              f"'{f.id}' is {f.type}"))
    elif (f.on_conflict == "precedence") != (e.data.precedence is not None):
        ctx.problems.append(e.problem(
            ("precedence",) if f.precedence else ("on_conflict",) if e.data.on_conflict else (),
            "precedence: needs on_conflict: precedence" if e.data.precedence is not None
            else "on_conflict: precedence needs precedence: (every choice, the winner first)"))
    elif f.precedence and sorted(f.precedence) != sorted(f.choice_ids):
        missing = [c for c in f.choice_ids if c not in f.precedence]
        extra = [c for c in f.precedence if c not in f.choice_ids]
        what = f"'{extra[0]}' is not one of its choices" if extra else \
            "a value is listed twice" if not missing else \
            "the precedence must list every choice; missing: " + ", ".join(missing)
        ctx.problems.append(e.problem(("precedence",), what,
                                      did_you_mean(extra[0], f.choice_ids) if extra else ""))
    if f.default is not None:
        ok = (f.type == "flag" and f.default is True) or (
            f.type in ("level", "choice") and f.default in f.choice_ids)
        if not ok:
            ctx.problems.append(e.problem(("default",), f"'{f.default}' is not a valid value "
                                                        f"of '{f.id}'",
                                          did_you_mean(str(f.default), f.choice_ids)))
    if f.type != "count" and (f.count_of or f.count_value or f.count_state):
        ctx.problems.append(e.problem((), "count_of/count_value/count_state only apply to "
                                          "count facts"))
    return f


def _check_count(ctx: Context, e: Entry, f: FactDef, facts: Mapping[str, FactDef]) -> None:
    if not f.count_of or bool(f.count_value) == bool(f.count_state):
        ctx.problems.append(e.problem((), "a count fact needs count_of: and one of "
                                          "count_value: or count_state:"))
    for i, member in enumerate(f.count_of):
        m = facts.get(member)
        if m is None:
            ctx.problems.append(e.problem(("count_of", i), f"unknown fact '{member}'",
                                          did_you_mean(member, facts)))
        elif f.count_state:
            continue  # known/unknown can be counted for any fact
        elif m.type not in ("choice", "level"):
            ctx.problems.append(e.problem(("count_of", i), f"a count counts choice or level "
                                                           f"facts; '{member}' is {m.type}"))
        elif f.count_value not in m.choice_ids:
            missing = [x for x in f.count_of if x in facts and
                       f.count_value not in facts[x].choice_ids]
            if member != missing[0]:
                continue  # one message for the value, naming every fact that lacks it
            names = ", ".join(f"'{x}'" for x in missing)
            ctx.problems.append(e.problem(("count_value",), f"'{f.count_value}' is not a "
                                                            f"value of {names}",
                                          did_you_mean(f.count_value, m.choice_ids)))
