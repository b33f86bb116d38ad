"""The `advisor rules ...` arguments (kept apart from `authoring`, which imports rich)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def add_parser(sub: Any, kb_options: Any) -> None:
    rules = sub.add_parser("rules", help="tools for rule authors",
                           description="Lint, test, list, show, graph and compare the "
                                       "knowledge base.")
    rsub = rules.add_subparsers(dest="rules_command", metavar="TOOL", required=True)
    p = rsub.add_parser("lint", help="check the knowledge base for mistakes")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.add_argument("--notes", action="store_true", help="also show notes (layer overrides)")
    kb_options(p)
    p.set_defaults(handler="rules:rules_lint")
    p = rsub.add_parser("test", help="run rule examples and case files with expectations")
    p.add_argument("--cases", metavar="DIR", action="append", type=Path,
                   help="also run the answers files in DIR (repeatable)")
    p.add_argument("-v", "--verbose", action="store_true", help="list passing tests too")
    kb_options(p)
    p.set_defaults(handler="rules:rules_test")
    p = rsub.add_parser("list", help="list the rules")
    p.add_argument("--dimension", help="only this dimension")
    p.add_argument("--lang", choices=("en", "zh"))
    kb_options(p)
    p.set_defaults(handler="rules:rules_list")
    p = rsub.add_parser("show", help="one rule: where, what it reads and feeds")
    p.add_argument("id")
    p.add_argument("--lang", choices=("en", "zh"))
    kb_options(p)
    p.set_defaults(handler="rules:rules_show")
    p = rsub.add_parser("graph", help="questions -> facts -> rules -> recommendations")
    p.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    kb_options(p)
    p.set_defaults(handler="rules:rules_graph")
    p = rsub.add_parser("impact", help="which cases' conclusions a knowledge-base change moves")
    p.add_argument("--cases", metavar="DIR", required=True, type=Path,
                   help="a folder of answers files")
    p.add_argument("--against", metavar="DIR", type=Path,
                   help="the knowledge base to compare with (default: the one without --kb)")
    p.add_argument("--lang", choices=("en", "zh"))
    kb_options(p)
    p.set_defaults(handler="rules:rules_impact")
