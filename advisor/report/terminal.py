"""The terminal report as rich renderables; the CLI's console prints them.

Layout uses grids whose text columns fold, so Chinese (which has no spaces to wrap at) wraps
inside its column instead of being cut off.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from .view import Report, dimension_note
from .words import first_sentence

THEME = Theme({
    "good": "green",
    "fair": "yellow",
    "bad": "red",
    "worst": "bold red",
    "muted": "dim",
    "heading": "bold",
    "help": "italic",
    "rule.id": "cyan",
})


SHOWN = 8  # provisional findings listed in the terminal (all are in the other formats)


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="heading")


def _rules(ids: list[str]) -> Text:
    return Text(f"({', '.join(ids)})", style="rule.id") if ids else Text("")


def _grid(*widths: int | None, indent: int = 2) -> Table:
    """A borderless table; None makes the column take the rest and fold long text."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=max(indent - 1, 0))
    for w in widths:
        if w is None:
            grid.add_column(ratio=1, overflow="fold")
        else:
            grid.add_column(width=w, overflow="fold")
    return grid


def _because(text: str, rules: list[str]) -> Text:
    out = Text(first_sentence(text) + " ")
    out.append_text(_rules(rules))
    return out


def _verdict(report: Report, generated: str | None) -> Panel:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="muted", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(f"{report.word('case')}{report.colon.strip()}", report.case)
    grid.add_row(f"{report.word('knowledge_base')}{report.colon.strip()}", report.kb_line)
    if generated:
        grid.add_row(f"{report.word('generated')}{report.colon.strip()}", generated)
    for f in report.verdict:
        value = Text(f.value_label.upper() if f.kind == "level" else f.value_label,
                     style=f.severity)
        if f.assumed:
            value.append(f"  ({report.word('assumed')})", style="muted")
        grid.add_row(Text(f"{f.label}{report.colon.strip()}", style="heading"), value)
    return Panel(grid, title=report.title, title_align="left", expand=True)


def bar(score: int | None, width: int = 20) -> str:
    """A score as a bar of block characters (plain text, so it survives without colour)."""
    if score is None:
        return "·" * width
    filled = round(score * width / 100)
    return "█" * filled + "░" * (width - filled)


def _scores(report: Report) -> list[RenderableType]:
    s = report.scores
    assert s is not None
    grid = _grid(22, 10, 22, 6, None)
    for d in s.dimensions:
        shown = "—" if d.score is None else f"{d.score:>3}"
        grid.add_row("", d.title, Text(bar(d.score, 10), style=d.severity),
                     Text(f"{shown} {d.level_label}", style=d.severity),
                     Text(f"{d.coverage:.0%}", style="muted"),
                     Text(dimension_note(report, d), style="muted"))
    summary = Text("  ")
    summary.append(f"{report.word('readiness_index')}{report.colon}", style="muted")
    summary.append("—" if s.readiness_index is None else
                   f"{s.readiness_index} ({s.readiness_label})")
    summary.append(f"   {report.word('evidence')}{report.colon}", style="muted")
    summary.append(f"{s.coverage:.0%}")
    return [_heading(report.word("scores")), grid, summary]


def _findings(report: Report) -> list[RenderableType]:
    parts: list[RenderableType] = [_heading(report.word("findings"))]
    if not report.findings:
        return [*parts, Text("  " + report.word("no_findings"), style="muted")]
    grid = _grid(24, 12, None)
    current = None
    for f in report.findings:
        if f.dimension != current:
            current = f.dimension
            grid.add_row("", Text(f.dimension_title, style="muted"), "", "")
        grid.add_row("", f"  {f.label}", Text(f.value_label, style=f.severity),
                     _because(f.because, f.rules))
    return [*parts, grid]


def _flags(report: Report) -> list[RenderableType]:
    if not report.flags:
        return []
    grid = _grid(2, None)
    for f in report.flags:
        line = Text(f"{f.label}{report.colon}", style="bad")
        line.append_text(_because(f.value_label, f.rules))
        grid.add_row("", "•", line)
    return [_heading(report.word("flags")), grid]


def _recommendations(report: Report) -> list[RenderableType]:
    parts: list[RenderableType] = [_heading(report.word("recommendations"))]
    if not report.recommendations:
        return [*parts, Text("  " + report.word("no_recommendations"), style="muted")]
    grid = _grid(2, None)  # one grid for all: a table per item is slow to lay out
    for r in report.recommendations:
        head = Text(f"[{r.priority_label}] ", style=r.severity)
        head.append(r.title, style="heading")
        head.append(f"  · {r.dimension_title}", style="muted")
        grid.add_row("", "•", head)
        grid.add_row("", "", Text(r.action))
        why = Text(f"{report.word('because')}{report.colon}", style="muted")
        why.append_text(_because(r.because, r.rules))
        grid.add_row("", "", why)
    return [*parts, grid]


