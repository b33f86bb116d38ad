"""The condition language: parsed (`parse` -> `syntax`), type checked (`check` -> `tree`),
read (`truth`, `dnf`); values typed by one parser (`values`); operators in one table (`ops`).

Conditions are data, never Python: nothing here evaluates text. This package's namespace is
the language's public face, so callers write `lang.holds(...)`, `lang.Leaf`.
"""

from .check import check
from .dnf import MAX_CLAUSES, TooManyClauses, to_dnf
from .ops import OPS, Op
from .parse import parse_text, parse_value
from .syntax import ConditionError, Parsed
from .tree import All, AnyOf, Clause, Condition, Leaf, Not, Term, facts_read, leaves, render
from .truth import evaluate3, holds, leaf_holds
from .values import YES_NO, ValueProblem, coerce, from_word

__all__ = [
    "MAX_CLAUSES", "OPS", "YES_NO", "All", "AnyOf", "Clause", "Condition", "ConditionError",
    "Leaf", "Not", "Op", "Parsed", "Term", "TooManyClauses", "ValueProblem", "check", "coerce",
    "evaluate3", "facts_read", "from_word", "holds", "leaf_holds", "leaves", "parse_text",
    "parse_value", "render", "to_dnf",
]
