"""`advisor rules list | show | graph | impact`: reading a knowledge base as an author."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.table import Table
from rich.text import Text

from ..authoring.graph import graph
from ..errors import AdvisorError, did_you_mean
from ..i18n import t
from ..lang import Leaf
from ..load.answers import load_answers
from ..load.cache import load_cached
from ..load.paths import shipped_dirs
from ..model import ANY, DecisionTable, KnowledgeBase, TableCell
from ..reason.engine import Engine
from ..reason.whatif import compare
from ..report import explain as views
from .console import make_console
from .options import load_knowledge


def run_list(args: argparse.Namespace) -> int:
    kb = load_knowledge(args)
    lang = args.lang or kb.languages[0]
    table = Table(box=None, header_style="heading", padding=(0, 1), expand=True)
    for name in ("id", "stratum", "dimension", "title", "concludes"):
        table.add_column(name, overflow="fold")
    for rule in kb.rules:
        if args.dimension and rule.dimension != args.dimension:
            continue
        table.add_row(Text(rule.id), str(kb.strata.get(rule.id, 0)), Text(rule.dimension),
                      Text(rule.title.get(lang)), Text(", ".join(rule.concludes)))
    make_console().print(table)
    return 0


def run_show(args: argparse.Namespace) -> int:
    kb = load_knowledge(args)
    lang = args.lang or kb.languages[0]
    if args.id in kb.tables:
        make_console().print(table_view(kb, kb.tables[args.id], lang))
        return 0
    if not kb.has_rule(args.id):
        hint = did_you_mean(args.id, [*(r.id for r in kb.rules), *kb.tables])
        raise AdvisorError(f"no rule or table '{args.id}'" + (f"; {hint}" if hint else ""))
    rule = kb.rule(args.id)
    concluded = {f for f, _ in rule.sets}
    # counts built from what it concludes are read too (risk.count_high and the like)
    concluded |= {f.id for f in kb.derived_facts if concluded & set(f.count_of)}
    reading = {r.id for f in concluded for r in kb.readers(f)}
    readers = [r.id for r in kb.rules if r.id in reading]
    then = [f"set {f} = {v}" for f, v in rule.sets] + [f"recommend {r}"
                                                      for r in rule.recommends]
    then += [f"score {i} = {v:g}" for i, v in rule.scores]
    feeds = [f for f in kb.facts if f in kb.inputs(rule.id)]
    questions = [f"{f}: {q.prompt.get(lang)}" if (q := kb.facts[f].question) else f
                 for f in feeds]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="muted", no_wrap=True)
    grid.add_column(overflow="fold")
    rows = [("rule", Text(f"{rule.id}  {rule.title.get(lang)}", style="heading")),
            ("defined at", Text(rule.origin.where())), ("dimension", Text(rule.dimension)),
            ("stratum", Text(str(kb.strata.get(rule.id, 0)))), ("when", Text(rule.when_text)),
            ("then", Text("\n".join(then))), ("because", Text(rule.because.get(lang))),
            ("source", Text(rule.source)), ("examples", Text(str(len(rule.examples)))),
            ("read by", Text(", ".join(readers) or "—")),
            ("questions", Text("\n".join(questions) or "—"))]
    for label, value in rows:
        grid.add_row(label, value)
    make_console().print(grid)
    return 0


def table_view(kb: KnowledgeBase, table: DecisionTable, lang: str) -> Table:
    """A decision table drawn as the author wrote it: a row per rule, a column per fact,
    headed by the facts' labels in `lang`, with choice ids shown as their labels."""
    ids = f"{', '.join(table.inputs)} → {', '.join(table.outputs)}"
    view = Table(title=t(lang, "table_title").format(id=table.id, title=table.title.get(lang)),
                 caption=t(lang, "table_hit").format(policy=t(lang, f"hit_{table.hit}")) + "\n"
                 + t(lang, "table_defined_at").format(where=table.origin.where()) + "\n"
                 + ids, header_style="heading", title_style="heading", show_lines=True)
    view.add_column(t(lang, "table_row"), justify="right", style="muted")
    for fid in table.inputs:
        view.add_column(_header(kb, fid, lang, ""), overflow="fold")
    for oid in table.outputs:
        view.add_column(_header(kb, oid, lang, "→ "), overflow="fold", min_width=8)
    view.add_column(t(lang, "table_rule"), style="muted", no_wrap=True)
    columns = (*table.inputs, *table.outputs)
    for n, row in enumerate(table.rows, 1):
        cells = [_cell(kb, fid, c, lang, k >= len(table.inputs))
                 for k, (fid, c) in enumerate(zip(columns, (*row.inputs, *row.outputs),
                                                  strict=False))]
        view.add_row(str(n), *cells, Text(row.rule))
    return view


def _header(kb: KnowledgeBase, fid: str, lang: str, mark: str) -> Text:
    """A column's label in the reader's words (ids are in the caption, in column order);
    an output column is marked with an arrow."""
    name = kb.facts[fid].label.get(lang) if fid in kb.facts else \
        kb.recommendations[fid].title.get(lang)
    return Text.assemble((mark, "muted"), name)


def _cell(kb: KnowledgeBase, fid: str, cell: TableCell, lang: str, output: bool) -> Text:
    """A cell in the reader's words where the words exist: `-` as 'any' (an output:
    nothing), choice ids as their labels, yes and no, known and unknown; anything else (a
    number comparison) as written."""
    text, leaf = cell.text, cell.condition
    if text == ANY:
        return Text("—" if output else t(lang, "table_any"), style="muted")
    if text in ("yes", "no"):
        return Text(t(lang, text))
    fact = kb.facts.get(fid)
    if fact is not None and text in fact.choice_ids:
        return Text(fact.choice_label(text, lang))
    if isinstance(leaf, Leaf) and leaf.op in ("is known", "is unknown"):
        return Text(t(lang, "table_known" if leaf.op == "is known" else "table_unknown"))
    if fact is not None and isinstance(leaf, Leaf) and leaf.op in ("in", "not in") \
            and all(v in fact.choice_ids for v in leaf.value):
        values = t(lang, "table_sep").join(fact.choice_label(v, lang) for v in leaf.value)
        return Text(t(lang, "table_one_of" if leaf.op == "in" else "table_none_of")
                    .format(values=values))
    return Text(text)


def run_graph(args: argparse.Namespace) -> int:
    sys.stdout.write(graph(load_knowledge(args), args.format))
    return 0


def run_impact(args: argparse.Namespace) -> int:
    candidate = load_knowledge(args)
    if args.against:
        baseline = load_cached([args.against])
    elif args.kb and args.no_shipped:
        raise AdvisorError("--no-shipped needs --against DIR to compare with")
    elif args.kb:
        baseline = load_cached([shipped_dirs()])
    else:
        raise AdvisorError("nothing to compare: give --kb DIR (compared with the knowledge "
                           "base without it) or --against DIR")
    new_engine, old_engine = Engine(candidate), Engine(baseline)
    files = sorted(Path(args.cases).rglob("*.yaml")) if Path(args.cases).is_dir() else []
    if not files:
        raise AdvisorError(f"{args.cases}: no answers files found")
    console = make_console()
    lang = args.lang or candidate.languages[0]
    changed = 0
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
