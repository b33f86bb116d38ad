"""Declared facts: inputs (answered, with their question) and derived facts (concluded)."""

from __future__ import annotations

from dataclasses import dataclass
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
    default_because: Text = Text()
    count_of: tuple[str, ...] = ()  # count facts: the facts counted
    count_value: str = ""  # count facts: the value counted
    finding: Text = Text()  # flags: what it means when set
    report: bool = True
    origin: Origin = Origin("")

    @property
    def choice_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.choices)

    def merged(self, current: Any, proposed: Any) -> Any:
        """The value kept when a rule proposes `proposed` and `current` is set (None: not
        yet): a level keeps the highest or lowest on its scale, anything else the first."""
        if current is None:
            return proposed
        if self.type != "level":
            return current
        ids = self.choice_ids
        better = ids.index(proposed) < ids.index(current) if self.merge == "lowest" else \
            ids.index(proposed) > ids.index(current)
        return proposed if better else current

    def choice_label(self, value: str, lang: str) -> str:
        for c in self.choices:
            if c.id == value:
                return c.label.get(lang) or value
        return value
