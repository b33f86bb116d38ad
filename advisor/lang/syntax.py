"""The condition language's syntax: the syntax tree, and the parser for text and YAML.

A condition is a leaf written as text (`scope.breadth in [a, b]`), or a mapping with one of
`all:`, `any:` (lists) or `not:` (one condition); text may also combine leaves with `and`,
`or`, `not` and parentheses. Every node keeps the line and column it was written at. Typing
against the declared facts and evaluation live in `conditions`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import did_you_mean

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
  | (?P<op>==|!=|<=|>=|=>|=<|<>|<|>|=)
  | (?P<punct>[\[\](),])
  | (?P<str>"[^"]*"|'[^']*')
  | (?P<word>[A-Za-z0-9_\-+][A-Za-z0-9_.\-+%]*)
""", re.VERBOSE)

_FACT_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")
NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
_KEYWORDS = {"and", "or", "not", "in", "is", "contains", "count", "known", "unknown"}
MAX_NESTING = 64  # parentheses and nots; a rule this deep is a mistake, not logic


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    pos: int


class _Locator:
    """Maps an offset in a condition string to a line and column in its file."""

    def __init__(self, text: str, line: int, col: int, style: str,
                 exact: Callable[[int], tuple[int, int]] | None = None):
        self.text, self.line, self.col, self.style = text, line, col, style
        self.exact = exact  # from the YAML source, when the caller has it

    def at(self, offset: int) -> tuple[int, int]:
        if self.exact is not None:
            return self.exact(offset)
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
        self.depth = 0

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
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(f"the condition is nested too deeply (over {MAX_NESTING} levels)",
                             self.peek(), "split it into several rules")
        try:
            if self.word() == "not":
                self.i += 1
                return Not(self.not_expr())
            t = self.peek()
            if t is not None and t.text == "(":
                self.i += 1
                cond = self.or_expr()
                if self.peek() is None:
                    raise self.error("the parenthesis opened here is never closed", t)
                self.expect(")")
                return cond
            return self.leaf()
        finally:
            self.depth -= 1

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
        wrong = {"=": "==", "=>": ">=", "=<": "<=", "<>": "!="}
        if tok.text in wrong:
            raise self.error(f"'{tok.text}' is not a comparison", tok,
                             f"did you mean '{wrong[tok.text]}'?")
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
            return Raw(t.text[1:-1], True, line, col)
        return Raw(t.text, False, line, col)

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
class Raw:
    """A value as written, before it is typed against its fact, and where it was written."""

    text: str
    quoted: bool = False
    line: int = 0
    col: int = 0


def parse_text(text: str, line: int = 1, col: int = 1, style: str = "",
               exact: Callable[[int], tuple[int, int]] | None = None) -> Condition:
    """Parse one condition string; positions in errors and leaves are absolute.

    `exact(offset)`, when given, locates a character of `text` in its file precisely.
    """
    return _Parser(text, _Locator(text, line, col, style, exact)).parse()


def parse_value(data: Any, at: Callable[[tuple], tuple[int, int, str]],
                path: tuple = (),
                exact: Callable[[tuple, str], Callable[[int], tuple[int, int]]] | None = None
                ) -> Condition:
    """Parse a condition given as YAML data (string, or all/any/not mapping).

    `at(path)` returns (line, col, style) of the YAML value at `path`; `exact(path, text)`,
    when given, returns a precise locator for the characters of a string at `path`.
    """
    line, col, style = at(path)
    if isinstance(data, bool):
        raise ConditionError("a condition must be text such as 'fact == value', not a boolean",
                             line, col, "quote it if you meant a fact called yes/no")
    if isinstance(data, str):
        return parse_text(data, line, col, style, exact(path, data) if exact else None)
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
            return Not(parse_value(body, at, (*path, "not"), exact))
        if not isinstance(body, list) or not body:
            raise ConditionError(f"'{key}:' needs a non-empty list of conditions",
                                 *at((*path, key))[:2])
        items = tuple(parse_value(item, at, (*path, key, i), exact)
                      for i, item in enumerate(body))
        return All(items) if key == "all" else AnyOf(items)
    kind = "a list" if isinstance(data, list) else type(data).__name__
    raise ConditionError(f"a condition must be text or a mapping with all/any/not, not {kind}",
                         line, col, "wrap a list of conditions in 'all:' or 'any:'"
                         if isinstance(data, list) else "")
