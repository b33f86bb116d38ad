"""Interruption: SIGKILL at random points never loses a confirmed answer, and Ctrl-C at every
kind of prompt saves, prints the resume command and exits 130."""

from __future__ import annotations

import os
import random
import signal
import time

import pexpect
import pytest

from advisor.load.answers import load_answers
from advisor.load.builder import load_kb
from advisor.load.files import write_atomic
from tests.conftest import MINI
from tests.pty_driver import Driver, spawn

ARGS = ["--lang", "en", "--no-shipped", "--kb", str(MINI)]
# a rule that reads plan.kind, so the interview also asks a plain single-choice question
KIND_RULE = """
dimension: plan
rules:
  - id: K1
    title: {en: Kind b, zh: 乙类}
    when: plan.kind == b
    then: {recommend: [rec.talk]}
    because: {en: Kind b needs talking through., zh: 乙类需要沟通。}
    source: test
"""
# plan.pilot yes makes plan.kind (a plain choice) applicable, so every prompt kind appears
ANSWERS = {"plan.pilot": True, "plan.kind": "b", "plan.size": 500, "plan.maturity": "low",
           "people.groups": ["staff", "public"], "people.note": "briefed"}


@pytest.fixture(scope="module")
def layer(tmp_path_factory):
    path = tmp_path_factory.mktemp("layer") / "kind.yaml"
    path.write_text(KIND_RULE)
    return path


@pytest.fixture(scope="module")
def kb(layer):
    return load_kb([MINI, layer])


def start(tmp_path, layer, name="case.yaml"):
    child = spawn(["interview", "--save", str(tmp_path / name), *ARGS, "--kb", str(layer)],
                  cwd=str(tmp_path))
    child.expect_exact("A name for this case")
    child.send("trial\r")
    child.expect_exact("saved after every question")  # the file exists from here on
    return child


def typed(values):
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}


def test_sigkill_at_random_points(tmp_path, kb, layer, capsys):
    rng = random.Random(20)
    trials, lost = 24, 0
    for trial in range(trials):
        path = tmp_path / f"k{trial}.yaml"
        child = start(tmp_path, layer, path.name)
        driver = Driver(child, kb, ANSWERS)
        driver.run(stop_after=rng.randint(0, len(ANSWERS) - 1))
        if rng.random() < 0.5:
            driver.next_prompt()  # kill while a question waits
        else:
            time.sleep(rng.uniform(0, 0.05))  # or at any moment just after an answer
        os.kill(child.pid, signal.SIGKILL)
        child.close(force=True)
        saved = load_answers(path, kb)  # always a valid answers file
        confirmed = typed({f: ANSWERS[f] for f in driver.asked[:-1]})
        # every answer confirmed before the kill is there; the last one may or may not be
        assert confirmed.items() <= saved.values.items()
        assert saved.values.items() <= typed(ANSWERS).items()
        lost += len(confirmed) - len(confirmed.items() & saved.values.items())
        # a kill in the middle of a write can leave its temporary file (never the answers
        # file half-written); the next write of the same file removes it
        write_atomic(path, path.read_text())
        assert not list(tmp_path.glob(f".{path.name}.*.tmp"))
    with capsys.disabled():
        print(f"\nSIGKILL: {trials} trials, {lost} confirmed answers lost")


PROMPTS = ["plan.pilot", "plan.kind", "plan.size", "plan.maturity", "people.groups",
           "people.note", "review"]


@pytest.mark.parametrize("where", PROMPTS)
def test_ctrl_c_at_every_kind_of_prompt(tmp_path, kb, layer, where):
    child = start(tmp_path, layer)
    driver = Driver(child, kb, ANSWERS)
    while True:
        got = driver.next_prompt()
        assert got is not None
        if got == where:
            break
        if got == "review":
            driver.finish_review()
            continue
        driver.answer(got)
    child.sendintr()
    child.expect_exact("Resume with:")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "advisor interview --resume" in child.before
    saved = load_answers(tmp_path / "case.yaml", kb)
    assert saved.values == typed({f: ANSWERS[f] for f in driver.asked})


def test_ctrl_c_at_the_case_name_saves_nothing_and_exits_130(tmp_path):
    child = spawn(["interview", "--save", str(tmp_path / "case.yaml"), *ARGS],
                  cwd=str(tmp_path))
    child.expect_exact("A name for this case")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not (tmp_path / "case.yaml").exists()


def test_a_failed_save_loses_no_answer(mini_kb, tmp_path, monkeypatch):
    # disk full during the interview: the answer just given stays in memory, the old file
    # stays whole, and the next save that works writes everything
    from advisor.interview import session as sessions
    sess = sessions.new(tmp_path / "s.yaml", "case", "en", False, mini_kb)
    sess.state.answers["plan.size"] = 5
    assert sess.try_save(mini_kb) is None

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    sess.state.answers["plan.pilot"] = True
    problem = sess.try_save(mini_kb)
    assert problem is not None and "No space left on device" in problem
    assert "plan.pilot" in sess.text(mini_kb)  # what the CLI shows if the last save fails
    assert "plan.pilot" not in load_answers(tmp_path / "s.yaml", mini_kb).values
    monkeypatch.undo()
    assert sess.try_save(mini_kb) is None
    assert load_answers(tmp_path / "s.yaml", mini_kb).values == {"plan.size": 5,
                                                                 "plan.pilot": True}


def test_a_session_open_in_one_interview_is_refused_in_another(tmp_path):
    # two terminals on one session: the last writer would drop the other's answers
    from advisor.errors import AdvisorError
    from advisor.interview import session as sessions
    path = tmp_path / "s.yaml"
    refused = pytest.raises(AdvisorError, match="open in another interview")
    with sessions.locked(path), refused, sessions.locked(path):
        pass
    with sessions.locked(path):  # released when the first interview ends
        pass
    assert list(tmp_path.iterdir()) == []  # and no lock file is left behind


def test_an_interrupted_interview_releases_its_session(tmp_path):
    from advisor.interview import session as sessions
    path = tmp_path / "s.yaml"
    with pytest.raises(KeyboardInterrupt), sessions.locked(path):
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    with sessions.locked(path):
        pass
