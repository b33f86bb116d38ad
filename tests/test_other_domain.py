"""A knowledge base of another domain (the café in docs/knowledge-base.md), run without the
shipped one: interview logic, rule tests, assess, explain. The files are taken from the
tutorial itself, so the tutorial stays true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from advisor.interview.flow import Interview
from advisor.interview.planner import Planner, State
from advisor.load.answers import load_answers
from advisor.load.builder import load_kb
from advisor.reason.engine import Engine
from tests.conftest import ROOT, run_cli
from tests.scripted import FromValues

DOC = ROOT / "docs" / "knowledge-base.md"


@pytest.fixture(scope="module")
def cafe(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("domain")
    blocks = re.findall(r"<!-- file: (\S+) -->\n```yaml\n(.*?)```", DOC.read_text(), re.S)
    assert len(blocks) >= 5
    for name, text in blocks:
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return base / "cafe"


def test_loads_alone_and_lints_clean(cafe):
    r = run_cli("rules", "lint", "--no-shipped", "--kb", str(cafe))
    assert r.code == 0, r.out
    assert "0 errors, 0 warnings" in r.out


def test_rule_examples_and_case_expectations_pass(cafe):
    r = run_cli("rules", "test", "--no-shipped", "--kb", str(cafe))
    assert r.code == 0, r.out
    assert "6 passed, 0 failed" in r.out and "5/5 rules" in r.out


def test_interview_logic(cafe):
    kb = load_kb([cafe])
    asker = FromValues({"money.reserve_months": 8, "people.manager": False})
    state = State()
    Interview(Planner(kb), state, asker, lambda s: None).run()
    assert asker.asked == ["money.reserve_months", "people.manager"]  # no baristas question
    a = Engine(kb).assess(load_answers(cafe / "cases" / "corner_shop.yaml", kb))
    assert a.value("risk.overall") == "high"
    assert state.answers == {"money.reserve_months": 8, "people.manager": False}


def test_assess_and_explain_in_both_languages(cafe):
    case = str(cafe / "cases" / "corner_shop.yaml")
    args = ("--no-shipped", "--kb", str(cafe))
    r = run_cli("assess", case, *args, "--full")
    assert r.code == 0 and "HIGH" in r.out and "Build a six-month reserve first" in r.out
    assert "Second-branch check: " in r.out and "Before you sign the lease" in r.out
    assert "Change assessment" not in r.out and "All recommendations" not in r.out
    assert "People risk" in r.out and "assumed" in r.out  # the default, as an assumption
    r = run_cli("assess", case, *args, "--lang", "zh", "--full")
    assert r.code == 0 and "先攒足六个月储备" in r.out and "开分店评估" in r.out
    r = run_cli("explain", case, *args, "--why", "risk.overall")
    assert r.code == 0 and "M1" in r.out and "How many months of costs" in r.out
    r = run_cli("rules", "graph", *args)
    assert r.code == 0 and r.out.startswith("flowchart LR")
