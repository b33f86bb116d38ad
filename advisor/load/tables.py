"""Decision tables: each row compiled to one ordinary rule, the table kept as written.

A row's cells are fragments of the condition language with the column's fact left out
(`>= 2`, `in [medium, large]`, `large`, `-` for any); each is completed with its fact and
parsed and type checked by `lang` like any condition, so a mistake is reported at the cell.
Everything downstream (engine, explain, why-not, lint, rule tests, graph, impact) sees only
the compiled rules; the table itself is kept for the gap and overlap lint and `rules show`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import lang
from ..errors import Problem, did_you_mean
from ..model import (
    ANY,
    DecisionTable,
    FactDef,
    Origin,
    Recommendation,
    Reference,
    Rule,
    TableCell,
    TableRow,
    Text,
)
from .context import Context, Entry
from .rules import examples_of, reason_of, references_of, set_value

_OPERATORS = ("==", "!=", "<", ">", "in ", "in[", "not in", "not_in", "contains", "is ")
_ROW_TITLE = {"en": "{title}, row {n}", "zh": "{title}（第{n}行）"}
CELL_HINT = ("write a cell as the rest of a condition on the column's fact, such as "
             "'>= 2', 'in [medium, large]', 'large', 'yes', 'is unknown', or '-' for any value")


def tables_section(ctx: Context, entries: list[Entry], facts: Mapping[str, FactDef],
                   recs: Mapping[str, Recommendation], references: Mapping[str, Reference],
                   rule_ids: set[str]) -> tuple[tuple[Rule, ...], dict[str, DecisionTable]]:
    """The rules the tables compile to (in table and row order) and the tables as written."""
    rules: list[Rule] = []
    tables: dict[str, DecisionTable] = {}
    for e in entries:
        if e.id in rule_ids:
            ctx.problems.append(e.problem(("id",), f"table id '{e.id}' is also a rule id",
                                          "give the table an id of its own"))
        table, compiled = _table(ctx, e, facts, recs, references)
        for rule in compiled:
            if rule.id in rule_ids:
                at = next(r for r in table.rows if r.rule == rule.id).origin
                ctx.problems.append(Problem(at.path, at.line, at.col,
                                            f"duplicate rule id '{rule.id}' (a rule or "
                                            "another row has it)", "give the row another id"))
            rule_ids.add(rule.id)
        rules += compiled
        tables[e.id] = table
    return tuple(rules), tables


def _table(ctx: Context, e: Entry, facts: Mapping[str, FactDef],
           recs: Mapping[str, Recommendation],
           references: Mapping[str, Reference]) -> tuple[DecisionTable, list[Rule]]:
    d = e.data
    inputs_ok = _columns_known(ctx, e, "inputs", d.inputs, facts, {})
    outputs_ok = _columns_known(ctx, e, "outputs", d.outputs, facts, recs)
    _hit_fits(ctx, e, facts)
    dimension = ctx.dimension_of(e, d.dimension)
    rows: list[TableRow] = []
    rules: list[Rule] = []
    earlier: list[lang.Condition] = []  # the rows above, for hit policy "first"
    for i, row in enumerate(d.rows):
        r = Entry(row.id or f"{e.id}/{i + 1}", e.layer, e.src, e.doc, (*e.path, "rows", i),
                  row, e.index, e.dimension)
        cells = _cells(ctx, r, "when", row.when, d.inputs)
        outs = _cells(ctx, r, "then", row.then, d.outputs)
        if inputs_ok and len(cells) == len(d.inputs):
            cells = [TableCell(c.text, c.origin, _cell_condition(ctx, r, j, fid, c, facts))
                     for j, (fid, c) in enumerate(zip(d.inputs, cells, strict=True))]
        rows.append(TableRow(r.id, tuple(cells), tuple(outs), r.origin()))
        if not (inputs_ok and outputs_ok) or len(cells) != len(d.inputs) \
                or len(outs) != len(d.outputs) or any(c.condition is None and c.text != ANY
                                                      for c in cells):
            continue
        own = lang.All(tuple(c.condition for c in cells if c.condition is not None))
        when = own if d.hit != "first" else lang.All(
            (*own.items, *(lang.Not(x) for x in earlier)))
        earlier.append(own)
        rule = _rule(ctx, e, r, i, when, outs, facts, recs, references, dimension)
        if rule is not None:
            rules.append(rule)
    return DecisionTable(e.id, ctx.text(e, ("title",), d.title), d.hit, tuple(d.inputs),
                         tuple(d.outputs), tuple(rows), e.origin()), rules


def _columns_known(ctx: Context, e: Entry, key: str, ids: list[str],
                   facts: Mapping[str, FactDef], recs: Mapping[str, Recommendation]) -> bool:
    """Every column names a fact (outputs: a derived fact or a recommendation), once."""
    ok = bool(ids)
    if not ids:
        ctx.problems.append(e.problem((key,), f"a table needs at least one of {key}"))
    for j, fid in enumerate(ids):
        known = {**facts, **recs} if key == "outputs" else facts
        kind = "fact" if key == "inputs" else "fact or recommendation"
        if fid not in known:
            ctx.problems.append(e.problem((key, j), f"unknown {kind} '{fid}' in the {key}",
                                          did_you_mean(fid, known)))
            ok = False
        elif ids.index(fid) != j:
            ctx.problems.append(e.problem((key, j), f"'{fid}' is a column twice"))
            ok = False
        elif key == "outputs" and fid in facts and (not facts[fid].derived
                                                    or facts[fid].type == "count"):
            ctx.problems.append(e.problem((key, j), f"'{fid}' cannot be an output: rules only "
                                                    "set derived facts that are not counts"))
            ok = False
    return ok


def _hit_fits(ctx: Context, e: Entry, facts: Mapping[str, FactDef]) -> None:
    """A priority table relies on the merge of level facts to pick the winning row."""
    if e.data.hit != "priority":
        return
    for fid in e.data.outputs:
        f = facts.get(fid)
        if f is None or f.type != "level":
            ctx.problems.append(e.problem(("hit",), f"hit policy 'priority' needs level "
                                                    f"outputs, and '{fid}' is not a level",
                                          "the merge of a level (highest, or lowest as "
                                          "declared) decides which row wins; use 'first' "
                                          "or 'collect' otherwise"))


def _cells(ctx: Context, e: Entry, key: str, data: list[Any],
           columns: list[str]) -> list[TableCell]:
    """The row's cells as written, each located; a wrong count is reported at the row."""
    if len(data) != len(columns):
        ctx.problems.append(e.problem((key,), f"row {e.path[-1] + 1} has {len(data)} "
                                              f"{'cells' if key == 'when' else 'outputs'} "
                                              f"but the table has {len(columns)} "
                                              f"{'inputs' if key == 'when' else 'outputs'} "
                                              f"({', '.join(columns)})",
                                      "write '-' for a column the row does not care about"))
    out = []
    for j, value in enumerate(data):
        m = e.doc.mark((*e.path, key, j))
        text = ("yes" if value else "no") if isinstance(value, bool) else str(value).strip()
        out.append(TableCell(text, Origin(e.src.shown, m.line, m.col, e.layer, j)))
    return out


