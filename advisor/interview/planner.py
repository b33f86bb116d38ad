"""The guided interview's logic: what to ask next, why, and what an answer change drops.

Pure and terminal-free: `Planner` decides; `flow.Interview` runs the questions against an
`Asker` and saves after every answer.

A question is asked when its `ask_if` holds and its answer can still matter: a rule that
reads its fact can still fire given what is known (the three-valued reading of `reasoner`),
it is evidence for a readiness score or a key question counted for evidence coverage, or it
decides whether another question that matters is asked. A rule ruled out by an answer no
longer pulls questions in. Quick mode keeps only core questions and the knock-out
follow-ups marked `followup`.
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
        self.evidence = _evidence_facts(kb)
        self.gates = _gates(self.questions)

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

    def matters(self, fid: str, reading: Reading, answers: dict[str, Any] | None = None,
                seen: frozenset[str] = frozenset()) -> bool:
        """Its answer can still change a conclusion, a score or what else is asked. Free-text
        questions are the consultant's notes: no rule reads them, and full mode always asks
        them."""
        if self.kb.facts[fid].type == "text":
            return not self.quick
        if fid in self.evidence or any(reading.status.get(r.id) is None
                                        for r in self.kb.readers(fid)):
            return True
        return any(g not in seen and (answers is None or g not in answers)
                   and self.matters(g, reading, answers, seen | {fid})
                   for g in self.gates.get(fid, ()))

    def pending(self, state: State) -> list[FactDef]:
        """Every question that would be asked now, in order."""
        reading, open_ = self.reading(state)
        return [f for f in self.questions
                if f.id in open_ and self.askable(f, state)
                and self.matters(f.id, reading, state.answers)]

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


def _evidence_facts(kb: KnowledgeBase) -> frozenset[str]:
    """Facts whose answers are evidence in themselves: readiness score items and the key
    questions counted for evidence coverage."""
    scored = {i.fact for i in kb.scoring.items if i.fact} if kb.scoring else set()
    counted = {m for f in kb.derived_facts if f.count_state for m in f.count_of}
    return frozenset(scored | counted)


def _gates(questions: list[FactDef]) -> dict[str, tuple[str, ...]]:
    """For each fact, the questions whose ask_if reads it (it decides whether they are asked)."""
    out: dict[str, list[str]] = {}
    for f in questions:
        q = f.question
        if q is not None and q.ask_if is not None:
            for gate in lang.facts_read(q.ask_if):
                out.setdefault(gate, []).append(f.id)
    return {k: tuple(v) for k, v in out.items()}
