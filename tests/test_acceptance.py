"""The brief's eight acceptance cases, run on the shipped knowledge base.

Each case file under knowledge/cases/ carries the brief's expected conclusions in `expect`
(change size, the five risk levels, overall risk, launch decision, the seven readiness
levels, the flags and the exact recommendation set). The scores are checked against the
brief's table (section 5.3).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.authoring.ruletest import run_case
from advisor.load.answers import load_answers
from advisor.load.builder import load_kb
from advisor.paths import shipped_cases, shipped_dirs
from advisor.reason.engine import Engine

KB = load_kb([shipped_dirs()])
ENGINE = Engine(KB)
CASES = sorted(shipped_cases().glob("c*.yaml"))

# Brief section 5.3: D1..D6, change index, readiness index, structural risk.
SCORES = {
    "c1": ([73, 63, 64, 43, 40, 59], 91, 56, "high"),
    "c2": ([93, 89, 82, 67, 76, 91], 71, 81, "medium"),
    "c3": ([70, 42, 25, 63, 44, 16], 46, 44, "high"),
    "c4": ([35, 60, 54, 32, 42, 7], 18, 40, "medium"),
    "c5": ([100, 100, 100, 94, 100, 100], 32, 98, "low"),
    "c6": ([73, 70, 87, 83, 100, 93], 62, 84, "medium"),
    "c7": ([100, 100, 94, 93, 94, 75], 64, 93, "medium"),
    "c8": ([93, 40, 9, 17, 15, 14], 78, 27, "high"),
}


def test_there_are_eight_cases():
    assert len(CASES) == 8


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_reaches_the_expected_conclusions(path: Path):
    outcome = run_case(ENGINE, path)
    assert outcome.passed, "\n".join(outcome.problems)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_scores_match_the_brief(path: Path):
    dims, change, readiness, structural = SCORES[path.stem[:2]]
    scores = ENGINE.assess(load_answers(path, KB)).scores
    assert [d["score"] for d in scores["dimensions"]] == dims
    assert scores["change_index"] == change
    assert scores["readiness_index"] == readiness
    assert scores["structural_risk"] == structural
