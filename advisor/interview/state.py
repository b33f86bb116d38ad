"""What the interview knows and says about itself: the user's answers so far (`State`), where
it stands (`Progress`), what the opening screen shows (`Overview`) and why a question is
asked (`Reason`). Plain data, shared by the planner, the flow, the prompts and the screens."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Rule


@dataclass
class State:
    """What the user has said so far. `history` is the order of answers, for "back"."""

    answers: dict[str, Any] = field(default_factory=dict)
    dont_know: set[str] = field(default_factory=set)
    history: list[str] = field(default_factory=list)
    skipped_sections: set[str] = field(default_factory=set)  # dimensions the user skipped
    sources: dict[str, str] = field(default_factory=dict)  # where an answer came from
    confidence: dict[str, str] = field(default_factory=dict)  # how sure an answer is
    # (model.confidence.LEVELS): "not sure" (Ctrl-U) is assumed, none given is stated

    def answered(self, fid: str) -> bool:
        return fid in self.answers or fid in self.dont_know

    def forget(self, fid: str) -> None:
        self.answers.pop(fid, None)
        self.dont_know.discard(fid)
        if fid in self.history:
            self.history.remove(fid)


@dataclass(frozen=True)
class Progress:
    section: int  # 1-based index of the question's dimension
    sections: int
    dimension: str
    number: int  # this question's number (answers given so far + 1)
    remaining: int  # about how many questions are left after this one
    added: int = 0  # follow-ups the last answer opened (the only reason `remaining` rises)
    editing: bool = False  # asked again from the review
    unsure: bool = False  # its answer is marked "not sure" (recorded as assumed)


@dataclass(frozen=True)
class Overview:
    """What the opening screen says: the sections with about how many questions each, and
    at most how many a full and a quick interview ask from where the interview stands."""

    sections: tuple[tuple[str, int], ...]
    full: int
    quick: int
    answered: int


@dataclass(frozen=True)
class Reason:
    """A live rule that reads the fact: "why do you ask?"."""

    rule: Rule
    concludes: tuple[tuple[str, Any], ...]
    recommends: tuple[str, ...]
