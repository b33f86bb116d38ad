"""Critical questions: when not knowing an answer is itself a finding.

A question may declare `critical:` (from when its answer is critical, why, and what to do).
For each, the loader adds three ordinary knowledge-base items, so explanations, lint, rule
tests and the graph treat them like any other:

- a flag `unverified.<fact>` ("Not verified: <label>");
- a recommendation `rec.verify.<fact>` (the declared action);
- a rule `VERIFY:<fact>`: when the question applies and is critical and its answer is
  unknown, set the flag (and any declared `raises`) and make the recommendation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .. import lang
from ..errors import did_you_mean
from ..i18n import t
from ..model import FactDef, Origin, Recommendation, Rule, Text
from .context import Context, Entry
from .rules import examples_of, set_value

PREFIX_FLAG, PREFIX_REC, PREFIX_RULE = "unverified.", "rec.verify.", "VERIFY:"


def _words(ctx: Context, key: str, fact: FactDef, **extra: str) -> Text:
    """A synthesized text in every language of the knowledge base, from the tool's words."""
    return Text.of({code: t(code, key).format(label=fact.label.get(code), **extra)
                    for code in ctx.langs})


def _critical(e: Entry) -> Any:
    """The entry's `critical:` block (derived facts have no question, so none)."""
    q = getattr(e.data, "question", None)
    return q.critical if q is not None else None


def _criticals(entries: list[Entry], facts: Mapping[str, FactDef]
               ) -> Iterator[tuple[Entry, Any, FactDef]]:
    """Each entry with a `critical:` block, the block and its (loaded) fact."""
    for e in entries:
        c = _critical(e)
        fact = facts.get(e.id)
        if c is not None and fact is not None:
            yield e, c, fact


def critical_flags(ctx: Context, entries: list[Entry],
                   facts: Mapping[str, FactDef]) -> dict[str, FactDef]:
    """The `unverified.<fact>` flags of every critical question."""
    out = {}
    for e, c, fact in _criticals(entries, facts):
        fid = PREFIX_FLAG + fact.id
        finding = ctx.text(e, ("question", "critical", "finding"), c.finding) if c.finding \
            else _words(ctx, "unverified_finding", fact)
        out[fid] = FactDef(fid, "flag", fact.dimension, _words(ctx, "unverified_label", fact),
                           derived=True, finding=finding, origin=fact.origin)
    return out


def critical_recommendations(ctx: Context, entries: list[Entry],
                             facts: Mapping[str, FactDef]) -> dict[str, Recommendation]:
    out = {}
    for e, c, fact in _criticals(entries, facts):
        rid = PREFIX_REC + fact.id
        out[rid] = Recommendation(rid, c.priority, fact.dimension,
                                  _words(ctx, "verify_title", fact),
                                  ctx.text(e, ("question", "critical", "action"), c.action),
                                  _words(ctx, "verify_owner", fact),
                                  _words(ctx, "verify_done", fact), origin=fact.origin)
    return out


def critical_rules(ctx: Context, entries: list[Entry], facts: Mapping[str, FactDef],
                   prio: tuple[str, ...], references: Mapping[str, Any]) -> tuple[Rule, ...]:
    out = []
    for e, c, fact in _criticals(entries, facts):
        if fact.question is None:
            continue
        if fact.question.critical_if is None:  # its condition had problems: reported
            continue
        if prio and c.priority not in prio:
            ctx.problems.append(e.problem(("question", "critical", "priority"),
                                          f"unknown priority '{c.priority}'",
                                          "priorities: " + ", ".join(prio)))
        unknown = lang.Leaf(fact.id, "is unknown", text=f"{fact.id} is unknown")
        when = lang.All((fact.question.critical_if, unknown))
        sets = [(PREFIX_FLAG + fact.id, True)]
        for target, level in (c.raises or {}).items():
            value = set_value(ctx, e, target, level, facts, ("question", "critical", "raises"))
            if value is not None:
                sets.append((target, value))
        refs = tuple(c.source) if isinstance(c.source, list) else ()
        for i, ref in enumerate(refs):
            if ref not in references:
                ctx.problems.append(e.problem(("question", "critical", "source", i),
                                              f"unknown reference '{ref}'",
                                              did_you_mean(ref, references)))
        refs = tuple(r for r in refs if r in references)
        m = e.doc.mark((*e.path, "question", "critical"))
        out.append(Rule(
            id=PREFIX_RULE + fact.id, title=_words(ctx, "unverified_label", fact),
            dimension=fact.dimension, when=when,
            when_text=f"{fact.id} is unknown while it is critical",
            clauses=lang.to_dnf(when), sets=tuple(sets),
            recommends=(PREFIX_REC + fact.id,),
            because=ctx.text(e, ("question", "critical", "because"), c.because),
            source="" if refs else str(c.source), references=refs,
            examples=examples_of(e, c.examples, "question", "critical"),
            origin=Origin(e.src.shown, m.line, m.col, e.layer, 100_000 + e.index)))
    return tuple(out)
