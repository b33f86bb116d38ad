"""`advisor rules ...`: the rule author's toolkit. This module registers the tools and runs
the checking ones (lint, test); `rules_read` holds the reading ones (list, show, graph,
impact), `rules_export` the export for other engines."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.text import Text

from ..authoring.lint import lint_dirs, summary
from ..authoring.lint_cases import case_files as layer_case_files
from ..authoring.ruletest import examples, run_case, run_example
from ..errors import AdvisorError
from ..load.answers import load_answers
from ..reason.engine import Engine
from . import collector, rules_export, rules_read
from .console import make_console
from .options import LANGS, add_kb_options, kb_dirs, load_knowledge


def register(sub: Any) -> None:
    rules = sub.add_parser("rules", help="tools for rule authors",
                           description="Lint, test, list, show, graph and compare the "
                                       "knowledge base.")
    rsub = rules.add_subparsers(dest="rules_command", metavar="TOOL", required=True)
    p = rsub.add_parser("lint", help="check the knowledge base for mistakes")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.add_argument("--notes", action="store_true", help="also show notes (layer overrides)")
    add_kb_options(p)
    p.set_defaults(handler=run_lint)
    p = rsub.add_parser("test", help="run rule examples and case files with expectations")
    p.add_argument("--cases", metavar="DIR", action="append", type=Path,
                   help="also run the answers files in DIR (repeatable)")
    p.add_argument("-v", "--verbose", action="store_true", help="list passing tests too")
    add_kb_options(p)
    p.set_defaults(handler=run_test)
    p = rsub.add_parser("list", help="list the rules")
    p.add_argument("--dimension", help="only this dimension")
    p.add_argument("--lang", choices=LANGS)
    add_kb_options(p)
    p.set_defaults(handler=rules_read.run_list)
    p = rsub.add_parser("show", help="one rule: where, what it reads and feeds")
    p.add_argument("id")
    p.add_argument("--lang", choices=LANGS)
    add_kb_options(p)
    p.set_defaults(handler=rules_read.run_show)
    p = rsub.add_parser("graph", help="questions -> facts -> rules -> recommendations")
    p.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    add_kb_options(p)
    p.set_defaults(handler=rules_read.run_graph)
    p = rsub.add_parser("impact", help="which cases' conclusions a knowledge-base change moves")
    p.add_argument("--cases", metavar="DIR", required=True, type=Path,
                   help="a folder of answers files")
    p.add_argument("--against", metavar="DIR", type=Path,
                   help="the knowledge base to compare with (default: the one without --kb)")
    p.add_argument("--lang", choices=LANGS)
    add_kb_options(p)
    p.set_defaults(handler=rules_read.run_impact)
    rules_export.register(rsub)


def run_lint(args: argparse.Namespace) -> int:
    collector.resume()  # lint loads the files its own way: collect as usual from the start
    _, problems = lint_dirs(kb_dirs(args))
    shown = [p for p in problems if args.notes or p.severity != "note"]
    console = make_console()
    for p in shown:
        style = {"error": "bad", "warning": "fair"}.get(p.severity, "muted")
        console.print(Text(p.render(), style=style), soft_wrap=True)
    console.print(summary(problems), style="heading")
    errors = any(p.severity == "error" for p in problems)
    warnings = any(p.severity == "warning" for p in problems)
    return 1 if errors or (args.strict and warnings) else 0


def case_files(args: argparse.Namespace) -> list[Path]:
    """Answers files with expectations: each layer's cases/ folders and --cases folders."""
    found = layer_case_files(kb_dirs(args))
    for extra in getattr(args, "cases", None) or []:
        if not Path(extra).is_dir():
            raise AdvisorError(f"{extra}: no such folder")
        found += sorted(Path(extra).rglob("*.yaml"))
    return list(dict.fromkeys(found))


def run_test(args: argparse.Namespace) -> int:
    kb = load_knowledge(args)
    engine = Engine(kb)
    console = make_console()
    outcomes = [run_example(engine, rule, i) for rule, i in examples(kb)]
    for path in case_files(args):
        if load_answers(path, kb).expect:
            outcomes.append(run_case(engine, path))
    fired: set[str] = set()
    failed = 0
    for o in outcomes:
        fired |= set(o.fired)
        if not o.passed:
            failed += 1
            console.print(Text(f"FAIL {o.where}: {o.name}", style="bad"), soft_wrap=True)
            for line in o.problems:
                console.print(Text(f"     {line}"), soft_wrap=True)
        elif args.verbose:
            console.print(Text(f"ok   {o.name}", style="good"))
    never = [r.id for r in kb.rules if r.id not in fired]
    covered = len(kb.rules) - len(never)
    console.print(Text(f"rule coverage: {covered}/{len(kb.rules)} rules fired in at least one "
                       f"test ({covered / max(len(kb.rules), 1):.0%})", style="heading"))
    if never:
        console.print(Text("never fired: " + ", ".join(never), style="fair"))
    console.print(f"{len(outcomes) - failed} passed, {failed} failed")
    return 1 if failed else 0
