"""The `advisor` command: argument parsing, the one console, and errors -> exit codes.

Heavy modules (experta, rich, pydantic) are imported inside the commands that need them, so
`advisor --version` and `--help` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import AdvisorError

EXIT_INTERRUPTED = 130


def _kb_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("knowledge base")
    group.add_argument("--kb", metavar="DIR", action="append", default=[], type=Path,
                       help="add a folder of knowledge and rule files on top of the shipped "
                            "ones (repeatable; later folders override earlier ones)")
    group.add_argument("--no-shipped", action="store_true",
                       help="do not load the shipped knowledge base: use only --kb folders")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor",
        description="Analyse a government department's change effort: a guided interview, "
                    "a rule-based assessment and explained advice.")
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the full traceback when something goes wrong")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    assess = sub.add_parser("assess", help="assess a case from its answers file",
                            description="Run the rules on a case's answers and print the "
                                        "report.")
    assess.add_argument("case", type=Path, help="the answers file (YAML)")
    assess.add_argument("--format", choices=("text", "json"), default="text",
                        help="text: the terminal report (default); json: the Assessment")
    assess.add_argument("--lang", choices=("en", "zh"),
                        help="report language (default: the case's, else the locale's)")
    _kb_options(assess)
    assess.set_defaults(handler=cmd_assess)

    interview = sub.add_parser("interview", help="answer guided questions, then get the report",
                               description="A guided interview about one change effort. "
                                           "Answers are saved after every question.")
    interview.add_argument("--quick", action="store_true",
                           help="ask only the core questions and the knock-out follow-ups")
    interview.add_argument("--lang", choices=("en", "zh"), help="interview and report language")
    where = interview.add_mutually_exclusive_group()
    where.add_argument("--save", metavar="FILE", type=Path,
                       help="where to save the answers (default: a new file in the current "
                            "folder)")
    where.add_argument("--resume", metavar="FILE", type=Path,
                       help="continue a saved interview")
    _kb_options(interview)
    interview.set_defaults(handler=cmd_interview)
    return parser


def kb_dirs(args: argparse.Namespace) -> list[Any]:
    """The layers to load: the shipped knowledge base (one layer) and each --kb folder."""
    from .paths import shipped_dirs

    layers: list[Any] = [] if args.no_shipped else [shipped_dirs()]
    layers.extend(args.kb)
    if not layers:
        raise AdvisorError("no knowledge base: --no-shipped needs at least one --kb DIR")
    return layers


def load_knowledge(args: argparse.Namespace) -> Any:
    from .kb import load_kb

    return load_kb(kb_dirs(args))


def make_console(file: Any = None, width: int | None = None) -> Any:
    from rich.console import Console

    from .render.terminal import THEME

    return Console(file=file, theme=THEME, highlight=False, width=width,
                   no_color=bool(os.environ.get("NO_COLOR")) or None, soft_wrap=False)


def show_assessment(kb: Any, answers: Any, lang: str, fmt: str = "text",
                    console: Any = None) -> None:
    """Assess a case and print the report (shared by `assess` and the interview's end)."""
    from datetime import datetime, timezone

    from .engine import Engine

    assessment = Engine(kb).assess(answers, lang)
    if fmt == "json":
        sys.stdout.write(assessment.to_json() + "\n")
        return
    from .render import terminal
    from .report import build

    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    (console or make_console()).print(terminal.render(build(assessment, kb, lang),
                                                      generated=stamp))


def cmd_assess(args: argparse.Namespace) -> int:
    from .answers import load_answers
    from .i18n import choose

    kb = load_knowledge(args)
    answers = load_answers(args.case, kb)
    show_assessment(kb, answers, choose(args.lang, answers.language, kb.languages), args.format)
    return 0


def _resume_command(args: argparse.Namespace, path: Path, lang: str) -> str:
    import shlex

    parts = ["advisor", "interview", "--resume", str(path)]
    if args.quick:
        parts.append("--quick")
    parts += ["--lang", lang]
    for d in args.kb:
        parts += ["--kb", str(d)]
    if args.no_shipped:
        parts.append("--no-shipped")
    return " ".join(shlex.quote(p) for p in parts)


def cmd_interview(args: argparse.Namespace) -> int:
    from datetime import datetime

    from . import session as sessions
    from .i18n import choose, t
    from .interview import Interview, Planner
    from .prompts import QuestionaryAsker
    from .render import interview as views

    kb = load_knowledge(args)
    console = make_console()
    if args.resume:
        sess, warnings = sessions.resume(args.resume, kb)
        for w in warnings:
            console.print(f"[fair]warning:[/] {w}")
        lang = choose(args.lang, sess.language, kb.languages)
        sess.language = lang
        args.quick = args.quick or sess.quick
        sess.quick = args.quick
        console.print(f"{t(lang, 'resumed')}: {sess.case} ({sess.path})", style="muted")
    else:
        lang = choose(args.lang, None, kb.languages)
        path = args.save or Path(f"interview-{datetime.now():%Y%m%d-%H%M%S}.yaml")
        if path.exists():
            raise AdvisorError(f"{path} already exists; continue it with "
                               f"'advisor interview --resume {path}', or choose another file")
        sess = sessions.new(path, "", lang, args.quick, kb)

    def show(kind: str, payload: Any) -> None:
        if kind == "section":
            console.print(views.section(kb, payload, lang))
        elif kind == "question":
            console.print(views.question(kb, *payload, lang))
        elif kind == "why":
            console.print(views.why(kb, *payload, lang))
        elif kind == "review":
            console.print(views.review(kb, payload, lang))

    asker = QuestionaryAsker(kb, lang, show)
    try:
        if not sess.case:
            sess.case = asker.ask_text(t(lang, "case_name"), sess.path.stem)
            sess.save(kb)
            console.print(f"{t(lang, 'saving_to')} {sess.path}", style="muted")

        def save(state: Any) -> None:
            sess.state = state
            sess.save(kb)

        Interview(Planner(kb, quick=sess.quick), sess.state, asker, save).run()
    except KeyboardInterrupt:
        if sess.case:
            sess.save(kb)
            console.print(f"\n{t(lang, 'resume_with')}")
            # one unwrapped line, so it can be copied and pasted whole
            console.print(f"  {_resume_command(args, sess.path, lang)}", soft_wrap=True,
                          markup=False)
        return EXIT_INTERRUPTED
    sess.complete = True
    sess.save(kb)
    console.print(f"{t(lang, 'answers_saved')} {sess.path}", style="muted")
    show_assessment(kb, sess.answers(), lang, console=console)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except AdvisorError as exc:
        if args.debug:
            raise
        print(exc.render(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        if args.debug:
            raise
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 1
    except Exception as exc:  # a bug: say so briefly, show the traceback only when asked
        if args.debug:
            raise
        print(f"internal error: {type(exc).__name__}: {exc}\n"
              "run again with --debug for the traceback, and please report it",
              file=sys.stderr)
        return 1


def run() -> None:
    """The console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
