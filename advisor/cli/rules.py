"""`advisor rules ...`: the rule author's toolkit (lint, test, list, show, graph, impact)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table
from rich.text import Text

from ..errors import AdvisorError, did_you_mean
from ..lang import conditions as cond
from ..model import KnowledgeBase, Rule
from .commands import kb_dirs, load_knowledge, make_console


def cmd_rules_lint(args: argparse.Namespace) -> int:
    from ..authoring.lint import lint_dirs, summary

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
    roots: list[Path] = []
    for layer in kb_dirs(args):
        roots += [Path(p) for p in (layer if isinstance(layer, list) else [layer])]
    found = [p for root in roots if root.is_dir() for p in sorted(root.rglob("cases/*.yaml"))]
    for extra in getattr(args, "cases", None) or []:
        if not Path(extra).is_dir():
            raise AdvisorError(f"{extra}: no such folder")
        found += sorted(Path(extra).rglob("*.yaml"))
    return list(dict.fromkeys(found))


def cmd_rules_test(args: argparse.Namespace) -> int:
    from ..authoring.ruletest import examples, run_case, run_example
    from ..load.answers import load_answers
    from ..reason.engine import Engine

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
    console.print(Text(f"rule coverage: {len(kb.rules) - len(never)}/{len(kb.rules)} rules "
                       f"fired in at least one test "
                       f"({(len(kb.rules) - len(never)) / max(len(kb.rules), 1):.0%})",
                       style="heading"))
    if never:
        console.print(Text("never fired: " + ", ".join(never), style="fair"))
    console.print(f"{len(outcomes) - failed} passed, {failed} failed")
    return 1 if failed else 0


def cmd_rules_list(args: argparse.Namespace) -> int:
    kb = load_knowledge(args)
    lang = args.lang or kb.languages[0]
    table = Table(box=None, header_style="heading", padding=(0, 1), expand=True)
    for name in ("id", "stratum", "dimension", "title", "concludes"):
        table.add_column(name, overflow="fold")
    for rule in kb.rules:
        if args.dimension and rule.dimension != args.dimension:
            continue
        table.add_row(rule.id, str(kb.strata.get(rule.id, 0)), rule.dimension,
                      rule.title.get(lang), ", ".join(rule.concludes))
    make_console().print(table)
    return 0


def _feeds(kb: KnowledgeBase, rule: Rule) -> list[str]:
    """Input facts the rule depends on, directly or through derived facts."""
    from ..reason.explain import _depends

    return [f for f in kb.facts if f in _depends(kb)[rule.id]]


def cmd_rules_show(args: argparse.Namespace) -> int:
    kb = load_knowledge(args)
    lang = args.lang or kb.languages[0]
    rule = next((r for r in kb.rules if r.id == args.id), None)
    if rule is None:
        hint = did_you_mean(args.id, [r.id for r in kb.rules])
        raise AdvisorError(f"no rule '{args.id}'" + (f"; {hint}" if hint else ""))
    concluded = {f for f, _ in rule.sets}
    # counts built from what it concludes are read too (risk.count_high and the like)
    concluded |= {f.id for f in kb.derived_facts if concluded & set(f.count_of)}
    readers = [r.id for r in kb.rules if set(cond.facts_read(r.when)) & concluded]
    console = make_console()
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="muted", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("rule", Text(f"{rule.id}  {rule.title.get(lang)}", style="heading"))
    grid.add_row("defined at", rule.origin.where())
    grid.add_row("dimension", rule.dimension)
    grid.add_row("stratum", str(kb.strata.get(rule.id, 0)))
    grid.add_row("when", rule.when_text)
    then = [f"set {f} = {v}" for f, v in rule.sets] + [f"recommend {r}"
                                                      for r in rule.recommends]
    then += [f"score {i} = {v:g}" for i, v in rule.scores]
    grid.add_row("then", "\n".join(then))
    grid.add_row("because", rule.because.get(lang))
    grid.add_row("source", rule.source)
    grid.add_row("examples", str(len(rule.examples)))
    grid.add_row("read by", ", ".join(readers) or "—")
    feeds = _feeds(kb, rule)
    grid.add_row("questions", "\n".join(
        f"{f}: {kb.facts[f].question.prompt.get(lang)}" if kb.facts[f].question else f
        for f in feeds) or "—")
    console.print(grid)
    return 0


def graph(kb: KnowledgeBase, fmt: str) -> str:
    """questions -> facts -> rules -> derived facts -> ... -> recommendations."""
    nodes: dict[str, tuple[str, str]] = {}  # id -> (kind, label)
    edges: list[tuple[str, str]] = []
    for rule in kb.rules:
        rid = f"rule:{rule.id}"
        nodes[rid] = ("rule", rule.id)
        for fid in cond.facts_read(rule.when):
            kind = "derived" if kb.facts[fid].derived else "question"
            nodes[f"fact:{fid}"] = (kind, fid)
            edges.append((f"fact:{fid}", rid))
        for fid, _ in rule.sets:
            nodes[f"fact:{fid}"] = ("derived", fid)
            edges.append((rid, f"fact:{fid}"))
        for rec in rule.recommends:
            nodes[f"rec:{rec}"] = ("recommendation", rec)
            edges.append((rid, f"rec:{rec}"))
    for f in kb.derived_facts:
        for m in f.count_of:
            nodes[f"fact:{f.id}"] = ("derived", f.id)
            nodes.setdefault(f"fact:{m}", ("derived", m))
            edges.append((f"fact:{m}", f"fact:{f.id}"))
    names = {key: f"n{i}" for i, key in enumerate(sorted(nodes))}
    edges = sorted(set(edges))
    if fmt == "dot":
        shapes = {"question": "box", "derived": "ellipse", "rule": "diamond",
                  "recommendation": "note"}
        lines = ["digraph knowledge {", "  rankdir=LR;"]
        for key in sorted(nodes):
            kind, label = nodes[key]
            lines.append(f'  {names[key]} [label="{label}", shape={shapes[kind]}];')
        lines += [f"  {names[a]} -> {names[b]};" for a, b in edges]
        return "\n".join([*lines, "}"]) + "\n"
    brackets = {"question": ('["', '"]'), "derived": ('(["', '"])'), "rule": ('{{"', '"}}'),
                "recommendation": ('[/"', '"/]')}
    lines = ["flowchart LR"]
    for key in sorted(nodes):
        kind, label = nodes[key]
        left, right = brackets[kind]
        lines.append(f"  {names[key]}{left}{label}{right}")
    lines += [f"  {names[a]} --> {names[b]}" for a, b in edges]
    return "\n".join(lines) + "\n"


def cmd_rules_graph(args: argparse.Namespace) -> int:
    import sys

    sys.stdout.write(graph(load_knowledge(args), args.format))
    return 0


def cmd_rules_impact(args: argparse.Namespace) -> int:
    from ..load.answers import load_answers
    from ..load.builder import load_kb
    from ..paths import shipped_dirs
    from ..reason.engine import Engine
    from ..reason.whatif import compare
    from ..report import explain as views

    candidate = load_knowledge(args)
    if args.against:
        baseline = load_kb([args.against])
    elif args.kb and args.no_shipped:
        raise AdvisorError("--no-shipped needs --against DIR to compare with")
    elif args.kb:
        baseline = load_kb([shipped_dirs()])
    else:
        raise AdvisorError("nothing to compare: give --kb DIR (compared with the knowledge "
                           "base without it) or --against DIR")
    new_engine, old_engine = Engine(candidate), Engine(baseline)
    console = make_console()
    changed = 0
    files = sorted(Path(args.cases).rglob("*.yaml")) if Path(args.cases).is_dir() else []
    if not files:
        raise AdvisorError(f"{args.cases}: no answers files found")
    lang = args.lang or candidate.languages[0]
    for path in files:
        before = old_engine.assess(load_answers(path, baseline), lang)
        after = new_engine.assess(load_answers(path, candidate), lang)
        delta = compare(candidate, before, after)
        if delta.empty:
            continue
        changed += 1
        console.print(Text(f"{path}: {before.case}", style="heading"))
        console.print(views.delta(candidate, delta, lang))
    console.print(f"{changed} of {len(files)} cases change")
    return 0

