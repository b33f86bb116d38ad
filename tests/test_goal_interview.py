"""The interview asks only what can still change a goal (issue: an interview that respects
the expert's time): an animal-identification knowledge base reaches each animal in the
fewest questions its order allows, every question it asks has an answer that changes the
identification for some way the other questions could go, and on the shipped knowledge base
the interview reaches the complete file's conclusions."""

from __future__ import annotations

import random
from pathlib import Path

import pexpect
import pytest

from advisor.interview.planner import Planner, State
from advisor.load.answers import Answers, load_answers
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_cases, shipped_dirs
from advisor.reason.engine import Engine
from advisor.reason.reasoner import reason
from tests.pty_driver import Driver, screen, spawn

ANIMALS_DIR = Path(__file__).parent / "fixtures" / "animals"
ANIMALS = load_kb([ANIMALS_DIR])
TRUTH = {
    "cheetah": {"has_hair": True, "eats_meat": True, "tawny": True, "dark_spots": True},
    "tiger": {"has_hair": True, "eats_meat": True, "tawny": True, "black_stripes": True},
    "giraffe": {"has_hair": True, "hoofs": True, "long_neck": True, "dark_spots": True},
    "zebra": {"has_hair": True, "hoofs": True, "black_stripes": True},
    "ostrich": {"has_feathers": True, "flies": False, "long_neck": True},
    "penguin": {"has_feathers": True, "flies": False, "swims": True},
    "albatross": {"has_feathers": True, "flies": True, "flies_well": True},
}
# the fewest questions for the order the facts are declared in, worked out by hand
FEWEST = {"cheetah": 8, "tiger": 8, "giraffe": 8, "zebra": 7, "ostrich": 5, "penguin": 6,
          "albatross": 6}


def interview(kb, truth: dict) -> tuple[list[tuple[str, State]], State]:
    planner, state, asked = Planner(kb), State(), []
    while (fact := planner.next_question(state)) is not None:
        asked.append((fact.id, State(dict(state.answers), set(state.dont_know),
                                     list(state.history))))
        state.answers[fact.id] = truth.get(fact.id, False)
        state.history.append(fact.id)
    return asked, state


@pytest.mark.parametrize("animal", sorted(TRUTH))
def test_each_animal_in_the_fewest_questions(animal):
    asked, state = interview(ANIMALS, TRUTH[animal])
    result = Engine(ANIMALS).assess(Answers(animal, dict(state.answers)))
    assert result.value("animal") == animal
    assert len(asked) == FEWEST[animal], [q for q, _ in asked]
    names = [q for q, _ in asked]
    if animal in ("cheetah", "tiger"):  # "gives milk?" after "has hair", teeth after meat
        assert "gives_milk" not in names and "claws" not in names
    if animal == "penguin":  # nothing after the penguin is identified
        assert names[-1] == "swims" and "flies_well" not in names


@pytest.mark.parametrize("animal", sorted(TRUTH))
def test_every_question_asked_could_change_the_identification(animal):
    """For each asked question, some completion of the still-open questions and two answers
    to it give different animals (searched over seeded random completions). Two animals at
    once is an outcome too: the rules contradict each other, which the engine reports."""
    questions = [f.id for f in ANIMALS.input_facts]
    rng = random.Random(animal)
    for fid, state in interview(ANIMALS, TRUTH[animal])[0]:
        open_ = [q for q in questions if q not in state.answers and q != fid]
        witness = False
        for _ in range(400):
            completion = {**state.answers, **{q: rng.random() < 0.5 for q in open_}}
            outcomes = {identified({**completion, fid: v}) for v in (True, False)}
            if len(outcomes) > 1:
                witness = True
                break
        assert witness, f"{animal}: '{fid}' was asked, but no answer to it changes the animal"


def identified(answers: dict) -> tuple[str, ...]:
    """Every animal the rules that fire propose (one, none, or a contradiction)."""
    reading = reason(ANIMALS, answers)
    return tuple(sorted({v for r, v in reading.proposals.get("animal", ())
                         if reading.status.get(r) is True}))


SHIPPED = load_kb([shipped_dirs()])


@pytest.mark.parametrize("path", sorted(shipped_cases().glob("c*.yaml"))[:4],
                         ids=lambda p: p.stem[:2])
def test_choosing_the_next_question_is_quick_and_sound(path):
    """On the shipped knowledge base every question is chosen from the answers so far; the
    finished interview gives the complete file's verdict and recommendations."""
    case = load_answers(path, SHIPPED)
    planner, state = Planner(SHIPPED), State()
    while (fact := planner.next_question(state)) is not None:
        if fact.id in case.values:
            state.answers[fact.id] = case.values[fact.id]
        else:
            state.dont_know.add(fact.id)
        state.history.append(fact.id)
    engine = Engine(SHIPPED)
    got = engine.assess(Answers(case.case, dict(state.answers), tuple(state.dont_know),
                                skipped=tuple(planner.skipped(state))))
    want = engine.assess(case)
    assert [got.value(v) for v in SHIPPED.verdict] == [want.value(v) for v in SHIPPED.verdict]
    assert got.recommendation_ids() == want.recommendation_ids()


@pytest.mark.parametrize("animal", sorted(TRUTH))
def test_the_terminal_interview_reaches_each_animal_asking_only_what_matters(tmp_path, animal):
    """The real `advisor interview` in a pseudo-terminal asks exactly the planner's questions
    (each of which could change the identification, as the test above shows), as few as the
    order allows, and its saved answers identify the animal."""
    answers = {f.id: TRUTH[animal].get(f.id, False) for f in ANIMALS.input_facts if f.question}
    child = spawn(["interview", "--save", str(tmp_path / "a.yaml"), "--lang", "en",
                   "--no-shipped", "--kb", str(ANIMALS_DIR)], cwd=str(tmp_path))
    child.expect_exact("A name for this case")
    child.send(animal + "\r")
    driver = Driver(child, ANIMALS, answers)
    driver.run()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, screen(child)[-1500:]
    assert driver.asked == [q for q, _ in interview(ANIMALS, TRUTH[animal])[0]]
    assert len(driver.asked) == FEWEST[animal]
    saved = load_answers(tmp_path / "a.yaml", ANIMALS)
    assert Engine(ANIMALS).assess(saved).value("animal") == animal
