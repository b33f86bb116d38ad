"""Loading knowledge bases: every kind of bad file gives a located message; order never
matters."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from advisor.errors import SourceError
from advisor.load.builder import build, load_kb
from advisor.load.sources import collect
from tests.conftest import MINI


def broken(tmp_path: Path, file: str, old: str, new: str) -> list:
    """Copy the mini knowledge base, make one edit, and return the problems reported."""
    root = tmp_path / "kb"
    shutil.copytree(MINI, root)
    target = root / file
    text = target.read_text()
    assert old in text, old
    target.write_text(text.replace(old, new, 1))
    with pytest.raises(SourceError) as info:
        load_kb([root])
    return info.value.problems


def line_of(tmp_path: Path, file: str, needle: str) -> int:
    lines = (tmp_path / "kb" / file).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_mini_kb_loads(mini_kb):
    assert mini_kb.id == "mini"
    assert [r.id for r in mini_kb.rules][:3] == ["R1", "R2", "R3"]
    assert mini_kb.facts["risk.delivery"].choice_ids == ("low", "medium", "high", "critical")


@pytest.mark.parametrize("file,old,new,needle,message,hint", [
    ("rules.yaml", "when: plan.size >= 100", "when: plan.sise >= 100", "plan.sise",
     "unknown fact 'plan.sise'", "did you mean 'plan.size'"),
    ("rules.yaml", "plan.maturity < mid", "plan.maturity < middle", "middle",
     "'middle' is not a choice of 'plan.maturity'", "'mid'"),
    ("rules.yaml", "when: plan.size >= 100", "when: plan.size >= lots", "lots",
     "takes a number", ""),
    ("rules.yaml", "    because: {en: Many people", "    becuase: {en: Many people", "becuase",
     "unknown key 'becuase'", "did you mean 'because'"),
    ("rules.yaml", "then: {set: {flag.big: yes}}", "then: {set: {flag.bigg: yes}}", "flag.bigg",
     "unknown fact 'flag.bigg'", "flag.big"),
    ("rules.yaml", "then: {set: {flag.big: yes}}", "then: {set: {plan.size: 3}}", "plan.size: 3",
     "is an input fact", ""),
    ("rules.yaml", "then: {set: {risk.delivery: high}}", "then: {set: {risk.delivery: hihg}}",
     "hihg", "'hihg' is not a choice of 'risk.delivery'", "'high'"),
    ("rules.yaml", "then: {recommend: [rec.pilot]}", "then: {recommend: [rec.pliot]}",
     "rec.pliot", "unknown recommendation 'rec.pliot'", "rec.pilot"),
    ("rules.yaml", "  - id: R2\n", "  - id: R1  # again\n", "again", "duplicate rule id 'R1'",
     ""),
    ("rules.yaml", "    when:\n      not: plan.pilot == yes", "    when:\n      nott: x", "nott",
     "exactly one key", "'not'"),
    ("rules.yaml", "dimension: plan\n", "dimension: plann\n", "dimension: plann",
     "unknown dimension 'plann'", "'plan'"),
    ("facts.yaml", "      ask_if: plan.pilot == yes", "      ask_if: plan.pilot == sure",
     "sure", "takes yes or no", "yes or no"),
    ("facts.yaml", "    type: bool", "    type: boolean", "boolean",
     "'boolean' is not allowed here", "'bool'"),
    ("facts.yaml", "  - id: plan.size\n", "  - id: plan.pilot  # again\n", "again",
     "duplicate fact id 'plan.pilot'", ""),
    ("facts.yaml", "    integer: true", "    integer: 'yes'", "integer:",
     "integer: should be yes or no", ""),
    ("derived.yaml", "    scale: risk\n    dimension: plan\n    default: medium",
     "    scale: rsk\n    dimension: plan\n    default: medium", "scale: rsk",
     "unknown scale 'rsk'", "'risk'"),
    ("derived.yaml", "    default: low", "    default: lowest", "default: lowest",
     "'lowest' is not a valid value of 'risk.overall'", "'low'"),
    ("derived.yaml", "    priority: high", "    priority: hihg", "hihg",
     "unknown priority 'hihg'", "'high'"),
    ("kb.yaml", "  verdict: [risk.overall]", "  verdict: [risk.overal]", "verdict",
     "not a derived fact", "risk.overall"),
])
def test_each_kind_of_bad_file_is_located(tmp_path, file, old, new, needle, message, hint):
    problems = broken(tmp_path, file, old, new)
    match = [p for p in problems if message in p.message]
    assert match, [p.render() for p in problems]
    p = match[0]
    assert p.path.endswith(file)
    assert p.line == line_of(tmp_path, file, needle)
    assert p.col >= 1
    assert hint in p.hint


def test_missing_key_is_reported_at_its_mapping(tmp_path):
    problems = broken(tmp_path, "rules.yaml", "    when: plan.size >= 100\n", "")
    [p] = [p for p in problems if "missing required key 'when'" in p.message]
    assert p.line == line_of(tmp_path, "rules.yaml", "id: R1")


def test_all_problems_in_a_file_are_reported_together(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(MINI, root)
    rules = root / "rules.yaml"
    text = rules.read_text().replace("plan.size >= 100", "plan.sise >= 100")
    text = text.replace("    because: {en: Big changes", "    becuase: {en: Big changes")
    text = text.replace("plan.maturity < mid", "plan.maturity < middle")
    rules.write_text(text)
    with pytest.raises(SourceError) as info:
        load_kb([root])
    messages = " | ".join(p.message for p in info.value.problems)
    for part in ("plan.sise", "becuase", "middle"):
        assert part in messages
    # the misspelt key is one mistake: no second message about 'because' missing
    assert "missing required key" not in messages
    assert "3 errors" in info.value.render()


def test_cycles_through_derived_facts_are_rejected(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(MINI, root)
    (root / "loop.yaml").write_text("""
