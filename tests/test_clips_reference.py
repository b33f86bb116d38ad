"""The CLIPS export (advisor/authoring/clips_export.py, run by clips_run.py) agrees with
`Engine` on every case.

`advisor rules export --format clips` promises the same conclusions as the tool, and the
benchmark reports how much faster a Rete engine in C runs our rules; both are only
meaningful if the two engines agree, so agreement is checked here on the file the real CLI
writes for the shipped knowledge base (the acceptance cases and the case library, and
random answer sets), on the mini and animals test knowledge bases, and on an extra layer
that uses the operators the shipped rules do not
(`!=`, `not in`, `contains all`, `is known`/`is unknown`, empty lists, orderings on input
levels that no value or every value satisfies, numbers with decimals, a choice clash).
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("clips")

from advisor import lang as cond
from advisor.authoring import clips_export, clips_patterns
from advisor.authoring.clips_run import ClipsEngine
from advisor.errors import EngineError
from advisor.lang.ops import COMPARISONS
from advisor.load import paths
from advisor.load.answers import Answers, load_answers
from advisor.load.builder import load_kb
from advisor.model import FactDef, KnowledgeBase
from advisor.reason.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
ANIMALS = Path(__file__).resolve().parent / "fixtures" / "animals"
SEED = 20240607
RANDOM_CASES = 400


def export(tmp: Path, *layers: Path, shipped: bool = False) -> Path:
    """The knowledge base exported through the real command line, as a user would."""
    out = tmp / "kb.clp"
    argv = [sys.executable, "-m", "advisor", "rules", "export", "--format", "clips",
            "--out", str(out)]
    argv += [] if shipped else ["--no-shipped"]
    for layer in layers:
        argv += ["--kb", str(layer)]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    return out



Outcome = tuple[str, Any]


def _typed(values: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """Values with their type, so True and 1 (or 2 and 2.0) do not pass for each other."""
    return {k: (type(v).__name__, v) for k, v in values.items()}


def engine_outcome(engine: Engine, values: dict[str, Any],
                   fired: set[str] | None = None) -> Outcome:
    """The engine's conclusions (or its error); the rules that fired are added to `fired`."""
    try:
        a = engine.assess(Answers("x", dict(values)))
    except EngineError:
        return ("error", None)
    if fired is not None:
        fired.update(f.rule for f in a.fired)
    return ("ok", (_typed({k: c.value for k, c in a.derived.items()}),
                   set(a.recommendation_ids())))


def clips_outcome(clips_engine: Any, values: dict[str, Any]) -> Outcome:
    try:
        derived, recs = clips_engine.assess(dict(values))
    except EngineError:
        return ("error", None)
    return ("ok", (_typed(derived), recs))


def assert_agree(engine: Engine, clips_engine: Any, cases: list[dict[str, Any]]) -> set[str]:
    """Every case gives the same outcome (the first disagreement is shown in full).

    Returns the rules that fired in some case, to check the cases exercise the rules.
    """
    fired: set[str] = set()
    for values in cases:
        expected = engine_outcome(engine, values, fired)
        got = clips_outcome(clips_engine, values)
        if expected != got:
            pytest.fail(f"CLIPS disagrees with Engine on {values!r}:\n"
                        f"engine: {expected!r}\nclips:  {got!r}")
    return fired


# --------------------------------------------------------------------------- random answers

def _thresholds(kb: KnowledgeBase) -> dict[str, set[float]]:
    """The numbers each number fact is compared with in a rule: boundaries worth hitting."""
    out: dict[str, set[float]] = {}
    for rule in kb.rules:
        for leaf in cond.leaves(rule.when):
            fact = kb.facts[leaf.fact]
            if fact.type != "number" or leaf.op not in (*COMPARISONS, "in", "not in"):
                continue
            values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
            out.setdefault(leaf.fact, set()).update(v for v in values
                                                    if isinstance(v, (int, float)))
    return out


