"""Declared facts: inputs (answered, with their question) and derived facts (concluded)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from .base import Choice, Origin, Text

if TYPE_CHECKING:  # the model holds checked conditions; the language is built on the model
    from ..lang.tree import Condition

InputType = Literal["bool", "choice", "level", "multi", "number", "text"]
DerivedType = Literal["level", "flag", "count", "choice"]
FactType = Literal["bool", "choice", "level", "multi", "number", "text", "flag", "count"]
Merge = Literal["highest", "lowest"]


@dataclass(frozen=True)
class Question:
    """How to ask for an input fact."""

    prompt: Text
    help: Text = Text()
    ask_if: Condition | None = None
    core: bool = False
    followup: bool = False  # a knock-out follow-up: asked in quick mode when it applies
    critical_if: Condition | None = None  # when an unknown answer is itself a finding
    origin: Origin | None = None


@dataclass(frozen=True)
class FactDef:
    """A declared fact: an input (answered) or derived (concluded by rules)."""

    id: str
    type: FactType
    dimension: str
    label: Text
    derived: bool = False
    choices: tuple[Choice, ...] = ()
    exclusive: tuple[str, ...] = ()  # multi: choices that stand alone (e.g. "none")
    unit: Text = Text()
    min: float | None = None
    max: float | None = None
    integer: bool = False
    question: Question | None = None
    scale: str = ""  # level facts: the scale id
    merge: Merge = "highest"  # level facts: which proposal wins when several rules set it
    default: Any = None  # derived: assumed when no rule concludes anything
    on_conflict: str = "report"  # derived choice: "report", "error" or "precedence"
    precedence: tuple[str, ...] = ()  # on_conflict precedence: the winning values, first wins
    default_because: Text = Text()
    count_of: tuple[str, ...] = ()  # count facts: the facts counted
    count_value: str = ""  # count facts: the value counted
    count_state: str = ""  # count facts: "known" or "unknown" instead of a value
    finding: Text = Text()  # flags: what it means when set
    report: bool = True
    order: tuple[Any, ...] = ()  # inputs: answers from best to worst (typed; others unordered)
    direction: str = ""  # numbers: "higher" or "lower" is better
    lever: bool = True  # inputs: management can change it (False: context)
    renamed_from: str = ""  # the id answers files may still use
    renamed_values: tuple[tuple[str, str], ...] = ()  # old answer -> choice id
    origin: Origin = Origin("")

    @cached_property
    def choice_ids(self) -> tuple[str, ...]:  # read on every merge and rank: computed once
        return tuple(c.id for c in self.choices)

    def merged(self, current: Any, proposed: Any) -> Any:
        """The value kept when a rule proposes `proposed` and `current` is set (None: not
        yet): a level keeps the highest or lowest on its scale, anything else the first."""
        if current is None:
            return proposed
        if self.precedence and proposed in self.precedence:
            return proposed if current not in self.precedence or \
                self.precedence.index(proposed) < self.precedence.index(current) else current
        if self.type != "level":
            return current
        ids = self.choice_ids
        better = ids.index(proposed) < ids.index(current) if self.merge == "lowest" else \
            ids.index(proposed) > ids.index(current)
        return proposed if better else current

    def conflicting(self, current: Any, proposed: Any) -> bool:
        """Whether two rules setting this fact disagree with no way to choose: a choice fact
        with no declared precedence between the two values (levels merge on their scale)."""
        if self.type != "choice" or current is None or current == proposed:
            return False
        return not (current in self.precedence and proposed in self.precedence)

    def count(self, get: Callable[[str], Any]) -> int:
        """A count fact's value, from its members' values (`get` gives None when unknown)."""
        if self.count_state == "known":
            return sum(1 for m in self.count_of if get(m) is not None)
        if self.count_state == "unknown":
            return sum(1 for m in self.count_of if get(m) is None)
        return sum(1 for m in self.count_of if get(m) == self.count_value)

    def better(self, a: Any, b: Any) -> bool | None:
        """Whether answer `a` is better than `b` by the declared order (None: not ordered)."""
        if self.direction and isinstance(a, int | float) and isinstance(b, int | float):
            return a > b if self.direction == "higher" else a < b
        if a in self.order and b in self.order:
            return self.order.index(a) < self.order.index(b)
        return None

    def choice_label(self, value: str, lang: str) -> str:
        for c in self.choices:
            if c.id == value:
                return c.label.get(lang) or value
        return value
