"""The condition language: parsed into an AST, type-checked, evaluated; never `eval`-ed.

A condition is a leaf written as text (`scope.breadth in [a, b]`), or a mapping with one of
`all:`, `any:` (lists) or `not:` (one condition). Text may also combine leaves with `and`,
`or`, `not` and parentheses. Two evaluators share the AST:

- `holds` is the closed-world reading the engine uses: a leaf about a fact with no value is
  false, and `not` is negation as failure (true when its operand is not true);
- `evaluate3` is three-valued: facts that may still change are *open* and make a leaf
  unknown (None); the interview and the why-not explainer use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .errors import did_you_mean
from .model import FactDef

COMPARE = ("==", "!=", "<", "<=", ">", ">=")
ORDERING = ("<", "<=", ">", ">=")
LIST_OPS = ("in", "not in", "contains any", "contains all", "contains none")
OPS = (*COMPARE, *LIST_OPS, "contains", "count", "is known", "is unknown", "is true")
BOOL_WORDS = {"yes": True, "true": True, "no": False, "false": False}


@dataclass(frozen=True)
class Leaf:
    """`fact op value`; for `count`, `value` is the number and `cmp` the comparison."""

    fact: str
    op: str
    value: Any = None
    cmp: str = ""
    text: str = ""
    line: int = 0
    col: int = 0
    order: tuple[str, ...] = ()  # level facts: values from lowest to highest
    ignore: tuple[str, ...] = ()  # count(): exclusive choices such as "none" are not counted


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Leaf | All | AnyOf | Not


class ConditionError(Exception):
    """A problem at a position: `line`/`col` absolute in the file."""

    def __init__(self, message: str, line: int, col: int, hint: str = ""):
        super().__init__(message)
        self.message, self.line, self.col, self.hint = message, line, col, hint


# --------------------------------------------------------------------------- parsing text

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<op>==|!=|<=|>=|<|>|=)
  | (?P<punct>[\[\](),])
  | (?P<str>"[^"]*"|'[^']*')
  | (?P<word>[A-Za-z0-9_\-+][A-Za-z0-9_.\-+%]*)
""", re.VERBOSE)

_FACT_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
_KEYWORDS = {"and", "or", "not", "in", "is", "contains", "count", "known", "unknown"}


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    pos: int


class _Locator:
    """Maps an offset in a condition string to a line and column in its file."""

    def __init__(self, text: str, line: int, col: int, style: str):
        self.text, self.line, self.col, self.style = text, line, col, style

    def at(self, offset: int) -> tuple[int, int]:
        if self.style in ("|", ">"):
            return self.line + 1 + self.text.count("\n", 0, offset), 1
        if "\n" in self.text[:offset]:
            return self.line + self.text.count("\n", 0, offset), 1
        return self.line, self.col + offset + (1 if self.style in ("'", '"') else 0)


def _tokens(text: str, loc: _Locator) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ConditionError(f"unexpected character {text[pos]!r}", *loc.at(pos))
        kind = m.lastgroup or ""
        if kind != "ws":
            toks.append(_Tok(kind, m.group(), pos))
        pos = m.end()
    return toks


