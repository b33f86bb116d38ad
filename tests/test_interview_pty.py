"""End-to-end: the real `advisor interview` in a pseudo-terminal (pexpect)."""

from __future__ import annotations

import os
import random
import re
import signal
import time

import pexpect
import pytest

from advisor.load.answers import load_answers
from advisor.load.builder import load_kb
from advisor.load.files import write_atomic
from tests.conftest import MINI, ROOT, run_cli
from tests.pty_driver import Driver, screen, spawn

MINI_ARGS = ["--no-shipped", "--kb", str(MINI)]
ANSWERS = {"plan.pilot": False, "plan.size": 500, "plan.maturity": "low",
           "people.groups": ["staff", "public"], "people.note": "Unions asked for a briefing"}


def strip_stamp(text: str) -> str:
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text).replace("\r\n", "\n")
    text = re.sub(r"Generated: .*", "", text)
    return "\n".join(line.rstrip() for line in text.splitlines())


def report_part(text: str) -> str:
    """The report from the first line of its panel, timestamp removed."""
    clean = strip_stamp(text)
    return clean[clean.index("─ Assessment"):].strip()


@pytest.fixture(scope="module")
def mini():
    return load_kb([MINI])


def interview(tmp_path, *extra):
    return spawn(["interview", "--save", str(tmp_path / "case.yaml"), "--lang", "en",
                  *MINI_ARGS, *extra], cwd=str(tmp_path))


def test_full_interview_to_the_report(tmp_path, mini):
    child = interview(tmp_path)
    child.expect_exact("A name for this case")
    child.send("Pilot-less rollout\r")
    driver = Driver(child, mini, ANSWERS)
    driver.run()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert driver.asked == ["plan.pilot", "plan.size", "plan.maturity", "people.groups",
                            "people.note"]
    saved = load_answers(tmp_path / "case.yaml", mini)
    assert saved.values == {**ANSWERS, "people.groups": ("staff", "public")}
    assert saved.case == "Pilot-less rollout"
    # the saved answers file is valid input to `advisor assess`, with the same report
    assess = run_cli("assess", str(tmp_path / "case.yaml"), *MINI_ARGS)
    assert assess.code == 0
    assert report_part(screen(child)) == report_part(assess.out)


def test_interrupted_then_resumed_gives_the_same_report(tmp_path, mini):
    child = interview(tmp_path)
    child.expect_exact("A name for this case")
    child.send("Pilot-less rollout\r")
    driver = Driver(child, mini, ANSWERS)
    driver.run(stop_after=2)
    driver.next_prompt()  # the third question is on screen: interrupt it
    child.sendintr()
    child.expect_exact("Resume with:")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    command = child.before.strip().splitlines()[0].strip()
    assert command.startswith("advisor interview --resume")
    saved = load_answers(tmp_path / "case.yaml", mini)
    assert saved.values == {"plan.pilot": False, "plan.size": 500}

    resumed = spawn(command.split()[1:], cwd=str(tmp_path))
    second = Driver(resumed, mini, ANSWERS)
    second.run()
    resumed.expect(pexpect.EOF)
    resumed.close()
    assert resumed.exitstatus == 0
    assert second.asked == ["plan.maturity", "people.groups", "people.note"]
    assess = run_cli("assess", str(tmp_path / "case.yaml"), *MINI_ARGS)
    assert report_part(screen(resumed)) == report_part(assess.out)


def test_sigkill_at_any_question_keeps_every_confirmed_answer(tmp_path, mini):
    rng = random.Random(4)
    order = list(ANSWERS)
    for trial in range(6):
        path = tmp_path / f"kill{trial}.yaml"
        child = spawn(["interview", "--save", str(path), "--lang", "en", *MINI_ARGS],
                      cwd=str(tmp_path))
        child.expect_exact("A name for this case")
        child.send(f"trial {trial}\r")
        driver = Driver(child, mini, ANSWERS)
        stop = rng.randint(0, len(order) - 1)
        driver.run(stop_after=stop)
        driver.next_prompt()  # the next question is on screen, so earlier saves are done
        os.kill(child.pid, signal.SIGKILL)
        child.close(force=True)
        time.sleep(0.05)
        saved = load_answers(path, mini)
        expected = {f: ANSWERS[f] for f in driver.asked}
        expected = {k: tuple(v) if isinstance(v, list) else v for k, v in expected.items()}
        assert saved.values == expected
        write_atomic(path, path.read_text())  # a killed write's temp file goes with the next
        assert not list(tmp_path.glob(f".{path.name}.*.tmp"))


def test_quick_interview_on_the_shipped_knowledge_base(tmp_path):
    from advisor.load.paths import shipped_cases, shipped_dirs

    kb = load_kb([shipped_dirs()])
    case = load_answers(sorted(shipped_cases().glob("c4_*.yaml"))[0], kb)
    child = spawn(["interview", "--quick", "--save", str(tmp_path / "c4.yaml"), "--lang",
                   "en"], cwd=str(ROOT))
    child.expect_exact("A name for this case")
    child.send("C4 quick\r")
    driver = Driver(child, kb, {k: list(v) if isinstance(v, tuple) else v
                                for k, v in case.values.items()})
    driver.run()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Overall risk" in screen(child) and "HOLD" in screen(child)
    # quick mode: the 24 core questions and the knock-out follow-ups that apply (C4: 33)
    assert 24 <= len(driver.asked) <= 34
