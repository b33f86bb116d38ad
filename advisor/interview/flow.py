"""The interview's flow: the opening, then what the planner says until nothing is left, then
the review; save after every answer. Prompts come through an `Asker` (the questionary
prompts, or a scripted asker in tests), so the flow never touches a terminal and never
decides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from ..model import FactDef
from ..model.confidence import ASSUMED
from .planner import Overview, Planner, Progress, Reason, State

DONT_KNOW = "\x00dont_know"  # `current` of a question whose answer so far is "don't know"
SAVE_AND_EXIT = "\x00save_and_exit"  # the review's "save and exit without the report"


@dataclass(frozen=True)
class Reply:
    """What the asker got from the user: an answer, or one of the commands."""

    kind: str  # "answer", "dont_know", "why", "back", "source" (value: the note),
    # "unsure" (mark the answer "not sure", or no longer)
    value: Any = None


@dataclass(frozen=True)
class ReviewRow:
    """One question in the review: its answer so far, or not asked yet (it can be added)."""

    fact: FactDef
    value: Any
    dont_know: bool
    asked: bool
    skipped_section: bool = False
    unsure: bool = False  # marked "not sure"


class Asker(Protocol):
    """The prompt layer: shows things and returns the user's replies; decides nothing."""

    def opening(self, overview: Overview) -> None: ...

    def section(self, progress: Progress, questions: int, can_skip: bool) -> bool:
        """Show the section's header; True if the user skips the section."""
        ...

    def ask(self, fact: FactDef, progress: Progress, current: Any, can_go_back: bool) -> Reply:
        ...

    def explain(self, fact: FactDef, reasons: list[Reason]) -> None: ...

    def review(self, rows: list[ReviewRow]) -> str | None:
        """Return the fact id to change or add, None to finish, or SAVE_AND_EXIT."""
        ...


class Interview:
    """Runs the questions until none is left, then the review; saves after every answer.
    `run` returns True when the user finished, False for "save and exit"."""

    def __init__(self, planner: Planner, state: State, asker: Asker,
                 save: Callable[[State], None]):
        self.planner, self.state, self.asker, self.save = planner, state, asker, save
        self._section = 0
        self._visited: set[str] = set()

    def run(self) -> bool:
        self.asker.opening(self.planner.overview(self.state))
        while True:
            self._questions()
            change = self.asker.review(self._rows())
            if change is None:
                return True
            if change == SAVE_AND_EXIT:
                return False
            self._change(change)

    def _rows(self) -> list[ReviewRow]:
        st = self.state
        return [ReviewRow(f, st.answers.get(f.id), f.id in st.dont_know, st.answered(f.id),
                          f.dimension in st.skipped_sections,
                          st.confidence.get(f.id) == ASSUMED and f.id in st.answers)
                for f in self.planner.questions
                if st.answered(f.id) or self.planner.askable(f, st)]

    def _questions(self) -> None:
        while (fact := self.planner.next_question(self.state)) is not None:
            self._ask(fact, current=None)

    def _enter(self, fact: FactDef, progress: Progress) -> bool:
        """Show the section header when the interview enters a section; True if the user
        skips it (the planner then leaves its questions open, and the review offers them)."""
        self._section = progress.section
        first = fact.dimension not in self._visited
        self._visited.add(fact.dimension)
        count = self.planner.section_count(fact.dimension, self.state)
        if not self.asker.section(progress, count, first):
            return False
        self.state.skipped_sections.add(fact.dimension)
        self.save(self.state)
        self._section = 0
        return True

    def _ask(self, fact: FactDef, current: Any, editing: bool = False) -> None:
        # "back" walks through the answers given so far without touching them: an answer
        # stays saved until the user gives another, so a kill while going back loses nothing.
        # In the review, "back" returns to the review without changing anything.
        trail = [] if editing else [f for f in reversed(self.state.history) if f != fact.id]
        steps = 0
        while True:
            progress = self.planner.progress(fact, self.state)
            progress = replace(progress, editing=editing,
                               unsure=self.state.confidence.get(fact.id) == ASSUMED)
            if not editing and progress.section != self._section and \
                    self._enter(fact, progress):
                return
            reply = self.asker.ask(fact, progress, current, editing or steps < len(trail))
            if reply.kind == "why":
                self.asker.explain(fact, self.planner.why(fact.id, self.state))
                continue
            if reply.kind == "source":  # a note on where the answer comes from; then ask on
                self._note(fact.id, str(reply.value or "").strip())
                continue
            if reply.kind == "unsure":  # "not sure" on or off; then ask on
                self._unsure(fact.id, not progress.unsure)
                continue
            if reply.kind == "back":
                if editing:
                    return
                if steps >= len(trail):
                    continue
                previous = trail[steps]
                steps += 1
                fact, current = self.planner.kb.facts[previous], self._current(previous)
                continue
            self._record(fact.id, reply)
            return

    def _record(self, fid: str, reply: Reply) -> None:
        self.state.forget(fid)
        if reply.kind == "dont_know":
            self.state.dont_know.add(fid)
        else:
            self.state.answers[fid] = reply.value
        self.state.history.append(fid)
        for dropped in self.planner.irrelevant_answers(self.state):
            self.state.forget(dropped)
        self.save(self.state)

    def _note(self, fid: str, note: str) -> None:
        if note:
            self.state.sources[fid] = note
        else:
            self.state.sources.pop(fid, None)
        self.save(self.state)

    def _unsure(self, fid: str, on: bool) -> None:
        """Mark the question's answer "not sure" (assumed), or take the mark off (stated)."""
        if on:
            self.state.confidence[fid] = ASSUMED
        else:
            self.state.confidence.pop(fid, None)
        self.save(self.state)

    def _change(self, fid: str) -> None:
        self._ask(self.planner.kb.facts[fid], current=self._current(fid), editing=True)

    def _current(self, fid: str) -> Any:
        """The answer to preselect when a question is asked again: "don't know" included."""
        return DONT_KNOW if fid in self.state.dont_know else self.state.answers.get(fid)
