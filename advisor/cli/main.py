"""The `advisor` command: the argument parser, and errors -> messages and exit codes.

Each command lives in a module of its own that registers its parser with the handler
function it runs (`register(sub)`); `main` calls that function and turns what it raises
into one message and an exit code: an `AdvisorError` knows its own (2 for bad input, 3 when
the engine cannot finish, 130 when interrupted); anything else is a bug, reported in one
line unless `--debug` asks for the traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from types import ModuleType
from typing import NoReturn

from .. import __version__
from ..errors import AdvisorError
from . import collector

# the command modules of this package, in the order `--help` lists them; each is imported
# only when its command runs (or help lists them all), so `advisor assess` does not load
# the interview, the linter or the batch machinery
COMMANDS = ("assess", "explain", "whatif", "rules", "schema", "interview")
EXIT_INTERRUPTED = 130
NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}  # a full disk or quota: not a bug


def _no_room(exc: OSError) -> str:
    """What to say when the output could not be written for want of room."""
    return f"cannot write the output: {exc.strerror or exc}"


def _commands(words: Sequence[str]) -> list[ModuleType]:
    """The command modules a command line needs: the one it names; none for a bare
    `--version`; all of them otherwise (help, or a mistyped command to suggest for)."""
    positional = [w for w in words if not w.startswith("-")]
    if positional and positional[0] in COMMANDS:
        names: Sequence[str] = positional[:1]
    elif not positional and "--version" in words:
        names = ()
    else:
        names = COMMANDS
    return [import_module(f".{name}", __package__) for name in names]


def build_parser(words: Sequence[str] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor",
        description="Analyse a government department's change effort: a guided interview, "
                    "a rule-based assessment and explained advice.")
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the full traceback when something goes wrong")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in _commands(words):
        command.register(sub)
    return parser


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """`parse_args`, but an unknown option gets a "did you mean" from the options of the
    command it was given to (argparse before 3.14 only says "unrecognized arguments")."""
    words = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in words  # accepted anywhere, not only before the command
    args, extras = parser.parse_known_args([w for w in words if w != "--debug"])
    args.debug = debug
    if not extras:
        return args
    command, chain = parser, [parser]
    for attr in ("command", "rules_command"):
        subs = [a for a in command._actions if isinstance(a, argparse._SubParsersAction)]
        name = getattr(args, attr, None)
        if subs and name in subs[0].choices:
            command = subs[0].choices[name]
            chain.append(command)
    import difflib  # only for a misspelt option

    options = [o for p in reversed(chain) for a in p._actions for o in a.option_strings
               if o.startswith("--")]
    hints = []
    for extra in extras:
        word = extra.split("=", 1)[0]
        close = difflib.get_close_matches(word, options, n=1, cutoff=0.7) \
            if word.startswith("-") else []
        if close:
            hints.append(f"'{word}' is not an option; did you mean '{close[0]}'?")
    command.error(" ".join(hints) or f"unrecognized arguments: {' '.join(extras)}")
    raise AssertionError("argparse's error() exits")  # pragma: no cover


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(list(sys.argv[1:] if argv is None else argv))
    args = _parse(parser, argv)
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
        if isinstance(exc, OSError) and exc.errno in NO_ROOM:  # not a bug: the disk
            print(_no_room(exc), file=sys.stderr)
            return 1
        print(f"internal error: {type(exc).__name__}: {exc}\n"
              "run again with --debug for the traceback, and please report it",
              file=sys.stderr)
        return 1


def run() -> None:
    """The console-script entry point: run the command, then leave at once.

    A finished command leaves without tearing the interpreter down object by object (as
    mypy does by default, for the same reason): freeing the knowledge base and the compiled
    Rete network took about a sixth of a cached `advisor assess`. Nothing is lost by it:
    the commands write every file atomically and close it before they return, the
    interview's lock is the operating system's, and standard output is flushed here.
    Garbage collection waits until the knowledge base is loaded (`collector`).
    """
    collector.pause()
    leave(main())


def leave(code: int) -> NoReturn:
    """Flush what was printed and end the process with `code`, skipping the teardown."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): what it read is whole
        pass
    except OSError as exc:  # standard output is full or gone: the output was lost, say so
        with contextlib.suppress(OSError):
            print(_no_room(exc), file=sys.stderr)
        code = code or 1
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
