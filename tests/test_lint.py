"""The linter: one fixture per check, each caught at the right place; the shipped knowledge
base lints clean."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advisor.authoring.lint import lint_dirs
from advisor.load.paths import shipped_dirs
from tests.conftest import MINI, run_cli

# A rule appended to the mini knowledge base for each check: (yaml, code, needle, severity)
RULE = """
  - id: {id}
    title: {{en: t, zh: 题}}
    when: {when}
    then: {then}
    because: {{en: {because}, zh: 因为}}
    source: "{source}"
"""

CHECKS = {
    "never-fires": ("X1", "plan.size > 10 and plan.size < 5", "{set: {flag.big: yes}}",
                    "a reason", "test", "plan.size < 5", "error"),
    "never-fires-choice": ("X2", "plan.kind == a and plan.kind == b",
                           "{set: {flag.big: yes}}", "a reason", "test", "plan.kind == b",
                           "error"),
    "no-source": ("X3", "plan.size > 5", "{set: {flag.big: yes}}", "a reason", " ",
                  "id: X3", "note"),
    "weak-because": ("X4", "plan.size > 5", "{set: {flag.big: yes}}", "t", "test", "id: X4",
                     "warning"),
}


def kb_with(tmp_path: Path, extra_rules: str = "", extra_files: dict | None = None) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(MINI, root)
    if extra_rules:
        with (root / "rules.yaml").open("a") as fh:
            fh.write(extra_rules)
    for name, text in (extra_files or {}).items():
        (root / name).write_text(text)
    return root


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.mark.parametrize("check", list(CHECKS))
def test_rule_checks(tmp_path, check):
    rid, when, then, because, source, needle, severity = CHECKS[check]
    root = kb_with(tmp_path, RULE.format(id=rid, when=when, then=then, because=because,
                                         source=source))
    _, problems = lint_dirs([root])
    code = check.split("-choice")[0]
    found = [p for p in problems if p.code == code and rid in p.message]
    assert found, [p.render() for p in problems]
    assert found[0].severity == severity
    assert found[0].path.endswith("rules.yaml")
    assert found[0].line == line_of(root / "rules.yaml", needle)


def test_unprovided_and_unasked_facts(tmp_path):
    root = kb_with(tmp_path, RULE.format(
        id="X5", when="flag.orphan and plan.secret == yes", then="{set: {flag.big: yes}}",
        because="a reason", source="test"), {"more.yaml": """
derived:
  - {id: flag.orphan, type: flag, dimension: plan, label: {en: orphan, zh: 孤}}
facts:
  - {id: plan.secret, type: bool, dimension: plan, label: {en: secret, zh: 秘}}
"""})
    _, problems = lint_dirs([root])
    codes = {p.code: p for p in problems}
    assert "unprovided-fact" in codes and "unasked-fact" in codes
    assert codes["unprovided-fact"].line == line_of(root / "rules.yaml", "flag.orphan and")
    assert "never-concluded" in codes and codes["never-concluded"].path.endswith("more.yaml")


def test_unread_question_unused_derived_and_never_recommended(tmp_path):
    root = kb_with(tmp_path, extra_files={"more.yaml": """
facts:
  - id: plan.budget
    type: number
    dimension: plan
    label: {en: budget, zh: 预算}
    question: {prompt: {en: Budget?, zh: 预算?}}
derived:
  - {id: risk.hidden, type: level, scale: risk, dimension: plan, default: low, report: no,
     label: {en: hidden, zh: 隐}}
recommendations:
  - {id: rec.unused, priority: low, dimension: plan, title: {en: u, zh: 未},
     action: {en: do, zh: 做}}
"""})
    _, problems = lint_dirs([root])
    by_code = {p.code: p for p in problems if p.path.endswith("more.yaml")}
    assert by_code["unread-question"].line == 3
    assert by_code["unused-derived"].line == line_of(root / "more.yaml", "risk.hidden")
    assert by_code["never-recommended"].line == line_of(root / "more.yaml", "rec.unused")


def test_missing_translation_and_layer_override(tmp_path):
    layer = tmp_path / "mine"
    layer.mkdir()
    (layer / "r.yaml").write_text("""
dimension: plan
rules:
  - id: R1
    title: {en: Many people (local)}
    when: plan.size >= 10
    then: {set: {flag.big: yes}}
    because: {en: Ten is already many here, zh: 十人已算多}
    source: local policy
