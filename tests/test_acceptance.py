"""The acceptance cases and the case library, run on the shipped knowledge base.

- C1-C8 (knowledge/cases/c*.yaml) are the brief's eight cases, rewritten in the current
  questions; each pins the change size, the five risk levels, the overall risk, the launch
  decision, the level of every readiness dimension and the exact findings and
  recommendations (docs/case-library.md says where they differ from the brief, and why).
- The case library (knowledge/cases/library/) holds real public efforts documented by audit
  offices, inquiries and official evaluations; each pins the verdict band and what must and
  must not be said, as an experienced consultant would have concluded at the decision point.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.authoring.ruletest import run_case
from advisor.load.answers import load_answers
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_cases, shipped_dirs, shipped_root
from advisor.reason.engine import Engine

KB = load_kb([shipped_dirs()])
ENGINE = Engine(KB)
CASES = sorted(shipped_cases().glob("c*.yaml"))
LIBRARY = sorted((shipped_cases() / "library").glob("*.yaml"))
CATEGORIES = ("technical", "management", "adoption", "business", "policy")


def test_there_are_eight_acceptance_cases():
    assert len(CASES) == 8


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_acceptance_case_reaches_its_conclusions(path: Path):
    outcome = run_case(ENGINE, path)
    assert outcome.passed, "\n".join(outcome.problems)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_acceptance_case_pins_every_verdict(path: Path):
    """An acceptance case says everything: a new rule that moves any verdict shows up."""
    expect = load_answers(path, KB).expect or {}
    wanted = {"change.size", "risk.overall", "decision.launch_gate", "readiness", "flags",
              "recommendations", *(f"risk.{c}" for c in CATEGORIES)}
    assert wanted <= set(expect)
    assert set(expect["readiness"]) == {d.id for d in KB.dimensions}


def test_the_library_holds_at_least_24_cases():
    assert len(LIBRARY) >= 24


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_library_case_reaches_its_conclusions(path: Path):
    outcome = run_case(ENGINE, path)
    assert outcome.passed, "\n".join(outcome.problems)


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_library_case_is_documented(path: Path):
    """Each real case cites its sources, says what was known, and pins band and must-nots."""
    answers = load_answers(path, KB)
    assert answers.sources, "a library case names the reports it rests on"
    assert len(answers.notes.split()) >= 30 or len(answers.notes) >= 80
    expect = answers.expect or {}
    assert "risk.overall" in expect and "decision.launch_gate" in expect
    assert expect.get("not"), "a library case says what the verdict must not be"
    assert expect.get("raises") or expect.get("recommends")
    assert not answers.warnings, [p.message for p in answers.warnings]


def test_library_mixes_failures_and_successes_and_languages():
    """Successes are the cases that must not be held; failures the ones that must not
    proceed."""
    cases = [load_answers(p, KB) for p in LIBRARY]

    def forbidden(a) -> list:
        v = (a.expect or {}).get("not", {}).get("decision.launch_gate", [])
        return v if isinstance(v, list) else [v]

    assert sum("hold" in forbidden(a) for a in cases) >= 8
    assert sum("proceed" in forbidden(a) for a in cases) >= 12
    assert sum(a.language == "zh" for a in cases) >= 6


def test_every_library_source_is_listed_in_the_docs():
    doc = (shipped_root() / "docs" / "case-library.md").read_text(encoding="utf-8")
    for path in LIBRARY:
        answers = load_answers(path, KB)
        assert path.name in doc, f"{path.name} is not listed in docs/case-library.md"
        assert answers.sources[0] in doc, f"{path.name}: first source not in the docs"


def test_the_case_table_in_the_docs_is_current():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, str(shipped_root() / "scripts" / "case_table.py"),
                        "--check"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
