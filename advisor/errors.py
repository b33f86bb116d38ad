"""The project's own errors: every bad input becomes one of these, never a traceback.

A `Problem` is one located message (`path:line:col: message`); a `SourceError` carries all
problems found in one pass so an author sees every mistake in a file at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


class AdvisorError(Exception):
    """An error the user can act on; the CLI prints it and exits with `exit_code`."""

    exit_code = 2

    def render(self) -> str:
        return f"error: {self}"


@dataclass(frozen=True)
class Problem:
    """One located finding about an input file (an error unless `severity` says otherwise)."""

    path: str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: str = "error"
    code: str = ""

    def render(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def sort_key(self) -> tuple[int, str, int, int, str]:
        """In file order, but a root cause (whose consequences were left out) first."""
        return (self.code != "root-cause", self.path, self.line, self.col, self.message)


class SourceError(AdvisorError):
    """One or more problems in input files, reported together."""

    exit_code = 2

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=Problem.sort_key)
        super().__init__(self.render())

    SHOWN = 50  # an author fixes a few and runs again; thousands help nobody

    def render(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        lines = [p.render() for p in self.problems[: self.SHOWN]]
        if len(self.problems) > self.SHOWN:
            lines.append(f"... and {len(self.problems) - self.SHOWN} more")
        if len(errors) > 1:
            lines.append(f"{len(errors)} errors")
        return "\n".join(lines)


class EngineError(AdvisorError):
    """The rule engine could not finish (for example, the firing budget ran out)."""

    exit_code = 3


class NotConcluded(AdvisorError):
    """An explanation was asked for something this case did not conclude (or that does not
    exist); the message says what to try instead, such as `--why-not`."""


class Interrupted(AdvisorError):
    """The user pressed Ctrl-C; `message` says what was kept and how to go on."""

    exit_code = 130

    def render(self) -> str:
        return str(self)


def _normal(name: str) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group())), name.lower())


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """A "did you mean" hint for a misspelt name, or "" when nothing is close. Short words
    such as keys want a higher `cutoff`: 'case' is 0.6 like 'scales', yet no misspelling."""
    import difflib  # only when something is misspelt: a start does not load it

    pool = sorted(set(candidates))
    same = [c for c in pool if _normal(c) == _normal(word)]  # PLN-1 for PLN-01, Risk for risk
    close = same or difflib.get_close_matches(word, pool, n=3, cutoff=cutoff)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = [lowered[m] for m in difflib.get_close_matches(word.lower(), list(lowered), n=3,
                                                               cutoff=cutoff)]
    if not close:
        return ""
    if len(close) == 1:
        return f"did you mean '{close[0]}'?"
    return "did you mean " + ", ".join(f"'{c}'" for c in close[:-1]) + f" or '{close[-1]}'?"
