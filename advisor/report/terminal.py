"""The terminal report as rich renderables; the CLI's console prints them.

Layout uses grids whose text columns fold, so Chinese (which has no spaces to wrap at) wraps
inside its column instead of being cut off.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.segment import Segment, Segments
from rich.table import Table
from rich.text import Text

from .kinsoku import fix_lines
from .terminal_parts import (
    THEME,
    assumptions,
    columns,
    dont_know,
    findings,
    flags,
    heading,
    provisional,
    recommendations,
    trace,
)
from .view import Report, dimension_note
from .words import cap


def _verdict(report: Report, full: bool = True) -> Panel:
    """The case and its verdict, with the evidence it rests on; in the brief also the
    answers to verify first, by their labels (the full report lists them in a section)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="muted", no_wrap=True)
    grid.add_column(overflow="fold")
    for f in report.verdict:
        value = Text(f.value_label.upper() if f.kind == "level" else f.value_label,
                     style=f.severity)
        if f.assumed:
            value.append(f"  ({report.word('assumed')})", style="muted")
        if f.to_verify:
            value.append(report.verify_mark(True), style="fair")
        grid.add_row(Text(f"{f.label}{report.colon.strip()}",
                          style="muted" if f.kind == "text" else "heading"), value)
    if report.to_verify and not full:
        grid.add_row(Text(f"{report.word('to_verify_row')}{report.colon.strip()}",
                          style="fair"),
                     report.semicolon.join(f"{v.label or v.prompt}{report.colon}{v.answer}"
                                           for v in report.to_verify))
    title = f"{report.title}{report.colon}{report.case}" if report.case.strip() else report.title
    return Panel(grid, title=Text(title), title_align="left", expand=True)  # never markup


BRIEF_REASONS = 4  # on the terminal, so the brief fits 40 lines; files show all (up to 5)


def _reasons(report: Report, full: bool) -> list[RenderableType]:
    reasons = report.brief.reasons if full else report.brief.reasons[:BRIEF_REASONS]
    if not reasons:
        return []
    grid = columns(3, None)
    for i, r in enumerate(reasons, 1):
        line = Text(f"{r.label} {r.value_label}".strip() + report.colon, style=r.severity)
        line.append(r.text)
        grid.add_row("", f"{i}.", line)
    return [Text(report.word("why_verdict"), style="heading"), grid]  # right under the box


def _top_actions(report: Report) -> list[RenderableType]:
    actions = report.brief.actions
    if not actions:
        return []
    grid = columns(3, None)
    for r in actions:
        head = Text(f"[{r.priority_label}] ", style=r.severity)
        head.append(r.title, style="heading")
        if r.to_verify:
            head.append(report.verify_mark(True), style="fair")
        grid.add_row("", f"{r.number}.", head)
        who = [f"{cap(report.word(k))}{report.colon}{v}"
               for k, v in (("owner", r.owner), ("done_when", r.done_when)) if v]
        if who:  # one line in the brief: the full report has them whole
            grid.add_row("", "", Text(" · ".join(who), style="muted", no_wrap=True,
                                      overflow="ellipsis"))
    return [heading(report.word("top_actions")), grid]


def _lower(report: Report) -> list[RenderableType]:
    b = report.brief
    if not b.lower_searched:
        return []
    head = heading(report.word("what_lowers").format(what=b.lower_label, level=b.lower_from))
    if not b.lower:
        return [head, Text("  " + report.word("nothing_lowers"), style="muted")]
    grid = columns(2, None)
    for s in b.lower:
        changes = "; ".join(f"{what}{report.colon}{old} → {new}" for what, old, new in s.changes)
        grid.add_row("", "•", Text(changes + "  ") + Text(f"→ {s.after}", style="good"))
    return [head, grid]


def _to_verify(report: Report) -> list[RenderableType]:
    """The answers to verify first, each with the key conclusions resting on it; the intro
    is the legend of the "to verify" marks."""
    if not report.to_verify:
        return []
    grid = columns(3, None)
    for i, v in enumerate(report.to_verify, 1):
        line = Text(f"{v.prompt} → ")
        line.append(v.answer, style="heading")
        line.append(report.paren(v.level), style="fair")
        rests = Text(f"{cap(report.word('rests_on_it'))}{report.colon}", style="muted")
        rests.append(report.semicolon.join(v.conclusions) or report.word("no_key_conclusion"))
        grid.add_row("", f"{i}.", line)
        grid.add_row("", "", rests)
    intro = columns(None)  # in a column, so that the legend wraps indented
    intro.add_row("", Text(report.word("to_verify_intro"), style="muted"))
    return [heading(report.word("to_verify")), intro, grid]