def _number(fact: FactDef, rng: random.Random, near: set[float]) -> int | float:
    lo = fact.min if fact.min is not None else -1000.0
    hi = fact.max if fact.max is not None else 1000.0
    candidates = [lo, hi, *(t + d for t in near for d in (-1, 0, 1))]
    if not fact.integer:
        candidates += [t + d for t in near for d in (-0.5, 0.5)]
    candidates = [c for c in candidates if lo <= c <= hi]
    value = rng.choice(candidates) if candidates and rng.random() < 0.7 else rng.uniform(lo, hi)
    if fact.integer:
        return round(value)
    return float(value) if rng.random() < 0.5 else (int(value) if value == int(value) else value)


def _multi(fact: FactDef, rng: random.Random) -> tuple[str, ...]:
    ids = fact.choice_ids
    plain = [c for c in ids if c not in fact.exclusive]
    roll = rng.random()
    if fact.exclusive and roll < 0.15:
        chosen = {rng.choice(fact.exclusive)}
    elif roll < 0.2:
        chosen = set()
    else:
        chosen = {c for c in plain if rng.random() < 0.4}
    return tuple(c for c in ids if c in chosen)


def random_values(kb: KnowledgeBase, rng: random.Random,
                  near: dict[str, set[float]]) -> dict[str, Any]:
    """One valid answer set: every input fact answered with probability 0.8."""
    values: dict[str, Any] = {}
    for fact in kb.input_facts:
        if rng.random() < 0.2:
            continue
        if fact.type == "bool":
            values[fact.id] = rng.random() < 0.5
        elif fact.type in ("choice", "level"):
            values[fact.id] = rng.choice(fact.choice_ids)
        elif fact.type == "multi":
            values[fact.id] = _multi(fact, rng)
        elif fact.type == "number":
            values[fact.id] = _number(fact, rng, near.get(fact.id, set()))
        elif fact.type == "text":
            values[fact.id] = rng.choice(["", 'a "quoted" note', "back\\slash", "多语言"])
    return values


