"""Why-not all the way down (issue #16, part 4): through derived facts to the answers that
are missing or went the wrong way, in question texts; `not:` and `is unknown` leaves that
held only because an answer is missing say so."""

from __future__ import annotations

import shutil
from pathlib import Path

from advisor.load.answers import Answers, load_answers
from advisor.load.builder import load_kb
from advisor.reason.engine import Engine
from advisor.reason.whynot import RuleWhy, why_not_deep
from tests.conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures"
ANIMALS = FIXTURES / "animals"
MINI = FIXTURES / "mini"
KB = load_kb([ANIMALS])


def write_case(tmp_path: Path, answers: dict[str, str]) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text("case: half known\nanswers:\n" +
                    "".join(f"  {k}: {v}\n" for k, v in answers.items()))
    return path


def kinds(why: RuleWhy) -> dict[str, str]:
    """fact -> the kind of reason given for it, anywhere in the tree."""
    out: dict[str, str] = {}
    for r in (*why.reasons, *why.held_unknown):
        out.setdefault(r.leaf.fact, r.kind)
        for sub in r.rules:
            for k, v in kinds(sub).items():
                out.setdefault(k, v)
    return out


def test_the_tree_descends_through_derived_facts_to_the_missing_answers():
    a = Engine(KB).assess(Answers("x", {"eats_meat": True, "tawny": True, "dark_spots": True}))
    [z9] = why_not_deep(KB, a, "animal", "cheetah")
    assert z9.rule.id == "Z9" and not z9.fired
    [carnivore] = z9.reasons
    assert (carnivore.leaf.fact, carnivore.kind) == ("carnivore", "not_concluded")
    assert [r.rule.id for r in carnivore.rules] == ["Z5", "Z6"]
    found = kinds(z9)
    assert found["mammal"] == "not_concluded"
    assert found["has_hair"] == "not_answered" and found["gives_milk"] == "not_answered"
    assert found["claws"] == "not_answered"
    assert "tawny" not in found and "eats_meat" not in found  # they held


def test_an_answer_that_went_the_wrong_way_is_named():
    a = Engine(KB).assess(Answers("x", {"has_hair": True, "eats_meat": False, "tawny": True,
                                        "dark_spots": True, "pointed_teeth": False}))
    [z9] = why_not_deep(KB, a, "animal", "cheetah")
    found = kinds(z9)
    assert found["eats_meat"] == "answered" and found["pointed_teeth"] == "answered"
    assert "has_hair" not in found  # mammal was concluded: nothing to explain there


def test_cli_shows_question_texts_not_ids(tmp_path):
    case = write_case(tmp_path, {"eats_meat": "yes", "tawny": "yes", "dark_spots": "yes",
                                 "pointed_teeth": "no"})
    args = ("explain", str(case), "--no-shipped", "--kb", str(ANIMALS), "--why-not",
            "animal=cheetah")
    r = run_cli(*args, "--lang", "en")
    assert r.code == 0, r.err
    assert "Carnivore: not concluded" in r.out and "Mammal: not concluded" in r.out
    assert "not answered: Does it have hair?" in r.out
    assert "answered no: Does it have pointed teeth?" in r.out
    assert "Mammal: see above" in r.out  # the second path to mammal is not repeated
    assert "has_hair" not in r.out and "carnivore" not in r.out
    r = run_cli(*args, "--lang", "zh")
    assert "未回答：有毛发吗？" in r.out and "食肉动物：未得出" in r.out
    r = run_cli(*args, "--lang", "en", "--debug")
    assert "[has_hair]" in r.out  # the condition, with ids, only with --debug


def test_not_and_is_unknown_leaves_that_held_on_a_missing_answer_say_so(tmp_path):
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    rules = root / "rules.yaml"
    rules.write_text(rules.read_text() + """
  - id: R90
    title: {en: Pilot unknown, zh: 试点情况不明}
    when: plan.pilot is unknown
    then: {recommend: [rec.talk]}
    because: {en: Unknown., zh: 不明。}
    source: test
""")
    case = write_case(tmp_path, {"plan.size": "500"})
    for target, lines in (("rec.talk", 2), ("flag.not_yes", 1)):
        r = run_cli("explain", str(case), "--no-shipped", "--kb", str(root), "--why-not",
                    target, "--lang", "en")
        assert r.code == 0, r.err
        assert r.out.count("held only because it is not answered: Is there a pilot?") == \
            lines, r.out
    answered = write_case(tmp_path, {"plan.size": "500", "plan.pilot": "no"})
    r = run_cli("explain", str(answered), "--no-shipped", "--kb", str(root), "--why-not",
                "rec.talk", "--lang", "en")
    assert "held only because" not in r.out  # `not:` held on a real "no"
    assert "answered no: Is there a pilot?" in r.out  # R90 did not fire: it was answered


def test_a_conflicting_fact_is_named_as_such():
    a = Engine(KB).assess(Answers("x", {"has_hair": True, "eats_meat": True, "tawny": True,
                                        "dark_spots": True, "black_stripes": True}))
    assert "animal" in a.conflicts
    found = why_not_deep(KB, a, "animal", "cheetah")
    assert [w.fired for w in found] == [True]  # Z9 fired; the conflict withheld its value
    r = run_cli("explain", str(FIXTURES / "animal_cases" / "spotted_and_striped.yaml"),
                "--no-shipped", "--kb", str(ANIMALS), "--why-not", "animal=cheetah",
                "--lang", "en")
    assert r.code == 0 and "Animal: conflicting (the rules disagree)" in r.out


def test_a_count_is_followed_to_the_facts_it_did_not_count():
    """The shipped verdict `critical` needs a category rated critical: each category that
    is not is followed to the rules that could have made it so, down to the answers."""
    from advisor.load.paths import shipped_cases, shipped_dirs

    kb = load_kb([shipped_dirs()])
    path = sorted(shipped_cases().glob("c1_*.yaml"))[0]
    r = run_cli("explain", str(path), "--why-not", "risk.overall=critical", "--lang", "en")
    assert r.code == 0, r.err
    out = " ".join(r.out.split())
    assert "Risk categories rated critical: concluded 0" in out
    assert "Technical risk: concluded high" in out
    assert "not answered: What is the way back if the new system breaks down after go-live?" \
        in out
    a = Engine(kb).assess(load_answers(path, kb))

    def walk(whys):
        for w in whys:
            yield w
            for r in w.reasons:
                yield from walk(r.rules)
                for m in r.members:
                    yield from walk(m.rules)

    whys = list(walk(why_not_deep(kb, a, "risk.overall", "critical")))
    assert "TEC-14" in {w.rule.id for w in whys}
    for w in whys:  # one reason per fact under a rule, however many leaves test it
        facts = [r.leaf.fact for r in w.reasons]
        assert len(facts) == len(set(facts)), w.rule.id
