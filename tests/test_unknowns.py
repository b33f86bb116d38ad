"""Unknown is never good news: a blank case, an all-"don't know" case and a near-blank one
cannot be assessed yet, and the report says which questions to answer first."""

from __future__ import annotations

import json

import pytest

from advisor.load.builder import load_kb
from advisor.load.paths import shipped_dirs
from tests.conftest import run_cli

KB = load_kb([shipped_dirs()])
SAFE_DECISIONS = {"establish_facts", "hold", "pilot_first"}


def _write(tmp_path, name: str, body: str):
    path = tmp_path / f"{name}.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def blank(tmp_path):
    return _write(tmp_path, "blank", "case: blank\nanswers: {}\n")


def all_dont_know(tmp_path):
    ids = "\n".join(f"  - {f.id}" for f in KB.input_facts)
    return _write(tmp_path, "dont_know", f"case: nothing known\nanswers: {{}}\ndont_know:\n{ids}\n")


def near_blank(tmp_path):
    return _write(tmp_path, "near_blank", "case: three answers\nanswers:\n"
                  "  scope.breadth: single_team\n  stakeholders.sponsor: active_visible\n"
                  "  plan.stage: planning\n")


@pytest.mark.parametrize("make", [blank, all_dont_know, near_blank])
def test_little_known_is_never_low_and_never_proceed(tmp_path, make):
    r = run_cli("assess", str(make(tmp_path)), "--format", "json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    derived = {k: v["value"] for k, v in data["derived"].items()}
    assert derived.get("risk.overall") != "low"
    assert derived.get("decision.launch_gate") in SAFE_DECISIONS
    assert not any(d["level"] == "strong" for d in data["scores"]["dimensions"])
    assert data["evidence"]["key_answered"] * 2 < data["evidence"]["key_questions"]


@pytest.mark.parametrize("make", [blank, all_dont_know])
@pytest.mark.parametrize("fmt,lang,heading", [
    ("text", "en", "Answer these questions first"),
    ("md", "en", "## Answer these questions first"),
    ("html", "en", '<section id="first-questions">'),
    ("md", "zh", "## 请先回答这些问题"),
])
def test_the_report_names_the_first_questions(tmp_path, make, fmt, lang, heading):
    r = run_cli("assess", str(make(tmp_path)), "--format", fmt, "--lang", lang)
    assert r.code == 0, r.err
    assert heading in r.out
    sponsor = KB.facts["stakeholders.sponsor"].question.prompt.get(lang)
    breadth = KB.facts["scope.breadth"].question.prompt.get(lang)
    assert breadth in r.out.replace("\n", " ") or sponsor in r.out.replace("\n", " ")
    cannot = {"en": "cannot be assessed yet", "zh": "尚无法评估"}[lang]
    assert cannot in r.out.lower()
    # the verdict is shown in capitals (English) or bold; provisional findings may mention
    # other decisions in plain text
    assert "PROCEED" not in r.out
    assert "**有条件推进**" not in r.out and "**可以推进**" not in r.out


def test_risk_categories_without_evidence_are_not_assessed(tmp_path):
    r = run_cli("assess", str(blank(tmp_path)), "--format", "md")
    for label in ("Technical risk", "Management risk", "Adoption risk"):
        assert f"**{label}: not assessed**" in r.out


def test_a_well_answered_case_lists_no_first_questions():
    from advisor.load.paths import shipped_cases

    path = sorted(shipped_cases().glob("c1_*.yaml"))[0]
    r = run_cli("assess", str(path), "--format", "md")
    assert r.code == 0 and "Answer these questions first" not in r.out
