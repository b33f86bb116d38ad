"""Drive the real `advisor interview` in a pseudo-terminal, answering like a user would.

The driver recognises each question by its prompt text (from the knowledge base), then
presses the keys a person would: arrows and Enter for a choice, Space for each box of a
multi-select, typing for numbers and text.
"""

from __future__ import annotations

import io
import os
import sys
from typing import Any

import pexpect

from advisor.model import KnowledgeBase

DOWN, UP, ENTER, SPACE = "\x1b[B", "\x1b[A", "\r", " "
DONT_KNOW, WHY, BACK = "\x04", "\x19", "\x02"  # Ctrl-D, Ctrl-Y, Ctrl-B in every question
REVIEW = "Change or add an answer, or finish"
SECTION = "Start this section"
HINT = "^D "  # the hint line of every question, in every language


def spawn(args: list[str], cwd: str, env: dict | None = None) -> pexpect.spawn:
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "LINES": "40",
                "PYTHONUNBUFFERED": "1", "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})}
    child = pexpect.spawn(sys.executable, ["-m", "advisor", *args], cwd=cwd, env=full_env,
                          encoding="utf-8", timeout=30, dimensions=(40, 100))
    child.logfile_read = io.StringIO()  # everything the user saw, for the final checks
    return child


def screen(child: pexpect.spawn) -> str:
    return child.logfile_read.getvalue()


class Driver:
    def __init__(self, child: pexpect.spawn, kb: KnowledgeBase, answers: dict[str, Any],
                 lang: str = "en"):
        self.child, self.kb, self.answers, self.lang = child, kb, answers, lang
        # the first 40 characters of a prompt: long prompts wrap on an 100-column screen
        self.prompts = {f.question.prompt.get(lang)[:40]: f for f in kb.input_facts
                        if f.question}
        assert len(self.prompts) == len([f for f in kb.input_facts if f.question])
        self.asked: list[str] = []

    def next_prompt(self) -> str | None:
        """Wait for a question (returns its fact id), the review ("review") or the end.

        Each question is announced by its progress line; the prompt text that follows names
        the fact. (Prompt texts alone are not enough: an answered prompt is redrawn with its
        answer, and the review lists them all again.)
        """
        while True:
            i = self.child.expect([r"Question \d+, about \d+ left", REVIEW, SECTION,
                                   pexpect.EOF])
            if i != 2:
                break
            self.child.send(ENTER)  # the section's overview: start it
        if i == 3:
            return None
        if i == 1:
            return "review"
        prompts = list(self.prompts)
        fid = self.prompts[prompts[self.child.expect_exact(prompts)]].id
        # the prompt's hint line: the question's keys are read from here on (a key typed
        # while the question text is still being printed would reach a cooked terminal)
        self.child.expect_exact(HINT)
        return fid

    def answer(self, fid: str) -> None:
        fact = self.kb.facts[fid]
        value = self.answers.get(fid)
        self.asked.append(fid)
        if value is None:
            self.child.send(DONT_KNOW)
        elif fact.type == "bool":
            self.child.send(("" if value else DOWN) + ENTER)
        elif fact.type in ("choice", "level"):
            self.child.send(DOWN * fact.choice_ids.index(value) + ENTER)
        elif fact.type == "multi":
            keys, pos = "", 0
            for i, c in enumerate(fact.choice_ids):
                if c in value:
                    keys += DOWN * (i - pos) + SPACE
                    pos = i
            self.child.send(keys + ENTER)
        else:
            self.child.send(str(value) + ENTER)

    def finish_review(self) -> None:
        self.child.send(ENTER)

    def run(self, stop_after: int | None = None) -> None:
        """Answer questions until the review (finishing it) or until `stop_after` answers."""
        while True:
            if stop_after is not None and len(self.asked) >= stop_after:
                return
            got = self.next_prompt()
            if got is None:
                return
            if got == "review":
                self.finish_review()
                continue
            self.answer(got)
