"""What a report shows, in one language: selected and worded, but not yet laid out.

Every renderer (terminal, Markdown, HTML) reads a `Report`, so they all show the same things
in the same order. Nothing here infers: it picks conclusions out of an Assessment and looks
up their words in the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .assessment import Assessment, Conclusion
from .i18n import t
from .model import FactDef, KnowledgeBase


@dataclass
class Finding:
    fact: str
    label: str
    value: Any
    value_label: str
    dimension: str
    dimension_title: str
    severity: str  # good | fair | bad | worst: a style name, from the value's place on its scale
    because: str
    rules: list[str]
    assumed: bool = False
    kind: str = "level"


@dataclass
class Advice:
    id: str
    priority: str
    priority_label: str
    severity: str
    title: str
    action: str
    dimension_title: str
    because: str
    rules: list[str]


@dataclass
class Report:
    lang: str
    title: str
    case: str
    kb_line: str
    verdict: list[Finding] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    flags: list[Finding] = field(default_factory=list)
    recommendations: list[Advice] = field(default_factory=list)
    assumptions: list[Finding] = field(default_factory=list)
    dont_know: list[tuple[str, str]] = field(default_factory=list)
    notes: str = ""

    def word(self, key: str) -> str:
        return t(self.lang, key)


def severity(fact: FactDef, value: Any) -> str:
    """good/fair/bad/worst from a level's place on its scale (worse = where the merge goes)."""
    if fact.type == "flag":
        return "bad"
    ids = fact.choice_ids
    if fact.type != "level" or value not in ids or len(ids) < 2:
        return "fair"
    rank = ids.index(value)
    badness = rank / (len(ids) - 1)
    if fact.merge == "lowest":
        badness = 1 - badness
    if badness >= 0.99:
        return "worst" if len(ids) > 3 else "bad"
    if badness >= 0.6:
        return "bad"
    if badness <= 0.01:
        return "good"
    return "fair"


def value_label(kb: KnowledgeBase, fact_id: str, value: Any, lang: str) -> str:
    """An answer or conclusion in words."""
    fact = kb.facts.get(fact_id)
    if value is None:
        return t(lang, "unknown")
    if isinstance(value, bool):
        return t(lang, "yes" if value else "no")
    if fact is None:
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(fact.choice_label(v, lang) for v in value) or t(lang, "none")
    if fact.type in ("choice", "level"):
        return fact.choice_label(value, lang)
    if fact.type == "number":
        unit = fact.unit.get(lang)
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        return f"{shown} {unit}".strip() if unit not in ("%",) else f"{shown}%"
    return str(value)


def _because(kb: KnowledgeBase, conclusion: Conclusion, fact: FactDef, lang: str) -> str:
    if conclusion.assumed:
        return fact.default_because.get(lang) or t(lang, "assumed")
    for p in conclusion.supports:
        if p.rule in kb.strata and not p.rule.startswith(("default:", "count:")):
            return kb.rule(p.rule).because.get(lang)
    return ""


def _finding(kb: KnowledgeBase, c: Conclusion, lang: str) -> Finding:
    fact = kb.facts[c.fact]
    dim = kb.dimension(fact.dimension) if fact.dimension else None
    rules = [p.rule for p in c.supports if not p.rule.startswith(("default:", "count:"))]
    shown = fact.finding.get(lang) if fact.type == "flag" and fact.finding else \
        value_label(kb, c.fact, c.value, lang)
    return Finding(c.fact, fact.label.get(lang) or c.fact, c.value, shown,
                   fact.dimension, dim.title.get(lang) if dim else "", severity(fact, c.value),
                   _because(kb, c, fact, lang), rules, c.assumed, fact.type)


def build(assessment: Assessment, kb: KnowledgeBase, lang: str) -> Report:
    """Select and word everything a report shows."""
    report = Report(
        lang=lang, title=t(lang, "report_title"), case=assessment.case,
        kb_line=f"{kb.title.get(lang)} ({kb.id} {kb.version}, {kb.digest})",
        notes=assessment.notes)
    dim_rank = {d.id: i for i, d in enumerate(kb.dimensions)}
    for fid in kb.verdict:
        c = assessment.derived.get(fid)
        if c is not None:
            report.verdict.append(_finding(kb, c, lang))
    for fid, c in assessment.derived.items():
        fact = kb.facts[fid]
        if fid in kb.verdict or not fact.report:
            continue
        f = _finding(kb, c, lang)
        if c.assumed:
            report.assumptions.append(f)
        elif fact.type == "flag":
            report.flags.append(f)
        else:
            report.findings.append(f)
    for group in (report.findings, report.flags, report.assumptions):
        group.sort(key=lambda f: dim_rank.get(f.dimension, 99))
    prio = kb.priorities
    for a in assessment.recommendations:
        rec = kb.recommendations[a.id]
        dim = kb.dimension(rec.dimension)
        because = kb.rule(a.rules[0]).because.get(lang) if a.rules else ""
        report.recommendations.append(Advice(
            a.id, a.priority, prio.label(a.priority, lang),
            _priority_severity(prio.ids, a.priority), rec.title.get(lang),
            rec.action.get(lang), dim.title.get(lang), because, list(a.rules)))
    for fid in assessment.dont_know:
        fact = kb.facts.get(fid)
        if fact is not None:
            prompt = fact.question.prompt.get(lang) if fact.question else fact.label.get(lang)
            report.dont_know.append((fid, prompt))
    return report


def _priority_severity(ids: tuple[str, ...], priority: str) -> str:
    if priority not in ids or len(ids) < 2:
        return "fair"
    badness = ids.index(priority) / (len(ids) - 1)
    return "worst" if badness >= 0.99 else "bad" if badness >= 0.6 else \
        "fair" if badness > 0.01 else "good"
