"""Conclusions and answers in words: labels, severities and short texts the renderers show.

Every function looks words up in the knowledge base or the tool's own vocabulary; none
infers anything.
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n import t
from ..model import PLACEHOLDER, FactDef, KnowledgeBase, Rule

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
        return list_sep(lang).join(fact.choice_label(v, lang) for v in value) or t(lang, "none")
    if fact.type in ("choice", "level"):
        return fact.choice_label(value, lang)
    if fact.type == "number":
        unit = fact.unit.get(lang)
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        if unit == "%" or lang == "zh":  # Chinese writes no space before a unit: 5个月
            return f"{shown}{unit}"
        return f"{shown} {unit}".strip()
    return str(value)


def colon(lang: str) -> str:
    """The label separator: a full-width colon in Chinese (any zh variant), ": " elsewhere."""
    return "：" if lang.startswith("zh") else ": "


def paren(lang: str, text: str) -> str:
    """A parenthetical: full-width brackets in Chinese, none of the space before."""
    return f"（{text}）" if lang.startswith("zh") else f" ({text})"


def list_sep(lang: str) -> str:
    """How the items of a list are joined: 、 in Chinese."""
    return "、" if lang == "zh" else ", "


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


def reason_text(kb: KnowledgeBase, rule: Rule, value_of: Any, lang: str) -> str:
    """A rule's reason template filled with this case's values in words.

    "" when the rule has no reason in this language, or when a value it names is unknown
    (a reason is the case's own facts; "unknown" is none). Choice labels lose their capital
    inside an English sentence, and a unit the template already writes is not doubled
    ("{plan.contingency_budget_pct}% reserve" with "3%" gives "3% reserve").
    """
    template = rule.reason.get(lang) if rule.reason.has(lang) else ""
    if not template:
        return ""
    out, end = [], 0
    for m in PLACEHOLDER.finditer(template):
        fid = m.group(1)
        out.append(template[end:m.start()])
        end = m.end()
        if fid not in kb.facts:
            out.append(m.group(0))
            continue
        value = value_of(fid)
        if value is None:
            return ""
        shown = value_label(kb, fid, value, lang)
        fact = kb.facts[fid]
        unit = "%" if shown.endswith("%") else fact.unit.get(lang)
        rest = template[end:]
        if fact.type == "number" and unit and shown.endswith(unit) and \
                rest.lstrip(" ").startswith(unit):
            shown = shown[: -len(unit)].rstrip()
        if lang == "en" and fact.type in ("choice", "multi"):
            shown = list_sep(lang).join(_lowered(x) for x in shown.split(list_sep(lang)))
        out.append(shown)
    out.append(template[end:])
    return "".join(out)


def _lowered(label: str) -> str:
    """A choice label inside an English sentence: no capital, unless it is an acronym."""
    return label[0].lower() + label[1:] if label[:1].isupper() and not label[1:2].isupper() \
        else label


def cap(text: str) -> str:
    """First letter upper-case, for words used as headings (a no-op in Chinese)."""
    return text[:1].upper() + text[1:]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Text a user typed, safe to show anywhere: control characters (terminal escape
    sequences, bells, carriage returns) removed; newlines and tabs kept."""
    return _CONTROL.sub("", text)
