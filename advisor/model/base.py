"""Texts, origins, choices, scales and dimensions: the vocabulary the rest of the model uses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Text:
    """A user-visible text in several languages."""

    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, mapping: Mapping[str, str] | None) -> Text:
        return cls(tuple(sorted((k, v) for k, v in (mapping or {}).items() if v)))

    def get(self, lang: str) -> str:
        """The text in `lang`; falls back to English, then to any language present."""
        d = dict(self.values)
        return d.get(lang) or d.get("en") or next(iter(d.values()), "")

    def has(self, lang: str) -> bool:
        return any(k == lang and v for k, v in self.values)

    def __bool__(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True)
class Origin:
    """Where something was defined: file, position and the layer it came from."""

    path: str
    line: int = 0
    col: int = 0
    layer: int = 0
    index: int = 0  # position within its file, for a stable canonical order

    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.col}" if self.line else self.path


@dataclass(frozen=True)
class Choice:
    id: str
    label: Text
    help: Text = Text()


@dataclass(frozen=True)
class Scale:
    """An ordered set of values for level facts, from lowest to highest."""

    id: str
    values: tuple[Choice, ...]

    @cached_property
    def ids(self) -> tuple[str, ...]:  # read on every merge and rank: computed once
        return tuple(c.id for c in self.values)

    def label(self, value: str, lang: str) -> str:
        for c in self.values:
            if c.id == value:
                return c.label.get(lang) or value
        return value


@dataclass(frozen=True)
class Dimension:
    id: str
    title: Text
    description: Text = Text()
    source: str = ""


@dataclass(frozen=True)
class Reference:
    """A document the knowledge rests on, cited by its real title."""

    id: str
    title: Text
    publisher: str
    year: int | None = None
    url: str = ""