def cell_text(fact: FactDef, cell: str) -> str:
    """The condition a cell stands for, in the language's own syntax."""
    if fact.type == "flag" and cell in ("yes", "no"):
        return fact.id if cell == "yes" else f"not {fact.id}"
    if cell.startswith(_OPERATORS):
        return f"{fact.id} {cell}"
    return f"{fact.id} == {cell}"


def _cell_condition(ctx: Context, e: Entry, j: int, fid: str, cell: TableCell,
                    facts: Mapping[str, FactDef]) -> lang.Condition | None:
    """The cell completed with its column's fact, parsed and checked at the cell."""
    if cell.text == ANY:
        return None
    path = (*e.path, "when", j)
    text = cell_text(facts[fid], cell.text)
    start = text.index(cell.text) if cell.text in text else 0
    exact = e.doc.locator(path, cell.text)
    mark = e.doc.mark(path)

    def at(offset: int) -> tuple[int, int]:
        return exact(offset - start) if offset >= start else (mark.line, mark.col)

    try:
        parsed = lang.parse_text(text, mark.line, mark.col, mark.style, at)
    except lang.ConditionError as exc:
        ctx.problems.append(Problem(e.src.shown, exc.line, exc.col,
                                    f"cell '{cell.text}' of column '{fid}': {exc.message}",
                                    exc.hint or CELL_HINT))
        return None
    checked, problems = lang.check(parsed, facts)
    for p in problems:
        ctx.problems.append(Problem(e.src.shown, p.line, p.col,
                                    f"cell '{cell.text}' of column '{fid}': {p.message}",
                                    p.hint or CELL_HINT))
    if problems:
        return None
    other = [f for f in lang.facts_read(checked) if f != fid]
    if other:
        ctx.problems.append(Problem(e.src.shown, mark.line, mark.col,
                                    f"cell '{cell.text}' of column '{fid}' tests "
                                    f"'{other[0]}'; a cell tests only its column's fact",
                                    "add a column for it"))
        return None
    return checked


