"""What one assessment records while the engine runs, and the Assessment made from it.

Kept apart from `engine` (the experta adapter) because none of it depends on experta: it is
the bookkeeping of proposals, firings, recommendations, votes and caps, and what the
Assessment adds to them: scores and the evidence behind them.
"""

from __future__ import annotations

import collections
from typing import Any

from .. import lang
from ..load.answers import Answers
from ..model import KnowledgeBase
from ..model.assessment import Advice, Assessment, Conclusion, Firing, Proposal, jsonable
from . import confidence, scoring
from .reasoner import Reading, open_reading


class Run:
    """The state of one assessment while the engine runs."""

    def __init__(self, kb: KnowledgeBase, budget: int):
        self.kb = kb
        self.budget = budget
        self.values: dict[str, Any] = {}
        self.wm: dict[str, Any] = {}  # fact id -> its experta fact
        self.proposals: dict[str, list[Proposal]] = {}
        self.conflicted: set[str] = set()  # choice facts two rules set to different values
        self.assumed: set[str] = set()
        self.fired: list[Firing] = []
        self.fired_ids: set[str] = set()
        self.advice: dict[str, list[str]] = {}
        self.votes: dict[str, list[list[Any]]] = {}  # score item -> [[rule, value], ...]
        self.caps: dict[str, list[list[Any]]] = {}  # dimension -> [[rule, level], ...]
        self.activations: collections.Counter[str] = collections.Counter()
        self.firings = 0  # the sum of `activations`, kept as it grows


def to_assessment(kb: KnowledgeBase, run: Run, answers: Answers,
                  language: str | None) -> Assessment:
    """The Assessment of a finished run: plain data, in the knowledge base's order."""
    derived: dict[str, Conclusion] = {}
    for fid, fact in kb.facts.items():
        if not fact.derived or fid not in run.values:
            continue
        final = run.values[fid]
        props = run.proposals.get(fid, [])
        derived[fid] = Conclusion(
            fid, final, fid in run.assumed,
            supports=[p for p in props if p.value == final],
            superseded=[p for p in props if p.value != final])
    rank = {p: i for i, p in enumerate(reversed(kb.priorities.ids))}
    dims = {d.id: i for i, d in enumerate(kb.dimensions)}
    order = {rid: i for i, rid in enumerate(kb.recommendations)}
    advice = [Advice(rid, kb.recommendations[rid].priority,
                     kb.recommendations[rid].dimension, rules)
              for rid, rules in run.advice.items()]
    # a total order independent of which rule fired first: priority, dimension, then the
    # order the author wrote the recommendations in (files read in name order)
    advice.sort(key=lambda a: (rank.get(a.priority, 99), dims.get(a.dimension, 99),
                               order[a.id]))
    values = {**answers.values, **{k: c.value for k, c in derived.items()}}
    skipped = frozenset(answers.skipped)
    reading = open_reading(kb, answers.values, skipped)
    scores = scoring.compute(kb, values.get, run.votes, run.caps, reading, skipped)
    assessment = Assessment(
        case=answers.case,
        language=language or answers.language or kb.languages[0],
        kb={"id": kb.id, "version": kb.version, "digest": kb.digest},
        answers={fid: jsonable(answers.values[fid]) for fid in kb.facts
                 if fid in answers.values and not kb.facts[fid].derived},
        dont_know=[fid for fid in kb.facts if fid in answers.dont_know],
        derived=derived,
        recommendations=advice,
        fired=run.fired,
        notes=answers.notes,
        scores=scores,
        score_votes=run.votes,
        readiness_caps=run.caps,
        evidence=evidence(kb, answers, reading, scores),
        conflicts={fid: list(run.proposals[fid]) for fid in kb.facts if fid in run.conflicted},
        answer_sources={fid: answers.answer_sources[fid] for fid in kb.facts
                        if fid in answers.answer_sources
                        and (fid in answers.values or fid in answers.dont_know)},
        answer_confidence={fid: answers.answer_confidence[fid] for fid in kb.facts
                           if fid in answers.answer_confidence and fid in answers.values},
    )
    confidence.annotate(kb, assessment)
    return assessment


def evidence(kb: KnowledgeBase, answers: Answers, reading: Reading,
             scores: dict[str, Any]) -> dict[str, Any]:
    """How much of what matters is known: the share of applicable score weight answered,
    and the key (core) questions that apply, answered or not."""
    key = [f.id for f in kb.input_facts if f.question is not None and f.question.core
           and f.id not in answers.skipped and (f.question.ask_if is None
                or lang.evaluate3(f.question.ask_if, reading.get, reading.is_open) is not False)]
    answered = [fid for fid in key if fid in answers.values]
    return {"coverage": scores.get("coverage", 0.0) if scores else 0.0,
            "key_questions": len(key), "key_answered": len(answered),
            "key_unanswered": [fid for fid in key if fid not in answers.values]}


def conflict_message(kb: KnowledgeBase, fid: str, proposals: list[Proposal],
                     values: dict[str, Any]) -> str:
    """The error of an `on_conflict: error` fact: both rules (file:line), their values and
    the answers their conditions read."""
    first, last = proposals[0], proposals[-1]
    rules = [kb.rule(p.rule) for p in (first, last)]
    read = [f for f in kb.facts if f in values and any(f in kb.inputs(r.id) for r in rules)]
    answers = ", ".join(f"{f}={_word(values[f])}" for f in read)
    return (f"rules {rules[0].id} ({rules[0].origin.where()}) and {rules[1].id} "
            f"({rules[1].origin.where()}) set '{fid}' to different values "
            f"('{first.value}' and '{last.value}') with the answers {answers or 'given'}; "
            f"'{fid}' declares on_conflict: error")


def _word(value: Any) -> str:
    """An answer as an author writes it in a rule file (yes/no, not True/False)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(jsonable(value))
