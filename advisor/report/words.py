"""Conclusions and answers in words: labels, severities and short texts the renderers show.

Every function looks words up in the knowledge base or the tool's own vocabulary; none
infers anything.
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n import t
from ..model import FactDef, KnowledgeBase, Rule

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|(?<=[。!?])")


def first_sentence(text: str) -> str:
    """The first sentence of a text (the one-line "because" of compact reports)."""
    parts = _SENTENCE_END.split(text.strip(), maxsplit=1)
    return parts[0].strip() if parts else text


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


def prompt_of(kb: KnowledgeBase, fid: str, lang: str) -> str:
    fact = kb.facts[fid]
    return fact.question.prompt.get(lang) if fact.question else fact.label.get(lang)


def conclusion_text(kb: KnowledgeBase, rule: Rule, lang: str) -> str:
    """What a rule concludes, in words: "Technical risk: high; Pilot first"."""
    parts = [f"{kb.facts[f].label.get(lang)}: {value_label(kb, f, v, lang)}"
             for f, v in rule.sets]
    parts += [kb.recommendations[r].title.get(lang) for r in rule.recommends]
    return "; ".join(parts)


def priority_severity(ids: tuple[str, ...], priority: str) -> str:
    if priority not in ids or len(ids) < 2:
        return "fair"
    badness = ids.index(priority) / (len(ids) - 1)
    return "worst" if badness >= 0.99 else "bad" if badness >= 0.6 else \
        "fair" if badness > 0.01 else "good"


def scale_label(kb: KnowledgeBase, scale: str, value: Any, lang: str) -> str:
    if value is None:
        return t(lang, "unknown")
    s = kb.scales.get(scale)
    return s.label(value, lang) if s else str(value)
