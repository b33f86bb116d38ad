"""What the interview shows between prompts: the opening, section headers, each question
with its help, the echo of an answer, "why do you ask?" and the review, as rich renderables.

Texts are indented blocks broken into lines by `wrap.Para` (at spaces, and between Chinese
characters by the Chinese rules), so a wrapped line keeps its hanging indent.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule as HRule
from rich.table import Table
from rich.text import Text

from ..i18n import t
from ..interview.flow import DONT_KNOW, ReviewRow
from ..interview.planner import Overview, Progress, Reason
from ..model import FactDef, KnowledgeBase
from .words import colon, paren, prompt_of, value_label
from .wrap import Para

SECONDS_PER_QUESTION = 20  # what a person takes for one question, help read (docs/interview)


def words(kb: KnowledgeBase, fid: str, value: object, lang: str) -> str:
    """An answer in words as the interview offered it ("Yes", not the report's "yes")."""
    if value == DONT_KNOW:
        return t(lang, "dont_know_option")
    if isinstance(value, bool):
        return t(lang, "yes_option" if value else "no_option")
    return value_label(kb, fid, value, lang)


def _minutes(questions: int) -> int:
    return max(1, round(questions * SECONDS_PER_QUESTION / 60))


def _indented(*texts: Text, indent: int = 2) -> RenderableType:
    return Padding(Group(*(Para(x) for x in texts)), (0, 0, 0, indent))


def _bullets(items: list[tuple[str, Text]], indent: int = 2) -> RenderableType:
    """A list whose wrapped lines hang under their text, not under the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for mark, text in items:
        grid.add_row(mark, Para(text))
    return Padding(grid, (0, 0, 0, indent))


def opening(kb: KnowledgeBase, overview: Overview, lang: str) -> RenderableType:
    sections = [(f"{i}.", Text.assemble(kb.dimension(d).title.get(lang),
                                        (paren(lang, t(lang, "questions_n").format(n=n))
                                         if n else "", "muted")))
                for i, (d, n) in enumerate(overview.sections, 1)]
    parts: list[RenderableType] = [
        Text(""), HRule(t(lang, "opening_title"), style="heading"),
        _indented(Text(t(lang, "opening_covers").format(n=len(sections)))),
        _bullets(sections, indent=4),
        _indented(Text(t(lang, "opening_length" if overview.quick else
                         "opening_length_full").format(
            full=overview.full, full_min=_minutes(overview.full), quick=overview.quick,
            quick_min=_minutes(overview.quick)))),
    ]
    if overview.answered:
        parts.append(_indented(Text(t(lang, "opening_resumed").format(n=overview.answered))))
    parts.append(_indented(Text(t(lang, "opening_keys"), style="muted")))
    return Group(*parts)


def section(kb: KnowledgeBase, progress: Progress, questions: int, lang: str) -> RenderableType:
    dim = kb.dimension(progress.dimension)
    title = t(lang, "section_of").format(n=progress.section, total=progress.sections)
    lines = [Text(dim.description.get(lang), style="muted")] if dim.description.get(lang) \
        else []
    if questions:
        lines.append(Text(t(lang, "section_count").format(n=questions), style="muted"))
    return Group(Text(""), HRule(f"{title} · {dim.title.get(lang)}", style="heading"),
                 _indented(*lines))


def question(kb: KnowledgeBase, fact: FactDef, progress: Progress, lang: str) -> RenderableType:
    if progress.editing:
        line = Text(t(lang, "editing"), style="muted")
    else:
        line = Text(t(lang, "question_progress").format(n=progress.number,
                                                          left=progress.remaining),
                    style="muted")
        if progress.added:
            line.append(" " + t(lang, "followups_added").format(n=progress.added),
                        style="muted")
    texts = [Text(prompt_of(kb, fact.id, lang), style="bold")]
    if fact.question and fact.question.help:
        texts.append(Text(fact.question.help.get(lang), style="help"))
    return Group(Text(""), line, _indented(*texts))


def answer(kb: KnowledgeBase, fact: FactDef, value: object, lang: str,
           unsure: bool = False) -> RenderableType:
    """The one-line echo every kind of question leaves once answered; "(not sure)" after an
    answer marked so."""
    text = Text(words(kb, fact.id, value, lang), style="good")
    if unsure:
        text.append(paren(lang, t(lang, "not_sure")), style="fair")
    return _bullets([("→", text)])


def unsure(on: bool, lang: str) -> RenderableType:
    """What Ctrl-U did: the answer is now marked "not sure", or no longer."""
    return _indented(Text(t(lang, "unsure_on" if on else "unsure_off"), style="fair"))


def why(kb: KnowledgeBase, fact: FactDef, reasons: list[Reason], lang: str) -> RenderableType:
    if not reasons:
        return _indented(Text(t(lang, "why_none"), style="muted"))
    items: list[tuple[str, Text]] = []
    for r in reasons:
        text = Text(r.rule.title.get(lang), style="heading")  # no rule id: client words
        could = [f"{kb.facts[f].label.get(lang)}{colon(lang)}{value_label(kb, f, v, lang)}"
                 for f, v in r.concludes if kb.facts[f].report]
        could += [kb.recommendations[x].title.get(lang) for x in r.recommends]
        if could:
            text.append(f"\n{t(lang, 'could_conclude')}{colon(lang)}"
                        + ("；" if lang.startswith("zh") else "; ").join(could))
        text.append(f"\n{r.rule.because.get(lang)}", style="muted")
        items.append(("•", text))
    return Group(_indented(Text(t(lang, "why_intro"), style="heading")), _bullets(items, 4))


def review(kb: KnowledgeBase, rows: list[ReviewRow], lang: str) -> RenderableType:
    """Every answer, numbered and grouped by section; the questions not asked are counted
    per section (the list below the table offers them, under the same numbers)."""
    table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(ratio=3)
    table.add_column(ratio=2)
    by_section: dict[str, list[tuple[int, ReviewRow]]] = {}
    for number, row in enumerate(rows, 1):
        by_section.setdefault(row.fact.dimension, []).append((number, row))
    for dim in kb.dimensions:
        numbered = by_section.get(dim.id, [])
        if not numbered:
            continue
        title = Text(dim.title.get(lang), style="heading")
        if any(r.skipped_section for _, r in numbered):
            title.append(f" ({t(lang, 'skipped_section')})", style="muted")
        table.add_row("", title, "")
        unasked = 0
        for number, row in numbered:
            if not row.asked:
                unasked += 1
                continue
            shown = Text(t(lang, "dont_know_option"), style="muted") if row.dont_know else \
                Text(words(kb, row.fact.id, row.value, lang))
            if row.unsure:
                shown.append(paren(lang, t(lang, "not_sure")), style="fair")
            table.add_row(f"{number}.", Para(prompt_of(kb, row.fact.id, lang)), Para(shown))
        if unasked:
            table.add_row("", Para(t(lang, "review_unasked").format(n=unasked), "muted"), "")
    return Group(Text(""), HRule(t(lang, "review_title"), style="heading"), table)