dimension: plan
rules:
  - id: LOOP1
    title: {en: a, zh: 甲}
    when: flag.big
    then: {set: {flag.not_yes: yes}}
    because: {en: a, zh: 甲}
    source: test
  - id: LOOP2
    title: {en: b, zh: 乙}
    when: flag.not_yes
    then: {set: {flag.big: yes}}
    because: {en: b, zh: 乙}
    source: test
""")
    with pytest.raises(SourceError) as info:
        load_kb([root])
    [p] = [p for p in info.value.problems if "cycle" in p.message]
    assert "LOOP1" in p.message and "LOOP2" in p.message


@pytest.mark.parametrize("content,message", [
    ("- a\n- b\n", "must be a mapping of keys, not a list"),
    ("rules: 3\n", "rules: should be a list, not the number 3"),
    ("a: [1, 2\n", "YAML syntax error"),
])
def test_malformed_files(tmp_path, content, message):
    root = tmp_path / "kb"
    shutil.copytree(MINI, root)
    (root / "extra.yaml").write_text(content)
    with pytest.raises(SourceError) as info:
        load_kb([root])
    assert any(message in p.message and p.path.endswith("extra.yaml")
               for p in info.value.problems), info.value.render()


def test_missing_knowledge_folder(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        load_kb([tmp_path / "nowhere"])


def test_file_order_never_changes_the_knowledge_base():
    files = collect([MINI])
    reference = build(files)
    for seed in range(5):
        shuffled = list(files)
        random.Random(seed).shuffle(shuffled)
        kb = build(shuffled)
        assert kb == reference


def test_strata_put_readers_after_every_writer(mini_kb):
    s = mini_kb.strata
    assert s["R2"] > s["R1"]  # R2 reads flag.big, set by R1
    assert s["R7"] > s["default:risk.count_high"] > s["default:risk.delivery"] > s["R4"]
    assert s["R9"] > s["default:risk.overall"] > s["R8"]


def test_later_layer_overrides_an_id(tmp_path, mini_kb):
    layer = tmp_path / "mine"
    layer.mkdir()
    (layer / "r.yaml").write_text("""
dimension: plan
rules:
  - id: R1
    title: {en: Many people (stricter), zh: 人多(更严)}
    when: plan.size >= 10
    then: {set: {flag.big: yes}}
    because: {en: Ten is already many here., zh: 十人已算多。}
    source: local policy
""")
    kb = load_kb([MINI, layer])
    assert kb.rule("R1").when.value == 10
    assert len(kb.rules) == len(mini_kb.rules)
