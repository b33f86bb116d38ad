"""The guided interview's logic: what to ask next, why, and what an answer change drops.

Pure and terminal-free: `Planner` decides; `flow.Interview` runs the questions against an
`Asker` and saves after every answer.

A question is asked only while one of its possible answers ("don't know" included) could
still change a goal conclusion, given the answers so far: every reported finding, risk and
verdict, every recommendation, and a level for every readiness dimension. The test is
three-valued reasoning over the rules (`reasoner`, not experta): the goals are read once per
possible answer, with the other unanswered questions open, and the question matters if the
readings differ. A score item's question matters while its dimension has no level to show;
a question whose answer decides whether another that matters is asked matters too.
The interview ends when no open question can change any goal; the questions it then leaves
are recorded as skipped, and the assessment treats them as not applicable. Quick mode keeps
only core questions and the knock-out follow-ups marked `followup`.
"""

from __future__ import annotations

from typing import Any

from .. import lang
from ..model import FactDef, KnowledgeBase, Rule
from ..reason import scoring
from ..reason.reasoner import Reading, reason, still_open
from .influence import readiness_inputs
from .state import Overview, Progress, Reason, State

__all__ = ["Overview", "Planner", "Progress", "Reason", "State"]


class Planner:
    """Decides which question comes next; knows nothing about terminals."""

    def __init__(self, kb: KnowledgeBase, quick: bool = False):
        self.kb = kb
        self.quick = quick
        self.questions: list[FactDef] = [f for f in kb.input_facts if f.question is not None]
        self.sections = [d.id for d in kb.dimensions]
        self.gates = _gates(self.questions)
        self._status_cache: tuple[Any, dict[str, str]] | None = None
        self._live_cache: tuple[Reading, set[str]] | None = None
        self._estimate: tuple[int, frozenset[str]] | None = None  # (remaining, askable ids)
        self._last: tuple[tuple[str, ...], Progress] | None = None  # asked again unchanged
        named = set(kb.goals) if kb.goals is not None else None
        self.goals = [f.id for f in kb.derived_facts
                      if (f.id in named if named is not None else f.report or f.id in kb.verdict)]
        self.recommenders: dict[str, list[str]] = {}
        for r in kb.rules:
            for rec in r.recommends:
                if named is None or rec in named:
                    self.recommenders.setdefault(rec, []).append(r.id)
        self.readiness_goal = named is None  # readiness levels are goals by default
        self.scored = readiness_inputs(kb)  # fact -> dimensions whose level it can move

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

    def matters(self, fid: str, reading: Reading, state: State | None = None,
                seen: frozenset[str] = frozenset()) -> bool:
        """Some answer to it could still change a goal: a rule that reads it can still fire
        and change what it concludes on the way to a goal (see `live_inputs`), or its answer
        moves a readiness level that is not settled, or it decides whether another question
        that matters is asked. Free-text questions are the consultant's notes: no rule reads
        them, and full mode always asks them."""
        if self.kb.facts[fid].type == "text":
            return not self.quick
        if state is not None and self._unsettled(fid, state):
            return True
        if fid in self.live_inputs(reading):
            return True
        answers = state.answers if state is not None else {}
        return any(g not in seen and g not in answers
                   and self.matters(g, reading, state, seen | {fid})
                   for g in self.gates.get(fid, ()))

    def live_inputs(self, reading: Reading) -> set[str]:
        """The input facts an answer to which could still change a goal.

        Working back from the goals: a derived fact is *needed* while it is a goal or read
        by a live rule, and not settled; a rule is *live* while it is undecided and firing it
        would change a needed fact (a flag not yet set, a level it would raise, a choice not
        yet given) or make a goal recommendation not yet made. The inputs that live rules
        read (and the members of the counts they read) are what is still worth asking. A
        rule whose conclusion is already reached by another no longer pulls its questions in
        (after "has hair", "gives milk?" cannot matter).
        """
        if self._live_cache is not None and self._live_cache[0] is reading:
            return self._live_cache[1]
        needed = {g for g in self.goals if g in reading.open or reading.values.get(g) is None}
        live: set[str] = set()
        inputs: set[str] = set()
        changed = True
        while changed:
            changed = False
            for rule in self.kb.rules:
                if rule.id in live or reading.status.get(rule.id) is not None:
                    continue
                if not self._would_change(rule, reading, needed):
                    continue
                live.add(rule.id)
                changed = True
                for fid in lang.facts_read(rule.when):
                    fact = self.kb.facts[fid]
                    if not fact.derived:
                        inputs.add(fid)
                    elif fid in reading.open or reading.values.get(fid) is None:
                        needed.add(fid)
                        for m in fact.count_of:
                            if not self.kb.facts[m].derived:
                                inputs.add(m)
                            else:
                                needed.add(m)
        self._live_cache = (reading, inputs)
        return inputs

    def _would_change(self, rule: Rule, reading: Reading, needed: set[str]) -> bool:
        for rec in rule.recommends:
            if rec in self.recommenders and rec not in reading.recommendations:
                return True
        for fid, value in rule.sets:
            if fid not in needed:
                continue
            fact = self.kb.facts[fid]
            now = reading.values.get(fid)
            if fact.type == "flag":
                if now is not True:
                    return True
            elif fact.type == "level" and now is not None:
                if fact.merged(now, value) != now:
                    return True
            elif now is None:
                return True
        return False

    def _unsettled(self, fid: str, state: State) -> bool:
        """A question that can move a readiness level (`influence`) matters while that level
        is not settled: while some answer to the open questions, "don't know" included,
        could still give the dimension another level or leave it without enough evidence
        for one (docs/readiness-model.md). An *estimated* level is not settled: stopping
        there made the interview's levels differ from the complete answers' in 5 of 38
        shipped cases (benchmarks/run.py)."""
        dims = self.scored.get(fid)
        if not dims or not self.readiness_goal:
            return False
        status = self._dimension_status(state)
        return any(status.get(d) != "settled" for d in dims)

    def _dimension_status(self, state: State) -> dict[str, str]:
        key = (tuple(sorted(state.answers.items(), key=lambda kv: kv[0])),
               tuple(sorted(state.dont_know)))
        if self._status_cache is not None and self._status_cache[0] == key:
            return self._status_cache[1]
        closed = reason(self.kb, state.answers)
        opened, _ = self.reading(state)
        votes = {k: [[r, v] for r, v, s in vs if s] for k, vs in closed.votes.items()}
        caps = {k: [[r, v] for r, v, s in cs if s] for k, cs in closed.caps.items()}
        data = scoring.compute(self.kb, closed.values.get, votes, caps, opened)
        status = {d["dimension"]: d["status"] for d in data.get("dimensions", [])}
        self._status_cache = (key, status)
        return status

    def _candidates(self, state: State) -> tuple[Reading, list[FactDef]]:
        """The reading, and the questions that may be asked now: open in this mode, their
        ask_if true, outside the sections the user skipped (those stay open: unknown, not
        "not applicable")."""
        reading, open_ = self.reading(state)
        return reading, [f for f in self.questions if f.id in open_ and self.askable(f, state)
                         and f.dimension not in state.skipped_sections]

    def next_question(self, state: State) -> FactDef | None:
        """The first question, in the knowledge base's order, that still matters."""
        reading, todo = self._candidates(state)
        return next((f for f in todo if self.matters(f.id, reading, state)), None)

    def skipped(self, state: State) -> list[str]:
        """Questions of this mode that apply but were never asked: no answer to them could
        change a goal. The assessment treats them as not applicable."""
        return [f.id for f in self._candidates(state)[1]]

    def likely(self, state: State) -> list[FactDef]:
        """A quick upper bound of the questions still to come (what `pending` would give
        without the full goal test, which is only run for the next question)."""
        reading, todo = self._candidates(state)
        return [f for f in todo if self.matters(f.id, reading, state)]

    def possible(self, state: State) -> list[FactDef]:
        """Every question that may still be asked, in any order of the answers to come: its
        ask_if not yet false, and some answer to it could change a goal."""
        reading, open_ = self.reading(state)
        return [f for f in self.questions if f.id in open_
                and f.dimension not in state.skipped_sections
                and self.matters(f.id, reading, state)]

    def section_count(self, dimension: str, state: State) -> int:
        """About how many questions of a section are still to come (an upper bound)."""
        return len([f for f in self.likely(state) if f.dimension == dimension])

    def overview(self, state: State) -> Overview:
        """For the opening screen: the questions that may still come, follow-ups whose ask_if
        is still open included (so "at most" holds). The other mode's bound comes from a
        planner of that mode."""
        todo = self.possible(state)
        mine, theirs = len(todo), len(Planner(self.kb, quick=not self.quick).possible(state))
        return Overview(tuple((d, len([f for f in todo if f.dimension == d]))
                              for d in self.sections),
                        theirs if self.quick else mine, mine if self.quick else theirs,
                        len(state.history))

    def progress(self, fact: FactDef, state: State) -> Progress:
        """Where the interview stands. The estimate of what is left never rises, except by
        the follow-ups the last answer opened, and then says how many."""
        key = (fact.id, *state.history)
        if self._last is not None and self._last[0] == key:  # after "why": nothing changed
            return self._last[1]
        todo = self.likely(state)
        ids = frozenset(f.id for f in todo)
        now = max(len(todo) - 1, 0)
        added = 0
        if self._estimate is not None:
            before, askable = self._estimate
            opened = len([f for f in todo if f.id not in askable
                          and f.question is not None and f.question.ask_if is not None])
            cap = max(before - 1, 0) + opened
            added = opened if now >= cap and opened else 0
            now = min(now, cap)
        self._estimate = (now, ids)
        progress = Progress(self.sections.index(fact.dimension) + 1, len(self.sections),
                            fact.dimension, len(state.history) + 1, now, added)
        self._last = (key, progress)
        return progress

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


def _gates(questions: list[FactDef]) -> dict[str, tuple[str, ...]]:
    """For each fact, the questions whose ask_if reads it (it decides whether they are asked)."""
    out: dict[str, list[str]] = {}
    for f in questions:
        q = f.question
        if q is not None and q.ask_if is not None:
            for gate in lang.facts_read(q.ask_if):
                out.setdefault(gate, []).append(f.id)
    return {k: tuple(v) for k, v in out.items()}