class _Parser:
    def __init__(self, text: str, loc: _Locator):
        self.text, self.loc = text, loc
        self.toks = _tokens(text, loc)
        self.i = 0

    # helpers
    def peek(self, k: int = 0) -> _Tok | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def word(self, k: int = 0) -> str:
        t = self.peek(k)
        return t.text if t is not None and t.kind == "word" else ""

    def error(self, message: str, tok: _Tok | None = None, hint: str = "") -> ConditionError:
        pos = tok.pos if tok is not None else len(self.text)
        return ConditionError(message, *self.loc.at(pos), hint)

    def expect(self, text: str) -> _Tok:
        t = self.peek()
        if t is None or t.text != text:
            found = f"'{t.text}'" if t else "the end of the condition"
            raise self.error(f"expected '{text}' but found {found}", t)
        self.i += 1
        return t

    # grammar
    def parse(self) -> Condition:
        if not self.toks:
            raise self.error("empty condition")
        cond = self.or_expr()
        t = self.peek()
        if t is not None:
            raise self.error(f"unexpected '{t.text}'", t,
                             "combine leaves with 'and' / 'or', or use all: / any: lists")
        return cond

    def or_expr(self) -> Condition:
        items = [self.and_expr()]
        while self.word() == "or":
            self.i += 1
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else AnyOf(tuple(items))

    def and_expr(self) -> Condition:
        items = [self.not_expr()]
        while self.word() == "and":
            self.i += 1
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else All(tuple(items))

    def not_expr(self) -> Condition:
        if self.word() == "not":
            self.i += 1
            return Not(self.not_expr())
        t = self.peek()
        if t is not None and t.text == "(":
            self.i += 1
            cond = self.or_expr()
            self.expect(")")
            return cond
        return self.leaf()

    def leaf(self) -> Leaf:
        start = self.peek()
        if start is None:
            raise self.error("expected a fact id but the condition ended")
        line, col = self.loc.at(start.pos)
        if self.word() == "count" and (nxt := self.peek(1)) is not None and nxt.text == "(":
            self.i += 2
            fact = self.fact_id()
            self.expect(")")
            op = self.peek()
            if op is None or op.kind != "op":
                raise self.error("expected a comparison after count(...)", op)
            self.i += 1
            value = self.value()
            return Leaf(fact, "count", value, self._cmp(op), self._span(start), line, col)
        fact = self.fact_id()
        t = self.peek()
        if t is None or t.text in (")",) or self.word() in ("and", "or"):
            return Leaf(fact, "is true", True, text=self._span(start), line=line, col=col)
        if t.kind == "op":
            self.i += 1
            return Leaf(fact, self._cmp(t), self.value(), text=self._span(start), line=line,
                        col=col)
        w = self.word()
        op = ""
        if w == "is":
            self.i += 1
            what = self.word()
            if what not in ("known", "unknown"):
                raise self.error("expected 'known' or 'unknown' after 'is'", self.peek())
            self.i += 1
            return Leaf(fact, f"is {what}", None, text=self._span(start), line=line, col=col)
        if w == "in":
            op = "in"
            self.i += 1
        elif w == "not" and self.word(1) == "in":
            op = "not in"
            self.i += 2
        elif w == "not_in":
            op = "not in"
            self.i += 1
        elif w in ("contains_any", "contains_all", "contains_none"):
            op = w.replace("_", " ")
            self.i += 1
        elif w == "contains":
            self.i += 1
            q = self.word()
            nxt = self.peek(1)
            has_list = nxt is not None and (nxt.text == "[" or (
                nxt.text == "of" and (n2 := self.peek(2)) is not None and n2.text == "["))
            if q in ("any", "all", "none") and has_list:
                self.i += 1
                if self.word() == "of":
                    self.i += 1
                op = f"contains {q}"
            else:
                return Leaf(fact, "contains", self.value(), text=self._span(start), line=line,
                            col=col)
        if not op:
            raise self.error(f"expected an operator after '{fact}'", t,
                             "operators: == != < <= > >= in, not in, contains, "
                             "contains any/all/none [..], is known, is unknown")
        return Leaf(fact, op, self.value_list(), text=self._span(start), line=line, col=col)

    def _cmp(self, tok: _Tok) -> str:
        if tok.text == "=":
            raise self.error("'=' is not a comparison", tok, "did you mean '=='?")
        return tok.text

    def _span(self, start: _Tok) -> str:
        end = self.toks[self.i - 1]
        return self.text[start.pos: end.pos + len(end.text)]

    def fact_id(self) -> str:
        t = self.peek()
        if t is None or t.kind != "word" or not _FACT_ID.match(t.text) \
                or t.text in _KEYWORDS:
            shown = f"'{t.text}'" if t else "the end of the condition"
            raise self.error(f"expected a fact id but found {shown}", t)
        self.i += 1
        return t.text

    def value(self) -> Any:
        t = self.peek()
        if t is None or t.kind not in ("word", "str"):
            shown = f"'{t.text}'" if t else "the end of the condition"
            raise self.error(f"expected a value but found {shown}", t)
        self.i += 1
        line, col = self.loc.at(t.pos)
        if t.kind == "str":
            return _Raw(t.text[1:-1], True, line, col)
        return _Raw(t.text, False, line, col)

    def value_list(self) -> tuple[Any, ...]:
        open_tok = self.peek()
        if open_tok is None or open_tok.text != "[":
            raise self.error("expected a list like [a, b]", open_tok)
        self.i += 1
        items = []
        while True:
            t = self.peek()
            if t is None:
                raise self.error("the list is not closed: missing ']'", open_tok)
            if t.text == "]" and not items:
                self.i += 1
                break
            items.append(self.value())
            t = self.peek()
            if t is not None and t.text == ",":
                self.i += 1
                continue
            if t is not None and t.text == "]":
                self.i += 1
                break
            if t is None:
                raise self.error("the list is not closed: missing ']'", open_tok)
            raise self.error("expected ',' or ']' in the list", t)
        return tuple(items)


