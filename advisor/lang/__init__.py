"""The condition language: parsed (`parse` -> `syntax`), type checked (`check` -> `tree`),
read (`truth`, `dnf`); values typed by one parser (`values`); operators in one table (`ops`).

Conditions are data, never Python: nothing here evaluates text. This package's namespace is
the language's public face, so callers write `lang.holds(...)`, `lang.Leaf`; the parser's
names are imported when first used (see below).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .dnf import MAX_CLAUSES, TooManyClauses, to_dnf
from .ops import OPS, Op
from .tree import All, AnyOf, Clause, Condition, Leaf, Not, Term, facts_read, leaves, render
from .truth import Holds, Holds3, evaluate3, holds, leaf_holds, readings
from .values import YES_NO, ValueProblem, coerce, from_word

if TYPE_CHECKING:
    from .check import check
    from .parse import parse_text, parse_value
    from .syntax import ConditionError, Parsed

# Reading written conditions (the parser, the parsed tree, the type checker) is only needed
# when files are loaded; a knowledge base from the cache holds checked trees, so these are
# imported on first use.
_ON_FIRST_USE = {"check": "check", "parse_text": "parse", "parse_value": "parse",
                 "ConditionError": "syntax", "Parsed": "syntax"}


def __getattr__(name: str) -> Any:
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "MAX_CLAUSES",
    "OPS",
    "YES_NO",
    "All",
    "AnyOf",
    "Clause",
    "Condition",
    "ConditionError",
    "Holds",
    "Holds3",
    "Leaf",
    "Not",
    "Op",
    "Parsed",
    "Term",
    "TooManyClauses",
    "ValueProblem",
    "check",
    "coerce",
    "evaluate3",
    "facts_read",
    "from_word",
    "holds",
    "leaf_holds",
    "leaves",
    "parse_text",
    "parse_value",
    "readings",
    "render",
    "to_dnf",
]
