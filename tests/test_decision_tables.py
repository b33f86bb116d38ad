"""Decision tables: compiled to rules, each hit policy, explained like rules, gaps and
overlaps located at their cell, drawn by `rules show`, and the shipped tables reproducing the
rules they replaced on every shipped case."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from advisor.authoring.lint import lint
from advisor.authoring.ruletest import example_answers
from advisor.errors import SourceError
from advisor.load.answers import Answers, load_answers
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_cases, shipped_dirs
from advisor.reason.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
PRE_TABLES = ROOT / "tests" / "fixtures" / "pre_tables" / "risk_rules.yaml"

TABLE = """\
dimension: plan
tables:
  - id: DELIVERY
    title: {{en: Delivery risk by size and pilot, zh: 按规模和试点判断交付风险}}
    hit: {hit}
    inputs: [plan.size, plan.pilot, plan.maturity]
    outputs: {outputs}
    because: {{en: Size and a pilot decide it., zh: 规模和试点决定交付风险。}}
    source: test
    rows:
{rows}
"""


def write_kb(tmp_path: Path, rows: str, hit: str = "unique",
             outputs: str = "[risk.people, rec.talk]") -> Path:
    """The mini knowledge base with one table (rows given as YAML, indented by the caller)."""
    kb = tmp_path / "kb"
    shutil.copytree(MINI, kb)
    (kb / "table.yaml").write_text(TABLE.format(hit=hit, outputs=outputs, rows=textwrap.indent(
        textwrap.dedent(rows).strip("\n"), " " * 6)), encoding="utf-8")
    return kb


ROWS = """\
- when: [">= 100", "no", "-"]
  then: [high, yes]
  reason: {en: "{plan.size} people and no pilot", zh: "{plan.size}人且无试点"}
  examples:
    - {given: {plan.size: 200, plan.pilot: no}, expect: {risk.people: high, rec.talk: yes}}
- id: DELIVERY-small
  when: ["< 100", "-", "-"]
  then: [low, "-"]
- when: [">= 100", "yes", "-"]
  then: [medium, "-"]
"""


def assess(kb, **values) -> dict:
    a = Engine(kb).assess(Answers("t", values))
    return {k: getattr(v, "value", v) for k, v in a.derived.items()}


def recommended(kb, **values) -> set[str]:
    a = Engine(kb).assess(Answers("t", values))
    return {getattr(r, "id", r) for r in a.recommendations}


def test_rows_compile_to_ordinary_rules_with_readable_ids(tmp_path):
    kb = load_kb([write_kb(tmp_path, ROWS)])
    rule = kb.rule("DELIVERY/1")
    assert rule.when_text == "plan.size >= 100 and plan.pilot == no"
    assert rule.sets == (("risk.people", "high"),) and rule.recommends == ("rec.talk",)
    assert rule.title.get("en") == "Delivery risk by size and pilot, row 1"
    assert rule.title.get("zh") == "按规模和试点判断交付风险（第1行）"
    assert rule.because.get("en") == "Size and a pilot decide it."
    assert rule.origin.path.endswith("table.yaml") and rule.origin.line == 11
    assert kb.has_rule("DELIVERY-small") and kb.has_rule("DELIVERY/3")
    table = kb.tables["DELIVERY"]
    assert [r.rule for r in table.rows] == ["DELIVERY/1", "DELIVERY-small", "DELIVERY/3"]
    cell = table.rows[0].inputs[0]
    assert (cell.text, cell.origin.line, cell.origin.col) == (">= 100", 11, 16)


def test_a_unique_table_concludes_what_its_one_matching_row_says(tmp_path):
    kb = load_kb([write_kb(tmp_path, ROWS)])
    assert assess(kb, **{"plan.size": 200, "plan.pilot": False})["risk.people"] == "high"
    assert "rec.talk" in recommended(kb, **{"plan.size": 200, "plan.pilot": False})
    assert assess(kb, **{"plan.size": 5})["risk.people"] == "low"
    assert assess(kb, **{"plan.size": 200, "plan.pilot": True})["risk.people"] == "medium"


FIRST_ROWS = """\
- when: ["-", "yes", "-"]
  then: [low, "-"]
