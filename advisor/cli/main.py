"""The `advisor` command: the argument parser, and errors -> messages and exit codes.

Each command lives in a module of its own that registers its parser with the handler
function it runs (`register(sub)`); `main` calls that function and turns what it raises
into one message and an exit code: an `AdvisorError` knows its own (2 for bad input, 3 when
the engine cannot finish, 130 when interrupted); anything else is a bug, reported in one
line unless `--debug` asks for the traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import AdvisorError
from . import assess, explain, interview, rules, schema, whatif

COMMANDS = (assess, explain, whatif, rules, schema, interview)
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor",
        description="Analyse a government department's change effort: a guided interview, "
                    "a rule-based assessment and explained advice.")
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the full traceback when something goes wrong")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        code: int = args.handler(args)
        return code
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
