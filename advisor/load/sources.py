"""Which files make a knowledge base: layers of folders, each read in a stable order.

A layer is a folder (or a group of folders, such as the shipped `knowledge/` and `rules/`);
a later layer may override an id of an earlier one. `cases/` and `tests/` folders hold
answers files, not knowledge, and are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, SourceError
from .files import display_path, iter_yaml_files, link_problem

SKIP_DIRS = {"cases", "tests"}

Layer = Path | Sequence[Path]


@dataclass(frozen=True)
class SourceFile:
    """A file to load: its layer (0 = shipped), path, and how to show its path."""

    layer: int
    path: Path
    shown: str
    rel: str  # relative to its layer root: part of the canonical order


def collect(dirs: Sequence[Layer]) -> list[SourceFile]:
    """The YAML files of each layer. A layer is a folder, a file or a group of folders."""
    out: list[SourceFile] = []
    problems: list[Problem] = []
    for layer, entry in enumerate(dirs):
        group = [entry] if isinstance(entry, str | Path) else list(entry)
        for folder in map(Path, group):
            if broken := link_problem(folder):
                problems.append(Problem(str(folder), 0, 0, broken))
                continue
            if not folder.exists():
                problems.append(Problem(str(folder), 0, 0, "knowledge-base folder not found"))
                continue
            if folder.is_file():
                out.append(SourceFile(layer, folder, display_path(folder), folder.name))
                continue
            if not folder.is_dir():
                problems.append(Problem(str(folder), 0, 0, "is neither a file nor a folder (a "
                                                           "pipe or a device?)",
                                        "give a folder of YAML files, or one YAML file"))
                continue
            for path in iter_yaml_files(folder):
                rel = path.relative_to(folder)
                if SKIP_DIRS & set(rel.parts[:-1]):
                    continue
                out.append(SourceFile(layer, path, display_path(path),
                                      f"{folder.name}/{rel.as_posix()}"))
    if problems:
        raise SourceError(problems)
    return out
