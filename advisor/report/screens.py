"""What the interview shows between prompts: section headers, help, "why do you ask?" and
the review of all answers, as rich renderables."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.rule import Rule as HRule
from rich.table import Table
from rich.text import Text

from ..i18n import t
from ..interview.planner import Progress, Reason
from ..model import FactDef, KnowledgeBase
from .words import value_label


def section(kb: KnowledgeBase, progress: Progress, lang: str) -> RenderableType:
    dim = kb.dimension(progress.dimension)
    title = t(lang, "section_of").format(n=progress.section, total=progress.sections)
    return Group(Text(""), HRule(f"{title} · {dim.title.get(lang)}", style="heading"),
                 Text(dim.description.get(lang), style="muted"))


def question(kb: KnowledgeBase, fact: FactDef, progress: Progress, lang: str) -> RenderableType:
    line = Text(t(lang, "question_progress").format(n=progress.number,
                                                      left=progress.remaining), style="muted")
    if progress.added:
        line.append(" " + t(lang, "followups_added").format(n=progress.added), style="muted")
    parts: list[RenderableType] = [Text(""), line]
    if fact.question and fact.question.help:
        parts.append(Text(fact.question.help.get(lang), style="help"))
    return Group(*parts)


def why(kb: KnowledgeBase, fact: FactDef, reasons: list[Reason], lang: str) -> RenderableType:
    if not reasons:
        return Text(t(lang, "why_none"), style="muted")
    parts: list[RenderableType] = [Text(t(lang, "why_intro"), style="heading")]
    for r in reasons:
        parts.append(Text.assemble("  • ", (r.rule.title.get(lang), "heading"), " ",
                                   (f"({r.rule.id})", "rule.id")))
        could = [f"{kb.facts[f].label.get(lang)}: {value_label(kb, f, v, lang)}"
                 for f, v in r.concludes if kb.facts[f].report]
        could += [kb.recommendations[x].title.get(lang) for x in r.recommends]
        if could:
            parts.append(Text(f"    {t(lang, 'could_conclude')}: " + "; ".join(could)))
        parts.append(Text(f"    {r.rule.because.get(lang)}", style="muted"))
    return Group(*parts)


def review(kb: KnowledgeBase, rows: list[tuple[FactDef, Any, bool]], lang: str) -> RenderableType:
    table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
    table.add_column(ratio=3)
    table.add_column(ratio=2)
    current = None
    for fact, value, dont_know in rows:
        if fact.dimension != current:
            current = fact.dimension
            table.add_row(Text(kb.dimension(current).title.get(lang), style="heading"), "")
        prompt = fact.question.prompt.get(lang) if fact.question else fact.label.get(lang)
        shown = Text(t(lang, "dont_know_option"), style="muted") if dont_know else \
            Text(value_label(kb, fact.id, value, lang))
        table.add_row(Text("  " + prompt), shown)
    return Group(Text(""), HRule(t(lang, "review_title"), style="heading"), table)
