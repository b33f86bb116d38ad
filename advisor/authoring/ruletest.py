"""Run what authors wrote down as expectations: rule examples and case files with `expect`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import lang
from ..errors import Problem, SourceError
from ..load.answers import Answers, load_answers
from ..model import Example, KnowledgeBase, Rule
from ..reason.engine import Engine
from .expectations import check_keys, mismatches


@dataclass
class Outcome:
    """One example or case: what was checked and what differed."""

    name: str
    where: str
    problems: list[str] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def example_answers(kb: KnowledgeBase, rule: Rule, example: Example) -> Answers:
    """The example's `given` typed against the knowledge base (located errors otherwise)."""
    values, problems = {}, []
    for fid, value in example.given.items():
        fact = kb.facts.get(fid)
        o = example.origin
        if fact is None or fact.derived:
            problems.append(Problem(o.path, o.line, o.col,
                                    f"example of {rule.id}: '{fid}' is not an input fact"))
            continue
        try:
            values[fid] = lang.coerce(fact, value)
        except lang.ValueProblem as exc:
            problems.append(Problem(o.path, o.line, o.col,
                                    f"example of {rule.id}: {exc.message}", exc.hint))
    for key in check_keys(example.expect, kb):
        problems.append(Problem(example.origin.path, example.origin.line, example.origin.col,
                                f"example of {rule.id}: expects '{key}', which is neither a "
                                "derived fact nor a recommendation"))
    if problems:
        raise SourceError(problems)
    return Answers(example.name or f"example of {rule.id}", values)


def run_example(engine: Engine, rule: Rule, index: int) -> Outcome:
    example = rule.examples[index]
    name = f"{rule.id} example {index + 1}" + (f" ({example.name})" if example.name else "")
    outcome = Outcome(name, example.origin.where())
    try:
        answers = example_answers(engine.kb, rule, example)
    except SourceError as exc:
        outcome.problems = [p.message for p in exc.problems]
        return outcome
    a = engine.assess(answers)
    outcome.fired = a.fired_ids()
    if example.fires and rule.id not in outcome.fired:
        outcome.problems.append(f"{rule.id} did not fire")
    if not example.fires and rule.id in outcome.fired:
        outcome.problems.append(f"{rule.id} fired but the example says it must not")
    outcome.problems += mismatches(example.expect, a, engine.kb)
    return outcome


def run_case(engine: Engine, path: Path) -> Outcome:
    answers = load_answers(path, engine.kb)
    outcome = Outcome(answers.case, str(path))
    bad = check_keys(answers.expect or {}, engine.kb)
    if bad:
        outcome.problems = [f"expect names '{k}', which is neither a derived fact nor a "
                            "recommendation" for k in bad]
        return outcome
    a = engine.assess(answers)
    outcome.fired = a.fired_ids()
    outcome.problems = mismatches(answers.expect or {}, a, engine.kb)
    return outcome


def examples(kb: KnowledgeBase) -> Iterator[tuple[Rule, int]]:
    for rule in kb.rules:
        for i in range(len(rule.examples)):
            yield rule, i
