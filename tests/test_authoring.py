"""`advisor rules ...`: test, list, show, graph and impact, run as a user would."""

from __future__ import annotations

import re
import shutil

from tests.conftest import ROOT, run_cli

DOC = ROOT / "docs" / "knowledge-base.md"


def test_rules_test_reports_coverage_of_the_shipped_knowledge_base():
    r = run_cli("rules", "test")
    assert r.code == 0, r.out
    assert re.search(r"rule coverage: (\d+)/\1 rules fired", r.out)
    assert re.search(r"^\d+ passed, 0 failed$", r.out, re.M)


def test_rules_test_shows_a_readable_failure(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", kb)
    rules = kb / "rules.yaml"
    rules.write_text(rules.read_text() + """
  - id: R99
    title: {en: wrong example, zh: 错误示例}
    when: plan.size >= 900
    then: {set: {flag.big: yes}}
    because: {en: Nine hundred is a lot of people., zh: 九百人很多。}
    source: test
    examples:
      - name: deliberately wrong
        given: {plan.size: 950}
        expect: {risk.delivery: low}
""")
    r = run_cli("rules", "test", "--no-shipped", "--kb", str(kb))
    assert r.code == 1
    assert "FAIL" in r.out and "R99 example 1 (deliberately wrong)" in r.out
    assert "risk.delivery: expected low, got medium" in r.out
    assert "1 failed" in r.out


def test_rules_list_and_show():
    r = run_cli("rules", "list", "--dimension", "risk")
    assert r.code == 0 and "GATE-01" in r.out and "DRV-01" not in r.out
    r = run_cli("rules", "show", "PLN-01")
    assert r.code == 0
    assert "rules/technology.yaml:" in r.out and "GATE-01" in r.out  # read by the gate
    assert "plan.rollout" in r.out and "scope.breadth" in r.out  # the questions feeding it
    r = run_cli("rules", "show", "PLN-1")
    assert r.code == 2 and "did you mean 'PLN-01'" in r.err


def test_graph_is_deterministic_in_both_formats():
    mermaid = run_cli("rules", "graph").out
    assert mermaid == run_cli("rules", "graph").out
    assert mermaid.startswith("flowchart LR") and "rec.pilot_before_scale" in mermaid
    dot = run_cli("rules", "graph", "--format", "dot").out
    assert dot.startswith("digraph knowledge {") and dot.rstrip().endswith("}")
    assert '"scope.breadth", shape=box' in dot


def test_impact_of_the_tutorial_rule(tmp_path):
    block = re.search(r"Create `my_rules/rules.yaml`:\n\n```yaml\n(.*?)```", DOC.read_text(),
                      re.S).group(1)
    layer = tmp_path / "my_rules"
    layer.mkdir()
    (layer / "rules.yaml").write_text(block)
    cases = tmp_path / "cases"
    cases.mkdir()
    c8 = (ROOT / "knowledge" / "cases" / "c8_pension_system_staff_cuts.yaml").read_text()
    (cases / "c8_near.yaml").write_text(c8.replace("goals.deadline_months: 7",
                                                   "goals.deadline_months: 2"))
    shutil.copy(ROOT / "knowledge" / "cases" / "c5_small_wellrun_pilot.yaml", cases)
    r = run_cli("rules", "impact", "--cases", str(cases), "--kb", str(layer))
    assert r.code == 0, r.err
    assert "1 of 2 cases change" in r.out
    assert "c8_near.yaml" in r.out and "SCP-90" in r.out
    assert run_cli("rules", "lint", "--kb", str(layer)).code == 0
    assert run_cli("rules", "test", "--kb", str(layer)).code == 0
