"""The `advisor` command: argument parsing and errors -> exit codes.

The handlers live in `commands` and `authoring` and are imported only when a command runs,
so `advisor --version` and `--help` start fast (experta, rich and questionary are heavy).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..errors import AdvisorError

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
    assess.add_argument("cases", nargs="+", type=Path, metavar="CASE",
                        help="an answers file (YAML); several files or folders make a batch")
    assess.add_argument("--format", choices=("text", "md", "html", "json"),
                        help="text: the report (default for one case); md: Markdown (default "
                             "for a batch's report files); html: one self-contained page; "
                             "json: the Assessment (docs/assessment-json.md)")
    assess.add_argument("--out", metavar="FILE|DIR", type=Path,
                        help="write the report to FILE; for a batch, a report per case and a "
                             "summary (CSV, JSON) into DIR")
    assess.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="assess a batch in N processes (results are identical)")
    assess.add_argument("--lang", choices=("en", "zh"),
                        help="report language (default: the case's, else the locale's)")
    _kb_options(assess)
    assess.set_defaults(handler="assess")

    explain = sub.add_parser("explain", help="explain a case's conclusions",
                             description="How a conclusion was reached, why another was not, "
                                         "and which single answers would change the key "
                                         "findings (the default).")
    explain.add_argument("case", type=Path, help="the answers file (YAML)")
    what = explain.add_mutually_exclusive_group()
    what.add_argument("--why", metavar="ID",
                      help="the derivation of a recommendation, derived fact or rule")
    what.add_argument("--why-not", metavar="ID[=VALUE]",
                      help="what stopped each rule that could have concluded ID (=VALUE)")
    what.add_argument("--swing", action="store_true",
                      help="single answer changes that would remove each high or critical "
                           "finding (the default)")
    explain.add_argument("--lang", choices=("en", "zh"))
    _kb_options(explain)
    explain.set_defaults(handler="explain")

    whatif = sub.add_parser("whatif", help="what changes if some answers change",
                            description="Assess the case as it is and with changed answers, "
                                        "and show every conclusion that changes and why.")
    whatif.add_argument("case", type=Path, help="the answers file (YAML)")
    whatif.add_argument("--set", metavar="FACT=VALUE", action="append", default=[],
                        dest="changes", required=True,
                        help="a changed answer (repeatable); VALUE ? means don't know; "
                             "a multi-select takes a,b,c")
    whatif.add_argument("--lang", choices=("en", "zh"))
    _kb_options(whatif)
    whatif.set_defaults(handler="whatif")

    diff = sub.add_parser("diff", help="compare two assessments of the same effort",
                          description="Re-assessment: what is new, resolved or changed "
                                      "between an earlier and a later answers file, and why.")
    diff.add_argument("old", type=Path, help="the earlier answers file")
    diff.add_argument("new", type=Path, help="the later answers file")
    diff.add_argument("--lang", choices=("en", "zh"))
    _kb_options(diff)
    diff.set_defaults(handler="diff")

    from .rules_parser import add_parser as add_rules

    add_rules(sub, _kb_options)

    schema = sub.add_parser("schema", help="JSON Schemas for the files authors write",
                            description="Print (or write to --out DIR) the JSON Schemas of "
                                        "knowledge, rule and answers files and of the "
                                        "Assessment JSON.")
    schema.add_argument("name", nargs="?", choices=("knowledge", "rules", "answers",
                                                    "assessment"),
                        help="one schema to print (default: list them)")
    schema.add_argument("--out", metavar="DIR", type=Path, help="write all of them to DIR")
    schema.set_defaults(handler="schema")

    interview = sub.add_parser("interview", help="answer guided questions, then get the report",
                               description="A guided interview about one change effort. "
                                           "Answers are saved after every question.")
    interview.add_argument("--quick", action="store_true",
                           help="ask only the core questions and the knock-out follow-ups")
    interview.add_argument("--lang", choices=("en", "zh"), help="interview and report language")
    interview.add_argument("--format", choices=("text", "md", "html", "json"), default="text",
                           help="the report at the end (as for assess)")
    interview.add_argument("--out", metavar="FILE", type=Path,
                           help="write the final report to FILE")
    where = interview.add_mutually_exclusive_group()
    where.add_argument("--save", metavar="FILE", type=Path,
                       help="where to save the answers (default: a new file in the current "
                            "folder)")
    where.add_argument("--resume", metavar="FILE", type=Path,
                       help="continue a saved interview")
    _kb_options(interview)
    interview.set_defaults(handler="interview")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        from importlib import import_module

        module, _, name = args.handler.rpartition(":")
        handler = getattr(import_module(f"advisor.cli.{module or 'commands'}"), f"cmd_{name}")
        return handler(args)
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