@dataclass(frozen=True)
class _Raw:
    """A value as written, before it is typed against its fact, and where it was written."""

    text: str
    quoted: bool = False
    line: int = 0
    col: int = 0


def parse_text(text: str, line: int = 1, col: int = 1, style: str = "") -> Condition:
    """Parse one condition string; positions in errors and leaves are absolute."""
    return _Parser(text, _Locator(text, line, col, style)).parse()


def parse_value(data: Any, at: Callable[[tuple], tuple[int, int, str]],
                path: tuple = ()) -> Condition:
    """Parse a condition given as YAML data (string, or all/any/not mapping).

    `at(path)` returns (line, col, style) of the YAML value at `path`.
    """
    line, col, style = at(path)
    if isinstance(data, bool):
        raise ConditionError("a condition must be text such as 'fact == value', not a boolean",
                             line, col, "quote it if you meant a fact called yes/no")
    if isinstance(data, str):
        return parse_text(data, line, col, style)
    if isinstance(data, Mapping):
        keys = list(data)
        if len(keys) != 1 or keys[0] not in ("all", "any", "not"):
            bad = next((k for k in keys if k not in ("all", "any", "not")), None)
            hint = did_you_mean(str(bad), ("all", "any", "not")) if bad is not None else ""
            raise ConditionError("a condition mapping must have exactly one key: all, any "
                                 "or not" + (f" (found '{bad}')" if bad is not None else ""),
                                 line, col, hint)
        key = keys[0]
        body = data[key]
        if key == "not":
            return Not(parse_value(body, at, (*path, "not")))
        if not isinstance(body, list) or not body:
            raise ConditionError(f"'{key}:' needs a non-empty list of conditions",
                                 *at((*path, key))[:2])
        items = tuple(parse_value(item, at, (*path, key, i)) for i, item in enumerate(body))
        return All(items) if key == "all" else AnyOf(items)
    kind = "a list" if isinstance(data, list) else type(data).__name__
    raise ConditionError(f"a condition must be text or a mapping with all/any/not, not {kind}",
                         line, col, "wrap a list of conditions in 'all:' or 'any:'"
                         if isinstance(data, list) else "")


# --------------------------------------------------------------------------- type checking

def check(cond: Condition, facts: Mapping[str, FactDef]) -> tuple[Condition, list[ConditionError]]:
    """Type every value against its fact; return the typed condition and all problems."""
    problems: list[ConditionError] = []

    def walk(c: Condition) -> Condition:
        if isinstance(c, All):
            return All(tuple(walk(i) for i in c.items))
        if isinstance(c, AnyOf):
            return AnyOf(tuple(walk(i) for i in c.items))
        if isinstance(c, Not):
            return Not(walk(c.item))
        try:
            return _check_leaf(c, facts)
        except ConditionError as exc:
            problems.append(exc)
            return c

    return walk(cond), problems


