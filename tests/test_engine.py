"""The experta adapter: compat shim, the NOT/agenda fix, chaining, merging, determinism."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.errors import EngineError
from advisor.load.answers import Answers, load_answers
from advisor.load.builder import load_kb
from advisor.reason.engine import Engine
from tests.conftest import MINI, ROOT

SEEDS = [str(s) for s in range(1, 25)]


def test_experta_imports_on_this_python_through_the_shim():
    """experta 1.9.4 pins frozendict 1.2, which needs collections.Mapping (gone in 3.10)."""
    code = ("import collections, logging\n"
            "before = list(logging.getLogger().handlers)\n"
            "import advisor.reason.rete as e\n"
            "import frozendict\n"
            "assert e.experta.__version__ == '1.9.4'\n"
            "assert frozendict.frozendict({'a': 1})['a'] == 1\n"
            "assert logging.getLogger().handlers == before, 'experta basicConfig leaked'\n"
            "print('ok')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert proc.stdout.strip() == "ok", proc.stderr
    plain = subprocess.run([sys.executable, "-c", "import frozendict"],
                           capture_output=True, text=True, timeout=60)
    assert plain.returncode != 0 and "Mapping" in plain.stderr, \
        "the shim is no longer needed: remove it"


def test_experta_does_not_configure_root_logging():
    assert not any(type(h) is logging.StreamHandler and h.stream is sys.stderr
                   and getattr(h, "formatter", None) and h.formatter._fmt ==
                   logging.BASIC_FORMAT for h in logging.getLogger().handlers)


def _repro(strategy: str, seed: str) -> list[str]:
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "not_repro.py"), strategy],
                          capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_not_reproduction_is_correct_under_every_hash_seed():
    """DESIGN.md's reproduction: r1's NOT fact is present, so r1 must never fire."""
    outcomes = {seed: _repro("stable", seed) for seed in SEEDS}
    assert all(fired == ["r2", "r3", "r4"] for fired in outcomes.values()), outcomes


def test_experta_own_strategy_really_has_the_bug():
    """Guards the test above: the reproduction does show the bug with experta's strategy."""
    wrong = [seed for seed in SEEDS if "r1" in _repro("depth", seed)]
    assert wrong, "experta's DepthStrategy no longer misfires: re-check the adapter's fix"


def case(**values) -> Answers:
    return Answers("t", values)


def test_chain_three_levels_deep(mini_engine):
    """answers -> flag.big -> risk.delivery -> count -> risk.overall -> recommendation."""
    a = mini_engine.assess(case(**{"plan.size": 500, "plan.pilot": False,
                                   "plan.maturity": "high"}))
    assert a.value("flag.big") is True
    assert a.value("risk.delivery") == "high"
    assert a.value("risk.count_high") == 1
    assert a.value("risk.overall") == "high"
    assert a.recommendation_ids()[0] == "rec.pilot"
    order = a.fired_ids()
    assert order.index("R1") < order.index("R2") < order.index("R7") < order.index("R9")


def test_most_severe_level_wins_and_losers_are_kept(mini_engine):
    a = mini_engine.assess(case(**{"plan.size": 500, "plan.pilot": False,
                                   "plan.maturity": "low"}))
    c = a.derived["risk.delivery"]
    assert c.value == "critical"
    assert [p.rule for p in c.supports] == ["R4"]
    assert [(p.rule, p.value) for p in c.superseded] == [("R2", "high")]


