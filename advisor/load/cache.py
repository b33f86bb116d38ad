"""A cache of validated knowledge bases, so the command starts fast.

Loading parses YAML, validates every file and types every condition; the result depends only
on the files' bytes and on the code that built it (the model, the language and the loader:
their source is part of the key, so a changed loader never meets a stale cache). It is
cached as a pickle read back by an unpickler that knows only the model's own classes (and
the containers pickle builds without naming a class), so a cache file can build nothing but
knowledge-base objects and can run no code; pickle reads the shipped knowledge base in a
quarter of the time tagged JSON took (about 5 against 20 ms), which is most of a cached
start. A cache that cannot be read is ignored and rebuilt.

On a hit nothing validates files, so the builder (and pydantic behind it) is imported only on
a miss: that one deferred import is what makes a cached start fast.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import __version__, lang, model
from ..errors import Problem
from .files import write_atomic
from .sources import Layer, SourceFile, collect

FORMAT = 2  # raise when the model's shape or the file's encoding changes
_CLASSES = {(cls.__module__, cls.__name__): cls for cls in (
    model.Text, model.Origin, model.Choice, model.Scale, model.Question, model.FactDef,
    model.Example, model.Rule, model.Recommendation, model.Dimension, model.Band,
    model.ScoreItem, model.Scoring, model.KnowledgeBase, model.Reference,
    model.DecisionTable, model.TableRow, model.TableCell,
    lang.Leaf, lang.All, lang.AnyOf, lang.Not, lang.Term, Problem)}
_CODE = ("model", "lang", "load")  # the subpackages whose code shapes a cached result
_code_digest: list[str] = []


def code_digest() -> str:
    """A digest of the source of the code that builds a knowledge base (once per process)."""
    if not _code_digest:
        root = Path(__file__).resolve().parent.parent
        digest = hashlib.sha256()
        for sub in _CODE:
            for path in sorted((root / sub).glob("*.py")):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        _code_digest.append(digest.hexdigest()[:16])
    return _code_digest[0]


def cache_dir() -> Path | None:
    if os.environ.get("ADVISOR_NO_CACHE"):
        return None
    if os.environ.get("ADVISOR_CACHE_DIR"):
        return Path(os.environ["ADVISOR_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "change-advisor"


def key(files: Sequence[SourceFile]) -> str:
    digest = hashlib.sha256(f"{__version__}/{FORMAT}/{code_digest()}".encode())
    for f in sorted(files, key=lambda f: (f.layer, f.rel)):
        digest.update(f"{f.layer}\0{f.rel}\0{f.shown}\0".encode())
        try:
            digest.update(f.path.read_bytes())
        except OSError:
            digest.update(b"\0unreadable")
    return digest.hexdigest()[:32]


def load_cached(dirs: Sequence[Layer],
                warnings: list[Problem] | None = None) -> model.KnowledgeBase:
    """Like `builder.load_kb`, through the cache when one is available."""
    files = collect(dirs)
    folder = cache_dir()
    path = folder / f"kb-{key(files)}.pickle" if folder else None
    if path is not None and path.exists():
        try:
            kb, cached_warnings = loads(path.read_bytes())
            if not isinstance(kb, model.KnowledgeBase) or not isinstance(cached_warnings, list) \
                    or not all(isinstance(w, Problem) for w in cached_warnings):
                raise TypeError("not a knowledge base")
            if warnings is not None:
                warnings.extend(cached_warnings)
            return kb
        except (OSError, ValueError, TypeError, EOFError, pickle.UnpicklingError):
            pass  # a damaged or foreign cache file: rebuild it
    from .builder import build  # only on a miss: see the module docstring

    found: list[Problem] = []
    kb = build(files, found)
    if warnings is not None:
        warnings.extend(found)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, pickle.dumps((kb, found), protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, TypeError, ValueError, pickle.PicklingError):  # never break the command
            pass
    return kb


class _ModelUnpickler(pickle.Unpickler):
    """Builds only the model's own classes: any other name in a pickle is refused."""

    def find_class(self, module: str, name: str) -> Any:
        cls = _CLASSES.get((module, name))
        if cls is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a knowledge base")
        return cls


def loads(data: bytes) -> Any:
    """Read a cache file's bytes (see the module docstring for what it may hold)."""
    return _ModelUnpickler(io.BytesIO(data)).load()