""")
    _, problems = lint_dirs([MINI, layer])
    translation = [p for p in problems if p.code == "translation"]
    override = [p for p in problems if p.code == "override"]
    assert translation and translation[0].line == 5 and "missing 'zh'" in translation[0].message
    assert override and override[0].severity == "note" and "rules.yaml" in override[0].message


@pytest.mark.parametrize("text,message", [
    ("rules:\n  - {id: R1, title: {en: a, zh: b}, when: plan.size > 1, then: {set: "
     "{flag.big: yes}}, because: {en: a, zh: b}, source: s}\n", "duplicate rule id 'R1'"),
    ("rules:\n  - {id: Z, title: {en: a, zh: b}, when: flag.big, then: {set: "
     "{flag.big: yes}}, because: {en: a, zh: b}, source: s}\n", "cycle"),
    ("rules:\n  - {id: Z, title: {en: a, zh: b}, when: plan.size > 1, then: {recommend: "
     "[rec.nope]}, because: {en: a, zh: b}, source: s}\n", "unknown recommendation"),
])
def test_load_errors_are_lint_errors(tmp_path, text, message):
    root = kb_with(tmp_path, extra_files={"bad.yaml": "dimension: plan\n" + text})
    kb, problems = lint_dirs([root])
    assert kb is None
    assert any(message in p.message and p.line for p in problems), \
        [p.render() for p in problems]


def test_shipped_knowledge_base_lints_clean():
    _, problems = lint_dirs([shipped_dirs()])
    assert [p.render() for p in problems if p.severity != "note"] == []


def test_lint_command_exit_codes(tmp_path):
    assert run_cli("rules", "lint").code == 0
    root = kb_with(tmp_path, RULE.format(id="X1", when="plan.size > 10 and plan.size < 5",
                                         then="{set: {flag.big: yes}}", because="a reason",
                                         source="test"))
    r = run_cli("rules", "lint", "--no-shipped", "--kb", str(root))
    assert r.code == 1 and "can never fire" in r.out and "rules.yaml:" in r.out
    r = run_cli("rules", "lint", "--no-shipped", "--kb", str(MINI), "--strict")
    assert r.code == 1  # the mini knowledge base has warnings


def test_a_symlink_loop_in_a_layer_is_a_lint_error(tmp_path):
    """A loop of links in a layer folder used to be skipped in silence (0 errors)."""
    root = kb_with(tmp_path)
    (root / "loop.yaml").symlink_to("loop.yaml")
    kb, problems = lint_dirs([root])
    assert kb is None
    [p] = [p for p in problems if p.severity == "error"]
    assert "symlink loop" in p.message and p.path.endswith("loop.yaml")


CASE = """case: Expectations with mistakes
answers:
  plan.size: 300
expect:
  {line}
"""


@pytest.mark.parametrize("line,message,col", [
    ("risk.overal: high", "expect: unknown fact 'risk.overal'", 3),
    ("risk.delivery: severe", "expect: 'severe' is not a choice of 'risk.delivery'", 18),
    ("risk.overall: [high, lowish]", "'lowish' is not a choice of 'risk.overall'", 24),
    ("risk.count_high: 5", "counts 2 facts, so it is never 5", 20),
    ("plan.size: 300", "'plan.size' is a question, not a conclusion", 3),
    ("rec.pilot: maybe", "'rec.pilot' is a recommendation", 14),
    ("recommends: [rec.pilto]", "unknown recommendation 'rec.pilto'", 16),
    ("not: {risk.overall: lowest}", "'lowest' is not a choice of 'risk.overall'", 23),
    ("fired: [R99]", "unknown rule 'R99'", 11),
])
def test_case_file_expectations_are_located(tmp_path, line, message, col):
    """`rules test` only said an expectation "names nothing"; lint locates each mistake."""
    root = kb_with(tmp_path)
    (root / "cases" / "bad.yaml").write_text(CASE.format(line=line))
    _, problems = lint_dirs([root])
    found = [p for p in problems if p.code == "case-expect"]
    assert len(found) == 1, [p.render() for p in problems]
    assert message in found[0].message and found[0].path.endswith("bad.yaml")
    assert (found[0].line, found[0].col) == (5, col)
    if "unknown fact" in message:
        assert found[0].hint == "did you mean 'risk.overall'?"


@pytest.mark.parametrize("when,needle,why", [
    ("plan.size > 1000", "plan.size > 1000", "is never above 1000"),  # max: 1000
    ("plan.size < 0", "plan.size < 0", "is never below 0"),  # min: 0
    ("plan.size == 5 or risk.overall > critical", "risk.overall > critical",
     "nothing is above 'critical'"),
    ("count(people.groups) >= 3", "count(people.groups)", "never above 2"),  # none is exclusive
    ("risk.count_high == 3", "risk.count_high", "from 0 to 2"),
])
def test_a_condition_that_can_never_hold(tmp_path, when, needle, why):
    root = kb_with(tmp_path, RULE.format(id="X9", when=when, then="{recommend: [rec.talk]}",
                                         because="a reason", source="test"))
    _, problems = lint_dirs([root])
    [p] = [p for p in problems if p.code == "never-holds"]
    assert p.severity == "error" and why in p.message and "rule X9" in p.message
    text = (root / "rules.yaml").read_text().splitlines()
    assert text[p.line - 1][p.col - 1:].startswith(needle)


def test_an_ask_if_that_reads_its_own_fact(tmp_path):
    root = kb_with(tmp_path, extra_files={"more.yaml": """
dimension: plan
facts:
  - id: plan.budget
    type: number
    label: {en: Budget, zh: 预算}
    question:
      prompt: {en: What budget?, zh: 预算多少？}
      ask_if: plan.pilot == yes and plan.budget > 0
"""})
    _, problems = lint_dirs([root])
    [p] = [p for p in problems if p.code == "self-ask-if"]
    assert p.severity == "error" and "reads its own answer" in p.message
    assert (p.line, p.col) == (9, 37)
