"""The interview's flow: ask what the planner says until nothing is left, then the review;
save after every answer. Prompts come through an `Asker` (the questionary prompts, or a
scripted asker in tests), so the flow never touches a terminal and never decides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ..model import FactDef
from .planner import Planner, Progress, Reason, State

DONT_KNOW = "\x00dont_know"  # `current` of a question whose answer so far is "don't know"


@dataclass(frozen=True)
class Reply:
    """What the asker got from the user: an answer, or one of the commands."""

    kind: str  # "answer", "dont_know", "why", "back"
    value: Any = None


class Asker(Protocol):
    """The prompt layer: shows things and returns the user's replies; decides nothing."""

    def section(self, progress: Progress) -> None: ...

    def ask(self, fact: FactDef, progress: Progress, current: Any, can_go_back: bool) -> Reply:
        ...

    def explain(self, fact: FactDef, reasons: list[Reason]) -> None: ...

    def review(self, rows: list[tuple[FactDef, Any, bool]]) -> str | None:
        """Show all answers; return the fact id to change, or None to finish."""
        ...


class Interview:
    """Runs the questions until none is left, then the review; saves after every answer."""

    def __init__(self, planner: Planner, state: State, asker: Asker,
                 save: Callable[[State], None]):
        self.planner, self.state, self.asker, self.save = planner, state, asker, save
        self._section = 0

    def run(self) -> State:
        while True:
            self._questions()
            rows = [(f, self.state.answers.get(f.id), f.id in self.state.dont_know)
                    for f in self.planner.questions if self.state.answered(f.id)]
            change = self.asker.review(rows)
            if change is None:
                return self.state
            self._change(change)

    def _questions(self) -> None:
        while (fact := self.planner.next_question(self.state)) is not None:
            self._ask(fact, current=None)

    def _ask(self, fact: FactDef, current: Any) -> None:
        # "back" walks through the answers given so far without touching them: an answer
        # stays saved until the user gives another, so a kill while going back loses nothing
        trail = [f for f in reversed(self.state.history) if f != fact.id]
        steps = 0
        while True:
            progress = self.planner.progress(fact, self.state)
            if progress.section != self._section:
                self._section = progress.section
                self.asker.section(progress)
            reply = self.asker.ask(fact, progress, current, steps < len(trail))
            if reply.kind == "why":
                self.asker.explain(fact, self.planner.why(fact.id, self.state))
                continue
            if reply.kind == "back":
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

    def _change(self, fid: str) -> None:
        fact = self.planner.kb.facts[fid]
        self._ask(fact, current=self._current(fid))

    def _current(self, fid: str) -> Any:
        """The answer to preselect when a question is asked again: "don't know" included."""
        return DONT_KNOW if fid in self.state.dont_know else self.state.answers.get(fid)
