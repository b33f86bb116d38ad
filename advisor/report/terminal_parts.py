"""The full terminal report's sections after the brief, and the style they share: findings,
warning signs, every recommendation, assumptions, unknown answers, provisional findings and
the reasoning-trace appendix (the one place rule ids appear)."""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from .view import Report
from .words import cap, first_sentence

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


def heading(text: str) -> Text:
    return Text(f"\n{text}", style="heading")


def columns(*widths: int | None, indent: int = 2) -> Table:
    """A borderless table; None makes the column take the rest and fold long text."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=max(indent - 1, 0))
    for w in widths:
        if w is None:
            grid.add_column(ratio=1, overflow="fold")
        else:
            grid.add_column(width=w, overflow="fold")
    return grid


def because(text: str) -> Text:
    """The first sentence of a rule's reasoning (rule ids are for the appendix and --debug)."""
    return Text(first_sentence(text))


def mark(report: Report, marked: bool, before: bool = False) -> Text:
    """The "to verify" mark of a conclusion resting on an assumed answer, after it or
    `before` a text (an empty Text for any other, so an unmarked report stays as it was)."""
    if not marked:
        return Text()
    shown = report.verify_mark(True)
    return Text(shown.strip() + " " if before else shown, style="fair")


def findings(report: Report) -> list[RenderableType]:
    if not report.has_findings:
        return []
    parts: list[RenderableType] = [heading(report.word("findings"))]
    if not report.findings:
        return [*parts, Text("  " + report.word("no_findings"), style="muted")]
    grid = columns(24, 12, None)
    current = None
    for f in report.findings:
        if f.dimension != current:
            current = f.dimension
            grid.add_row("", Text(f.dimension_title, style="muted"), "", "")
        grid.add_row("", f"  {f.label}", Text(f.value_label, style=f.severity),
                     mark(report, f.to_verify, before=True) + because(f.because))
    return [*parts, grid]


def flags(report: Report) -> list[RenderableType]:
    if not report.flags:
        return []
    grid = columns(2, None)
    for f in report.flags:
        line = Text(f"{f.label}{report.colon}", style="bad")
        line.append_text(because(f.value_label))
        line.append_text(mark(report, f.to_verify))
        grid.add_row("", "•", line)
    return [heading(report.word("flags")), grid]


def recommendations(report: Report) -> list[RenderableType]:
    if not report.has_recommendations:
        return []
    parts: list[RenderableType] = [heading(report.word("recommendations"))]
    if not report.recommendations:
        return [*parts, Text("  " + report.word("no_recommendations"), style="muted")]
    grid = columns(3, None)  # one grid for all: a table per item is slow to lay out
    for r in report.recommendations:
        head = Text(f"[{r.priority_label}] ", style=r.severity)
        head.append(r.title, style="heading")
        head.append_text(mark(report, r.to_verify))
        head.append(f"  · {r.dimension_title}", style="muted")
        grid.add_row("", f"{r.number}.", head)
        grid.add_row("", "", Text(r.action))
        who = [f"{cap(report.word(k))}{report.colon}{v}"
               for k, v in (("owner", r.owner), ("done_when", r.done_when)) if v]
        if who:
            grid.add_row("", "", Text(" · ".join(who), style="muted"))
        why = Text(f"{report.word('because')}{report.colon}", style="muted")
        why.append_text(because(r.because))
        grid.add_row("", "", why)
    return [*parts, grid]


def assumptions(report: Report) -> list[RenderableType]:
    if not report.assumptions:
        return []
    grid = columns(24, 12, None)
    for f in report.assumptions:
        grid.add_row("", f.label, Text(f.value_label, style="fair"),
                     Text(f"{report.word('assumed')}. {f.because}", style="muted"))
    return [heading(report.word("assumptions")), grid]


def dont_know(report: Report) -> list[RenderableType]:
    if not report.dont_know:
        return []
    grid = columns(2, None)
    for _fid, prompt, settles in report.dont_know:
        line = Text(prompt)
        if settles:
            line.append(f"\n{report.word('would_settle')}{report.colon}", style="muted")
            line.append("; ".join(settles[:5]))
            if len(settles) > 5:
                line.append(" " + report.word("and_more").format(n=len(settles) - 5),
                            style="muted")
        grid.add_row("", "•", line)
    return [heading(report.word("dont_know")),
            Text("  " + report.word("dont_know_intro"), style="muted"), grid]


def provisional(report: Report) -> list[RenderableType]:
    if not report.provisional:
        return []
    grid = columns(2, None)
    for p in report.provisional[:SHOWN]:
        line = Text(p.title, style="heading")
        line.append(f"\n{report.word('could_conclude')}{report.colon}{p.concludes}")
        waiting = " / ".join(p.waiting_for[:3])
        if len(p.waiting_for) > 3:
            waiting += " " + report.word("and_more").format(n=len(p.waiting_for) - 3)
        line.append(f"\n{report.word('waiting_for')}{report.colon}{waiting}", style="muted")
        grid.add_row("", "•", line)
    if len(report.provisional) > SHOWN:
        grid.add_row("", "", Text(report.word("and_more").format(
            n=len(report.provisional) - SHOWN), style="muted"))
    parts: list[RenderableType] = [heading(report.word("provisional")),
                                   Text("  " + report.word("provisional_intro"), style="muted"),
                                   grid]
    if report.best_question:
        prompt, n = report.best_question
        best = columns(None)
        best.add_row("", Text(report.word("best_question").format(n=n) + " ", style="fair")
                     + Text(prompt))
        parts.append(best)
    return parts


def trace(report: Report) -> list[RenderableType]:
    """The reasoning-trace appendix: every firing, what it matched and concluded."""
    parts: list[RenderableType] = [heading(report.word("trace")),
                                   Text("  " + report.word("trace_intro"), style="muted")]
    grid = columns(4, None)
    for n, step in enumerate(report.trace, 1):
        head = Text(f"{step.title} ", style="heading")
        head.append(f"({step.rule})", style="rule.id")
        grid.add_row("", f"{n:>3}", head)
        matched = "; ".join(f"{q} = {v}{report.source_note(note)}"
                            for q, v, note in step.matched)
        if matched:
            grid.add_row("", "", Text(f"{report.word('matched')}{report.colon}{matched}",
                                      style="muted"))
        grid.add_row("", "", Text(f"{report.word('concluded')}{report.colon}{step.concluded}"))
    return [*parts, grid]
