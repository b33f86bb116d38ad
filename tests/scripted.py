"""A scripted asker for the interview logic: answers every question from a dict of values."""

from __future__ import annotations

from typing import Any

from advisor.interview.flow import Reply


class FromValues:
    """Replies with the value for each fact, or "don't know" when there is none; finishes the
    review at once. Records the order of the questions asked."""

    def __init__(self, values: dict[str, Any]):
        self.values, self.asked = values, []

    def opening(self, overview: Any) -> None:
        pass

    def section(self, progress: Any, questions: int, can_skip: bool) -> bool:
        return False

    def ask(self, fact: Any, progress: Any, current: Any, can_go_back: bool) -> Reply:
        self.asked.append(fact.id)
        if fact.id in self.values:
            return Reply("answer", self.values[fact.id])
        return Reply("dont_know")

    def explain(self, fact: Any, reasons: Any) -> None:
        pass

    def review(self, rows: Any) -> None:
        return None
