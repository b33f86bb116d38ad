"""The one place that writes to the terminal or to report files.

Renderers return values (rich renderables or text); only the console made here prints them.
Reports are written atomically, and never over a file they were made from or a YAML file.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import IO

from rich.console import Console

from ..errors import AdvisorError, Problem
from ..load.files import write_atomic
from ..report.terminal import THEME


def make_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    return Console(file=file, theme=THEME, highlight=False, width=width, emoji=False,
                   no_color=bool(os.environ.get("NO_COLOR")) or None, soft_wrap=False)


def stamp() -> str:
    """The report's one line that changes between runs: the reader's local time, with the
    time zone's name (and its offset, since names such as CST are ambiguous)."""
    now = datetime.now().astimezone()
    return now.strftime("%Y-%m-%d %H:%M %Z (UTC%z)").replace("(UTC+0000)", "").strip()


def show_warnings(problems: tuple[Problem, ...] | list[Problem]) -> None:
    """Print what was read but not used (or read differently), one located line each."""
    if problems:
        err = make_console(sys.stderr)
        for p in problems:
            err.print(p.render(), style="fair", markup=False, highlight=False)


def guard_output(out: Path, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse to write a report over one of the files it was made from, over YAML (in any
    letter case), over anything that is not a regular file (a folder, a device such as
    /dev/null, a pipe), or into a folder that does not exist."""
    target = out.resolve()
    for p in inputs:
        if Path(p).resolve() == target:
            raise AdvisorError(f"--out {out} would overwrite an input file; choose another "
                               "name")
    if target.exists() and not target.is_file():
        kind = "a folder" if target.is_dir() else "not a regular file (a device or a pipe?)"
        raise AdvisorError(f"--out {out} is {kind}; name a file to write the report to")
    if target.suffix.lower() in (".yaml", ".yml") and target.exists():
        raise AdvisorError(f"--out {out} is an existing YAML file (an answers or rule file?); "
                           "reports are never written over YAML files")
    if not target.parent.is_dir():
        raise AdvisorError(f"--out {out}: the folder {out.parent} does not exist")


def write_report(out: Path, text: str | bytes, inputs: tuple[Path, ...] = (),
                 console: Console | None = None) -> None:
    """Write a report file, then name it on stderr (stdout stays the report's)."""
    guard_output(out, inputs)
    write_atomic(out, text)
    (console or make_console(sys.stderr)).print(f"{out}", style="muted", markup=False)
