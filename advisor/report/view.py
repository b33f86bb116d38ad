"""What a report shows, in one language: selected and worded, but not yet laid out.

Every renderer (terminal, Markdown, HTML) reads a `Report`, so they all show the same things
in the same order. Nothing here infers: it picks conclusions out of an Assessment and looks
up their words in the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..i18n import t
from ..model import FactDef, KnowledgeBase
from ..model.assessment import Assessment, Conclusion
from ..reason.explain import provisional
from .brief import brief_of, references
from .confidence_marks import mark_to_verify
from .items import (
    Advice,
    Brief,
    BriefReason,
    DimensionScore,
    Finding,
    LowerSet,
    ProvisionalLine,
    Scores,
    TraceStep,
    VerifyLine,
)
from .verdict_lines import conflict, evidence, missing
from .words import (
    clean,
    colon,
    conclusion_text,
    paren,
    priority_severity,
    prompt_of,
    scale_label,
    severity,
    value_label,
)

if TYPE_CHECKING:
    from ..reason.levers import ChangeSet

__all__ = ["Advice", "Brief", "BriefReason", "DimensionScore", "Finding", "LowerSet",
           "ProvisionalLine", "Report", "Scores", "TraceStep", "VerifyLine", "build",
           "dimension_note"]


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
    first_questions: list[str] = field(default_factory=list)  # prompts, when too little known
    brief: Brief = field(default_factory=Brief)
    references: list[str] = field(default_factory=list)  # titles of the sources cited
    answer_sources: list[tuple[str, str, str]] = field(default_factory=list)  # prompt,
    # answer in words, where it came from (the user's note, cleaned): every answer with one
    trace: list[TraceStep] = field(default_factory=list)
    kb_id: str = ""
    has_findings: bool = True  # False: the knowledge base reports no findings beyond the
    has_recommendations: bool = True  # verdict / has no recommendations: no empty section
    own_words: dict[str, str] = field(default_factory=dict)  # the knowledge base's words for
    # the tool's (report title, headings), in this language
    to_verify: list[VerifyLine] = field(default_factory=list)  # assumed answers, those the
    # most key conclusions rest on first (reason/confidence.py)

    def word(self, key: str) -> str:
        """A word of the report: the knowledge base's own where it has one, else the tool's."""
        return self.own_words.get(key) or t(self.lang, key)

    @property
    def colon(self) -> str:
        """The label separator: a full-width colon in Chinese (any zh variant), ": " elsewhere;
        every renderer takes it from here."""
        return colon(self.lang)

    def source_note(self, note: str) -> str:
        """An answer's source note as the reports show it after the answer: " (Source: ...)",
        "（来源：...）"; `note` is already escaped for the format."""
        return self.paren(f"{self.word('answer_source')}{self.colon}{note}") if note else ""

    @property
    def semicolon(self) -> str:
        """Between the items of a list of clauses: a full-width semicolon in Chinese."""
        return "；" if self.lang.startswith("zh") else "; "

    def verify_mark(self, marked: bool) -> str:
        """The marker after a conclusion that rests on an assumed answer: " (to verify)",
        "（待核实）"; "" for any other."""
        return self.paren(self.word("verify_mark")) if marked else ""

    def paren(self, text: str) -> str:
        """A parenthetical: full-width brackets in Chinese, none of the space before."""
        return paren(self.lang, text)


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


def build(assessment: Assessment, kb: KnowledgeBase, lang: str,
          lower: list[ChangeSet] | None = None) -> Report:
    """Select and word everything a report shows; `lower` is the result of the search for
    changes that would lower the overall risk (None: it was not run)."""
    own = {key: text.get(lang) for key, text in kb.words.items() if text.get(lang)}
    report = Report(
        lang=lang, title=own.get("report_title") or t(lang, "report_title"),
        case=clean(assessment.case),
        kb_line=f"{kb.title.get(lang)} ({kb.id} {kb.version}, {kb.digest})",
        notes=clean(assessment.notes), own_words=own,
        has_recommendations=bool(kb.recommendations))
    dim_rank = {d.id: i for i, d in enumerate(kb.dimensions)}
    for fid in kb.verdict:
        c = assessment.derived.get(fid)
        report.verdict.append(_finding(kb, c, lang) if c is not None else
                              conflict(kb, assessment, fid, lang)
                              if fid in assessment.conflicts else
                              missing(kb, fid, lang, "cannot_assess", own))
    if assessment.evidence.get("key_questions"):
        report.verdict.append(evidence(assessment, lang))
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
    # a conflict is always a finding: it hides a conclusion the rules could not agree on
    report.findings += [conflict(kb, assessment, fid, lang) for fid in assessment.conflicts]
    report.findings += [missing(kb, fid, lang, "not_assessed")
                        for fid in _unassessed(kb, assessment)]
    report.has_findings = bool(report.findings) or any(
        f.derived and f.report and f.type != "flag" and f.id not in kb.verdict
        for f in kb.facts.values())
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
            rec.action.get(lang), dim.title.get(lang), because, list(a.rules),
            rec.owner.get(lang), rec.done_when.get(lang), len(report.recommendations) + 1))
    report.scores = _scores(assessment, kb, lang)
    report.kb_id = f"{kb.id} {kb.version}"
    report.texts = [(kb.facts[f].label.get(lang) or f, clean(str(v)))
                    for f, v in assessment.answers.items()
                    if f in kb.facts and kb.facts[f].type == "text" and str(v).strip()]
    for firing in assessment.fired:
        rule = kb.rule(firing.rule)
        report.trace.append(TraceStep(
            rule.id, rule.title.get(lang), kb.dimension(rule.dimension).title.get(lang),
            [(prompt_of(kb, f, lang) if not kb.facts[f].derived else
              kb.facts[f].label.get(lang), value_label(kb, f, v, lang),
              clean(assessment.answer_sources.get(f, "")))
             for f, v in firing.matched],
            conclusion_text(kb, rule, lang), rule.because.get(lang),
            "; ".join(kb.references[r].title.get(lang) for r in rule.references
                      if r in kb.references) or rule.source))
    pending = provisional(kb, assessment)
    # closest to a conclusion first: the fewest missing answers
    for p in sorted(pending.findings, key=lambda p: len(p.waiting_for)):
        report.provisional.append(ProvisionalLine(
            p.rule.id, p.rule.title.get(lang), conclusion_text(kb, p.rule, lang),
            [prompt_of(kb, f, lang) for f in p.waiting_for]))
    if pending.best_question:
        report.best_question = (prompt_of(kb, pending.best_question, lang), pending.settles)
    report.first_questions = _first_questions(kb, assessment, pending, lang)
    report.brief = brief_of(kb, assessment, report.recommendations, lang, lower)
    report.references = references(kb, assessment, lang)
    mark_to_verify(kb, assessment, report, lang)
    report.answer_sources = [
        (prompt_of(kb, f, lang), value_label(kb, f, assessment.answers.get(f), lang),
         clean(note)) for f, note in assessment.answer_sources.items() if f in kb.facts]
    for fid in assessment.dont_know:
        if fid in kb.facts:
            settles = [p.rule.title.get(lang) for p in pending.findings if fid in p.waiting_for]
            report.dont_know.append((fid, prompt_of(kb, fid, lang), settles))
    return report


def _unassessed(kb: KnowledgeBase, assessment: Assessment) -> list[str]:
    """Derived facts counted as "unknown" by a count fact (risk categories not assessed)."""
    out: list[str] = []
    for f in kb.derived_facts:
        if f.count_state == "unknown":
            out += [m for m in f.count_of if kb.facts[m].derived
                    and assessment.value(m) is None and m not in out]
    return out


def _first_questions(kb: KnowledgeBase, assessment: Assessment, pending: Any,
                     lang: str, limit: int = 8) -> list[str]:
    """When fewer than half the key questions are answered: the unanswered ones, those that
    would settle the most pending findings first."""
    ev = assessment.evidence
    if not ev.get("key_questions") or ev.get("key_answered", 0) * 2 >= ev["key_questions"]:
        return []
    order = {fid: i for i, fid in enumerate(kb.facts)}
    settles = {fid: sum(fid in p.waiting_for for p in pending.findings)
               for fid in ev.get("key_unanswered", ())}
    ranked = sorted(settles, key=lambda fid: (-settles[fid], order.get(fid, 0)))
    return [prompt_of(kb, fid, lang) for fid in ranked[:limit]]


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
        level = d["level"] or ""
        shown = scale_label(kb, model.level_scale, level, lang) if level else \
            t(lang, "insufficient_evidence" if d.get("status") == "insufficient"
              else "not_scored")
        capped = [kb.rule(r).title.get(lang) for r in d.get("capped_by", ()) if kb.has_rule(r)]
        dims.append(DimensionScore(
            d["dimension"], kb.dimension(d["dimension"]).title.get(lang), d["score"], level,
            shown, severity(level_fact, level) if level_fact and level else "fair",
            d["coverage"], d["low_confidence"],
            [(items[i].label.get(lang) if i in items else i, pts) for i, pts in d["losses"]],
            capped, d.get("status", "")))
    return Scores(dims, data.get("readiness_index"),
                  scale_label(kb, model.level_scale, data.get("readiness_level"), lang),
                  data.get("coverage", 0.0))


def dimension_note(report: Report, d: DimensionScore) -> str:
    """Why a dimension has its level: the knock-out that capped it, else its largest losses."""
    if d.capped_by:
        return f"{report.word('capped_by')}{report.colon}" + "; ".join(d.capped_by)
    return "; ".join(f"{label} −{pts:g}" for label, pts in d.losses)
