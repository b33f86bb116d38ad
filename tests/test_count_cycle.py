"""A cycle through a count fact: the count's members are concluded (through rules) from
something that reads the count. It once ended in "internal error: TypeError: unhashable
type" when a rule in the cycle had examples (the cycle report put rules in a set); it must
be one located error naming the cycle's facts and rules, exit code 2."""

from __future__ import annotations

import re

import pytest

from advisor.errors import SourceError
from advisor.load.builder import load_kb
from tests.conftest import MINI, run_cli

LOOP = """\
dimension: plan
derived:
  - id: risk.loop
    type: level
    scale: risk
    label: {en: Loop, zh: 环}
  - id: flag.via
    type: flag
    label: {en: Via, zh: 经}
  - id: risk.loop_count
    type: count
    count_of: [risk.delivery, risk.loop]
    count_value: high
    label: {en: Loop count, zh: 环计数}
rules:
  - id: LOOP-1
    title: {en: Via makes the loop high, zh: 经则高}
    when: flag.via
    then: {set: {risk.loop: high}}
    because: {en: Loops., zh: 环。}
    source: test
  - id: LOOP-2
    title: {en: A high count sets via, zh: 高计数则经}
    when: risk.loop_count >= 1
    then: {set: {flag.via: yes}}
    because: {en: Loops., zh: 环。}
    source: test
    examples:
      - given: {plan.size: 500, plan.pilot: no}
        expect: {flag.via: yes}
"""


@pytest.fixture
def loop_file(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text(LOOP, encoding="utf-8")
    return path


def test_the_cli_names_the_cycle_at_a_rule(loop_file):
    r = run_cli("assess", "tests/fixtures/mini/cases/big.yaml", "--no-shipped",
                "--kb", "tests/fixtures/mini", "--kb", str(loop_file))
    assert r.code == 2, r.err
    assert "internal error" not in r.err and "Traceback" not in r.err
    [line] = [x for x in r.err.splitlines() if "error:" in x]
    m = re.match(r"(?P<path>.+):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.*)", line)
    assert m is not None, line
    assert m["path"].endswith("loop.yaml")
    first_rule = LOOP.splitlines().index("  - id: LOOP-1") + 1  # the cycle's first rule
    assert (int(m["line"]), int(m["col"])) == (first_rule, 5)
    assert "cycle through derived facts" in m["msg"]
    for name in ("flag.via", "risk.loop_count", "risk.loop", "LOOP-1", "LOOP-2"):
        assert name in m["msg"]
    assert "risk.delivery" not in m["msg"]  # counted, but not part of the cycle


def test_the_loader_reports_one_problem_naming_both_rules(loop_file):
    with pytest.raises(SourceError) as info:
        load_kb([MINI, loop_file.parent])
    [problem] = info.value.problems
    assert problem.message.endswith("(rules LOOP-1, LOOP-2)")
    chain = problem.message.split(": ", 1)[1].split(" (")[0].split(" -> ")
    assert chain[0] == chain[-1] and set(chain) == {"flag.via", "risk.loop_count", "risk.loop"}
