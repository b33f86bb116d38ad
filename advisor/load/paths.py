"""Where the shipped knowledge base lives: inside the wheel, or at the top of a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # the package: this file is in load/


def shipped_root() -> Path:
    """The folder holding the shipped `knowledge/` and `rules/`."""
    packed = _PACKAGE / "_kb"
    if (packed / "knowledge").is_dir():
        return packed
    return _PACKAGE.parent


def shipped_dirs() -> list[Path]:
    root = shipped_root()
    return [root / "knowledge", root / "rules"]


def shipped_cases() -> Path:
    return shipped_root() / "knowledge" / "cases"