- when: [">= 100", "-", "-"]
  then: [high, "-"]
- when: ["-", "-", "-"]
  then: [medium, "-"]
"""


def test_first_fires_only_the_first_matching_row(tmp_path):
    kb = load_kb([write_kb(tmp_path, FIRST_ROWS, hit="first")])
    # row 2 matches too, but row 1 comes first: low, not the highest
    assert assess(kb, **{"plan.size": 500, "plan.pilot": True})["risk.people"] == "low"
    assert assess(kb, **{"plan.size": 500, "plan.pilot": False})["risk.people"] == "high"
    assert assess(kb, **{"plan.size": 5, "plan.pilot": False})["risk.people"] == "medium"
    fired = Engine(kb).assess(Answers("t", {"plan.size": 500, "plan.pilot": True})).fired
    assert [getattr(f, "rule", f) for f in fired if "DELIVERY" in str(f)] == ["DELIVERY/1"]


def test_first_leaves_a_row_open_while_an_earlier_row_is_open(tmp_path):
    """Three-valued: row 3 must wait while row 1 (about the pilot) could still match."""
    from advisor import lang

    kb = load_kb([write_kb(tmp_path, FIRST_ROWS, hit="first")])
    when = kb.rule("DELIVERY/3").when
    values = {"plan.size": 5}
    assert lang.evaluate3(when, values.get, lambda f: f == "plan.pilot") is None
    assert lang.evaluate3(when, values.get, lambda f: False) is True  # pilot settled unknown
    assert lang.evaluate3(when, {"plan.size": 5, "plan.pilot": True}.get,
                          lambda f: False) is False


PRIORITY_ROWS = """\
- when: [">= 100", "-", "-"]
  then: [high]
- when: ["-", "no", "-"]
  then: [critical]
- when: ["-", "-", "-"]
  then: [low]
