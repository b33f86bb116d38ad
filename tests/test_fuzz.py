"""Fuzzing (hypothesis): parsers and loaders raise only the project's own located errors, and
the engine never raises on well-typed answers."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor import lang as cond
from advisor.errors import SourceError
from advisor.load.answers import Answers, from_document
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_dirs
from advisor.load.yamlio import loads
from advisor.reason.engine import Engine
from tests.conftest import MINI

EXAMPLES = int(os.environ.get("ADVISOR_FUZZ_EXAMPLES", "400"))  # raise it for a long run
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MINI_KB = load_kb([MINI])
SHIPPED = load_kb([shipped_dirs()])
ENGINE = Engine(SHIPPED)

WORDS = ["plan.size", "plan.kind", "plan.pilot", "plan.maturity", "people.groups", "people.note",
         "nope.x", "a", "b", "no", "yes", "none", "mid", "3", "-2.5", "'q'", "\"q\"", "==", "!=",
         "<", "<=", ">", ">=", "=", "in", "not", "and", "or", "is", "known", "unknown",
         "contains", "any", "all", "of", "count", "(", ")", "[", "]", ",", "~", "#", ":"]


@SETTINGS
@given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join) | st.text(max_size=60))
def test_condition_parser_raises_only_condition_errors(text):
    try:
        parsed = cond.parse_text(text, 4, 9)
    except cond.ConditionError as exc:
        assert exc.line >= 4 and exc.col >= 1 and exc.message  # multi-line text moves on
        return
    typed, problems = cond.check(parsed, MINI_KB.facts)
    for p in problems:
        assert p.line >= 4 and p.message
    if not problems:
        try:
            clauses = cond.to_dnf(typed)
        except ValueError:
            return
        values = {"plan.size": 5, "plan.kind": "a", "plan.pilot": True,
                  "plan.maturity": "mid", "people.groups": ("staff",)}
        assert cond.holds(typed, values.get) == any(
            all(cond.leaf_holds(lit.leaf, values.get(lit.leaf.fact)) == lit.positive
                for lit in clause) for clause in clauses)


@SETTINGS
@given(st.text(max_size=300))
def test_yaml_loader_raises_only_source_errors(text):
    try:
        loads(text, "fuzz.yaml")
    except SourceError as exc:
        assert all(p.path == "fuzz.yaml" for p in exc.problems)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False) |
    st.sampled_from(["plan.size >= 1", "plan.kind == a", "flag.big", "R1", "en", "zh",
                     "plan", "rec.pilot", "high", "x"]),
    lambda children: st.lists(children, max_size=4) |
    st.dictionaries(st.sampled_from(["id", "title", "when", "then", "set", "recommend",
                                     "because", "source", "en", "zh", "all", "any", "not",
                                     "dimension", "salience", "examples", "given", "expect",
                                     "rules", "facts", "derived", "type", "choices",
                                     "flag.big", "risk.delivery", "x"]), children, max_size=5),
    max_leaves=25)


@settings(max_examples=max(EXAMPLES // 3, 50), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.dictionaries(st.sampled_from(["rules", "facts", "derived", "recommendations",
                                        "dimension", "scoring", "kb"]), json_values,
                       min_size=1, max_size=3))
def test_knowledge_loader_raises_only_source_errors(data):
    with tempfile.TemporaryDirectory() as tmp:
        layer = Path(tmp) / "layer.yaml"
        layer.write_text(yaml.safe_dump(data, allow_unicode=True))
        try:
            load_kb([MINI, layer])
        except SourceError as exc:
            assert all(p.message for p in exc.problems)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["case", "language", "answers", "dont_know", "notes",
                                        "expect", "x"]),
                       json_values | st.dictionaries(
                           st.sampled_from(["plan.size", "plan.kind", "plan.pilot",
                                            "people.groups", "risk.overall", "plan.sise"]),
                           json_values, max_size=4), max_size=5))
def test_answers_loader_raises_only_source_errors(data):
    doc = loads(yaml.safe_dump(data, allow_unicode=True), "case.yaml")
    try:
        answers = from_document(doc, MINI_KB)
    except SourceError as exc:
        assert all(p.path == "case.yaml" and p.message for p in exc.problems)
        return
    Engine(MINI_KB).assess(answers)


def _answers_strategy(kb):
    parts = {}
    for fact in kb.input_facts:
        if fact.type == "bool":
            s = st.booleans()
        elif fact.type in ("choice", "level"):
            s = st.sampled_from(fact.choice_ids)
        elif fact.type == "multi":
            plain = [c for c in fact.choice_ids if c not in fact.exclusive]
            s = st.lists(st.sampled_from(plain), min_size=1, unique=True).map(
                lambda xs, f=fact: tuple(c for c in f.choice_ids if c in xs))
            if fact.exclusive:
                s = s | st.just((fact.exclusive[0],))
        elif fact.type == "number":
            lo, hi = int(fact.min or 0), int(fact.max if fact.max is not None else 10**6)
            s = st.integers(lo, min(hi, lo + 2000)) if fact.integer else \
                st.floats(lo, min(hi, lo + 2000), allow_nan=False)
        else:
            s = st.text(max_size=20)
        parts[fact.id] = st.none() | s
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items()
                                                       if v is not None})


@SETTINGS
@given(_answers_strategy(SHIPPED))
def test_engine_never_raises_on_well_typed_answers(values):
    a = ENGINE.assess(Answers("fuzz", values))
    overall = a.value("risk.overall")
    # no overall risk only when too little is known: never a go-ahead then
    assert overall in ("low", "medium", "high", "critical") or (
        overall is None and a.value("decision.launch_gate") in ("establish_facts", "hold"))
    assert a.value("decision.launch_gate") is not None or "decision.launch_gate" not in a.derived
