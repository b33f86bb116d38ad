"""Rules, their examples, and the recommendations they make."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .base import Origin, Text

if TYPE_CHECKING:
    from ..lang.tree import Clause, Condition

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")  # {fact.id} in reason templates


@dataclass(frozen=True)
class Example:
    """Given answers and the conclusions a rule must then reach."""

    given: Mapping[str, Any]
    expect: Mapping[str, Any]
    fires: bool = True
    name: str = ""
    origin: Origin = Origin("")


@dataclass(frozen=True)
class Rule:
    id: str
    title: Text
    dimension: str
    when: Condition
    when_text: str
    clauses: tuple[Clause, ...] = ()  # `when` in disjunctive normal form, computed once
    sets: tuple[tuple[str, Any], ...] = ()
    recommends: tuple[str, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()
    caps: tuple[tuple[str, str], ...] = ()  # (dimension, level): readiness at most this
    because: Text = Text()
    reason: Text = Text()  # the finding in the case's words: {fact.id} -> the answer
    source: str = ""  # free text, when the rule names no references
    references: tuple[str, ...] = ()  # reference ids it rests on
    salience: int = 0
    examples: tuple[Example, ...] = ()
    origin: Origin = Origin("")

    @property
    def concludes(self) -> tuple[str, ...]:
        """The derived facts and recommendations this rule can produce."""
        return tuple(f for f, _ in self.sets) + self.recommends


@dataclass(frozen=True)
class Recommendation:
    id: str
    priority: str
    dimension: str
    title: Text
    action: Text
    owner: Text = Text()
    done_when: Text = Text()
    origin: Origin = Origin("")
