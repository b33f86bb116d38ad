"""Gaps and overlaps of unique decision tables, found by trying every distinct input.

Each input column has a finite set of values that can tell its cells apart: yes/no, the
choices of a choice or level, the numbers around each cut point the cells mention, the sets
of the choices a multi-select column names, and "unknown" where a cell asks about it. Every
combination is run through the rows' own conditions with the language's one evaluator
(`lang.holds`), so the check means exactly what the engine does. A combination no row covers
is a gap; one two rows cover is an overlap. Each is reported at the cell responsible, with
the combination in words.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .. import lang
from ..errors import Problem
from ..model import DecisionTable, FactDef, KnowledgeBase, Origin, TableCell, TableRow

MAX_COMBINATIONS = 200_000  # beyond this a table is reported as too large to check


def table_problems(kb: KnowledgeBase) -> Iterator[Problem]:
    for table in kb.tables.values():
        if table.hit == "unique" and _complete(table):
            yield from _check(kb, table)


def _complete(table: DecisionTable) -> bool:
    """Only a table whose every cell compiled can be checked (the loader reported the rest)."""
    return all(c.condition is not None or c.text == "-" for r in table.rows for c in r.inputs)


def _check(kb: KnowledgeBase, table: DecisionTable) -> Iterator[Problem]:
    facts = [kb.facts[f] for f in table.inputs]
    domains = [domain(f, [r.inputs[j] for r in table.rows]) for j, f in enumerate(facts)]
    size = 1
    for d in domains:
        size *= len(d)
    if size > MAX_COMBINATIONS:
        yield _at(table.origin, f"decision table {table.id}: {size} input combinations are "
                                "too many to check for gaps and overlaps",
                  "split the table", "note", "table-too-large")
        return
    gap_seen = False
    overlaps: set[tuple[int, int]] = set()
    for combo in itertools.product(*domains):
        values = dict(zip(table.inputs, combo, strict=True))
        hits = [i for i, r in enumerate(table.rows) if _covers(r, values)]
        if not hits and not gap_seen:
            gap_seen = True
            row, cell = _closest(table.rows, values)
            yield _at(cell.origin, f"decision table {table.id} has a gap: no row covers "
                                   f"{in_words(kb, facts, combo)}",
                      f"row {row + 1} comes closest but for this cell; add a row or widen "
                      "a cell", "warning", "table-gap")
        for i, j in itertools.combinations(hits, 2):
            if (i, j) not in overlaps:
                overlaps.add((i, j))
                cell = _telling_cell(table.rows[j])
                yield _at(cell.origin, f"decision table {table.id} is unique, but rows "
                                       f"{i + 1} and {j + 1} both cover "
                                       f"{in_words(kb, facts, combo)}",
                          f"row {i + 1} is at line {table.rows[i].origin.line}; narrow a "
                          "cell of one of them, or use hit policy 'first' or 'priority'",
                          "error", "table-overlap")


def _covers(row: TableRow, values: Mapping[str, Any]) -> bool:
    return all(lang.holds(c.condition, values.get) for c in row.inputs
               if c.condition is not None)


def _closest(rows: Iterable[TableRow], values: Mapping[str, Any]) -> tuple[int, TableCell]:
    """The row that fails on the fewest cells, and the first cell it fails on."""
    best: tuple[int, int, TableCell] | None = None
    for i, row in enumerate(rows):
        failing = [c for c in row.inputs if c.condition is not None
                   and not lang.holds(c.condition, values.get)]
        if failing and (best is None or len(failing) < best[0]):
            best = (len(failing), i, failing[0])
    assert best is not None  # a gap means every row fails on some cell
    return best[1], best[2]


def _telling_cell(row: TableRow) -> TableCell:
    """Where an overlap is shown: the row's first cell that says something."""
    return next((c for c in row.inputs if c.condition is not None), row.inputs[0])


def domain(fact: FactDef, cells: list[TableCell]) -> list[Any]:
    """The values of one column that can tell its cells apart (None: unknown)."""
    found = [leaf for c in cells if c.condition is not None
             for leaf in lang.leaves(c.condition)]
    unknown = [None] if any(leaf.op in ("is known", "is unknown") for leaf in found) else []
    if fact.type == "flag":
        return [True, None]
    if fact.type == "bool":
        return [True, False, *unknown]
    if fact.type in ("choice", "level"):
        return [*fact.choice_ids, *unknown]
    if fact.type == "multi":
        named = [v for v in fact.choice_ids
                 if any(v == leaf.value or (isinstance(leaf.value, tuple) and v in leaf.value)
                        for leaf in found)]
        subsets = itertools.chain.from_iterable(
            itertools.combinations(named, n) for n in range(len(named) + 1))
        return [*subsets, *unknown]
    cuts = sorted({float(leaf.value) for leaf in found if isinstance(leaf.value, int | float)
                   and not isinstance(leaf.value, bool)})
    step = 1.0 if fact.integer or fact.type == "count" else 0.5
    points = sorted({p for c in cuts for p in (c - step, c, c + step)} or {0.0})
    points = [p for p in points if (fact.min is None or p >= fact.min)
              and (fact.max is None or p <= fact.max)] or points[:1]
    return [*(int(p) if p.is_integer() else p for p in points), *unknown]


def in_words(kb: KnowledgeBase, facts: list[FactDef], combo: tuple[Any, ...]) -> str:
    """An input combination as an author reads it: each fact's label, id and value."""
    lang_ = kb.languages[0]
    parts = []
    for fact, value in zip(facts, combo, strict=True):
        if value is None:
            shown = "not set" if fact.type == "flag" else "unknown"
        elif isinstance(value, bool):
            shown = "yes" if value else "no"
        elif isinstance(value, tuple):
            shown = ", ".join(fact.choice_label(v, lang_) for v in value) or "nothing chosen"
        elif isinstance(value, str):
            shown = fact.choice_label(value, lang_)
        else:
            unit = fact.unit.get(lang_)
            shown = f"{value:g}" + (f" {unit}" if unit else "")
        parts.append(f"{fact.label.get(lang_)} ({fact.id}): {shown}")
    return "; ".join(parts)


def _at(origin: Origin, message: str, hint: str, severity: str, code: str) -> Problem:
    return Problem(origin.path, origin.line, origin.col, message, hint, severity, code)
