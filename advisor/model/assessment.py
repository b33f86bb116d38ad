"""The Assessment: what the engine concluded for one case, as plain JSON-ready data.

Everything the explainer and the renderers need is here, and nothing else: answers, each
derived fact with the rules that support it and the proposals it overrode, recommendations
with the rules that made them, and every firing in order with the facts it matched.
Values are JSON types only (multi-select answers are lists), so `from_json(to_json(a)) == a`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 4


@dataclass
class Proposal:
    """A value a rule (or a default) proposed for a derived fact."""

    rule: str
    value: Any


@dataclass
class Conclusion:
    """The final value of a derived fact and how it was reached."""

    fact: str
    value: Any
    assumed: bool = False  # no rule concluded it: the declared default was applied
    supports: list[Proposal] = field(default_factory=list)  # proposals of the final value
    superseded: list[Proposal] = field(default_factory=list)  # proposals that lost the merge
    confidence: str | None = None  # version 4: the weakest answer of its best derivation
    # (reason/confidence.py); None when it rests on no answer


@dataclass
class Firing:
    """One rule firing: the facts its satisfied condition read, with their values."""

    rule: str
    matched: list[list[Any]]  # [fact id, value or None when unknown]
    sets: list[list[Any]] = field(default_factory=list)  # [fact id, value proposed]
    recommends: list[str] = field(default_factory=list)
    caps: list[list[Any]] = field(default_factory=list)  # [dimension, level] (version 2)


@dataclass
class Advice:
    """A recommendation made, with the rules that made it."""

    id: str
    priority: str
    dimension: str
    rules: list[str]
    confidence: str | None = None  # version 4: as a conclusion's, over the rules that made it


@dataclass
class Assessment:
    case: str
    language: str
    kb: dict[str, str]
    answers: dict[str, Any]
    dont_know: list[str]
    derived: dict[str, Conclusion]
    recommendations: list[Advice]
    fired: list[Firing]
    notes: str = ""
    scores: dict[str, Any] = field(default_factory=dict)
    score_votes: dict[str, list[list[Any]]] = field(default_factory=dict)
    readiness_caps: dict[str, list[list[Any]]] = field(default_factory=dict)  # version 2
    evidence: dict[str, Any] = field(default_factory=dict)  # version 2: coverage, key answers
    answer_sources: dict[str, str] = field(default_factory=dict)  # version 3: fact id -> the
    # user's note of where the answer came from (user text: renderers escape and clean it)
    answer_confidence: dict[str, str] = field(default_factory=dict)  # version 4: fact id ->
    # the level the answers file gave it; an answer not listed is "stated"
    conflicts: dict[str, list[Proposal]] = field(default_factory=dict)  # version 4: choice
    # fact -> every proposal, when rules set it to different values (the fact is unknown)
    schema_version: int = SCHEMA_VERSION

    def value(self, fact: str) -> Any:
        """The value of an input or derived fact, or None when unknown."""
        if fact in self.answers:
            return self.answers[fact]
        c = self.derived.get(fact)
        return c.value if c is not None else None

    def fired_ids(self) -> list[str]:
        return [f.rule for f in self.fired]

    def recommendation_ids(self) -> list[str]:
        return [a.id for a in self.recommendations]

    def firing(self, rule_id: str) -> Firing | None:
        return next((f for f in self.fired if f.rule == rule_id), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self, indent: int | None = 2) -> str:
        import json  # only the JSON report and its tests need it, not a start

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Assessment:
        derived = {
            k: Conclusion(v["fact"], v["value"], v["assumed"],
                          [Proposal(**p) for p in v["supports"]],
                          [Proposal(**p) for p in v["superseded"]], v.get("confidence"))
            for k, v in data["derived"].items()
        }
        return cls(
            case=data["case"], language=data["language"], kb=dict(data["kb"]),
            answers=dict(data["answers"]), dont_know=list(data["dont_know"]), derived=derived,
            recommendations=[Advice(**a) for a in data["recommendations"]],
            fired=[Firing(**f) for f in data["fired"]], notes=data.get("notes", ""),
            scores=data.get("scores", {}), score_votes=data.get("score_votes", {}),
            readiness_caps=data.get("readiness_caps", {}), evidence=data.get("evidence", {}),
            answer_sources=dict(data.get("answer_sources", {})),
            answer_confidence=dict(data.get("answer_confidence", {})),
            conflicts={k: [Proposal(**p) for p in v]
                       for k, v in data.get("conflicts", {}).items()},
            schema_version=data.get("schema_version", SCHEMA_VERSION))

    @classmethod
    def from_json(cls, text: str) -> Assessment:
        import json

        return cls.from_dict(json.loads(text))


def jsonable(value: Any) -> Any:
    """An answer value in JSON form (tuples of choices become lists)."""
    return list(value) if isinstance(value, tuple) else value