def _check_leaf(leaf: Leaf, facts: Mapping[str, FactDef]) -> Leaf:
    fact = facts.get(leaf.fact)
    where = (leaf.line, leaf.col)
    if fact is None:
        raise ConditionError(f"unknown fact '{leaf.fact}'", *where,
                             did_you_mean(leaf.fact, facts))
    t = fact.type
    if t == "text":
        raise ConditionError(f"'{leaf.fact}' is free text and cannot be reasoned over", *where)
    op = leaf.op
    if op in ("is known", "is unknown"):
        return leaf
    if op == "is true":
        if t not in ("bool", "flag"):
            raise ConditionError(f"'{leaf.fact}' is a {t} fact, not a yes/no one", *where,
                                 f"compare it, e.g. '{leaf.fact} == <value>'")
        return leaf
    if op == "count":
        if t != "multi":
            raise ConditionError(f"count() needs a multi-select fact; '{leaf.fact}' is {t}",
                                 *where)
        return replace(leaf, value=_number(leaf, leaf.value), ignore=fact.exclusive)
    if op.startswith("contains"):
        if t != "multi":
            raise ConditionError(f"'{op}' needs a multi-select fact; '{leaf.fact}' is {t}",
                                 *where, "use '==' or 'in' for a single choice")
        if op == "contains":
            return replace(leaf, value=_choice(leaf, fact, leaf.value))
        return replace(leaf, value=tuple(_choice(leaf, fact, v) for v in leaf.value))
    if t == "multi":
        raise ConditionError(f"'{leaf.fact}' is a multi-select; use contains, contains any/"
                             "all/none [..] or count(...)", *where)
    if op in ("in", "not in"):
        return replace(leaf, value=tuple(_typed(leaf, fact, v) for v in leaf.value))
    if op in ORDERING and t not in ("number", "level", "count"):
        raise ConditionError(f"'{leaf.fact}' is a {t} fact with no order; '{op}' needs a "
                             "number or a level", *where)
    order = fact.choice_ids if t == "level" and op in ORDERING else ()
    return replace(leaf, value=_typed(leaf, fact, leaf.value), order=order)


def _at(leaf: Leaf, raw: Any) -> tuple[int, int]:
    """Where a value was written (falls back to the leaf)."""
    if isinstance(raw, _Raw) and raw.line:
        return raw.line, raw.col
    return leaf.line, leaf.col


def _typed(leaf: Leaf, fact: FactDef, raw: Any) -> Any:
    t = fact.type
    if t in ("number", "count"):
        return _number(leaf, raw)
    if t in ("bool", "flag"):
        word = raw.text.lower() if isinstance(raw, _Raw) else str(raw).lower()
        if word not in BOOL_WORDS:
            raise ConditionError(f"'{leaf.fact}' is yes/no; '{raw.text}' is not a yes/no value",
                                 *_at(leaf, raw), "use yes or no")
        return BOOL_WORDS[word]
    return _choice(leaf, fact, raw)


def _choice(leaf: Leaf, fact: FactDef, raw: Any) -> str:
    text = raw.text if isinstance(raw, _Raw) else str(raw)
    if text not in fact.choice_ids:
        if isinstance(raw, _Raw) and _NUMBER.match(text) and not raw.quoted:
            raise ConditionError(f"'{leaf.fact}' takes a choice, not the number {text}",
                                 *_at(leaf, raw),
                                 "choices: " + ", ".join(fact.choice_ids))
        raise ConditionError(f"'{text}' is not a choice of '{leaf.fact}'", *_at(leaf, raw),
                             did_you_mean(text, fact.choice_ids)
                             or "choices: " + ", ".join(fact.choice_ids))
    return text


def _number(leaf: Leaf, raw: Any) -> float | int:
    text = raw.text if isinstance(raw, _Raw) else str(raw)
    if (isinstance(raw, _Raw) and raw.quoted) or not _NUMBER.match(text):
        raise ConditionError(f"'{leaf.fact}' is compared with a number, and '{text}' is not one",
                             *_at(leaf, raw))
    value = float(text)
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() \
        else value


# --------------------------------------------------------------------------- reading

def leaves(cond: Condition) -> Iterator[Leaf]:
    if isinstance(cond, Leaf):
        yield cond
    elif isinstance(cond, Not):
        yield from leaves(cond.item)
    else:
        for item in cond.items:
            yield from leaves(item)


def facts_read(cond: Condition | None) -> tuple[str, ...]:
    """The fact ids a condition reads, in first-use order."""
    if cond is None:
        return ()
    return tuple(dict.fromkeys(leaf.fact for leaf in leaves(cond)))


