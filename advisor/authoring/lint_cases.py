"""Lint checks that need more than one rule: conditions no answer can satisfy, questions
that wait for their own answer, and the `expect:` blocks of case files.

A case file's expectations are otherwise only read by `advisor rules test`, which says "names
nothing" without a place; here every unknown id and every impossible value is located at the
key or value it is about, with a "did you mean".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .. import lang
from ..errors import Problem, SourceError, did_you_mean
from ..load.answers import load_answers
from ..load.document import Document
from ..load.yamlio import load
from ..model import FactDef, KnowledgeBase, Origin
from .expectations import LISTS, MAPPINGS

# --------------------------------------------------------------------------- conditions


def _range(kb: KnowledgeBase, fact: FactDef, leaf: lang.Leaf) -> tuple[float, float] | None:
    """The lowest and highest value the leaf compares (None: no bound is known)."""
    if leaf.op == "count":
        return 0, len([c for c in fact.choice_ids if c not in leaf.ignore])
    if fact.type == "count":
        return 0, len(fact.count_of)
    if fact.type == "number":
        return (float("-inf") if fact.min is None else fact.min,
                float("inf") if fact.max is None else fact.max)
    return None


def _never_holds(kb: KnowledgeBase, leaf: lang.Leaf) -> str:
    """Why no value of its fact can satisfy `leaf` ("" when some value can)."""
    fact = kb.facts[leaf.fact]
    cmp = leaf.cmp if leaf.op == "count" else leaf.op
    if fact.type == "level" and leaf.order and cmp in ("<", ">"):
        end = leaf.order[0] if cmp == "<" else leaf.order[-1]
        if leaf.value == end:
            return f"nothing is {'below' if cmp == '<' else 'above'} '{end}' on its scale"
    bounds = _range(kb, fact, leaf)
    if bounds is None or not isinstance(leaf.value, int | float) or isinstance(leaf.value, bool):
        return ""
    lo, hi = bounds
    v = leaf.value
    whole = fact.integer or leaf.op == "count" or fact.type == "count"
    possible = {"<": lo < v, "<=": lo <= v, ">": hi > v, ">=": hi >= v,
                "==": lo <= v <= hi and (not whole or float(v).is_integer())}.get(str(cmp), True)
    if possible:
        return ""
    what = f"count({fact.id})" if leaf.op == "count" else f"'{fact.id}'"
    if cmp in ("<", "<="):
        return f"{what} is never below {_n(lo)}"
    if cmp in (">", ">="):
        return f"{what} is never above {_n(hi)}"
    return f"{what} only takes {'whole numbers ' if whole else ''}from {_n(lo)} to {_n(hi)}"


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def never_holding(kb: KnowledgeBase) -> Iterator[Problem]:
    """Leaves of rule conditions and questions' ask_if that no answer can satisfy."""
    def located(origin: Origin, leaf: lang.Leaf) -> tuple[str, int, int]:
        return origin.path, leaf.line or origin.line, leaf.col or origin.col

    conditions: list[tuple[str, Origin, lang.Condition]] = [
        (f"rule {r.id}", r.origin, r.when) for r in kb.rules]
    for f in kb.input_facts:
        q = f.question
        if q is not None and q.ask_if is not None:
            conditions.append((f"the question of '{f.id}'", q.origin or f.origin, q.ask_if))
            if f.id in lang.facts_read(q.ask_if):
                leaf = next(x for x in lang.leaves(q.ask_if) if x.fact == f.id)
                yield Problem(*located(q.origin or f.origin, leaf),
                              f"the ask_if of '{f.id}' reads its own answer, so the question "
                              "is never asked", "make ask_if depend on other questions' "
                                                "answers", "error", "self-ask-if")
    for owner, origin, cond in conditions:
        for leaf in lang.leaves(cond):
            why = _never_holds(kb, leaf)
            if why:
                yield Problem(*located(origin, leaf),
                              f"{owner}: '{leaf.text or leaf.fact}' can never hold: {why}",
                              "check the number or the operator", "error", "never-holds")


# --------------------------------------------------------------------------- case files

