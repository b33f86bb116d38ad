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


def cmd_assess(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from .answers import load_answers
    from .engine import Engine
    from .i18n import choose

    kb = load_knowledge(args)
    answers = load_answers(args.case, kb)
    lang = choose(args.lang, answers.language, kb.languages)
    assessment = Engine(kb).assess(answers, lang)
    if args.format == "json":
        sys.stdout.write(assessment.to_json() + "\n")
        return 0
    from .render import terminal
    from .report import build

    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    make_console().print(terminal.render(build(assessment, kb, lang), generated=stamp))
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
