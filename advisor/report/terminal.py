"""The terminal report as rich renderables; the CLI's console prints them.

Layout uses grids whose text columns fold, so Chinese (which has no spaces to wrap at) wraps
inside its column instead of being cut off.
"""

from __future__ import annotations

import io

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.segment import Segment, Segments
from rich.style import Style
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from .view import Report, dimension_note
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


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="heading")


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


def _because(text: str) -> Text:
    """The first sentence of a rule's reasoning (rule ids are for the appendix and --debug)."""
    return Text(first_sentence(text))


def _verdict(report: Report) -> Panel:
    """The case and its verdict, with the evidence it rests on."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="muted", no_wrap=True)
    grid.add_column(overflow="fold")
    for f in report.verdict:
        value = Text(f.value_label.upper() if f.kind == "level" else f.value_label,
                     style=f.severity)
        if f.assumed:
            value.append(f"  ({report.word('assumed')})", style="muted")
        grid.add_row(Text(f"{f.label}{report.colon.strip()}",
                          style="muted" if f.kind == "text" else "heading"), value)
    title = f"{report.title}{report.colon}{report.case}" if report.case.strip() else report.title
    return Panel(grid, title=Text(title), title_align="left", expand=True)  # never markup


BRIEF_REASONS = 4  # on the terminal, so the brief fits 40 lines; files show all (up to 5)


def _reasons(report: Report, full: bool) -> list[RenderableType]:
    reasons = report.brief.reasons if full else report.brief.reasons[:BRIEF_REASONS]
    if not reasons:
        return []
    grid = _grid(3, None)
    for i, r in enumerate(reasons, 1):
        line = Text(f"{r.label} {r.value_label}".strip() + report.colon, style=r.severity)
        line.append(r.text)
        grid.add_row("", f"{i}.", line)
    return [Text(report.word("why_verdict"), style="heading"), grid]  # right under the box


def _top_actions(report: Report) -> list[RenderableType]:
    actions = report.brief.actions
    if not actions:
        return []
    grid = _grid(3, None)
    for r in actions:
        head = Text(f"[{r.priority_label}] ", style=r.severity)
        head.append(r.title, style="heading")
        grid.add_row("", f"{r.number}.", head)
        who = [f"{cap(report.word(k))}{report.colon}{v}"
               for k, v in (("owner", r.owner), ("done_when", r.done_when)) if v]
        if who:  # one line in the brief: the full report has them whole
            grid.add_row("", "", Text(" · ".join(who), style="muted", no_wrap=True,
                                      overflow="ellipsis"))
    return [_heading(report.word("top_actions")), grid]


def _lower(report: Report) -> list[RenderableType]:
    b = report.brief
    if not b.lower_searched:
        return []
    head = _heading(report.word("what_lowers").format(what=b.lower_label, level=b.lower_from))
    if not b.lower:
        return [head, Text("  " + report.word("nothing_lowers"), style="muted")]
    grid = _grid(2, None)
    for s in b.lower:
        changes = "; ".join(f"{what}{report.colon}{old} → {new}" for what, old, new in s.changes)
        grid.add_row("", "•", Text(changes + "  ") + Text(f"→ {s.after}", style="good"))
    return [head, grid]


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
    grid = _grid(22, 10, 22, 6, None) if full else _grid(38, 10, 22, None)
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
                     _because(f.because))
    return [*parts, grid]


def _flags(report: Report) -> list[RenderableType]:
    if not report.flags:
        return []
    grid = _grid(2, None)
    for f in report.flags:
        line = Text(f"{f.label}{report.colon}", style="bad")
        line.append_text(_because(f.value_label))
        grid.add_row("", "•", line)
    return [_heading(report.word("flags")), grid]


def _recommendations(report: Report) -> list[RenderableType]:
    parts: list[RenderableType] = [_heading(report.word("recommendations"))]
    if not report.recommendations:
        return [*parts, Text("  " + report.word("no_recommendations"), style="muted")]
    grid = _grid(3, None)  # one grid for all: a table per item is slow to lay out
    for r in report.recommendations:
        head = Text(f"[{r.priority_label}] ", style=r.severity)
        head.append(r.title, style="heading")
        head.append(f"  · {r.dimension_title}", style="muted")
        grid.add_row("", f"{r.number}.", head)
        grid.add_row("", "", Text(r.action))
        who = [f"{cap(report.word(k))}{report.colon}{v}"
               for k, v in (("owner", r.owner), ("done_when", r.done_when)) if v]
        if who:
            grid.add_row("", "", Text(" · ".join(who), style="muted"))
        why = Text(f"{report.word('because')}{report.colon}", style="muted")
        why.append_text(_because(r.because))
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


def render(report: Report, generated: str | None = None, full: bool = True) -> RenderableType:
    """The brief (verdict, reasons, first questions, top actions, what would lower the
    verdict, readiness per dimension), then with `full` the rest of the report; the
    knowledge base and `generated` (the one line that changes between runs) in a footer."""
    parts: list[RenderableType] = [_verdict(report), *_reasons(report, full),
                                   *_first_questions(report), *_top_actions(report),
                                   *_lower(report)]
    if report.scores is not None:
        parts += _scores(report, full)
    if not full:
        return Group(*parts, _footer(report, generated, full))
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
    return Group(*parts, Text(""), _footer(report, generated, full))


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
    print_report(console, Group(render(report, generated), *trace(report)), report.lang)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


# --- Chinese line breaking ---------------------------------------------------------------------
# Chinese text has no spaces, so rich folds it at the exact column width, and a closing mark
# (。，、；：）」』！？) can start a line, which Chinese typesetting forbids. `print_report`
# renders the report into lines and, where a line starts with one, carries the last character
# of the line above down with it ("push-in" kinsoku), when the line below has room for it.

CLOSING = set("。，、；：）」』！？》〉】…")


def _chars(line: list[Segment]) -> list[tuple[str, Style | None]]:
    return [(ch, seg.style) for seg in line for ch in seg.text]


def _segments(chars: list[tuple[str, Style | None]]) -> list[Segment]:
    out: list[Segment] = []
    for ch, style in chars:
        if out and out[-1].style == style:
            out[-1] = Segment(out[-1].text + ch, style)
        else:
            out.append(Segment(ch, style))
    return out


def _cell_end(chars: list[tuple[str, Style | None]], start: int) -> int:
    """The index after the last character of the text block that begins at `start` (a block
    ends at two spaces, the gap between grid columns, or at the end of the line)."""
    end = start
    i = start
    while i < len(chars):
        if chars[i][0] == " " and (i + 1 >= len(chars) or chars[i + 1][0] == " "):
            break
        if chars[i][0] != " ":
            end = i + 1
        i += 1
    return end


def _fits(line: list[tuple[str, Style | None]], k: int, ch: tuple[str, Style | None],
          lines: list[list[tuple[str, Style | None]]], i: int, depth: int = 0) -> bool:
    """Insert `ch` (two columns wide) at the start `k` of the text block of line `i`, making
    room at the block's end: from the padding after it, or by carrying the block's last
    character on to the next line's block in turn. False (lines unchanged) if it cannot."""
    end = _cell_end(line, k)
    if line[end:end + 2] == [(" ", None), (" ", None)] or \
            [c for c, _ in line[end:end + 2]] == [" ", " "]:
        line.insert(k, ch)
        del line[end + 1:end + 3]
        return True
    nxt = i + 1
    last = end - 1
    if depth > 8 or cell_len(line[last][0]) != 2:
        return False
    if nxt >= len(lines) or _cell_end(lines[nxt], k) == k or \
            next((j for j, (c, _) in enumerate(lines[nxt]) if c != " "), None) != k:
        return False  # the block's last line is full (rare): left as rich laid it out
    carried = line[last]
    trial = list(lines[nxt])
    if not _fits(trial, k, carried, lines, nxt, depth + 1):
        return False
    lines[nxt][:] = trial
    del line[last]
    line.insert(k, ch)
    return True


def _kinsoku(lines: list[list[tuple[str, Style | None]]], i: int) -> bool:
    """Fix line `i` if it starts with a closing mark; True if it changed anything."""
    prev, cur = lines[i - 1], lines[i]
    k = next((j for j, (ch, _) in enumerate(cur) if ch != " "), None)
    if k is None or cur[k][0] not in CLOSING or k >= len(prev):
        return False
    last = _cell_end(prev, k) - 1
    if last < k or cell_len(prev[last][0]) != 2 or prev[last][0] in CLOSING:
        return False
    trial = list(cur)
    if not _fits(trial, k, prev[last], lines, i):
        return False
    cur[:] = trial
    prev[last:last + 1] = [(" ", None), (" ", None)]
    return True


def print_report(console: Console, renderable: RenderableType, lang: str) -> None:
    """Print a report; Chinese gets its line-start punctuation fixed."""
    if not lang.startswith("zh"):
        console.print(renderable)
        return
    lines = [_chars(line) for line in console.render_lines(renderable, pad=False)]
    for i in range(1, len(lines)):
        _kinsoku(lines, i)
    out: list[Segment] = []
    for chars in lines:
        out += [*_segments(chars), Segment.line()]
    console.print(Segments(out), end="")
