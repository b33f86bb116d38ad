"""A cache of validated knowledge bases, so the command starts fast.

Loading parses YAML, validates every file and types every condition; the result depends only
on the files' bytes and on the code that built it (the model, the language and the loader:
their source is part of the key, so a changed loader never meets a stale cache). It is
cached as tagged JSON, rebuilt from a whitelist of the model's own classes, so nothing in the
cache can run code. A cache that cannot be read is ignored and rebuilt.

On a hit nothing validates files, so the builder (and pydantic behind it) is imported only on
a miss: that one deferred import is what makes a cached start fast.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import __version__, lang, model
from ..errors import Problem
from .files import write_atomic
from .sources import Layer, SourceFile, collect

FORMAT = 1  # raise when the model's shape changes
_CLASSES = {cls.__name__: cls for cls in (
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
    path = folder / f"kb-{key(files)}.json" if folder else None
    if path is not None and path.exists():
        try:
            data = loads(path.read_text(encoding="utf-8"))
            kb, cached_warnings = data["kb"], list(data["warnings"])
            if not isinstance(kb, model.KnowledgeBase):
                raise TypeError("not a knowledge base")
            if warnings is not None:
                warnings.extend(cached_warnings)
            return kb
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged or foreign cache file: rebuild it
    from .builder import build  # only on a miss: see the module docstring

    found: list[Problem] = []
    kb = build(files, found)
    if warnings is not None:
        warnings.extend(found)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps({"kb": encode(kb),
                                           "warnings": [encode(w) for w in found]},
                                          ensure_ascii=False, separators=(",", ":")))
        except (OSError, TypeError, ValueError):  # a cache must never break the command
            pass
    return kb


def encode(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {"__t": type(obj).__name__,
                **{f.name: encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}}
    if isinstance(obj, tuple):
        return {"__tuple": [encode(x) for x in obj]}
    if isinstance(obj, list):
        return [encode(x) for x in obj]
    if isinstance(obj, dict):
        return {"__dict": [[encode(k), encode(v)] for k, v in obj.items()]}
    return obj


def _object(data: dict[str, Any]) -> Any:
    """One JSON object of the cache back as what it encodes (called innermost first)."""
    if "__tuple" in data:
        return tuple(data["__tuple"])
    if "__dict" in data:
        return {k: v for k, v in data["__dict"]}
    if "__t" not in data:
        return data  # the file's own envelope: plain data
    cls = _CLASSES[data.pop("__t")]  # KeyError for anything not in the whitelist
    return cls(**data)


def loads(text: str) -> Any:
    """Decode cache text in one pass of the JSON parser."""
    return json.loads(text, object_hook=_object)


def decode(data: Any) -> Any:
    """Decode already-parsed cache data (see `loads`)."""
    return loads(json.dumps(data))
