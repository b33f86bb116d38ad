"""The verdict lines that are not a concluded value: a verdict not determined (or a risk
category not assessed), a choice two rules disagree on, and the line saying how much of the
verdict rests on answers. Each is said in words, never shown as a level."""

from __future__ import annotations

from ..i18n import t
from ..model import KnowledgeBase
from ..model.assessment import Assessment
from .items import Finding
from .words import value_label


def missing(kb: KnowledgeBase, fid: str, lang: str, key: str,
             own: dict[str, str] | None = None) -> Finding:
    """A verdict or risk category that has no value: said so in words, never as a level."""
    fact = kb.facts[fid]
    dim = kb.dimension(fact.dimension) if fact.dimension else None
    words = own or {}
    because = f"{key}_because"
    return Finding(fid, fact.label.get(lang) or fid, None, words.get(key) or t(lang, key),
                   fact.dimension, dim.title.get(lang) if dim else "", "fair",
                   words.get(because) or t(lang, because), [], kind="missing")


def conflict(kb: KnowledgeBase, assessment: Assessment, fid: str, lang: str) -> Finding:
    """A choice fact two rules set to different values: both values, and which rule gave
    which (the fact itself stays unknown, docs/rule-language.md)."""
    fact = kb.facts[fid]
    dim = kb.dimension(fact.dimension) if fact.dimension else None
    props = [p for p in assessment.conflicts[fid] if kb.has_rule(p.rule)]
    values = list(dict.fromkeys(value_label(kb, fid, p.value, lang) for p in props))
    zh = lang.startswith("zh")
    rules = ("；" if zh else "; ").join(
        t(lang, "conflict_rule").format(rule=kb.rule(p.rule).title.get(lang),
                                        value=value_label(kb, fid, p.value, lang))
        for p in props)
    return Finding(fid, fact.label.get(lang) or fid, None,
                   t(lang, "conflicting").format(values=" / ".join(values)), fact.dimension,
                   dim.title.get(lang) if dim else "", "bad",
                   t(lang, "conflict_because").format(rules=rules), [p.rule for p in props],
                   kind="conflict")


def evidence(assessment: Assessment, lang: str) -> Finding:
    """How much of the verdict rests on answers: the key questions and the scored evidence."""
    ev = assessment.evidence
    shown = t(lang, "evidence_value").format(
        answered=ev.get("key_answered", 0), total=ev.get("key_questions", 0),
        coverage=assessment.scores.get("coverage", ev.get("coverage", 0.0)) or 0.0)
    return Finding("evidence", t(lang, "evidence_label"), None, shown, "", "", "muted", "", [],
                   kind="text")
