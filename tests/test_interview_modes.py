"""Full and quick interviews of the eight acceptance cases, answered from their case files.

Full mode must reach exactly the conclusions of the complete answers file; quick mode is
measured (how many questions, how far its conclusions are from the full ones).
"""

from __future__ import annotations

import pytest

from advisor.interview.flow import Interview
from advisor.interview.planner import Planner, State
from advisor.load.answers import Answers, load_answers
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_cases, shipped_dirs
from advisor.reason.engine import Engine
from tests.scripted import FromValues

KB = load_kb([shipped_dirs()])
ENGINE = Engine(KB)
CASES = sorted(shipped_cases().glob("c*.yaml"))
LIBRARY = sorted((shipped_cases() / "library").glob("*.yaml"))
QUESTIONS = sum(1 for f in KB.input_facts if f.question)


def interview(values, quick):
    """As `advisor interview` ends: the questions it did not ask are assessed as not
    applicable (the planner's `skipped`)."""
    asker = FromValues(values)
    state, planner = State(), Planner(KB, quick)
    Interview(planner, state, asker, lambda s: None).run()
    return asker.asked, ENGINE.assess(Answers("x", state.answers, tuple(state.dont_know),
                                              skipped=tuple(planner.skipped(state))))


def conclusions(a):
    facts = {k: c.value for k, c in a.derived.items()}
    facts.update({f"readiness: {d['dimension']}": d["level"]
                  for d in a.scores.get("dimensions", [])})
    return facts, set(a.recommendation_ids())


def differences(a, b):
    facts_a, recs_a = conclusions(a)
    facts_b, recs_b = conclusions(b)
    facts = sorted(k for k in set(facts_a) | set(facts_b) if facts_a.get(k) != facts_b.get(k))
    return facts, sorted(recs_a ^ recs_b)


@pytest.mark.parametrize("path", CASES + LIBRARY, ids=[p.stem[:2] for p in CASES + LIBRARY])
def test_full_mode_reaches_the_complete_file_conclusions(path):
    # every derived fact and recommendation, and every readiness level: the questions the
    # interview leaves out must not change any of them
    case = load_answers(path, KB)
    complete = ENGINE.assess(case)
    asked, full = interview(case.values, quick=False)
    assert differences(full, complete) == ([], [])
    assert len(asked) < QUESTIONS


def test_table_of_questions_and_quick_mode_differences(capsys):
    rows = []
    for path in CASES:
        case = load_answers(path, KB)
        complete = ENGINE.assess(case)
        full_asked, full = interview(case.values, quick=False)
        quick_asked, quick = interview(case.values, quick=True)
        facts, recs = differences(quick, complete)
        same_verdict = all(quick.value(f) == complete.value(f) for f in KB.verdict)
        rows.append((path.stem[:2], len(case.values), len(full_asked), len(quick_asked),
                     differences(full, complete) == ([], []), same_verdict, facts, recs))
        assert len(quick_asked) <= len(full_asked)
    with capsys.disabled():
        print(f"\n{QUESTIONS} questions in the knowledge base")
        print("case | answers in file | asked (full) | asked (quick) | full = complete | "
              "quick verdict same | quick: derived facts differing | quick: recommendations "
              "differing")
        for r in rows:
            print(f"{r[0]} | {r[1]} | {r[2]} | {r[3]} | {'yes' if r[4] else 'NO'} | "
                  f"{'yes' if r[5] else 'no'} | {len(r[6])} {', '.join(r[6])} | {len(r[7])}")
