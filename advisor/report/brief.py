"""The brief: why the verdict (reasons in the case's own answers), the first actions, and
what would lower it. Selection only: the lever search ran before (reason/levers.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import FactDef, KnowledgeBase
from ..model.assessment import Assessment, Conclusion
from ..reason.levers import verdict_level
from .items import Advice, Brief, BriefReason, LowerSet
from .words import reason_text, severity, value_label

if TYPE_CHECKING:
    from ..reason.levers import ChangeSet

REASONS, ACTIONS = 5, 5  # the brief's reasons and top actions, at most


def brief_of(kb: KnowledgeBase, a: Assessment, advice: list[Advice], lang: str,
             lower: list[ChangeSet] | None) -> Brief:
    """The brief of an assessment; `advice` is the report's worded recommendations."""
    brief = Brief(reasons=_reasons(kb, a, lang), actions=advice[:ACTIONS])
    target = verdict_level(kb)  # "lower" means something only for a level on a scale
    if lower is not None and target is not None:
        brief.lower_searched = True
        label = kb.facts[target].label.get(lang)
        brief.lower_label = label[:1].lower() + label[1:] if lang == "en" else label
        brief.lower_from = value_label(kb, target, a.value(target), lang)
        brief.lower = [LowerSet([(kb.facts[f].label.get(lang) or f,
                                  value_label(kb, f, old, lang), value_label(kb, f, new, lang))
                                 for f, old, new in cs.changes],
                                value_label(kb, cs.target, cs.after, lang)) for cs in lower]
    return brief


def _reasons(kb: KnowledgeBase, a: Assessment, lang: str) -> list[BriefReason]:
    """Why the verdict: the worst risk categories first, each with the reason of a rule that
    put it there, filled with this case's answers; then reported findings, then the rules
    behind the verdict itself. At most one reason per rule and per text."""
    out: list[BriefReason] = []
    seen: set[str] = set()

    def add(fid: str, c: Conclusion, limit_per_fact: int) -> None:
        fact = kb.facts[fid]
        taken = 0
        for p in c.supports:
            if len(out) >= REASONS or taken >= limit_per_fact:
                return
            if p.value != c.value or not kb.has_rule(p.rule) or p.rule in seen:
                continue
            rule = kb.rule(p.rule)
            # a rule with no reason template still says what it found, in its title
            text = reason_text(kb, rule, a.value, lang) if rule.reason.has(lang) else \
                rule.title.get(lang)
            if not text or text in {r.text for r in out}:
                continue
            seen.add(p.rule)
            taken += 1
            shown = "" if fact.type == "flag" else value_label(kb, fid, c.value, lang)
            out.append(BriefReason(fact.label.get(lang) or fid, shown, severity(fact, c.value),
                                   text, p.rule))

    scale = kb.scales.get(kb.facts[kb.verdict[0]].scale) if kb.verdict else None
    categories = [f for f in kb.derived_facts if scale is not None and f.scale == scale.id
                  and f.id not in kb.verdict and f.id in a.derived and f.report]

    def rank(f: FactDef) -> int:
        value = a.derived[f.id].value
        return scale.ids.index(value) if scale is not None and value in scale.ids else -1

    ranked = sorted(categories, key=rank, reverse=True)  # stable: knowledge-base order in ties
    worst = [f for f in ranked if severity(f, a.derived[f.id].value) in ("bad", "worst")]
    flags = [(fid, c) for fid, c in a.derived.items()
             if kb.facts[fid].type == "flag" and kb.facts[fid].report and c.value is True]
    verdict = [(fid, a.derived[fid]) for fid in kb.verdict if fid in a.derived]
    for limit in (1, 2):
        for f in worst:
            add(f.id, a.derived[f.id], limit)
    # with no bad category, the verdict's own reasons come before any finding
    for fid, c in (flags + verdict if worst else verdict + flags):
        add(fid, c, 1)
    for f in ranked:
        add(f.id, a.derived[f.id], 1)
    return out


def references(kb: KnowledgeBase, a: Assessment, lang: str) -> list[str]:
    """The titles of the references the fired rules rest on, in knowledge-base order."""
    cited = {ref for f in a.fired if kb.has_rule(f.rule) for ref in kb.rule(f.rule).references}
    out = []
    for rid, ref in kb.references.items():
        if rid in cited:
            extra = ", ".join(x for x in (ref.publisher, str(ref.year or "")) if x)
            out.append(ref.title.get(lang) + (f" — {extra}" if extra else ""))
    return out
