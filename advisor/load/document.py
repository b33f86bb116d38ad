"""A loaded YAML file as plain data plus the position of every value and key.

No YAML library here: `yamlio` fills a `Document`, and everything else reads positions from
it, down to the character inside a scalar (`locator`), so conditions are located exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Mark:
    """Where a value starts (1-based line and column) and how its scalar was written."""

    line: int
    col: int
    style: str = ""  # "", "'", '"', "|" or ">" for scalars
    raw: str | None = None  # the scalar as written, for type-directed reading


@dataclass
class Document:
    """A loaded YAML file: plain data plus the position of every value and mapping key."""

    path: str
    data: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)
    key_marks: dict[Path_, Mark] = field(default_factory=dict)
    text: str = ""  # the source, to locate a position inside a scalar
    _lines: list[str] | None = field(default=None, repr=False, compare=False)

    def locator(self, path: Path_, value: str) -> Callable[[int], tuple[int, int]]:
        """Where the character at each offset of the string `value` (at `path`) stands in
        the file, following folded lines, quotes, escapes and block indentation."""
        m = self.marks.get(tuple(path))
        if m is None:
            return lambda offset: (1, 1)
        if self._lines is None:
            self._lines = self.text.split("\n")  # once per file: conditions are many
        positions = _scalar_positions(self._lines, m, value)
        # one past the last character: where "the condition ended" errors point
        end = (positions[-1][0], positions[-1][1] + 1) if positions else \
            (m.line, m.col + (1 if m.style in ("'", '"') else 0))
        return lambda offset: positions[offset] if 0 <= offset < len(positions) else end

    def mark(self, path: Path_) -> Mark:
        """The position of the value at `path`, or of its nearest located parent."""
        p = tuple(path)
        while p and p not in self.marks:
            p = p[:-1]
        return self.marks.get(p, Mark(1, 1))

    def key_mark(self, path: Path_) -> Mark:
        """The position of the mapping key that ends `path` (falls back to the value)."""
        return self.key_marks.get(tuple(path)) or self.mark(path)

    def problem(self, path: Path_, message: str, hint: str = "", *, key: bool = False,
                offset: int = 0, severity: str = "error", code: str = "") -> Problem:
        m = self.key_mark(path) if key else self.mark(path)
        col = m.col + offset + (1 if offset and m.style in ("'", '"') else 0)
        return Problem(self.path, m.line, col, message, hint, severity, code)

    def raw(self, path: Path_) -> str | None:
        m = self.marks.get(tuple(path))
        return m.raw if m else None


def _scalar_positions(lines: list[str], mark: Mark, value: str) -> list[tuple[int, int]]:
    """(line, col) of each character of a scalar's value, found by walking its source."""
    out: list[tuple[int, int]] = []
    line, col = mark.line - 1, mark.col - 1  # 0-based cursor in the source
    if mark.style in ("|", ">"):
        line += 1  # the content starts on the line after the indicator
        while line < len(lines) and not lines[line].strip():
            line += 1
        indent = len(lines[line]) - len(lines[line].lstrip(" ")) if line < len(lines) else 0
        col = indent
    elif mark.style in ("'", '"'):
        col += 1  # past the opening quote

    def skip_break() -> None:
        nonlocal line, col
        line += 1
        while line < len(lines) and not lines[line].strip():
            line += 1
        col = len(lines[line]) - len(lines[line].lstrip(" \t")) if line < len(lines) else 0

    for ch in value:
        if line >= len(lines):
            out.append((len(lines), 1))
            continue
        src = lines[line]
        if mark.style == "|" and ch == "\n":  # a literal block keeps its line breaks
            out.append((line + 1, col + 1))
            line, col = line + 1, indent
            continue
        if col >= len(src.rstrip()) and ch in (" ", "\n") and mark.style != "|":
            out.append((line + 1, col + 1))
            skip_break()  # a folded line break
            continue
        if col >= len(src):
            skip_break()
            src = lines[line] if line < len(lines) else ""
        if mark.style == '"' and col < len(src) and src[col] == "\\":
            out.append((line + 1, col + 1))
            col += 2  # an escape: two source characters for one (longer forms are rare here)
            continue
        if mark.style == "'" and src[col: col + 2] == "''":
            out.append((line + 1, col + 1))
            col += 2
            continue
        out.append((line + 1, col + 1))
        col += 1
    return out