"""


def test_priority_keeps_the_highest_proposal_of_every_matching_row(tmp_path):
    kb = load_kb([write_kb(tmp_path, PRIORITY_ROWS, hit="priority", outputs="[risk.people]")])
    assert assess(kb, **{"plan.size": 500, "plan.pilot": False})["risk.people"] == "critical"
    assert assess(kb, **{"plan.size": 500, "plan.pilot": True})["risk.people"] == "high"
    assert assess(kb, **{"plan.size": 5, "plan.pilot": True})["risk.people"] == "low"


def test_priority_needs_level_outputs(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(MINI, kb)
    (kb / "table.yaml").write_text(textwrap.dedent("""\
        dimension: plan
        tables:
          - id: T
            title: {en: T, zh: 表}
            hit: priority
            inputs: [plan.pilot]
            outputs: [rec.talk]
            because: {en: Because., zh: 因为。}
            source: test
            rows:
              - {when: ["no"], then: [yes]}
        """), encoding="utf-8")
    with pytest.raises(SourceError) as exc:
        load_kb([kb])
    (p,) = exc.value.problems
    assert (p.line, p.col) == (5, 10) and "'rec.talk' is not a level" in p.message


def test_collect_fires_every_matching_row(tmp_path):
    kb = load_kb([write_kb(tmp_path, """\
        - when: [">= 100", "-", "-"]
          then: ["-", yes]
        - when: ["-", "no", "-"]
          then: [high, "-"]
        """, hit="collect")])
    values = {"plan.size": 500, "plan.pilot": False}
    fired = {getattr(f, "rule", f) for f in Engine(kb).assess(Answers("t", values)).fired}
    assert {"DELIVERY/1", "DELIVERY/2"} <= fired
    assert assess(kb, **values)["risk.people"] == "high"
    assert "rec.talk" in recommended(kb, **values)


def test_a_row_is_explained_like_any_rule(tmp_path, cli):
    kb = write_kb(tmp_path, ROWS)
    case = tmp_path / "case.yaml"
    case.write_text("case: t\nlanguage: en\nanswers: {plan.size: 300, plan.pilot: no}\n",
                    encoding="utf-8")
    r = cli("explain", str(case), "--why", "risk.people", "--no-shipped", "--kb", str(kb))
    assert r.code == 0, r.err
    assert "DELIVERY/1" in r.out and "Size and a pilot decide it." in r.out
    r = cli("explain", str(case), "--why-not", "risk.people=low", "--no-shipped", "--kb",
            str(kb))
    assert r.code == 0, r.err
    assert "DELIVERY-small" in r.out


def test_overlap_is_an_error_at_the_later_rows_cell_with_an_example(tmp_path):
    kb = load_kb([write_kb(tmp_path, """\
        - when: [">= 100", "no", "-"]
          then: [high, "-"]
        - when: ["< 100", "-", "-"]
          then: [low, "-"]
        - when: ["-", "no", "in [low, mid]"]
          then: [medium, "-"]
        - when: [">= 100", "yes", "-"]
          then: [medium, "-"]
        """)])
    first, second = sorted((p for p in lint(kb) if p.code == "table-overlap"),
                           key=lambda p: p.message)
    for p in (first, second):
        assert p.severity == "error" and p.path.endswith("table.yaml")
        assert (p.line, p.col) == (15, 21)  # row 3's first cell that says something
    assert "rows 1 and 3 both cover" in first.message
    assert "Size (plan.size): 100 people; Pilot (plan.pilot): no; Maturity " \
           "(plan.maturity): low" in first.message
    assert "row 1 is at line 11" in first.hint
    assert "rows 2 and 3 both cover Size (plan.size): 99 people" in second.message


def test_gap_is_reported_at_the_closest_rows_failing_cell_with_an_example(tmp_path):
    kb = load_kb([write_kb(tmp_path, """\
        - when: [">= 100", "no", "-"]
          then: [high, "-"]
        - when: ["< 100", "-", "-"]
          then: [low, "-"]
        - when: [">= 100", "yes", "in [low, mid]"]
          then: [medium, "-"]
        """)])
    problems = lint(kb)
    assert not [p for p in problems if p.code == "table-overlap"]
    (p,) = [p for p in problems if p.code == "table-gap"]
    assert "no row covers Size (plan.size): 100 people; Pilot (plan.pilot): yes; Maturity " \
           "(plan.maturity): high" in p.message
    # rows 1 and 3 each miss it by one cell; the first of them is named, at its pilot cell
    assert (p.line, p.col) == (11, 26)
    assert p.hint.startswith("row 1 comes closest but for this cell")


def test_a_complete_unique_table_lints_clean(tmp_path):
    kb = load_kb([write_kb(tmp_path, ROWS)])
    assert not [p for p in lint(kb) if p.code.startswith("table-")]


def test_rules_show_draws_the_table_in_each_language(tmp_path, cli):
    kb = str(write_kb(tmp_path, ROWS))
    r = cli("rules", "show", "DELIVERY", "--no-shipped", "--kb", kb)
    assert r.code == 0, r.err
    assert "Decision table DELIVERY: Delivery risk by size and pilot" in r.out
    assert "Hit policy: unique" in r.out and ">= 100" in r.out and "DELIVERY-small" in r.out
    lines = [ln for ln in r.out.splitlines() if "DELIVERY/1" in ln]
    assert len(lines) == 1 and "high" in lines[0] and "any" in lines[0]
    r = cli("rules", "show", "DELIVERY", "--no-shipped", "--kb", kb, "--lang", "zh")
    assert r.code == 0, r.err
    assert "决策表 DELIVERY：按规模和试点判断交付风险" in r.out and "不限" in r.out
    assert "命中规则：唯一" in r.out
    r = cli("rules", "show", "DELIVERY/1", "--no-shipped", "--kb", kb)
    assert r.code == 0 and "plan.size >= 100 and plan.pilot == no" in r.out
    r = cli("rules", "show", "DELIVER", "--no-shipped", "--kb", kb)
    assert r.code != 0 and "did you mean 'DELIVERY'" in r.err and "Traceback" not in r.err


@pytest.mark.parametrize(("rows", "inputs", "where", "message"), [
    ('- {when: ["-", "-", "-"], then: [low, "-"]}', "[plan.size, plan.pilott, plan.maturity]",
     (6, 25), "unknown fact 'plan.pilott' in the inputs"),
    ('- {when: [">= 100", "maybe", "-"], then: [low, "-"]}', None,
     (11, 28), "cell 'maybe' of column 'plan.pilot': 'plan.pilot' takes yes or no"),
    ('- {when: [">= 100", "> > 3", "-"], then: [low, "-"]}', None,
     (11, 30), "cell '> > 3' of column 'plan.pilot'"),
    ('- {when: [">= 100", "no"], then: [low, "-"]}', None,
     (11, 16), "row 1 has 2 cells but the table has 3 inputs"),
    ('- {when: ["-", "no", "-"], then: [lowish, "-"]}', None,
     (11, 41), "'lowish' is not a choice of 'risk.people'"),
])
def test_bad_tables_get_one_located_message(tmp_path, cli, rows, inputs, where, message):
    kb = write_kb(tmp_path, rows)
    if inputs:
        path = kb / "table.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "[plan.size, plan.pilot, plan.maturity]", inputs), encoding="utf-8")
    with pytest.raises(SourceError) as exc:
        load_kb([kb])
    (p,) = exc.value.problems
    assert (p.line, p.col) == where and message in p.message, p
    r = cli("rules", "lint", "--no-shipped", "--kb", str(kb))
    assert r.code != 0 and "Traceback" not in r.err
    assert f"table.yaml:{where[0]}:{where[1]}: error: " in r.out + r.err


def conclusions(engine: Engine, kb, path: Path | Answers) -> tuple[dict, list]:
    a = engine.assess(path if isinstance(path, Answers) else load_answers(path, kb))
    values = {k: getattr(v, "value", v) for k, v in a.derived.items()}
    return values, [getattr(r, "id", r) for r in a.recommendations]


def test_the_shipped_tables_reproduce_the_rules_they_replaced_on_every_case(tmp_path):
    knowledge, rules = shipped_dirs()
    old_rules = tmp_path / "rules"
    shutil.copytree(rules, old_rules)
    (old_rules / "risk_tables.yaml").unlink()
    shutil.copy(PRE_TABLES, old_rules / "pre_tables.yaml")
    old, new = load_kb([knowledge, old_rules]), load_kb(shipped_dirs())
    assert not old.tables and set(new.tables) == {"AGG", "ADOPTION-SIZE"}
    assert {r.id for r in old.rules} - {r.id for r in new.rules} == set()
    cases = sorted(shipped_cases().glob("*.yaml")) + sorted(
        (shipped_cases() / "library").glob("*.yaml"))
    assert len(cases) >= 30
    old_engine, new_engine = Engine(old), Engine(new)
    seen = set()
    for path in cases:
        before, after = conclusions(old_engine, old, path), conclusions(new_engine, new, path)
        assert after == before, path.name
        seen.add(before[0].get("risk.overall"))
    assert len(seen) >= 3  # the cases reach several overall levels, not one
    # the cases never meet some rows (no shipped case is low-risk without high stakes), so
    # the answers of every rule example of either knowledge base are compared too
    examples = [example_answers(kb, rule, x) for kb in (old, new) for rule in kb.rules
                if rule.id.startswith(("AGG", "PLN-08", "ADP-0")) for x in rule.examples]
    assert len(examples) >= 20
    for answers in examples:
        assert conclusions(new_engine, new, answers) == conclusions(old_engine, old, answers), \
            answers.case


def test_the_shipped_aggregation_table_is_drawn(cli):
    r = cli("rules", "show", "AGG")
    assert r.code == 0, r.err
    assert "Overall risk from the five risk categories" in r.out and "AGG-05b" in r.out
    assert "priority" in r.out
    row = next(ln for ln in r.out.splitlines() if "AGG-05 " in ln)
    assert "small or" in row and "low" in row  # choice ids in words
    r = cli("rules", "show", "ADOPTION-SIZE", "--lang", "zh")
    assert r.code == 0, r.err
    row = next(ln for ln in r.out.splitlines() if "PLN-08" in ln)
    assert "无培训" in row and "中或大" in row and "不限" in row and "高" in row


def docs_table(tmp_path: Path, last_row: str | None = None) -> Path:
    """The worked example of docs/rule-language.md as a layer over the shipped knowledge."""
    text = (ROOT / "docs" / "rule-language.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text[text.index("## Decision tables"):],
                      re.S).group(1)
    if last_row is not None:
        block = block.replace('when: ["in [medium, large]", "not in [none]"]', last_row)
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "adoption.yaml").write_text(block, encoding="utf-8")
    return layer


def test_the_documented_example_loads_and_lints_clean(tmp_path):
    kb = load_kb([*shipped_dirs(), docs_table(tmp_path)])
    assert [r.rule for r in kb.tables["TRAINING"].rows] == ["TRAINING/1", "TRAINING-small",
                                                            "TRAINING/3"]
    assert not [p for p in lint(kb) if p.code.startswith("table-")]


@pytest.mark.parametrize("last_row", ['when: ["in [medium, large]", "-"]',
                                      'when: [large, "not in [none]"]'])
def test_the_documented_messages_are_what_lint_says(tmp_path, last_row):
    kb = load_kb([*shipped_dirs(), docs_table(tmp_path, last_row)])
    (p,) = [p for p in lint(kb) if p.code.startswith("table-")]
    shown = f"rules/adoption.yaml:{p.line}:{p.col}: {p.severity}: {p.message}\n" \
            f"    hint: {p.hint}"
    assert shown in (ROOT / "docs" / "rule-language.md").read_text(encoding="utf-8")


def test_a_later_layer_overrides_a_table_whole(tmp_path):
    base = write_kb(tmp_path, ROWS)
    top = tmp_path / "top"
    top.mkdir()
    (top / "table.yaml").write_text(TABLE.format(hit="collect", outputs="[risk.people]",
                                                 rows='      - {when: ["-", "-", "-"], '
                                                      'then: [critical]}'), encoding="utf-8")
    kb = load_kb([base, top])
    assert [r.rule for r in kb.tables["DELIVERY"].rows] == ["DELIVERY/1"]
    assert not kb.has_rule("DELIVERY-small") and kb.tables["DELIVERY"].hit == "collect"
    assert assess(kb, **{"plan.size": 5})["risk.people"] == "critical"


def test_a_row_id_that_is_also_a_rule_id_is_an_error_at_the_row(tmp_path):
    kb = write_kb(tmp_path, ROWS.replace("id: DELIVERY-small", "id: R1"))
    with pytest.raises(SourceError) as exc:
        load_kb([kb])
    (p,) = exc.value.problems
    assert "duplicate rule id 'R1'" in p.message and (p.line, p.col) == (16, 9)  # its id


def test_rows_are_in_the_graph_like_rules(tmp_path, cli):
    r = cli("rules", "graph", "--no-shipped", "--kb", str(write_kb(tmp_path, ROWS)))
    assert r.code == 0, r.err
    assert "DELIVERY/1" in r.out and "DELIVERY-small" in r.out
