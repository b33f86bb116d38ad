"""The terminal report as rich renderables; the CLI's console prints them."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from ..report import Finding, Report

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


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="heading")


def _rules(ids: list[str]) -> Text:
    return Text(f"({', '.join(ids)})", style="rule.id") if ids else Text("")


def _verdict(report: Report, generated: str | None) -> Panel:
    lines = Text()
    lines.append(f"{report.word('case')}: ", style="muted")
    lines.append(report.case + "\n")
    lines.append(f"{report.word('knowledge_base')}: ", style="muted")
    lines.append(report.kb_line)
    if generated:
        lines.append(f"\n{report.word('generated')}: {generated}", style="muted")
    for f in report.verdict:
        lines.append(f"\n{f.label}: ", style="heading")
        lines.append(f.value_label.upper() if f.kind == "level" else f.value_label,
                     style=f.severity)
        if f.assumed:
            lines.append(f"  ({report.word('assumed')})", style="muted")
    return Panel(lines, title=report.title, title_align="left", expand=True)


def _because_line(f: Finding, report: Report) -> Text:
    line = Text("    ")
    line.append(f"{report.word('because')}: ", style="muted")
    line.append(f.because + " ")
    line.append_text(_rules(f.rules))
    return line


def bar(score: int | None, width: int = 20) -> str:
    """A score as a bar of block characters (plain text, so it survives without colour)."""
    if score is None:
        return "·" * width
    filled = round(score * width / 100)
    return "█" * filled + "░" * (width - filled)


def _scores(report: Report) -> list[RenderableType]:
    s = report.scores
    assert s is not None
    parts: list[RenderableType] = [_heading(report.word("scores"))]
    table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
    table.add_column(width=22)
    table.add_column(width=10, no_wrap=True)
    table.add_column(width=12, no_wrap=True)
    table.add_column(ratio=1)
    for d in s.dimensions:
        shown = "—" if d.score is None else f"{d.score:>3}"
        losses = "; ".join(f"{label} −{pts:g}" for label, pts in d.losses)
        note = Text(losses, style="muted")
        if d.low_confidence:
            note = Text(f"{report.word('low_confidence')} ({d.coverage:.0%})", style="fair")
        table.add_row(d.title, Text(bar(d.score, 10), style=d.severity),
                      Text(f"{shown} {d.level_label}", style=d.severity), note)
    parts.append(table)
    line = Text("  ")
    line.append(f"{report.word('readiness_index')}: ", style="muted")
    line.append(f"{s.readiness_index} ({s.readiness_label})")
    if s.change_index is not None:
        line.append(f"   {report.word('change_index')}: ", style="muted")
        line.append(f"{s.change_index} ({s.change_band_label})")
    parts.append(line)
    risk = Text("  ")
    risk.append(f"{report.word('structural_risk')}: ", style="muted")
    risk.append(s.structural_risk_label, style=s.structural_severity)
    risk.append(f"  ({report.word('rule_size')}: {s.size_label})", style="muted")
    parts.append(risk)
    return parts


def render(report: Report, generated: str | None = None) -> RenderableType:
    """The whole report; `generated` is the one line that changes between runs."""
    parts: list[RenderableType] = [_verdict(report, generated)]
    for f in report.verdict:
        if f.because:
            parts.append(Text.assemble((f"{f.label}: ", "heading"), f.because, " ",
                                       _rules(f.rules)))
    if report.scores is not None:
        parts.extend(_scores(report))
    parts.append(_heading(report.word("findings")))
    if report.findings:
        table = Table(show_header=True, header_style="heading", expand=True, box=None,
                      padding=(0, 1))
        table.add_column(report.word("dimension"), ratio=2)
        table.add_column(report.word("findings"), ratio=3)
        table.add_column(report.word("level"), ratio=2)
        table.add_column(report.word("because"), ratio=7)
        for f in report.findings:
            because = Text(f.because + " ")
            because.append_text(_rules(f.rules))
            table.add_row(f.dimension_title, f.label, Text(f.value_label, style=f.severity),
                          because)
        parts.append(table)
    else:
        parts.append(Text(report.word("no_findings"), style="muted"))
    if report.flags:
        parts.append(_heading(report.word("flags")))
        for f in report.flags:
            line = Text("  • ")
            line.append(f"{f.label}: ", style="bad")
            line.append(f.value_label + " ")
            line.append_text(_rules(f.rules))
            parts.append(line)
    parts.append(_heading(report.word("recommendations")))
    if not report.recommendations:
        parts.append(Text(report.word("no_recommendations"), style="muted"))
    for r in report.recommendations:
        head = Text("  ")
        head.append(f"[{r.priority_label}] ", style=r.severity)
        head.append(r.title, style="heading")
        head.append(f"  · {r.dimension_title}", style="muted")
        parts.append(head)
        parts.append(Padding(Text(r.action), (0, 0, 0, 4)))
        line = Text("    ")
        line.append(f"{report.word('because')}: ", style="muted")
        line.append(r.because + " ")
        line.append_text(_rules(r.rules))
        parts.append(line)
    if report.assumptions:
        parts.append(_heading(report.word("assumptions")))
        for f in report.assumptions:
            line = Text("  • ")
            line.append(f"{f.label}: {f.value_label}", style="fair")
            line.append(f"  ({report.word('assumed')}) ", style="muted")
            line.append(f.because)
            parts.append(line)
    if report.dont_know:
        parts.append(_heading(report.word("dont_know")))
        parts.append(Text(report.word("dont_know_intro"), style="muted"))
        for fid, prompt in report.dont_know:
            parts.append(Text.assemble("  • ", prompt, " ", (f"({fid})", "muted")))
    if report.notes:
        parts.append(_heading(report.word("notes")))
        parts.append(Padding(Text(report.notes), (0, 0, 0, 2)))
    return Group(*parts)
