"""The pieces a report is made of: findings, advice, the brief's reasons and lever sets,
provisional findings, trace steps and scores. Plain data, in the report's language; the
view (`view.build`) selects and words them, the renderers lay them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Finding:
    fact: str
    label: str
    value: Any
    value_label: str
    dimension: str
    dimension_title: str
    severity: str  # good | fair | bad | worst: a style name, from the value's place on its scale
    because: str
    rules: list[str]
    assumed: bool = False
    kind: str = "level"
    to_verify: bool = False  # it rests on an assumed answer (reason/confidence.py)


@dataclass
class Advice:
    id: str
    priority: str
    priority_label: str
    severity: str
    title: str
    action: str
    dimension_title: str
    because: str
    rules: list[str]
    owner: str = ""
    done_when: str = ""
    number: int = 0  # its place in the full list (1-based)
    to_verify: bool = False  # it rests on an assumed answer (reason/confidence.py)


@dataclass
class VerifyLine:
    """An answer to verify first: the question, the answer and its level in words, and the
    key conclusions that rest on it ("Overall risk: high", a recommendation's title)."""

    prompt: str
    answer: str
    level: str
    conclusions: list[str]
    label: str = ""  # the question's short label, where a line has no room for the prompt


@dataclass
class BriefReason:
    """One reason for the verdict, in the case's own facts."""

    label: str  # what it is about ("Technical risk")
    value_label: str  # its level in words ("high")
    severity: str
    text: str  # the rule's reason filled with this case's answers
    rule: str


@dataclass
class LowerSet:
    """Changes to levers that lower the overall risk one step, in words."""

    changes: list[tuple[str, str, str]]  # (what, from, to)
    after: str


@dataclass
class Brief:
    """The first page: why this verdict, what to do first, what would lower it."""

    reasons: list[BriefReason] = field(default_factory=list)
    actions: list[Advice] = field(default_factory=list)
    lower: list[LowerSet] = field(default_factory=list)
    lower_label: str = ""  # what the sets lower ("Overall risk") and from which level
    lower_from: str = ""
    lower_searched: bool = False  # a search ran (so an empty result means none was found)


@dataclass
class ProvisionalLine:
    rule: str
    title: str
    concludes: str
    waiting_for: list[str]  # the prompts of the unanswered questions


@dataclass
class TraceStep:
    """One rule firing, for the reasoning-trace appendix."""

    rule: str
    title: str
    dimension_title: str
    matched: list[tuple[str, str, str]]  # (question or fact label, the value it had, where
    # the answer came from: the user's note, cleaned; "" for none and for derived facts)
    concluded: str  # what the rule concluded, in words
    because: str
    source: str


@dataclass
class DimensionScore:
    """One dimension's readiness: its one level (or none, for insufficient evidence)."""

    dimension: str
    title: str
    score: int | None
    level: str  # "" when the evidence is insufficient
    level_label: str  # the level in words, or "insufficient evidence"
    severity: str
    coverage: float
    low_confidence: bool  # insufficient evidence: no level is shown
    losses: list[tuple[str, float]]  # (item label, points lost), largest first
    capped_by: list[str] = field(default_factory=list)  # titles of the knock-out findings
    status: str = ""  # settled, estimated, insufficient, not_scored


@dataclass
class Scores:
    dimensions: list[DimensionScore]
    readiness_index: int | None
    readiness_label: str
    coverage: float = 0.0  # the share of the applicable evidence that is answered