def test_lowest_merge(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(MINI, root)
    d = root / "derived.yaml"
    d.write_text(d.read_text().replace("    default: medium\n    label: {en: People risk",
                                       "    default: medium\n    merge: lowest\n"
                                       "    label: {en: People risk"))
    kb = load_kb([root])
    a = Engine(kb).assess(case(**{"people.groups": ("staff", "public")}))
    assert a.value("risk.people") == "medium"
    assert a.derived["risk.people"].superseded[0].rule == "R5"


def test_defaults_fill_only_what_no_rule_concluded(mini_engine):
    a = mini_engine.assess(case())
    assert a.derived["risk.delivery"].assumed and a.value("risk.delivery") == "medium"
    b = mini_engine.assess(case(**{"plan.pilot": True}))
    assert not b.derived["risk.delivery"].assumed and b.value("risk.delivery") == "low"


def test_unknown_versus_no(mini_engine):
    """`plan.pilot == no` needs the answer no; `not plan.pilot == yes` also fires when
    the answer is unknown."""
    unknown = mini_engine.assess(case())
    assert "R10" not in unknown.fired_ids() and "R11" in unknown.fired_ids()
    answered_no = mini_engine.assess(case(**{"plan.pilot": False}))
    assert {"R10", "R11"} <= set(answered_no.fired_ids())
    answered_yes = mini_engine.assess(case(**{"plan.pilot": True}))
    assert not {"R10", "R11"} & set(answered_yes.fired_ids())


def test_each_rule_fires_once(mini_engine):
    a = mini_engine.assess(case(**{"people.groups": ("staff", "public"), "plan.size": 900,
                                   "plan.pilot": False, "plan.maturity": "low"}))
    assert len(a.fired_ids()) == len(set(a.fired_ids()))


def test_one_engine_serves_many_cases(mini_engine):
    first = mini_engine.assess(case(**{"plan.size": 500, "plan.pilot": False}))
    mini_engine.assess(case(**{"plan.pilot": True}))
    again = mini_engine.assess(case(**{"plan.size": 500, "plan.pilot": False}))
    assert first == again


def exploding_kb(tmp_path, flag: str = "flag.big"):
    """The mini knowledge base plus a rule whose 60 alternatives all match a big case, and a
    firing budget of 40 activations."""
    root = tmp_path / "kb"
    shutil.copytree(MINI, root)
    leaves = "\n".join(f"        - plan.size > {i}" for i in range(60))
    (root / "boom.yaml").write_text(f"""
dimension: plan
rules:
  - id: BOOM
    title: {{en: boom, zh: 爆}}
    when:
      any:
{leaves}
    then: {{set: {{{flag}: yes}}}}
    because: {{en: boom, zh: 爆}}
    source: test
""")
    kb_file = root / "kb.yaml"
    kb_file.write_text(kb_file.read_text().replace("  verdict: [risk.overall]",
                                                   "  verdict: [risk.overall]\n"
                                                   "  firing_budget: 40"))
    return root


def test_firing_budget_stops_an_exploding_rule_set(tmp_path):
    root = exploding_kb(tmp_path)
    engine = Engine(load_kb([root]))
    with pytest.raises(EngineError, match=r"firing budget \(40\).*BOOM"):
        engine.assess(case(**{"plan.size": 100}))
    assert engine.assess(case(**{"plan.size": 30})).value("flag.big") is True


def test_assessment_round_trips_through_json(mini_engine, mini_kb):
    from advisor.model.assessment import Assessment

    a = mini_engine.assess(load_answers(MINI / "cases" / "big.yaml", mini_kb))
    text = a.to_json()
    assert Assessment.from_json(text) == a
    assert Assessment.from_json(text).to_json() == text


_DETERMINISM = """
import json, random, sys
from advisor.load.builder import build
from advisor.load.sources import collect
from advisor.reason.engine import Engine
from advisor.load.answers import load_answers
files = collect([sys.argv[1]])
random.Random(int(sys.argv[3])).shuffle(files)
kb = build(files)
print(Engine(kb).assess(load_answers(sys.argv[2], kb)).to_json())
"""


@pytest.mark.parametrize("kb_dir,case_file", [
    (MINI, MINI / "cases" / "big.yaml"),
])
def test_same_json_under_hash_seeds_and_shuffled_files(kb_dir, case_file):
    outputs = set()
    for seed in range(6):
        proc = subprocess.run(
            [sys.executable, "-c", _DETERMINISM, str(kb_dir), str(case_file), str(seed)],
            capture_output=True, text=True, cwd=ROOT, timeout=120,
            env={**os.environ, "PYTHONHASHSEED": str(seed * 7 + 1), "PYTHONPATH": str(ROOT)})
        assert proc.returncode == 0, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop())["fired"]