def leaf_holds(leaf: Leaf, value: Any) -> bool:
    """A leaf in the closed world: a fact with no value (None) makes it false, except
    `is unknown`."""
    op = leaf.op
    if op == "is unknown":
        return value is None
    if value is None:
        return False
    if op == "is known":
        return True
    if op == "is true":
        return value is True
    if op == "==":
        return value == leaf.value
    if op == "!=":
        return value != leaf.value
    if op == "in":
        return value in leaf.value
    if op == "not in":
        return value not in leaf.value
    if op == "contains":
        return leaf.value in value
    if op == "contains any":
        return any(v in value for v in leaf.value)
    if op == "contains all":
        return all(v in value for v in leaf.value)
    if op == "contains none":
        return not any(v in value for v in leaf.value)
    if op == "count":
        return _compare(sum(1 for v in value if v not in leaf.ignore), leaf.cmp, leaf.value)
    if leaf.order:
        return _compare(leaf.order.index(value), op, leaf.order.index(leaf.value))
    return _compare(value, op, leaf.value)


def _compare(a: Any, op: str, b: Any) -> bool:
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    if op == ">=":
        return a >= b
    if op == "!=":
        return a != b
    return a == b


Getter = Callable[[str], Any]


def holds(cond: Condition, get: Getter) -> bool:
    """Closed-world truth of a condition; `get(fact)` returns its value or None."""
    if isinstance(cond, Leaf):
        return leaf_holds(cond, get(cond.fact))
    if isinstance(cond, All):
        return all(holds(c, get) for c in cond.items)
    if isinstance(cond, AnyOf):
        return any(holds(c, get) for c in cond.items)
    return not holds(cond.item, get)


def evaluate3(cond: Condition, get: Getter, is_open: Callable[[str], bool]) -> bool | None:
    """Three-valued truth: None when the answer depends on a fact that is still open.

    A fact that is settled but has no value (answered "don't know") reads as in `holds`.
    """
    if isinstance(cond, Leaf):
        if is_open(cond.fact):
            return None
        return leaf_holds(cond, get(cond.fact))
    if isinstance(cond, Not):
        inner = evaluate3(cond.item, get, is_open)
        return None if inner is None else not inner
    results = [evaluate3(c, get, is_open) for c in cond.items]
    if isinstance(cond, All):
        if any(r is False for r in results):
            return False
        return None if any(r is None for r in results) else True
    if any(r is True for r in results):
        return True
    return None if any(r is None for r in results) else False


# --------------------------------------------------------------------------- normal form

@dataclass(frozen=True)
class Literal:
    leaf: Leaf
    positive: bool = True


MAX_CLAUSES = 256


def to_dnf(cond: Condition) -> tuple[tuple[Literal, ...], ...]:
    """Disjunctive normal form with negations pushed onto leaves.

    Exact in the closed world, where every leaf is two-valued. Raises ValueError when the
    form would exceed MAX_CLAUSES clauses.
    """

    def walk(c: Condition, positive: bool) -> list[tuple[Literal, ...]]:
        if isinstance(c, Leaf):
            return [(Literal(c, positive),)]
        if isinstance(c, Not):
            return walk(c.item, not positive)
        conj = isinstance(c, All) == positive
        parts = [walk(i, positive) for i in c.items]
        if not conj:
            out = [clause for p in parts for clause in p]
        else:
            out = [()]
            for p in parts:
                out = [a + b for a in out for b in p]
                if len(out) > MAX_CLAUSES:
                    raise ValueError(f"the condition expands to more than {MAX_CLAUSES} cases")
        if len(out) > MAX_CLAUSES:
            raise ValueError(f"the condition expands to more than {MAX_CLAUSES} cases")
        return out

    seen: dict[tuple[Literal, ...], None] = {}
    for clause in walk(cond, True):
        seen.setdefault(tuple(dict.fromkeys(clause)), None)
    return tuple(seen)


def render(cond: Condition) -> str:
    """The condition as one line of text in the language's own syntax."""
    if isinstance(cond, Leaf):
        return cond.text or f"{cond.fact} {cond.op} {cond.value}"
    if isinstance(cond, Not):
        return f"not ({render(cond.item)})"
    joiner = " and " if isinstance(cond, All) else " or "
    return "(" + joiner.join(render(c) for c in cond.items) + ")"