def _footer(report: Report, generated: str | None, full: bool) -> Text:
    """The knowledge base (with its digest in the full report) and the time."""
    kb = report.kb_line if full else report.kb_id
    bits = [f"{report.word('knowledge_base')}{report.colon}{kb}"]
    if generated:
        bits.append(f"{report.word('generated')}{report.colon}{generated}")
    return Text("  ·  ".join(bits), style="muted")


def bar(score: int | None, width: int = 20) -> str:
    """A score as a bar of block characters (plain text, so it survives without colour)."""
    if score is None:
        return "·" * width
    filled = round(score * width / 100)
    return "█" * filled + "░" * (width - filled)


def _scores(report: Report, full: bool) -> list[RenderableType]:
    """One line per dimension (the brief); the full report adds why each has its level."""
    s = report.scores
    assert s is not None
    grid = columns(22, 10, 22, 6, None) if full else columns(38, 10, 22, None)
    for d in s.dimensions:
        shown = "—" if d.score is None else f"{d.score:>3}"
        cells = [Text(bar(d.score, 10), style=d.severity),
                 Text(f"{shown} {d.level_label}", style=d.severity),
                 Text(f"{d.coverage:.0%} {report.word('evidenced')}", style="muted")]
        if full:
            cells.append(Text(dimension_note(report, d), style="muted"))
        grid.add_row("", d.title, *cells)
    summary = Text("  ")
    summary.append(f"{report.word('readiness_index')}{report.colon}", style="muted")
    summary.append("—" if s.readiness_index is None else
                   f"{s.readiness_index}{report.paren(s.readiness_label)}")
    summary.append(f"   {report.word('evidence')}{report.colon}", style="muted")
    summary.append(f"{s.coverage:.0%}")
    return [heading(report.word("scores")), grid, summary]


def _first_questions(report: Report) -> list[RenderableType]:
    if not report.first_questions:
        return []
    grid = columns(3, None)
    for i, prompt in enumerate(report.first_questions, 1):
        grid.add_row("", f"{i}.", prompt)
    return [heading(report.word("first_questions")),
            Text("  " + report.word("first_questions_intro"), style="muted"), grid]


def render(report: Report, generated: str | None = None, full: bool = True) -> RenderableType:
    """The brief (verdict, reasons, first questions, top actions, what would lower the
    verdict, readiness per dimension), then with `full` the rest of the report; the
    knowledge base and `generated` (the one line that changes between runs) in a footer."""
    parts: list[RenderableType] = [_verdict(report, full), *_reasons(report, full),
                                   *_first_questions(report), *_top_actions(report),
                                   *_lower(report), *(_to_verify(report) if full else [])]
    if report.scores is not None:
        parts += _scores(report, full)
    if not full:
        return Group(*parts, _footer(report, generated, full))
    parts += findings(report)
    parts += flags(report)
    parts += recommendations(report)
    parts += assumptions(report)
    parts += provisional(report)
    parts += dont_know(report)
    if report.notes or report.texts:
        notes = columns(None)
        if report.notes:
            notes.add_row("", report.notes)
        for label, text in report.texts:
            notes.add_row("", Text.assemble((f"{label}{report.colon}", "muted"), text))
        parts += [heading(report.word("notes")), notes]
    return Group(*parts, Text(""), _footer(report, generated, full))


def to_text(report: Report, generated: str | None = None, width: int = 100) -> str:
    """The report as plain text at a fixed width, without colour, with the reasoning-trace
    appendix (for files handed on, and golden tests)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, theme=THEME, no_color=True, highlight=False,
                      color_system=None, emoji=False, legacy_windows=False)
    print_report(console, Group(render(report, generated), *trace(report)), report.lang)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def print_report(console: Console, renderable: RenderableType, lang: str) -> None:
    """Print a report; Chinese gets its line-start punctuation fixed (kinsoku.py)."""
    if not lang.startswith("zh"):
        console.print(renderable)
        return
    out: list[Segment] = []
    for line in fix_lines(console.render_lines(renderable, pad=False)):
        out += [*line, Segment.line()]
    console.print(Segments(out), end="")
