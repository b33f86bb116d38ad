"""The interview's screens, as a person sees them: the real `advisor interview` in a
pseudo-terminal, its output played through a terminal emulator (pyte), the resulting screen
compared with a golden file. At 80 and 100 columns, in English and Chinese: the opening, a
section's header, a question, and the review. Regenerate with `pytest --regen-goldens` and
read the diff: it is exactly what the user will see."""

from __future__ import annotations

import os
import sys

import pexpect
import pyte
import pytest

from tests.conftest import MINI

ENTER, DOWN, SPACE, DONT_KNOW = "\r", "\x1b[B", " ", "\x04"
ROWS = 150  # tall enough that nothing scrolls off: the golden holds the whole session
SHIPPED = ["--save", "case.yaml"]
MINI_ARGS = ["--save", "case.yaml", "--no-shipped", "--kb", str(MINI)]


def _settle(child: pexpect.spawn) -> None:
    """Read until the program has been quiet for a moment (it is waiting for a key)."""
    while True:
        try:
            child.read_nonblocking(100_000, timeout=0.6)
        except pexpect.TIMEOUT:
            return


def capture(tmp_path, args: list[str], steps: list[tuple[str, str]], until: str,
            cols: int) -> str:
    """Run the interview, at each step wait for the text then send the keys; return the
    screen once `until` is shown."""
    env = {**os.environ, "COLUMNS": str(cols), "LINES": str(ROWS), "PYTHONUNBUFFERED": "1",
           "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1", "TERM": "xterm"}
    child = pexpect.spawn(sys.executable, ["-m", "advisor", "interview", *args],
                          cwd=str(tmp_path), env=env, encoding="utf-8", timeout=60,
                          dimensions=(ROWS, cols))
    seen: list[str] = []
    child.logfile_read = type("Log", (), {"write": lambda self, s: seen.append(s),
                                          "flush": lambda self: None})()
    try:
        for text, keys in steps:
            child.expect_exact(text)
            if keys:  # only once the screen is complete: then the keys reach the prompt
                _settle(child)
                child.send(keys)
        child.expect_exact(until)
        _settle(child)
    finally:
        child.close(force=True)
    screen = pyte.Screen(cols, ROWS)
    pyte.Stream(screen).feed("".join(seen))
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


CASE = [("A name for this case", "Demo" + ENTER)]
CASE_ZH = [("为本案例起个名字", "示例" + ENTER)]


@pytest.mark.parametrize("cols", [80, 100])
def test_opening_and_first_section(tmp_path, golden, cols):
    screen = capture(tmp_path, [*SHIPPED, "--lang", "en"],
                     [*CASE, ("Start this section", ENTER)], "^D ", cols)
    golden(f"screens/opening_en_{cols}.txt", screen)


@pytest.mark.parametrize("cols", [80, 100])
def test_chinese_opening_question_and_why(tmp_path, golden, cols):
    screen = capture(tmp_path, [*SHIPPED, "--lang", "zh"],
                     [*CASE_ZH, ("开始本部分", ENTER), ("^D ", SPACE + ENTER),
                      ("第2题", "")], "^D ", cols)
    golden(f"screens/opening_zh_{cols}.txt", screen)


MINI_STEPS = [("Start this section", ENTER), ("Is there a pilot?", ""), ("^D ", DOWN + ENTER),
              ("How many people?", ""), ("^D ", "500" + ENTER), ("How mature?", ""),
              ("^D ", DONT_KNOW), ("Start this section", ENTER), ("Who is affected?", ""),
              ("^D ", SPACE + ENTER), ("Anything else?", ""), ("^D ", "all briefed" + ENTER)]


@pytest.mark.parametrize("cols", [80, 100])
def test_review(tmp_path, golden, cols):
    screen = capture(tmp_path, [*MINI_ARGS, "--lang", "en"], [*CASE, *MINI_STEPS],
                     "Change or add an answer", cols)
    golden(f"screens/review_en_{cols}.txt", screen)


def test_review_edit_in_place(tmp_path, golden):
    # type "3" to find question 3, change it, and come back to the list (no full reprint)
    steps = [*CASE, *MINI_STEPS, ("Change or add an answer", "3"), ("3. How mature?", ENTER),
             ("Changing an answer", ""), ("^D ", "\x1b[A" + ENTER)]  # from don't know up: high
    screen = capture(tmp_path, [*MINI_ARGS, "--lang", "en"], steps, "3. How mature? — high", 80)
    assert screen.count("Your answers") == 1
    golden("screens/review_edit_en_80.txt", screen)
