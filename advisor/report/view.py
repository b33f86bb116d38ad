"""What a report shows, in one language: selected and worded, but not yet laid out.

Every renderer (terminal, Markdown, HTML) reads a `Report`, so they all show the same things
in the same order. Nothing here infers: it picks conclusions out of an Assessment and looks
up their words in the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..assessment import Assessment, Conclusion
from ..i18n import t
from ..model import FactDef, KnowledgeBase
from ..reason.explain import provisional
from .words import (
    conclusion_text,
    priority_severity,
    prompt_of,
    scale_label,
    severity,
    value_label,
)


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
class ProvisionalLine:
    rule: str
    title: str
    concludes: str
    waiting_for: list[str]  # the prompts of the unanswered questions


@dataclass
class TraceStep:
    """One rule firing, for the reasoning-trace appendix."""

    rule: str
    title: str
    dimension_title: str
    matched: list[tuple[str, str]]  # (question or fact label, the value it had)
    concluded: str  # what the rule concluded, in words
    because: str
    source: str


@dataclass
class DimensionScore:
    dimension: str
    title: str
    score: int | None
    level: str
    level_label: str
    severity: str
    coverage: float
    low_confidence: bool
    losses: list[tuple[str, float]]  # (item label, points lost), largest first


@dataclass
class Scores:
    dimensions: list[DimensionScore]
    readiness_index: int | None
    readiness_label: str
    change_index: int | None
    change_band_label: str
    change_parts: list[tuple[str, float]]
    size_label: str  # the rule-derived size the matrix reads
    structural_risk_label: str
    structural_severity: str


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
    dont_know: list[tuple[str, str, list[str]]] = field(default_factory=list)  # fact, prompt,
    # the titles of the rules its answer could have settled
    notes: str = ""
    texts: list[tuple[str, str]] = field(default_factory=list)  # free-text answers: label, text
    scores: Scores | None = None
    provisional: list[ProvisionalLine] = field(default_factory=list)
    best_question: tuple[str, int] | None = None  # (prompt, how many it would settle)
    trace: list[TraceStep] = field(default_factory=list)
    kb_id: str = ""

    def word(self, key: str) -> str:
        return t(self.lang, key)

    @property
    def colon(self) -> str:
        """The label separator: a full-width colon in Chinese."""
        return "：" if self.lang == "zh" else ": "


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
            priority_severity(prio.ids, a.priority), rec.title.get(lang),
            rec.action.get(lang), dim.title.get(lang), because, list(a.rules)))
    report.scores = _scores(assessment, kb, lang)
    report.kb_id = f"{kb.id} {kb.version}"
    report.texts = [(kb.facts[f].label.get(lang) or f, str(v))
                    for f, v in assessment.answers.items()
                    if f in kb.facts and kb.facts[f].type == "text" and str(v).strip()]
    for firing in assessment.fired:
        rule = kb.rule(firing.rule)
        report.trace.append(TraceStep(
            rule.id, rule.title.get(lang), kb.dimension(rule.dimension).title.get(lang),
            [(prompt_of(kb, f, lang) if not kb.facts[f].derived else
              kb.facts[f].label.get(lang), value_label(kb, f, v, lang))
             for f, v in firing.matched],
            conclusion_text(kb, rule, lang), rule.because.get(lang), rule.source))
    pending = provisional(kb, assessment)
    # closest to a conclusion first: the fewest missing answers
    for p in sorted(pending.findings, key=lambda p: len(p.waiting_for)):
        report.provisional.append(ProvisionalLine(
            p.rule.id, p.rule.title.get(lang), conclusion_text(kb, p.rule, lang),
            [prompt_of(kb, f, lang) for f in p.waiting_for]))
    if pending.best_question:
        report.best_question = (prompt_of(kb, pending.best_question, lang), pending.settles)
    for fid in assessment.dont_know:
        if fid in kb.facts:
            settles = [p.rule.title.get(lang) for p in pending.findings if fid in p.waiting_for]
            report.dont_know.append((fid, prompt_of(kb, fid, lang), settles))
    return report


def _scores(assessment: Assessment, kb: KnowledgeBase, lang: str) -> Scores | None:
    data = assessment.scores
    model = kb.scoring
    if not data:
        return None
    items = {i.id: i for i in model.items}
    level_fact = FactDef("", "level", "", kb.title, choices=kb.scales[model.level_scale].values,
                         merge="lowest") if model.level_scale in kb.scales else None
    dims = []
    for d in data["dimensions"]:
        dims.append(DimensionScore(
            d["dimension"], kb.dimension(d["dimension"]).title.get(lang), d["score"],
            d["level"] or "", scale_label(kb, model.level_scale, d["level"], lang),
            severity(level_fact, d["level"]) if level_fact and d["level"] else "fair",
            d["coverage"], d["low_confidence"],
            [(items[i].label.get(lang) if i in items else i, pts) for i, pts in d["losses"]]))
    risk_fact = kb.facts.get(model.size_fact)
    structural = data.get("structural_risk")
    risk_scale = kb.scales.get(model.risk_scale)
    struct_sev = "fair"
    if risk_scale and structural:
        struct_sev = severity(FactDef("", "level", "", kb.title, choices=risk_scale.values),
                              structural)
    return Scores(
        dims, data.get("readiness_index"),
        scale_label(kb, model.level_scale, data.get("readiness_level"), lang),
        data.get("change_index"),
        scale_label(kb, risk_fact.scale if risk_fact else "", data.get("change_band"), lang),
        [(model.change_parts[i].label.get(lang), pts) for i, pts in data.get("change_parts", [])],
        value_label(kb, model.size_fact, assessment.value(model.size_fact), lang)
        if model.size_fact else "",
        scale_label(kb, model.risk_scale, structural, lang), struct_sev)
