"""How sure an answer is: one ordered scale, the same for every knowledge base.

An answer is confirmed (a document shows it), stated (one person said so) or assumed (nobody
could say for sure: the interview's "not sure"). An answer with no level is *stated*: that
is what an interview records by default, so a file that says nothing about confidence means
exactly what it meant before the scale existed, and its reports do not change. Reports mark
only what is weaker than that default (docs/readiness-model.md, "Answer confidence").

The scale is the tool's, not a knowledge base's: it says how an answer was obtained, which
is the same question in every domain.
"""

from __future__ import annotations

from collections.abc import Iterable

LEVELS = ("confirmed", "stated", "assumed")  # strongest first
DEFAULT = "stated"  # an answer without a level
ASSUMED = "assumed"  # a "not sure" answer
_RANK = {level: i for i, level in enumerate(LEVELS)}


def weakest(levels: Iterable[str | None]) -> str | None:
    """The weakest of some levels (a chain is as sure as its weakest link); None for none."""
    known = [lv for lv in levels if lv is not None]
    return max(known, key=_RANK.__getitem__) if known else None


def strongest(levels: Iterable[str | None]) -> str | None:
    """The strongest of some levels (the best of alternative derivations); None for none."""
    known = [lv for lv in levels if lv is not None]
    return min(known, key=_RANK.__getitem__) if known else None


def unconfirmed(level: str | None) -> bool:
    """Weaker than an answer with no level: what a report marks and asks to verify."""
    return level is not None and _RANK[level] > _RANK[DEFAULT]
