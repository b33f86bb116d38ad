"""The view's part of answer confidence: which conclusions a report marks "to verify" and
the answers it lists to verify first, in words. Selection only: the levels and what rests on
each answer come from reason/confidence.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import t
from ..model import KnowledgeBase
from ..model.assessment import Assessment
from ..reason import confidence
from .items import VerifyLine
from .words import colon, prompt_of, value_label

if TYPE_CHECKING:
    from .view import Report


def mark_to_verify(kb: KnowledgeBase, assessment: Assessment, report: Report,
                   lang: str) -> None:
    """Mark the key conclusions that rest on assumed answers, and list those answers."""
    support = confidence.unconfirmed_support(kb, assessment)
    for f in (*report.verdict, *report.findings, *report.flags):
        f.to_verify = f.fact in support
    for a in report.recommendations:
        a.to_verify = a.id in support
    for v in confidence.to_verify(kb, assessment):
        words = [_conclusion(kb, assessment, f, lang) for f in v.facts]
        words += [kb.recommendations[r].title.get(lang) for r in v.recommendations]
        report.to_verify.append(VerifyLine(
            prompt_of(kb, v.answer, lang),
            value_label(kb, v.answer, assessment.answers.get(v.answer), lang),
            t(lang, f"confidence_{v.level}"), words, kb.facts[v.answer].label.get(lang)))


def _conclusion(kb: KnowledgeBase, assessment: Assessment, fid: str, lang: str) -> str:
    """A key conclusion in words: a warning sign's finding, else "label: value"."""
    fact = kb.facts[fid]
    if fact.type == "flag" and fact.finding:
        return fact.finding.get(lang)
    return f"{fact.label.get(lang) or fid}{colon(lang)}" \
           f"{value_label(kb, fid, assessment.value(fid), lang)}"
