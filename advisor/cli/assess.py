"""`advisor assess`: one case's report, or a batch of cases with a summary."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text

from ..errors import AdvisorError, Problem, SourceError
from ..i18n import choose, t
from ..load.answers import Answers, load_answers
from ..load.files import write_atomic
from ..model import KnowledgeBase
from ..reason.engine import Engine
from ..reason.levers import smallest_changes
from ..report import terminal
from ..report.formats import render_docx, render_report
from ..report.view import build
from ..report.words import clean
from . import batch
from .console import make_console, show_warnings, stamp, write_report
from .options import LANGS, add_kb_options, kb_dirs, load_knowledge

FORMATS = ("text", "md", "html", "docx", "json")


def register(sub: Any) -> None:
    p = sub.add_parser("assess", help="assess a case from its answers file",
                       description="Run the rules on a case's answers and print the report.")
    p.add_argument("cases", nargs="+", type=Path, metavar="CASE",
                   help="an answers file (YAML); several files or folders make a batch")
    p.add_argument("--format", choices=FORMATS,
                   help="text: the report (default for one case); md: Markdown (default for a "
                        "batch's report files); html: one self-contained page; docx: a Word "
                        "document (needs --out); json: the Assessment (docs/assessment-json.md)")
    p.add_argument("--full", action="store_true",
                   help="on the terminal, the full report after the brief (files always hold "
                        "the full report)")
    p.add_argument("--out", metavar="FILE|DIR", type=Path,
                   help="write the report to FILE; for a batch, a report per case and a "
                        "summary (CSV, JSON) into DIR")
    p.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                   help="assess a batch in N processes, at most one per processor (results "
                        "are identical)")
    p.add_argument("--lang", choices=LANGS,
                   help="report language (default: the case's, else the locale's)")
    add_kb_options(p)
    p.set_defaults(handler=run)


def _jobs(text: str) -> int:
    """A positive number of processes, at most the number of processors (more only queue)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes") from None
    if n < 1:
        raise argparse.ArgumentTypeError("--jobs takes 1 or more")
    return min(n, os.cpu_count() or 1)


def show_assessment(kb: KnowledgeBase, answers: Answers, lang: str, fmt: str = "text",
                    out: Path | None = None, console: Any = None,
                    inputs: tuple[Path, ...] = (), full: bool = False) -> None:
    """Assess a case and print or write the report (shared by `assess` and the interview).

    The terminal shows the brief, the page a director reads (`full` adds the rest); a file
    always holds the full report, brief first, since it is what is handed on."""
    engine = Engine(kb)
    assessment = engine.assess(answers, lang)
    lower = smallest_changes(engine, answers) if fmt != "json" else None
    if fmt == "docx":
        if out is None:
            raise AdvisorError("--format docx writes a Word document: add --out FILE.docx")
        write_report(out, render_docx(kb, assessment, lang, stamp(), lower), inputs, console)
    elif out is not None:
        write_report(out, render_report(kb, assessment, lang, fmt, stamp(), lower), inputs,
                     console)
    elif fmt == "text":
        con = console or make_console()
        terminal.print_report(con, terminal.render(build(assessment, kb, lang, lower),
                                                   generated=stamp(), full=full), lang)
        if not full:
            hint = "full_hint" if kb.recommendations else "full_hint_no_advice"
            con.print(t(lang, hint).format(n=len(assessment.recommendations)),
                      style="muted", markup=False)
    else:
        sys.stdout.write(render_report(kb, assessment, lang, fmt, stamp(), lower))


def run(args: argparse.Namespace) -> int:
    paths = batch.expand(args.cases)
    if len(args.cases) == 1 and not args.cases[0].is_dir():
        kb = load_knowledge(args, one_case=True)
        answers = load_answers(paths[0], kb)
        show_warnings(answers.warnings)
        show_assessment(kb, answers, choose(args.lang, answers.language, kb.languages),
                        args.format or "text", args.out, inputs=(paths[0],), full=args.full)
        return 0
    return _batch(args, paths)


def _batch(args: argparse.Namespace, paths: list[Path]) -> int:
    """Many cases: a report per case into --out DIR, and a summary table (also CSV, JSON)."""
    # The progress bar's module is only needed for a batch; one case need not load it.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    if not paths:
        raise SourceError([Problem(str(p), 0, 0, "no answers files (*.yaml) found")
                           for p in args.cases])
    kb = load_knowledge(args)  # validates the knowledge base once, and warms the cache
    if args.out is not None:
        _check_out_dir(args.out, paths)
    err = make_console(sys.stderr)
    show_bar = len(paths) > 20 and err.is_terminal
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                  transient=True, disable=not show_bar) as bar:
        task = bar.add_task("assessing", total=len(paths))
        # report files default to Markdown (reports to hand on); no --out, no reports
        fmt = (args.format or "md") if args.out is not None else None
        rows = batch.run(paths, kb_dirs(args), args.lang, fmt, stamp(),
                         jobs=max(1, args.jobs), progress=lambda n: bar.advance(task, n))
    if args.out is not None:
        for row, name in batch.report_names([r for r in rows if r.ok], fmt or "md"):
            write_atomic(args.out / name, row.report)
        write_atomic(args.out / "summary.json", batch.summary_json(rows))
        write_atomic(args.out / "summary.csv", batch.summary_csv(rows, kb.verdict))
    console = make_console()
    console.print(_summary_table(kb, rows, args.lang or kb.languages[0]))
    failed = [r for r in rows if not r.ok]
    console.print(f"{len(rows) - len(failed)} assessed, {len(failed)} failed"
                  + (f"; reports and summary in {args.out}" if args.out else ""), style="muted",
                  markup=False)
    for r in failed:
        err.print(r.error, markup=False, highlight=False)
    return 1 if failed else 0


def _check_out_dir(out: Path, paths: list[Path]) -> None:
    if out.exists() and not out.is_dir():
        raise AdvisorError(f"--out {out}: with several cases, --out names a folder")
    inputs = {p.resolve() for p in paths}
    if out.resolve() in inputs or any(p.parent == out.resolve() for p in inputs):
        raise AdvisorError(f"--out {out} holds the answers files; choose another folder")
    out.mkdir(parents=True, exist_ok=True)


def _summary_table(kb: KnowledgeBase, rows: list[batch.Row], lang: str) -> Table:
    table = Table(box=None, header_style="heading", padding=(0, 1), expand=True)
    table.add_column("case", overflow="fold", ratio=3)
    for fid in kb.verdict:
        table.add_column(kb.facts[fid].label.get(lang), no_wrap=True)
    table.add_column("top findings", overflow="fold", ratio=4)
    for r in rows:
        if r.ok:
            values = [kb.facts[f].choice_label(r.verdict[f], lang) for f in kb.verdict]
            table.add_row(Text(clean(r.case)), *values, Text("; ".join(r.top_findings)))
        else:
            table.add_row(Text(r.file), *["—"] * len(kb.verdict), Text(r.error, style="bad"))
    return table
