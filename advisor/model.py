"""The knowledge base in memory: frozen, validated, domain-free data.

Nothing here knows about change management: dimensions, facts, scales and rules all come from
the YAML files. Values are plain Python: bool, str (a choice id), tuple[str, ...] (a multi
select, in declared choice order), int or float, and str for free text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .lang.conditions import Condition

INPUT_TYPES = ("bool", "choice", "level", "multi", "number", "text")
DERIVED_TYPES = ("level", "flag", "count", "choice")


@dataclass(frozen=True)
class Text:
    """A user-visible text in several languages."""

    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, mapping: Mapping[str, str] | None) -> Text:
        return cls(tuple(sorted((k, v) for k, v in (mapping or {}).items() if v)))

    def get(self, lang: str) -> str:
        """The text in `lang`; falls back to English, then to any language present."""
        d = dict(self.values)
        return d.get(lang) or d.get("en") or next(iter(d.values()), "")

    def has(self, lang: str) -> bool:
        return any(k == lang and v for k, v in self.values)

    def as_dict(self) -> dict[str, str]:
        return dict(self.values)

    def __bool__(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True)
class Origin:
    """Where something was defined: file, position and the layer it came from."""

    path: str
    line: int = 0
    col: int = 0
    layer: int = 0
    index: int = 0  # position within its file, for a stable canonical order

    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.col}" if self.line else self.path


@dataclass(frozen=True)
class Choice:
    id: str
    label: Text
    help: Text = Text()


@dataclass(frozen=True)
class Scale:
    """An ordered set of values for level facts, from lowest to highest."""

    id: str
    values: tuple[Choice, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.values)

    def rank(self, value: str) -> int:
        return self.ids.index(value)

    def label(self, value: str, lang: str) -> str:
        for c in self.values:
            if c.id == value:
                return c.label.get(lang) or value
        return value


@dataclass(frozen=True)
class Question:
    """How to ask for an input fact."""

    prompt: Text
    help: Text = Text()
    ask_if: Condition | None = None
    ask_if_text: str = ""
    core: bool = False
    followup: bool = False  # a knock-out follow-up: asked in quick mode when it applies
    origin: Origin | None = None


@dataclass(frozen=True)
class FactDef:
    """A declared fact: an input (answered) or derived (concluded by rules)."""

    id: str
    type: str
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
    merge: str = "highest"  # level facts: which proposal wins when several rules set it
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

    @property
    def ordered(self) -> bool:
        return self.type == "level"

    def choice_label(self, value: str, lang: str) -> str:
        for c in self.choices:
            if c.id == value:
                return c.label.get(lang) or value
        return value


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
    sets: tuple[tuple[str, Any], ...] = ()
    recommends: tuple[str, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()
    because: Text = Text()
    source: str = ""
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
    origin: Origin = Origin("")


@dataclass(frozen=True)
class Dimension:
    id: str
    title: Text
    description: Text = Text()
    source: str = ""


@dataclass(frozen=True)
class Band:
    """A numeric band: values up to `upto` (inclusive; None = no limit) map to `value`."""

    upto: float | None
    value: float


@dataclass(frozen=True)
class ScoreItem:
    """One weighted input to a dimension's 0-100 readiness score.

    Its value in [0, 1] comes from the first of: a matching `cases` entry, the value set by
    rules (`then: score:`, lowest wins), `values` (choice or yes/no), `bands` (numbers),
    `linear` (numbers), `share_of` (multi-select). With none of these it is unanswered.
    """

    id: str
    dimension: str
    weight: float
    label: Text
    fact: str = ""
    values: tuple[tuple[Any, float], ...] = ()
    bands: tuple[Band, ...] = ()
    linear: tuple[float, float] | None = None  # (value scoring 0, value scoring 1), clamped
    share_of: tuple[str, ...] = ()
    cases: tuple[tuple[Condition | None, float], ...] = ()
    applies_if: Condition | None = None
    set_by_rules: bool = False
    default: float | None = None
    origin: Origin = Origin("")


@dataclass(frozen=True)
class IndexPart:
    """Points added to an additive index (such as the change-size index)."""

    label: Text
    fact: str = ""
    points: tuple[tuple[Any, float], ...] = ()
    bands: tuple[Band, ...] = ()
    per_choice: float = 0.0
    when: Condition | None = None
    when_points: float = 0.0


@dataclass(frozen=True)
class Scoring:
    """The explainable scoring model: dimension scores, two indices and a risk matrix."""

    items: tuple[ScoreItem, ...] = ()
    level_scale: str = ""
    levels: tuple[tuple[float, str], ...] = ()  # (lowest score, level), highest first
    low_coverage: float = 0.6
    weights: tuple[tuple[str, float], ...] = ()  # dimension -> weight in the readiness index
    change_parts: tuple[IndexPart, ...] = ()
    change_cap: float = 100.0
    change_bands: tuple[tuple[float, str], ...] = ()  # (lowest points, band), highest first
    size_fact: str = ""
    risk_scale: str = ""
    matrix: tuple[tuple[str, str, str], ...] = ()  # (readiness level, size, structural risk)

    @property
    def enabled(self) -> bool:
        return bool(self.items)


@dataclass(frozen=True)
class KnowledgeBase:
    """A validated knowledge base: everything the engine, interview and explainer need."""

    id: str
    version: str
    title: Text
    languages: tuple[str, ...]
    dimensions: tuple[Dimension, ...]
    scales: Mapping[str, Scale]
    facts: Mapping[str, FactDef]
    rules: tuple[Rule, ...]  # canonical order, independent of file load order
    recommendations: Mapping[str, Recommendation]
    priorities: Scale
    verdict: tuple[str, ...] = ()
    scoring: Scoring = Scoring()
    strata: Mapping[str, int] = field(default_factory=dict)  # rule id -> stratum
    digest: str = ""
    sources: tuple[str, ...] = ()
    firing_budget: int = 0

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    @property
    def input_facts(self) -> tuple[FactDef, ...]:
        return tuple(f for f in self.facts.values() if not f.derived)

    @property
    def derived_facts(self) -> tuple[FactDef, ...]:
        return tuple(f for f in self.facts.values() if f.derived)

    def dimension(self, dim_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dim_id:
                return d
        raise KeyError(dim_id)

    def dimension_index(self, dim_id: str) -> int:
        for i, d in enumerate(self.dimensions):
            if d.id == dim_id:
                return i
        return len(self.dimensions)
