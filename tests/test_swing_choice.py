"""Swing analysis of a verdict that is a choice (issue #16): an animal has no better or
worse value, so it moves whenever it changes, from or to unknown too."""

from __future__ import annotations

from pathlib import Path

from advisor.load.answers import Answers, load_answers
from advisor.load.builder import load_kb
from advisor.reason.engine import Engine
from advisor.reason.whatif import swings
from tests.conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures"
ANIMALS = FIXTURES / "animals"
KB = load_kb([ANIMALS])
ENGINE = Engine(KB)
CHEETAH = Answers("cheetah", {"has_hair": True, "eats_meat": True, "tawny": True,
                              "dark_spots": True})


def moves(answers: Answers) -> set[tuple[str, object, object, object]]:
    return {(s.fact, s.answer_after, s.level_before, s.level_after)
            for s in swings(ENGINE, answers, [], raise_for=["animal"])}


def test_a_choice_verdict_moves_when_its_value_changes():
    found = moves(CHEETAH)
    assert ("dark_spots", False, "cheetah", None) in found
    assert ("black_stripes", True, "cheetah", None) in found  # a conflict: unknown
    assert not {f for f, *_ in found} & {"flies", "swims", "hoofs"}  # birds', hoofed
    for fact, value, _, after in found:  # every swing is what the engine concludes
        assert ENGINE.assess(CHEETAH.with_changes({fact: value})).value("animal") == after


def test_from_unknown_to_a_value_is_a_move():
    half = Answers("half", {"eats_meat": True, "tawny": True, "dark_spots": True})
    assert ("has_hair", True, None, "cheetah") in moves(half)


def test_the_conflict_case_shows_the_answers_that_settle_it():
    """The issue's case: `whatif --set dark_spots=no` moves it, so the swing says so."""
    case = FIXTURES / "animal_cases" / "spotted_and_striped.yaml"
    found = moves(load_answers(case, KB))
    assert ("dark_spots", False, None, "tiger") in found
    assert ("black_stripes", False, None, "cheetah") in found
    r = run_cli("explain", str(case), "--no-shipped", "--kb", str(ANIMALS), "--lang", "en")
    out = " ".join(r.out.split())
    assert r.code == 0 and "No single answer change would move it" not in out
    assert ('If "Does it have dark spots?" were no (now yes), Animal would change from '
            'unknown to tiger.') in out
    assert "No combination" not in out  # "what would lower it" is for levels only
    r = run_cli("explain", str(case), "--no-shipped", "--kb", str(ANIMALS), "--lang", "zh")
    assert "动物将由未知变为老虎" in "".join(r.out.split())