def _assumptions(report: Report) -> list[RenderableType]:
    if not report.assumptions:
        return []
    grid = _grid(24, 12, None)
    for f in report.assumptions:
        grid.add_row("", f.label, Text(f.value_label, style="fair"),
                     Text(f"{report.word('assumed')}. {f.because}", style="muted"))
    return [_heading(report.word("assumptions")), grid]


def _dont_know(report: Report) -> list[RenderableType]:
    if not report.dont_know:
        return []
    grid = _grid(2, None)
    for _fid, prompt, settles in report.dont_know:
        line = Text(prompt)
        if settles:
            line.append(f"\n{report.word('would_settle')}{report.colon}", style="muted")
            line.append("; ".join(settles[:5]))
            if len(settles) > 5:
                line.append(" " + report.word("and_more").format(n=len(settles) - 5),
                            style="muted")
        grid.add_row("", "•", line)
    return [_heading(report.word("dont_know")),
            Text("  " + report.word("dont_know_intro"), style="muted"), grid]


def _first_questions(report: Report) -> list[RenderableType]:
    if not report.first_questions:
        return []
    grid = _grid(3, None)
    for i, prompt in enumerate(report.first_questions, 1):
        grid.add_row("", f"{i}.", prompt)
    return [_heading(report.word("first_questions")),
            Text("  " + report.word("first_questions_intro"), style="muted"), grid]


def _provisional(report: Report) -> list[RenderableType]:
    if not report.provisional:
        return []
    grid = _grid(2, None)
    for p in report.provisional[:SHOWN]:
        line = Text(p.title, style="heading")
        line.append(f" ({p.rule})", style="rule.id")
        line.append(f"\n{report.word('could_conclude')}{report.colon}{p.concludes}")
        waiting = " / ".join(p.waiting_for[:3])
        if len(p.waiting_for) > 3:
            waiting += " " + report.word("and_more").format(n=len(p.waiting_for) - 3)
        line.append(f"\n{report.word('waiting_for')}{report.colon}{waiting}", style="muted")
        grid.add_row("", "•", line)
    if len(report.provisional) > SHOWN:
        grid.add_row("", "", Text(report.word("and_more").format(
            n=len(report.provisional) - SHOWN), style="muted"))
    parts: list[RenderableType] = [_heading(report.word("provisional")),
                                   Text("  " + report.word("provisional_intro"), style="muted"),
                                   grid]
    if report.best_question:
        prompt, n = report.best_question
        best = _grid(None)
        best.add_row("", Text(report.word("best_question").format(n=n) + " ", style="fair")
                     + Text(prompt))
        parts.append(best)
    return parts


def render(report: Report, generated: str | None = None) -> RenderableType:
    """The whole report; `generated` is the one line that changes between runs."""
    parts: list[RenderableType] = [_verdict(report, generated)]
    reasons = Table.grid(padding=(0, 1), expand=True)
    reasons.add_column(no_wrap=True, style="heading")
    reasons.add_column(ratio=1, overflow="fold")
    for f in report.verdict:
        if f.because:
            reasons.add_row(f"{f.label}{report.colon.strip()}", _because(f.because, f.rules))
    parts.append(reasons)
    parts += _first_questions(report)
    if report.scores is not None:
        parts += _scores(report)
    parts += _findings(report)
    parts += _flags(report)
    parts += _recommendations(report)
    parts += _assumptions(report)
    parts += _provisional(report)
    parts += _dont_know(report)
    if report.notes or report.texts:
        notes = _grid(None)
        if report.notes:
            notes.add_row("", report.notes)
        for label, text in report.texts:
            notes.add_row("", Text.assemble((f"{label}{report.colon}", "muted"), text))
        parts += [_heading(report.word("notes")), notes]
    return Group(*parts)


def trace(report: Report) -> list[RenderableType]:
    """The reasoning-trace appendix: every firing, what it matched and concluded."""
    parts: list[RenderableType] = [_heading(report.word("trace")),
                                   Text("  " + report.word("trace_intro"), style="muted")]
    grid = _grid(4, None)
    for n, step in enumerate(report.trace, 1):
        head = Text(f"{step.title} ", style="heading")
        head.append(f"({step.rule})", style="rule.id")
        grid.add_row("", f"{n:>3}", head)
        matched = "; ".join(f"{q} = {v}" for q, v in step.matched)
        if matched:
            grid.add_row("", "", Text(f"{report.word('matched')}{report.colon}{matched}",
                                      style="muted"))
        grid.add_row("", "", Text(f"{report.word('concluded')}{report.colon}{step.concluded}"))
    return [*parts, grid]


def to_text(report: Report, generated: str | None = None, width: int = 100) -> str:
    """The report as plain text at a fixed width, without colour, with the reasoning-trace
    appendix (for files handed on, and golden tests)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, theme=THEME, no_color=True, highlight=False,
                      color_system=None, emoji=False, legacy_windows=False)
    console.print(render(report, generated))
    console.print(Group(*trace(report)))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
