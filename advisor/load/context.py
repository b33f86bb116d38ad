"""What every section of the loader shares: the definitions read so far, the problems found,
and how to turn file data into texts, choices and checked conditions with exact positions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import lang
from ..errors import Problem, did_you_mean
from ..model import Choice, Dimension, FactDef, Origin, Scale, Text
from .sources import SourceFile
from .yamlio import Document


@dataclass
class Entry:
    """One definition of an id in a file, with its validated data and where it stands."""

    id: str
    layer: int
    src: SourceFile
    doc: Document
    path: tuple[Any, ...]
    data: Any
    index: int
    dimension: str | None = None  # the file's default dimension

    def origin(self) -> Origin:
        m = self.doc.mark(self.path)
        return Origin(self.src.shown, m.line, m.col, self.layer, self.index)

    def problem(self, path: tuple[Any, ...], message: str, hint: str = "", **kw: Any) -> Problem:
        """A problem at `path` inside this definition."""
        return self.doc.problem((*self.path, *path), message, hint, **kw)


# the dimension of a knowledge base that declares none (a single default section)
DEFAULT_DIMENSION = "general"


@dataclass
class Context:
    """The loader's state between sections; every problem goes to `problems`."""

    problems: list[Problem] = field(default_factory=list)
    langs: tuple[str, ...] = ()
    dims: list[Dimension] = field(default_factory=list)
    scales: dict[str, Scale] = field(default_factory=dict)

    def text(self, e: Entry, path: tuple[Any, ...], data: Mapping[str, str] | None) -> Text:
        """A bilingual text; a missing language is a warning, not an error."""
        if data is None:
            return Text()
        for code in self.langs:
            if not (data.get(code) or "").strip():
                self.problems.append(e.problem(path, f"missing '{code}' text",
                                               severity="warning", code="translation"))
        return Text.of({k: v.strip() for k, v in data.items()})

    def choices(self, e: Entry, data: Sequence[Any] | None,
                path: tuple[Any, ...]) -> tuple[Choice, ...]:
        out, seen = [], set()
        for i, c in enumerate(data or ()):
            if c.id in seen:
                self.problems.append(e.problem((*path, i, "id"), f"duplicate choice '{c.id}'"))
            seen.add(c.id)
            out.append(Choice(c.id, self.text(e, (*path, i, "label"), c.label),
                              self.text(e, (*path, i, "help"), c.help)))
        return tuple(out)

    def dimension_of(self, e: Entry, explicit: str | None) -> str:
        """The dimension of a definition: its own, else its file's; it must be declared."""
        dim = explicit or e.dimension
        ids = [d.id for d in self.dims]
        if dim is None and ids == [DEFAULT_DIMENSION]:
            return DEFAULT_DIMENSION
        if dim is None:
            self.problems.append(e.problem((), f"'{e.id}' has no dimension",
                                           "add dimension: to it or to its file"))
            return ""
        if dim not in ids:
            where = (*e.path, "dimension") if explicit else ("dimension",)
            self.problems.append(e.doc.problem(where, f"unknown dimension '{dim}'",
                                               did_you_mean(dim, ids)))
        return dim

    def parse(self, e: Entry, path: tuple[Any, ...], data: Any) -> lang.Parsed | None:
        """A condition's syntax, located exactly in its file (None after a syntax error)."""
        full = (*e.path, *path)

        def at(p: tuple[Any, ...]) -> tuple[int, int, str]:
            m = e.doc.mark((*full, *p))
            return m.line, m.col, m.style

        def exact(p: tuple[Any, ...], text: str) -> Any:
            return e.doc.locator((*full, *p), text)

        if data is None:  # `when:` with nothing after it
            line, col, _ = at(())
            name = next((str(p) for p in reversed(full) if isinstance(p, str)), "condition")
            self.problems.append(Problem(e.src.shown, line, col,
                                         f"{name}: is empty; write a condition",
                                         "such as 'plan.size >= 10'"))
            return None
        try:
            return lang.parse_value(data, at, exact=exact)
        except lang.ConditionError as exc:
            self.problems.append(Problem(e.src.shown, exc.line, exc.col, exc.message, exc.hint))
            return None

    def condition(self, e: Entry, path: tuple[Any, ...], data: Any,
                  facts: Mapping[str, FactDef]) -> lang.Condition | None:
        """A checked condition, or None when it has problems (all of them reported)."""
        parsed = self.parse(e, path, data)
        if parsed is None:
            return None
        checked, problems = lang.check(parsed, facts)
        for p in problems:
            self.problems.append(Problem(e.src.shown, p.line, p.col, p.message, p.hint))
        return None if problems else checked
