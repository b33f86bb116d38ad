"""The condition parser: text and YAML structure -> the parsed tree of `syntax`.

A condition is a leaf written as text (`scope.breadth in [a, b]`), or a mapping with one of
`all:`, `any:` (lists) or `not:` (one condition); text may also combine leaves with `and`,
`or`, `not` and parentheses. Every node keeps the line and column it was written at. Nothing
is evaluated here, and nothing is ever passed to `eval`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import did_you_mean
from .ops import MISSPELT, Cmp, Op
from .syntax import ConditionError, Parsed, Raw, RawAll, RawAny, RawLeaf, RawNot
from .tokens import Locator, Tok, tokens

_FACT_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")
_KEYWORDS = {"and", "or", "not", "in", "is", "contains", "count", "known", "unknown"}
_OPERATOR_WORDS = ("contains", "in", "not_in", "contains_any", "contains_all",
                   "contains_none", "is")
_OPERATORS_HINT = ("operators: == != < <= > >= in, not in, contains, contains any/all/none "
                   "[..], is known, is unknown")
MAX_NESTING = 64  # parentheses and nots; a rule this deep is a mistake, not logic


class _Parser:
    def __init__(self, text: str, loc: Locator):
        self.text, self.loc = text, loc
        self.toks = tokens(text, loc)
        self.i = 0
        self.depth = 0

    # helpers
    def peek(self, k: int = 0) -> Tok | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def word(self, k: int = 0) -> str:
        t = self.peek(k)
        return t.text if t is not None and t.kind == "word" else ""

    def error(self, message: str, tok: Tok | None = None, hint: str = "") -> ConditionError:
        pos = tok.pos if tok is not None else len(self.text)
        return ConditionError(message, *self.loc.at(pos), hint)

    def expect(self, text: str) -> Tok:
        t = self.peek()
        if t is None or t.text != text:
            found = f"'{t.text}'" if t else "the end of the condition"
            raise self.error(f"expected '{text}' but found {found}", t)
        self.i += 1
        return t

    # grammar
    def parse(self) -> Parsed:
        if not self.toks:
            raise self.error("empty condition")
        cond = self.or_expr()
        t = self.peek()
        if t is not None:
            raise self.error(f"unexpected '{t.text}'", t,
                             "combine leaves with 'and' / 'or', or use all: / any: lists")
        return cond

    def or_expr(self) -> Parsed:
        items = [self.and_expr()]
        while self.word() == "or":
            self.i += 1
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else RawAny(tuple(items))

    def and_expr(self) -> Parsed:
        items = [self.not_expr()]
        while self.word() == "and":
            self.i += 1
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else RawAll(tuple(items))

    def not_expr(self) -> Parsed:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(f"the condition is nested too deeply (over {MAX_NESTING} levels)",
                             self.peek(), "split it into several rules")
        try:
            if self.word() == "not":
                self.i += 1
                return RawNot(self.not_expr())
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

    def leaf(self) -> RawLeaf:
        start = self.peek()
        if start is None:
            raise self.error("expected a fact id but the condition ended")
        line, col = self.loc.at(start.pos)

        def made(fact: str, op: Op, value: Raw | tuple[Raw, ...] | None = None,
                 cmp: Cmp | None = None) -> RawLeaf:
            return RawLeaf(fact, op, value, cmp, self._span(start), line, col)

        if self.word() == "count" and (nxt := self.peek(1)) is not None and nxt.text == "(":
            self.i += 2
            fact = self.fact_id()
            self.expect(")")
            tok = self.peek()
            if tok is None or tok.kind != "op":
                raise self.error("expected a comparison after count(...)", tok)
            self.i += 1
            cmp = self._cmp(tok)
            return made(fact, "count", self.value(), cmp)
        fact = self.fact_id()
        t = self.peek()
        if t is None or t.text == ")" or self.word() in ("and", "or"):
            return made(fact, "is true")
        if t.kind == "op":
            self.i += 1
            op = self._cmp(t)
            return made(fact, op, self.value())
        w = self.word()
        if w == "is":
            self.i += 1
            what = self.word()
            if what not in ("known", "unknown"):
                raise self.error("expected 'known' or 'unknown' after 'is'", self.peek())
            self.i += 1
            return made(fact, "is known" if what == "known" else "is unknown")
        listed = self._list_op(w)
        if listed is None and w == "contains":
            self.i += 1
            return made(fact, "contains", self.value())
        if listed is None:
            close = difflib.get_close_matches(w, _OPERATOR_WORDS, n=1, cutoff=0.75)
            hint = f"did you mean '{close[0]}'?" if close else _OPERATORS_HINT
            what = f"'{w}' is not an operator" if close else \
                f"expected an operator after '{fact}'"
            raise self.error(what, t, hint)
        return made(fact, listed, self.value_list())

    def _list_op(self, w: str) -> Op | None:
        """An operator that takes a list, consuming its words; None if there is none."""
        if w == "in":
            self.i += 1
            return "in"
        if (w == "not" and self.word(1) == "in") or w == "not_in":
            self.i += 2 if w == "not" else 1
            return "not in"
        named: dict[str, Op] = {"any": "contains any", "all": "contains all",
                                "none": "contains none"}
        if w.startswith("contains_") and w[9:] in named:
            self.i += 1
            return named[w[9:]]
        if w != "contains" or self.word(1) not in named:
            return None
        nxt = self.peek(2)
        n3 = self.peek(3)
        has_list = nxt is not None and (nxt.text == "[" or (
            nxt.text == "of" and n3 is not None and n3.text == "["))
        if not has_list:
            return None  # `contains none`: the choice called none
        op = named[self.word(1)]
        self.i += 2
        if self.word() == "of":
            self.i += 1
        return op

    def _cmp(self, tok: Tok) -> Cmp:
        if tok.text in MISSPELT:
            raise self.error(f"'{tok.text}' is not a comparison", tok,
                             f"did you mean '{MISSPELT[tok.text]}'?")
        ops: dict[str, Cmp] = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">",
                               ">=": ">="}
        return ops[tok.text]

    def _span(self, start: Tok) -> str:
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

    def value(self) -> Raw:
        t = self.peek()
        if t is None or t.kind not in ("word", "str"):
            shown = f"'{t.text}'" if t else "the end of the condition"
            raise self.error(f"expected a value but found {shown}", t)
        self.i += 1
        line, col = self.loc.at(t.pos)
        if t.kind == "str":
            return Raw(t.text[1:-1], True, line, col)
        return Raw(t.text, False, line, col)

    def value_list(self) -> tuple[Raw, ...]:
        open_tok = self.peek()
        if open_tok is None or open_tok.text != "[":
            raise self.error("expected a list like [a, b]", open_tok)
        self.i += 1
        items: list[Raw] = []
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


def parse_text(text: str, line: int = 1, col: int = 1, style: str = "",
               exact: Callable[[int], tuple[int, int]] | None = None) -> Parsed:
    """Parse one condition string; positions in errors and leaves are absolute.

    `exact(offset)`, when given, locates a character of `text` in its file precisely.
    """
    return _Parser(text, Locator(text, line, col, style, exact)).parse()


At = Callable[[tuple[Any, ...]], tuple[int, int, str]]
Exact = Callable[[tuple[Any, ...], str], Callable[[int], tuple[int, int]]]


def parse_value(data: Any, at: At, path: tuple[Any, ...] = (),
                exact: Exact | None = None) -> Parsed:
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
            return RawNot(parse_value(body, at, (*path, "not"), exact))
        if not isinstance(body, list) or not body:
            raise ConditionError(f"'{key}:' needs a non-empty list of conditions",
                                 *at((*path, key))[:2])
        items = tuple(parse_value(item, at, (*path, key, i), exact)
                      for i, item in enumerate(body))
        return RawAll(items) if key == "all" else RawAny(items)
    kind = "a list" if isinstance(data, list) else type(data).__name__
    raise ConditionError(f"a condition must be text or a mapping with all/any/not, not {kind}",
                         line, col, "wrap a list of conditions in 'all:' or 'any:'"
                         if isinstance(data, list) else "")