def _rule(ctx: Context, t: Entry, e: Entry, i: int, when: lang.Condition,
          outs: list[TableCell], facts: Mapping[str, FactDef],
          recs: Mapping[str, Recommendation], references: Mapping[str, Reference],
          dimension: str) -> Rule | None:
    """The ordinary rule a row stands for: texts and source default to the table's."""
    d, row = t.data, e.data
    try:
        clauses = lang.to_dnf(when)
    except lang.TooManyClauses as exc:
        ctx.problems.append(e.problem(("when",), str(exc), "with hit policy 'first', each row "
                                                           "also excludes every row above it; "
                                                           "split the table"))
        return None
    sets, recommends = [], []
    before = len(ctx.problems)
    for k, (oid, cell) in enumerate(zip(d.outputs, outs, strict=True)):
        if cell.text == ANY:
            continue
        if oid in recs:
            if cell.text == "yes":
                recommends.append(oid)
            elif cell.text != "no":
                ctx.problems.append(e.problem(("then", k), f"'{cell.text}' for the "
                                                           f"recommendation '{oid}'",
                                              "write yes to make it, or '-'"))
        elif (v := set_value(ctx, e, oid, row.then[k], facts, at=("then", k))) is not None:
            sets.append((oid, v))
    if not (sets or recommends):
        if len(ctx.problems) > before:  # an output had a bad value: already reported
            return None
        ctx.problems.append(e.problem(("then",), f"row {i + 1} concludes nothing",
                                      "give at least one output a value"))
        return None
    source = row.source if row.source is not None else d.source
    owner = e if row.source is not None else t
    if source is None:
        ctx.problems.append(e.problem((), f"row {i + 1} has no source and the table gives "
                                          "none", "add source: to the table or the row"))
        source = ""
    refs = references_of(ctx, owner, source, references)
    because = ctx.text(e, ("because",), row.because) if row.because is not None \
        else ctx.text(t, ("because",), d.because)
    if not because.values:
        ctx.problems.append(e.problem((), f"row {i + 1} has no because and the table gives "
                                          "none", "add because: to the table or the row"))
    title = ctx.text(e, ("title",), row.title) if row.title is not None else Text.of(
        {code: _ROW_TITLE.get(code, "{title} ({n})").format(title=text, n=i + 1)
         for code, text in ctx.text(t, ("title",), d.title).values})
    return Rule(id=e.id, title=title, dimension=dimension, when=when,
                when_text=lang.render(when).removeprefix("(").removesuffix(")"),
                clauses=clauses, sets=tuple(sets), recommends=tuple(dict.fromkeys(recommends)),
                because=because, reason=reason_of(ctx, e, row.reason, facts),
                source="" if refs else str(source).strip(), references=refs,
                examples=examples_of(e, row.examples), origin=e.origin())