@pytest.mark.parametrize("policy", ["", "    on_conflict: error\n"])
def test_conflicting_choice_values_are_a_conflict_or_the_declared_error(tmp_path, policy):
    """By default two values are a reported conflict (the fact stays unknown); with
    `on_conflict: error` they stop the engine (tests/test_conflicts.py has the rest)."""
    root = tmp_path / "kb"
    shutil.copytree(MINI, root)
    (root / "pick.yaml").write_text("""
derived:
  - id: pick
    type: choice
    dimension: plan
    label: {en: pick, zh: 选}
    choices:
      - {id: x, label: {en: x, zh: x}}
      - {id: y, label: {en: y, zh: y}}
dimension: plan
rules:
  - {id: PX, title: {en: x, zh: x}, when: plan.size > 1, then: {set: {pick: x}},
     because: {en: x, zh: x}, source: t}
  - {id: PY, title: {en: y, zh: y}, when: plan.size > 2, then: {set: {pick: y}},
     because: {en: y, zh: y}, source: t}
""".replace("    type: choice\n", "    type: choice\n" + policy))
    engine = Engine(load_kb([root]))
    if policy:
        with pytest.raises(EngineError, match=r"rules PX \(.*pick.yaml:\d+:\d+\) and PY"):
            engine.assess(case(**{"plan.size": 5}))
    else:
        a = engine.assess(case(**{"plan.size": 5}))
        assert a.value("pick") is None
        assert [(p.rule, p.value) for p in a.conflicts["pick"]] == [("PX", "x"), ("PY", "y")]
    assert engine.assess(case(**{"plan.size": 2})).value("pick") == "x"


def test_engine_module_is_the_only_experta_importer():
    importers = [p for p in Path(ROOT, "advisor").rglob("*.py")
                 if "import experta" in p.read_text() or "from experta" in p.read_text()]
    assert [p.relative_to(ROOT).as_posix() for p in importers] == ["advisor/reason/rete.py"]


def test_an_interrupted_run_leaves_nothing_behind(tmp_path):
    """After the budget stops a run, the reused engine must assess the next case cleanly."""
    root = exploding_kb(tmp_path, "flag.not_yes")
    kb = load_kb([root])
    engine = Engine(kb)
    with pytest.raises(EngineError):
        engine.assess(case(**{"plan.size": 100, "plan.pilot": True}))
    fresh = Engine(kb).assess(case(**{"plan.size": 5, "plan.pilot": True}))
    reused = engine.assess(case(**{"plan.size": 5, "plan.pilot": True}))
    assert reused == fresh


def test_the_rule_run_alone_concludes_what_the_assessment_reports():
    """`derive` is the engine's part of `assess` (the benchmark times it against CLIPS): the
    same firings, derived values and recommendations on every shipped case."""
    from advisor.load.answers import load_answers
    from advisor.load.builder import load_kb
    from advisor.load.paths import shipped_dirs
    from advisor.reason.engine import Engine

    kb = load_kb(shipped_dirs())
    engine = Engine(kb)
    for path in sorted(Path("knowledge/cases").glob("c*.yaml")):
        answers = load_answers(path, kb)
        run, a = engine.derive(answers), engine.assess(answers)
        assert [f.rule for f in run.fired] == [f.rule for f in a.fired], path.name
        assert {f: v for f, v in run.values.items() if kb.facts[f].derived} == \
            {f: c.value for f, c in a.derived.items()}, path.name
        assert set(run.advice) == set(a.recommendation_ids()), path.name


def test_experta_logs_nothing_while_it_runs(mini_engine, caplog):
    """experta's watchers are silenced (rete, fix 3): they formatted every firing's facts."""
    caplog.set_level(logging.DEBUG)
    a = mini_engine.assess(case(**{"plan.size": 500, "plan.pilot": False}))
    assert a.fired
    assert not [r for r in caplog.records if r.name.startswith("experta")]
