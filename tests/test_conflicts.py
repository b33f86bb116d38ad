"""Two rules giving a choice fact different values (issue #16, part 3): by default a
conflict finding in every report, never an abort; `on_conflict: error` stops with one
located message; a stated precedence keeps one value."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from advisor.interview.flow import Interview
from advisor.interview.planner import Planner, State
from advisor.load.answers import Answers, load_answers
from advisor.load.builder import load_kb
from advisor.reason.engine import Engine
from advisor.reason.reasoner import reason
from advisor.report.markdown import render as markdown
from advisor.report.view import build
from tests.conftest import run_cli
from tests.scripted import FromValues

FIXTURES = Path(__file__).parent / "fixtures"
ANIMALS = FIXTURES / "animals"
CASE = FIXTURES / "animal_cases" / "spotted_and_striped.yaml"
KB_ARGS = ("--no-shipped", "--kb", str(ANIMALS))


def with_policy(tmp_path: Path, policy: str, extra: str = "") -> Path:
    """The animals KB with `on_conflict: <policy>` (and `extra` lines) on `animal`."""
    root = tmp_path / "animals"
    shutil.copytree(ANIMALS, root)
    derived = root / "derived.yaml"
    text = derived.read_text()
    assert "    type: choice\n" in text
    derived.write_text(text.replace("    type: choice\n",
                                    f"    type: choice\n    on_conflict: {policy}\n{extra}"))
    return root


def test_assess_reports_the_conflict_and_exits_0():
    r = run_cli("assess", str(CASE), *KB_ARGS, "--format", "json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["schema_version"] == 4
    assert "animal" not in data["derived"]  # conflicting: no value
    assert sorted(p["rule"] for p in data["conflicts"]["animal"]) == ["Z10", "Z9"]
    assert {p["value"] for p in data["conflicts"]["animal"]} == {"cheetah", "tiger"}
    for fmt, lang, words in (("md", "en", ["conflicting: ", "“Tawny with dark spots” gives "
                                                           "cheetah"]),
                             ("html", "en", ["conflicting: ", "Tawny with black stripes"]),
                             ("text", "zh", ["结论相互矛盾", "老虎", "猎豹"])):
        r = run_cli("assess", str(CASE), *KB_ARGS, "--format", fmt, "--lang", lang, "--full")
        assert r.code == 0, r.err
        assert "Traceback" not in r.err
        for word in words:
            assert word in r.out, (fmt, word)
        assert "Z9" not in r.out.split("reasoning trace")[0]  # words, not ids, up front


def test_explain_why_shows_both_rules_with_their_answers():
    r = run_cli("explain", str(CASE), *KB_ARGS, "--why", "animal", "--lang", "en")
    assert r.code == 0, r.err
    assert "conflicting" in r.out
    assert "Tawny with dark spots" in r.out and "Tawny with black stripes" in r.out
    assert "Does it have dark spots? → yes" in r.out
    assert "Does it have black stripes? → yes" in r.out


def test_the_conflicting_fact_reads_as_unknown_downstream():
    """Rules that read the fact see no value, and the three-valued reader agrees."""
    kb = load_kb([ANIMALS])
    answers = load_answers(CASE, kb)
    a = Engine(kb).assess(answers)
    assert a.value("animal") is None and "animal" in a.conflicts
    reading = reason(kb, answers.values)
    assert "animal" in reading.conflicts and reading.get("animal") is None
    # the same answers without stripes: no conflict, a cheetah
    single = Answers("cheetah", {k: v for k, v in answers.values.items()
                                 if k != "black_stripes"})
    assert Engine(kb).assess(single).value("animal") == "cheetah"
    assert not Engine(kb).assess(single).conflicts


def test_the_interview_does_not_abort():
    kb = load_kb([ANIMALS])
    truth = load_answers(CASE, kb).values
    asker = FromValues({f.id: truth.get(f.id, False) for f in kb.input_facts})
    state = State()
    Interview(Planner(kb), state, asker, lambda s: None).run()
    assert {"dark_spots", "black_stripes"} <= set(asker.asked)
    a = Engine(kb).assess(Answers("interview", dict(state.answers)))
    assert "animal" in a.conflicts
    text = markdown(build(a, kb, "en"))
    assert "conflicting: " in text


def test_error_policy_names_both_rules_with_file_and_line(tmp_path):
    root = with_policy(tmp_path, "error")
    r = run_cli("assess", str(CASE), "--no-shipped", "--kb", str(root))
    assert r.code == 3
    assert "Traceback" not in r.err
    message = " ".join(r.err.split())
    assert "Z9 (" in message and "Z10 (" in message
    assert "animals/rules.yaml:39:" in message and "animals/rules.yaml:45:" in message
    assert "'cheetah'" in message and "'tiger'" in message
    assert "dark_spots=yes" in message and "black_stripes=yes" in message
    assert message.count("error:") == 1


def test_precedence_policy_keeps_the_first_listed_value(tmp_path):
    order = "    precedence: [tiger, cheetah, giraffe, zebra, ostrich, penguin, albatross]\n"
    root = with_policy(tmp_path, "precedence", order)
    kb = load_kb([root])
    a = Engine(kb).assess(load_answers(CASE, kb))
    assert a.value("animal") == "tiger" and not a.conflicts
    assert [p.rule for p in a.derived["animal"].superseded] == ["Z9"]
    assert reason(kb, load_answers(CASE, kb).values).get("animal") == "tiger"
    flipped = with_policy(tmp_path / "b", "precedence", "    precedence: [cheetah, tiger, "
                          "giraffe, zebra, ostrich, penguin, albatross]\n")
    kb2 = load_kb([flipped])
    assert Engine(kb2).assess(load_answers(CASE, kb2)).value("animal") == "cheetah"


@pytest.mark.parametrize("policy,extra,line,message", [
    ("precedence", "    precedence: [tiger, cheetah]\n", 10, "missing: giraffe"),
    ("precedence", "    precedence: [tigre, cheetah, giraffe, zebra, ostrich, penguin, "
                   "albatross]\n", 10, "'tigre' is not one of its choices"),
    ("precedence", "", 9, "on_conflict: precedence needs precedence:"),
    ("report", "    precedence: [tiger]\n", 10, "precedence: needs on_conflict: precedence"),
    ("sometimes", "", 9, "'sometimes' is not allowed here; expected 'report', 'error' or "
                         "'precedence'"),
])
def test_a_bad_policy_is_a_located_error(tmp_path, policy, extra, line, message):
    root = with_policy(tmp_path, policy, extra)
    r = run_cli("assess", str(CASE), "--no-shipped", "--kb", str(root))
    assert r.code != 0 and "Traceback" not in r.err
    first = r.err.splitlines()[0]
    assert f"derived.yaml:{line}:" in first and message in first, r.err


def overlap_warnings(root: Path) -> list[str]:
    r = run_cli("rules", "lint", "--no-shipped", "--kb", str(root))
    assert "Traceback" not in r.err
    return [line for line in r.out.splitlines() if "can both fire and set" in line]


def test_lint_warns_of_rules_that_can_set_two_values_with_both_file_lines():
    found = overlap_warnings(ANIMALS)
    [z9_z10] = [w for w in found if "Z9 (" in w and "Z10 (" in w]
    assert "rules.yaml:39:" in z9_z10 and "rules.yaml:45:" in z9_z10
    assert "'cheetah'" in z9_z10 and "'tiger'" in z9_z10
    assert "dark_spots=yes" in z9_z10 and "black_stripes=yes" in z9_z10
    # a tawny carnivore with spots on a long-necked hoofed mammal: the rules allow it
    assert any("Z9 (" in w and "Z11 (" in w for w in found)


def test_lint_is_quiet_when_the_conditions_are_exclusive(tmp_path):
    root = tmp_path / "animals"
    shutil.copytree(ANIMALS, root)
    rules = root / "rules.yaml"
    text = rules.read_text()
    assert "when: carnivore and tawny and black_stripes\n" in text
    rules.write_text(text.replace("when: carnivore and tawny and black_stripes\n",
                                  "when: carnivore and tawny and black_stripes and "
                                  "dark_spots == no\n"))
    found = overlap_warnings(root)
    assert found  # others remain
    assert not [w for w in found if "Z9 (" in w and "Z10 (" in w]


def test_lint_is_quiet_when_a_precedence_is_declared(tmp_path):
    root = with_policy(tmp_path, "precedence", "    precedence: [tiger, cheetah, giraffe, "
                       "zebra, ostrich, penguin, albatross]\n")
    assert overlap_warnings(root) == []
    assert overlap_warnings(with_policy(tmp_path / "r", "report"))  # report still warns


def test_the_reasoner_agrees_with_the_engine_on_conflicts():
    """Over seeded random animals, the three-valued reader (all answers given) finds the
    same conflicts and values as the experta engine."""
    import random

    kb = load_kb([ANIMALS])
    engine = Engine(kb)
    rng = random.Random(16)
    seen_conflict = seen_value = False
    for _ in range(150):
        values = {f.id: rng.random() < 0.6 for f in kb.input_facts if rng.random() < 0.8}
        a = engine.assess(Answers("r", values))
        reading = reason(kb, values)
        assert set(a.conflicts) == reading.conflicts, values
        for fid in kb.derived_facts:
            assert a.value(fid.id) == reading.get(fid.id), (fid.id, values)
        seen_conflict |= bool(a.conflicts)
        seen_value |= a.value("animal") is not None
    assert seen_conflict and seen_value  # both outcomes were tried


def test_lint_examples_are_answers_under_which_both_rules_fire():
    """Derived facts are followed to the answers, and the engine confirms each example."""
    import re

    kb = load_kb([ANIMALS])
    engine = Engine(kb)
    found = overlap_warnings(ANIMALS)
    assert len(found) == 21  # 7 animals, every pair: the textbook rules are open-ended
    for line in found:
        a, b = re.findall(r"rules (\w+) \(.*?\) and (\w+) \(", line)[0]
        words = dict(w.split("=") for w in line.split("e.g. with ")[1].split(", "))
        assert all(kb.facts[f].question for f in words)  # answers only, no derived facts
        result = engine.assess(Answers("lint", {f: v == "yes" for f, v in words.items()}))
        proposers = {p.rule for p in result.conflicts.get("animal", [])}
        assert {a, b} <= proposers, line


def test_lint_sees_exclusive_conditions_through_a_derived_fact(tmp_path):
    """Z12 needs an ungulate, which needs hoofs; a Z9 that needs no hoofs cannot overlap
    it, though read with derived facts free the two could."""
    root = tmp_path / "animals"
    shutil.copytree(ANIMALS, root)
    rules = root / "rules.yaml"
    text = rules.read_text()
    assert "when: carnivore and tawny and dark_spots\n" in text
    rules.write_text(text.replace("when: carnivore and tawny and dark_spots\n",
                                  "when: carnivore and tawny and dark_spots and hoofs == no\n"))
    found = overlap_warnings(root)
    assert not [w for w in found if "Z9 (" in w and ("Z12 (" in w or "Z11 (" in w)]
    assert [w for w in found if "Z9 (" in w and "Z10 (" in w]


def test_the_terminal_interview_ends_with_the_conflict_in_its_report(tmp_path):
    """The real `advisor interview` in a pseudo-terminal, answering as for a spotted and
    striped animal, finishes (exit 0) and its report shows the conflict."""
    import pexpect

    from tests.pty_driver import Driver, screen, spawn

    kb = load_kb([ANIMALS])
    truth = load_answers(CASE, kb).values
    answers = {f.id: truth.get(f.id, False) for f in kb.input_facts if f.question}
    child = spawn(["interview", "--save", str(tmp_path / "a.yaml"), "--lang", "en",
                   "--no-shipped", "--kb", str(ANIMALS)], cwd=str(tmp_path))
    child.expect_exact("A name for this case")
    child.send("both\r")
    Driver(child, kb, answers).run()
    child.expect(pexpect.EOF)
    child.close()
    shown = screen(child)
    assert child.exitstatus == 0, shown[-1500:]
    assert "Traceback" not in shown and "conflicting" in shown
    saved = load_answers(tmp_path / "a.yaml", kb)
    assert "animal" in Engine(kb).assess(saved).conflicts
