"""`advisor whatif` and `advisor diff`: what changes between two sets of answers, and why."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import AdvisorError
from ..i18n import t
from ..load.answers import Answers, load_answers
from ..reason.engine import Engine
from ..reason.whatif import compare, whatif
from ..report import explain as views
from .console import make_console
from .options import LANGS, add_kb_options, read_case, typed_value


def register(sub: Any) -> None:
    p = sub.add_parser("whatif", help="what changes if some answers change",
                       description="Assess the case as it is and with changed answers, and "
                                   "show every conclusion that changes and why.")
    p.add_argument("case", type=Path, help="the answers file (YAML)")
    p.add_argument("--set", metavar="FACT=VALUE", action="append", default=[],
                   dest="changes", required=True,
                   help="a changed answer (repeatable); VALUE ? means don't know; a "
                        "multi-select takes a,b,c")
    p.add_argument("--lang", choices=LANGS)
    add_kb_options(p)
    p.set_defaults(handler=run_whatif)
    p = sub.add_parser("diff", help="compare two assessments of the same effort",
                       description="Re-assessment: what is new, resolved or changed between "
                                   "an earlier and a later answers file, and why.")
    p.add_argument("old", type=Path, help="the earlier answers file")
    p.add_argument("new", type=Path, help="the later answers file")
    p.add_argument("--lang", choices=LANGS)
    add_kb_options(p)
    p.set_defaults(handler=run_diff)


def run_whatif(args: argparse.Namespace) -> int:
    kb, answers, lang = read_case(args, args.case)
    changes = {}
    for item in args.changes:
        fid, sep, raw = item.partition("=")
        if not sep:
            raise AdvisorError(f"--set {item}: write FACT=VALUE")
        fid = fid.strip()
        if fid in kb.facts and kb.facts[fid].derived:
            raise AdvisorError(f"'{fid}' is concluded by the rules; --set changes answers")
        changes[fid] = typed_value(kb, fid, raw)
    _, _, delta = whatif(Engine(kb), answers, changes, lang)
    make_console().print(views.delta(kb, delta, lang))
    return 0


def run_diff(args: argparse.Namespace) -> int:
    kb, old, lang = read_case(args, args.old)
    new = load_answers(args.new, kb)
    engine = Engine(kb)
    delta = compare(kb, engine.assess(old, lang), engine.assess(new, lang))
    console = make_console()
    if not same_effort(old, new):
        make_console(sys.stderr).print(t(lang, "not_same_effort").format(
            old=old.case, new=new.case), style="fair", markup=False)
    console.print(views.delta(kb, delta, lang))
    return 0


def same_effort(old: Answers, new: Answers) -> bool:
    """Two assessments of one effort share its name, or most of the answers they both give
    (a re-assessment changes some answers, not most of them)."""
    if old.case.strip().lower() == new.case.strip().lower():
        return True
    shared = set(old.values) & set(new.values)
    same = sum(old.values[f] == new.values[f] for f in shared)
    return bool(shared) and same >= len(shared) / 2
