"""The explainable scoring model: weighted score items per dimension and their levels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .base import Origin, Text

if TYPE_CHECKING:
    from ..lang.tree import Condition


@dataclass(frozen=True)
class Band:
    """A numeric band: values up to `upto` (inclusive; None = no limit) map to `value`."""

    upto: float | None
    value: float


@dataclass(frozen=True)
class ScoreItem:
    """One weighted input to a dimension's 0-100 readiness score.

    Its value in [0, 1] comes from the first of: a matching `cases` entry, the value set by
    rules (`then: score:`, lowest wins), `values` (choice or yes/no), `bands` (numbers),
    `linear` (numbers), `share_of` (multi-select). With none of these it is unanswered.
    """

    id: str
    dimension: str
    weight: float
    label: Text
    fact: str = ""
    values: tuple[tuple[Any, float], ...] = ()
    bands: tuple[Band, ...] = ()
    linear: tuple[float, float] | None = None  # (value scoring 0, value scoring 1), clamped
    share_of: tuple[str, ...] = ()
    cases: tuple[tuple[Condition | None, float], ...] = ()
    applies_if: Condition | None = None
    set_by_rules: bool = False
    default: float | None = None
    origin: Origin = Origin("")


@dataclass(frozen=True)
class Scoring:
    """The explainable scoring model: a readiness score and level per dimension, and the
    weights of the dimensions in the readiness index (docs/readiness-model.md)."""

    items: tuple[ScoreItem, ...] = ()
    level_scale: str = ""
    levels: tuple[tuple[float, str], ...] = ()  # (lowest score, level), highest first
    low_coverage: float = 0.6  # the evidence threshold
    weights: tuple[tuple[str, float], ...] = ()  # dimension -> weight in the readiness index

    @property
    def enabled(self) -> bool:
        return bool(self.items)
