"""`advisor explain`: how a conclusion was reached, why another was not, and swing analysis."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..i18n import t
from ..model.assessment import Assessment
from ..model.confidence import DEFAULT
from ..reason import explain
from ..reason.engine import Engine
from ..reason.levers import smallest_changes
from ..reason.whatif import swings
from ..reason.whynot import why_not_deep
from ..report import explain as views
from ..report.whynot import why_not_tree
from ..report.words import severity
from .console import make_console
from .options import LANGS, add_kb_options, read_case, typed_value


def register(sub: Any) -> None:
    p = sub.add_parser("explain", help="explain a case's conclusions",
                       description="How a conclusion was reached, why another was not, and "
                                   "which single answers would change the key findings (the "
                                   "default).")
    p.add_argument("case", type=Path, help="the answers file (YAML)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--why", metavar="ID",
                      help="the derivation of a recommendation, derived fact or rule")
    what.add_argument("--why-not", metavar="ID[=VALUE]",
                      help="what stopped each rule that could have concluded ID (=VALUE)")
    what.add_argument("--swing", action="store_true",
                      help="single answer changes that would remove each high or critical "
                           "finding (the default)")
    p.add_argument("--lang", choices=LANGS)
    add_kb_options(p)
    p.set_defaults(handler=run)


def levels(a: Assessment) -> dict[str, str | None]:
    """Every answer's confidence (stated when the file gives none), every conclusion's."""
    out: dict[str, str | None] = {f: a.answer_confidence.get(f, DEFAULT) for f in a.answers}
    out.update({f: c.confidence for f, c in a.derived.items()})
    out.update({r.id: r.confidence for r in a.recommendations})
    return out


def run(args: argparse.Namespace) -> int:
    kb, answers, lang = read_case(args, args.case)
    engine = Engine(kb)
    a = engine.assess(answers, lang)
    console = make_console()
    if args.why:
        console.print(views.derivation(kb, explain.derivation(kb, a, args.why), lang,
                                       a.answer_sources, levels(a)))
        return 0
    if args.why_not:
        target, _, raw = args.why_not.partition("=")
        value = typed_value(kb, target, raw) if raw else None
        console.print(why_not_tree(kb, target, why_not_deep(kb, a, target, value), lang,
                                   debug=args.debug, conflicting=target in a.conflicts))
        return 0
    findings = [fid for fid, c in a.derived.items()
                if kb.facts[fid].type == "level" and kb.facts[fid].report
                and severity(kb.facts[fid], c.value) in ("bad", "worst")]
    # a choice verdict (an animal) can move from unknown, so it is tried even without a value
    verdict = [f for f in kb.verdict if f in a.derived or kb.facts[f].type == "choice"]
    found = swings(engine, answers, findings, raise_for=verdict)
    console.print(t(lang, "swing_title"), style="heading")
    console.print(views.swings(kb, found, list(dict.fromkeys(findings + verdict)), lang))
    if verdict and kb.facts[verdict[0]].type == "level" and \
            not any(s.finding == verdict[0] for s in found):
        console.print(views.lower_sets(kb, smallest_changes(engine, answers), lang))
    return 0