def random_cases(kb: KnowledgeBase, n: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    near = _thresholds(kb)
    for _ in range(n):
        yield random_values(kb, rng, near)


# --------------------------------------------------------------------------- shipped KB

@pytest.fixture(scope="module")
def shipped() -> KnowledgeBase:
    return load_kb(paths.shipped_dirs())


@pytest.fixture(scope="module")
def shipped_engines(shipped: KnowledgeBase,
                    tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, Any]:
    """The engine, and CLIPS running the file `advisor rules export` wrote."""
    source = export(tmp_path_factory.mktemp("shipped"), shipped=True)
    return Engine(shipped), ClipsEngine(shipped, source)


def test_acceptance_cases_and_library_agree(shipped: KnowledgeBase,
                                            shipped_engines: tuple) -> None:
    files = sorted(paths.shipped_cases().glob("*.yaml"))
    library = sorted((paths.shipped_cases() / "library").glob("*.yaml"))
    assert len(files) == 8 and len(library) >= 24
    cases = [load_answers(p, shipped).values for p in files + library]
    assert_agree(*shipped_engines, cases)
    # The cases conclude things, so agreement above is not agreement on nothing.
    assert all(shipped_engines[1].assess(v)[1] for v in cases)


def test_the_exported_file_is_what_is_built_in_memory(shipped: KnowledgeBase,
                                                      shipped_engines: tuple) -> None:
    """The benchmark builds the constructs in memory: the same rules as the exported file."""
    in_memory = ClipsEngine(shipped)
    loaded = shipped_engines[1]
    assert sorted(r.name for r in in_memory.env.rules()) == \
        sorted(r.name for r in loaded.env.rules())
    assert {str(r) for r in in_memory.env.rules()} == {str(r) for r in loaded.env.rules()}


def test_random_cases_agree(shipped: KnowledgeBase, shipped_engines: tuple) -> None:
    engine, clips_engine = shipped_engines
    cases = list(random_cases(shipped, RANDOM_CASES))
    fired = assert_agree(engine, clips_engine, cases)
    # The random cases must exercise the rules, or agreement would prove little.
    assert len(fired) >= 0.8 * len(shipped.rules), sorted(r.id for r in shipped.rules
                                                         if r.id not in fired)


def test_assess_is_repeatable(shipped: KnowledgeBase, shipped_engines: tuple) -> None:
    """reset() clears everything: the same case gives the same result after others."""
    _, clips_engine = shipped_engines
    first, second = list(random_cases(shipped, 2, seed=7))
    before = clips_engine.assess(first)
    clips_engine.assess(second)
    assert clips_engine.assess(first) == before


def test_salience_fits_and_orders_strata(shipped: KnowledgeBase) -> None:
    order = clips_export._agenda_order(shipped)
    assert all(clips_export.SALIENCE_MIN <= s <= clips_export.SALIENCE_MAX for s in order.values())
    assert len(set(order.values())) == len(order)
    for rule in shipped.rules:
        for other in shipped.rules:
            if shipped.strata[rule.id] < shipped.strata[other.id]:
                assert order[rule.id] > order[other.id]


# --------------------------------------------------------------------------- mini KB

def _grid(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Every combination of a few values per mini fact (None = unanswered)."""
    options: dict[str, list[Any]] = {
        "plan.pilot": [None, True, False],
        "plan.size": [None, 0, 99, 100, 1000],
        "plan.kind": [None, "a", "b", "no"],
        "plan.maturity": [None, "low", "mid", "high"],
        "people.groups": [None, (), ("none",), ("staff",), ("public",), ("staff", "public")],
    }
    assert set(options) <= set(kb.facts)
    cases: list[dict[str, Any]] = [{}]
    for fid, choices in options.items():
        cases = [{**c, fid: v} if v is not None else dict(c) for c in cases for v in choices]
    return cases


@pytest.fixture(scope="module")
def mini() -> KnowledgeBase:
    return load_kb([MINI])


def test_mini_kb_agrees(mini: KnowledgeBase, tmp_path: Path) -> None:
    engine, clips_engine = Engine(mini), ClipsEngine(mini, export(tmp_path, MINI))
    cases = [load_answers(p, mini).values for p in sorted((MINI / "cases").glob("*.yaml"))]
    assert cases
    cases += _grid(mini)[::3]
    # Values given for derived facts are ignored by both engines (only answers count).
    cases += [{**c, "risk.delivery": level, "flag.big": flag}
              for c in _grid(mini)[::97] for level in ("low", "critical") for flag in (True, False)]
    assert_agree(engine, clips_engine, cases)


def test_animals_kb_agrees(tmp_path: Path) -> None:
    """A knowledge base of another domain (a goal conclusion, no readiness model)."""
    kb = load_kb([ANIMALS])
    engine, clips_engine = Engine(kb), ClipsEngine(kb, export(tmp_path, ANIMALS))
    fired = assert_agree(engine, clips_engine, list(random_cases(kb, 300)))
    assert len(fired) >= 0.8 * len(kb.rules), sorted(r.id for r in kb.rules
                                                    if r.id not in fired)


# --------------------------------------------------------------------------- edge layer

EDGE = """\
dimension: plan
facts:
  - id: edge.rate
    type: number
    min: -10
    max: 10
    label: {en: Rate, zh: 比率}
    question: {prompt: {en: Rate?, zh: 比率?}}
  - id: edge.band
    type: choice
    label: {en: Band, zh: 档}
    choices:
      - {id: 10k_to_1m, label: {en: 10k to 1m, zh: 一万到百万}}
      - {id: "1st", label: {en: first, zh: 第一}}
      - {id: "yes", label: {en: the choice called yes, zh: 叫做yes的选项}}
    question: {prompt: {en: Band?, zh: 档?}}
derived:
  - id: edge.kind
    type: choice
    label: {en: Kind, zh: 类}
    choices:
      - {id: x, label: {en: x, zh: x}}
      - {id: y, label: {en: y, zh: y}}
  - id: edge.low
    type: level
    scale: risk
    merge: lowest
    default: critical
    label: {en: Low wins, zh: 取低}
  - id: edge.n
    type: count
    count_of: [edge.low, risk.delivery, risk.overall, risk.people]
    count_value: medium
    label: {en: Mediums, zh: 中数}
  - {id: flag.e01, type: flag, label: {en: e, zh: e}}
  - {id: flag.e02, type: flag, label: {en: e, zh: e}}
  - {id: flag.e03, type: flag, label: {en: e, zh: e}}
  - {id: flag.e04, type: flag, label: {en: e, zh: e}}
  - {id: flag.e05, type: flag, label: {en: e, zh: e}}
  - {id: flag.e06, type: flag, label: {en: e, zh: e}}
  - {id: flag.e07, type: flag, label: {en: e, zh: e}}
  - {id: flag.e08, type: flag, label: {en: e, zh: e}}
  - {id: flag.e09, type: flag, label: {en: e, zh: e}}
  - {id: flag.e10, type: flag, label: {en: e, zh: e}}
  - {id: flag.e11, type: flag, label: {en: e, zh: e}}
  - {id: flag.e12, type: flag, label: {en: e, zh: e}}
  - {id: flag.e13, type: flag, label: {en: e, zh: e}}
  - {id: flag.e14, type: flag, label: {en: e, zh: e}}
  - {id: flag.e15, type: flag, label: {en: e, zh: e}}
  - {id: flag.e16, type: flag, label: {en: e, zh: e}}
rules:
"""

# (id, when, then) - `then` is YAML flow text; every rule's title/because is generated.
EDGE_RULES: list[tuple[str, str, str]] = [
    ("E01", "plan.kind != a", "{set: {flag.e01: yes}}"),
    ("E02", "plan.kind not in [a, 'no']", "{set: {flag.e02: yes}}"),
    ("E03", "people.groups contains all [staff, public]", "{set: {flag.e03: yes}}"),
    ("E04", "people.groups contains none [public, staff]", "{set: {flag.e04: yes}}"),
    ("E05", "count(people.groups) == 0 or count(people.groups) != 1",
     "{set: {flag.e05: yes}}"),
    ("E06", "plan.maturity >= mid and plan.maturity <= mid", "{set: {flag.e06: yes}}"),
    ("E07", "plan.maturity < low", "{set: {flag.e07: yes}}"),
    ("E08", "not (plan.maturity < low) and not (plan.maturity >= low)",
     "{set: {flag.e08: yes}}"),
    ("E09", "plan.size in [0, 100, 1000] or plan.size not in [0, 1000]",
     "{set: {flag.e09: yes}}"),
    ("E10", "edge.rate > 0.5 and edge.rate != 2", "{set: {flag.e10: yes}}"),
    ("E11", "edge.rate == -2.5 or edge.rate <= -9", "{set: {flag.e11: yes}}"),
    ("E12", "plan.pilot is unknown and plan.kind is known", "{set: {flag.e12: yes}}"),
    ("E13", "edge.band in [10k_to_1m, 1st] and not (edge.band == 1st)",
     "{set: {flag.e13: yes}}"),
    ("E14", "edge.band == 'yes' or plan.kind in []", "{set: {flag.e14: yes}}"),
    ("E15", "people.groups contains all [] and not (people.groups contains any [])",
     "{set: {flag.e15: yes}}"),
    ("E16", "not (count(people.groups) < 2) and plan.maturity > low",
     "{set: {flag.e16: yes}}"),
    ("E20", "plan.kind == a", "{set: {edge.kind: x, edge.low: high}}"),
    ("E21", "plan.kind == 'no' and plan.size == 1000", "{set: {edge.kind: y}}"),
    ("E22", "plan.pilot == yes", "{set: {edge.low: low, edge.kind: x}}"),
    ("E23", "flag.e06", "{set: {edge.low: medium}}"),
    ("E30", "edge.kind == x and edge.n >= 2", "{recommend: [rec.talk]}"),
    ("E31", "not (edge.kind == y) and edge.low <= medium", "{recommend: [rec.pilot]}"),
]


def _edge_layer(tmp: Path) -> Path:
    lines = [EDGE]
    for i, (rid, when, then) in enumerate(EDGE_RULES):
        lines.append(f"  - id: {rid}\n"
                     f"    title: {{en: {rid}, zh: {rid}}}\n"
                     f"    when: \"{when}\"\n"
                     f"    then: {then}\n"
                     f"    because: {{en: test, zh: 测试}}\n"
                     f"    source: test\n"
                     f"    salience: {(i % 5) - 2}\n")
    folder = tmp / "edge"
    folder.mkdir()
    (folder / "edge.yaml").write_text("".join(lines), encoding="utf-8")
    return folder


def test_edge_layer_agrees(tmp_path: Path) -> None:
    kb = load_kb([MINI, _edge_layer(tmp_path)])
    engine, clips_engine = Engine(kb), ClipsEngine(kb)
    rng = random.Random(SEED)
    extra = {"edge.rate": [None, -10, -9, -2.5, 0, 0.5, 0.75, 2, 2.0, 10],
             "edge.band": [None, "10k_to_1m", "1st", "yes"]}
    cases = []
    for base in _grid(kb):
        case = dict(base)
        for fid, choices in extra.items():
            value = rng.choice(choices)
            if value is not None:
                case[fid] = value
        cases.append(case)
    fired = assert_agree(engine, clips_engine, cases)
    assert {rid for rid, _, _ in EDGE_RULES} - fired == {"E07"}  # `< low` never holds
    clash = {"plan.kind": "no", "plan.size": 1000, "plan.pilot": True}  # E21 and E22
    outcome = engine_outcome(engine, clash)
    assert outcome == clips_outcome(clips_engine, clash)
    assert outcome[0] == "ok" and "edge.kind" not in outcome[1][0]  # withdrawn: a conflict


def test_literals() -> None:
    assert clips_patterns.clips_literal(True) == "TRUE"
    assert clips_patterns.clips_literal(3) == "3"
    assert clips_patterns.clips_literal(2.0) == "2.0"
    assert clips_patterns.clips_literal(1e20) == "1e+20"
    assert clips_patterns.clips_literal('say "hi" \\') == '"say \\"hi\\" \\\\"'
    with pytest.raises(ValueError):
        clips_patterns.clips_literal(float("nan"))


OTHERS = "giraffe, zebra, ostrich, penguin, albatross"


@pytest.mark.parametrize(("policy", "expected"), [
    ("on_conflict: error", ("error", None)),
    (f"on_conflict: precedence\n    precedence: [tiger, cheetah, {OTHERS}]", "tiger"),
    (f"on_conflict: precedence\n    precedence: [cheetah, tiger, {OTHERS}]", "cheetah"),
])
def test_each_conflict_policy_runs_the_same_in_clips(tmp_path: Path, policy: str,
                                                     expected: Any) -> None:
    """A spotted and striped animal (Z9 cheetah, Z10 tiger) under each declared policy:
    CLIPS reaches what the engine reaches (the default, report, is in the random test)."""
    derived = (ANIMALS / "derived.yaml").read_text()
    layer = tmp_path / "policy"
    layer.mkdir()
    start = derived.index("  - id: animal")
    body = derived[start:].replace("    type: choice\n", f"    type: choice\n    {policy}\n", 1)
    (layer / "animal.yaml").write_text("dimension: looks\nderived:\n" + body)
    kb = load_kb([ANIMALS, layer])
    case = {"has_hair": True, "eats_meat": True, "tawny": True, "dark_spots": True,
            "black_stripes": True}
    outcome = engine_outcome(Engine(kb), case)
    assert outcome == clips_outcome(ClipsEngine(kb), case)
    if expected != ("error", None):
        assert outcome[0] == "ok" and outcome[1][0]["animal"] == ("str", expected)
    else:
        assert outcome == expected