def case_files(layers: Sequence[Any]) -> list[Path]:
    """The answers files in the `cases/` folders of each layer (a folder or group)."""
    roots: list[Path] = []
    for layer in layers:
        roots += [Path(layer)] if isinstance(layer, str | Path) else [Path(p) for p in layer]
    found = [p for root in roots if root.is_dir() for p in sorted(root.rglob("cases/**/*.yaml"))]
    return list(dict.fromkeys(found))


def case_problems(kb: KnowledgeBase, paths: Iterable[Path]) -> list[Problem]:
    out: list[Problem] = []
    for path in paths:
        try:
            doc = load(path)
            load_answers(path, kb)
        except SourceError as exc:
            out += exc.problems
            continue
        expect = doc.data.get("expect") if isinstance(doc.data, dict) else None
        if isinstance(expect, dict):
            out += _expect(kb, doc, expect)
    return out


def _derived(kb: KnowledgeBase) -> list[str]:
    return [f.id for f in kb.derived_facts]


def _expect(kb: KnowledgeBase, doc: Document, expect: dict[str, Any]) -> Iterator[Problem]:
    names = [*_derived(kb), *kb.recommendations, *LISTS, *MAPPINGS]
    for key, want in expect.items():
        at = ("expect", key)
        fact = kb.facts.get(key)
        if key in LISTS:
            yield from _ids(kb, doc, key, want)
        elif key == "not" and isinstance(want, dict):
            for fid, values in want.items():
                yield from _fact_value(kb, doc, ("expect", "not", fid), fid, values)
        elif key == "readiness" and isinstance(want, dict):
            dims = [d.id for d in kb.dimensions]
            for dim in want:
                if dim not in dims:
                    yield doc.problem(("expect", "readiness", dim), f"expect: unknown "
                                      f"dimension '{dim}'", did_you_mean(str(dim), dims),
                                      key=True, code="case-expect")
        elif key in kb.recommendations:
            if not isinstance(want, bool):
                yield doc.problem(at, f"expect: '{key}' is a recommendation: write yes (made) "
                                      "or no (not made)", code="case-expect")
        elif fact is not None and not fact.derived:
            yield doc.problem(at, f"expect: '{key}' is a question, not a conclusion",
                              "put its answer under answers:; expect: holds derived facts "
                              "and recommendations", key=True, code="case-expect")
        elif fact is None:
            yield doc.problem(at, f"expect: unknown fact '{key}'",
                              did_you_mean(str(key), names, 0.75), key=True, code="case-expect")
        else:
            yield from _fact_value(kb, doc, at, key, want)


def _fact_value(kb: KnowledgeBase, doc: Document, at: tuple[Any, ...], fid: str,
                want: Any) -> Iterator[Problem]:
    fact = kb.facts.get(fid)
    if fact is None or not fact.derived:
        yield doc.problem(at, f"expect: unknown derived fact '{fid}'",
                          did_you_mean(fid, _derived(kb)), key=True, code="case-expect")
        return
    items = want if isinstance(want, list) else [want]
    for i, value in enumerate(items):
        where = (*at, i) if isinstance(want, list) else at
        try:
            lang.coerce(fact, value, doc.raw(where))
        except lang.ValueProblem as exc:
            yield doc.problem(where, f"expect: {exc.message}", exc.hint, code="case-expect")
            continue
        if fact.type == "count" and isinstance(value, int | float) and \
                not 0 <= value <= len(fact.count_of):
            yield doc.problem(where, f"expect: '{fid}' counts {len(fact.count_of)} facts, so "
                                     f"it is never {value}", code="case-expect")


def _ids(kb: KnowledgeBase, doc: Document, key: str, want: Any) -> Iterator[Problem]:
    if key in ("recommendations", "recommends", "not_recommended"):
        pool, what = list(kb.recommendations), "recommendation"
    elif key in ("fired", "not_fired"):
        pool, what = [r.id for r in kb.rules], "rule"
    else:
        pool, what = _derived(kb), "derived fact"
    for i, item in enumerate(want if isinstance(want, list) else [want]):
        for j, one in enumerate(item if isinstance(item, list) else [item]):
            where = ("expect", key, i, j) if isinstance(item, list) else ("expect", key, i)
            if one not in pool:
                yield doc.problem(where, f"expect: {key}: unknown {what} '{one}'",
                                  did_you_mean(str(one), pool), code="case-expect")
