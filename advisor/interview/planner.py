"""The guided interview's logic: what to ask next, why, and what an answer change drops.

Pure and terminal-free: `Planner` decides; `flow.Interview` runs the questions against an
`Asker` and saves after every answer.

A question is asked when its `ask_if` holds and at least one rule that reads its fact can
still fire given what is known (the three-valued reading of `reasoner`); a rule ruled out by
an answer no longer pulls questions in. Quick mode keeps only core questions and the
knock-out follow-ups marked `followup`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import lang
from ..model import FactDef, KnowledgeBase, Rule
from ..reason.reasoner import Reading, reason, still_open


@dataclass
class State:
    """What the user has said so far. `history` is the order of answers, for "back"."""

    answers: dict[str, Any] = field(default_factory=dict)
    dont_know: set[str] = field(default_factory=set)
    history: list[str] = field(default_factory=list)

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


@dataclass(frozen=True)
class Reason:
    """A live rule that reads the fact: "why do you ask?"."""

    rule: Rule
    concludes: tuple[tuple[str, Any], ...]
    recommends: tuple[str, ...]


class Planner:
    """Decides which question comes next; knows nothing about terminals."""

    def __init__(self, kb: KnowledgeBase, quick: bool = False):
        self.kb = kb
        self.quick = quick
        self.questions: list[FactDef] = [f for f in kb.input_facts if f.question is not None]
        self.sections = [d.id for d in kb.dimensions]

    def in_mode(self, fact: FactDef) -> bool:
        q = fact.question
        return q is not None and (not self.quick or q.core or q.followup)

    def open_inputs(self, state: State) -> set[str]:
        """Questions that may still be asked: unanswered, in this mode, ask_if not false."""
        return still_open(self.kb, state.answers,
                          [f.id for f in self.questions
                           if not state.answered(f.id) and self.in_mode(f)])

    def reading(self, state: State) -> tuple[Reading, set[str]]:
        open_ = self.open_inputs(state)
        return reason(self.kb, state.answers, open_), open_

    def askable(self, fact: FactDef, state: State) -> bool:
        """Its ask_if holds on the answers so far (closed world)."""
        q = fact.question
        return q is not None and (q.ask_if is None or lang.holds(q.ask_if, state.answers.get))

    def matters(self, fid: str, reading: Reading) -> bool:
        """Some rule that reads this fact is still undecided. Free-text questions are the
        consultant's notes: no rule reads them, and full mode always asks them."""
        if self.kb.facts[fid].type == "text":
            return not self.quick
        return any(reading.status.get(r.id) is None for r in self.kb.readers(fid))

    def pending(self, state: State) -> list[FactDef]:
        """Every question that would be asked now, in order."""
        reading, open_ = self.reading(state)
        return [f for f in self.questions
                if f.id in open_ and self.askable(f, state) and self.matters(f.id, reading)]

    def next_question(self, state: State) -> FactDef | None:
        todo = self.pending(state)
        return todo[0] if todo else None

    def progress(self, fact: FactDef, state: State) -> Progress:
        remaining = max(len(self.pending(state)) - 1, 0)
        return Progress(self.sections.index(fact.dimension) + 1, len(self.sections),
                        fact.dimension, len(state.history) + 1, remaining)

    def why(self, fid: str, state: State) -> list[Reason]:
        """The live rules that read `fid` and what each could conclude."""
        reading, _ = self.reading(state)
        return [Reason(r, r.sets, r.recommends) for r in self.kb.readers(fid)
                if reading.status.get(r.id) is None]

    def irrelevant_answers(self, state: State) -> list[str]:
        """Answers whose question would no longer be asked (its ask_if is now false)."""
        out = []
        for f in self.questions:
            if state.answered(f.id) and f.question and f.question.ask_if is not None \
                    and not lang.holds(f.question.ask_if, state.answers.get):
                out.append(f.id)
        return out
