"""Problems in an earlier layer's files that a later layer caused, traced to their cause.

A later layer replaces a whole item by id (a scale, a fact, a rule ...). When the
replacement drops what the earlier files use (a scale value, a choice, a fact's type), the
errors are found in those earlier files, typically the shipped ones the user never edited,
and read as if the tool itself were broken. Here each such error is traced back to the
layer item that caused it, and all the errors one item caused become one message at that
item: one mistake, one message, with how many problems follow and where.

An error counts as caused by a later layer only if the earlier layers load without it on
their own (the caller rebuilds them), so a genuine mistake in an earlier file is never
blamed on a layer.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..errors import Problem
from ..model import Origin

SHOWN = 3  # locations of follow-on problems named in the hint; the count says the rest


@dataclass(frozen=True)
class Override:
    """A layer item that replaced an earlier layer's item of the same id."""

    kind: str  # "scale", "fact", "rule", ...
    id: str
    new: Origin
    old: Origin
    names: frozenset[str]  # the ids whose problems it can cause (a scale: also its facts)
    lost: tuple[str, ...] = ()  # values or choices the earlier item had and it has not

    def describe(self) -> str:
        return f"{self.kind} '{self.id}' at {self.new.where()}"


def _key(p: Problem) -> tuple[str, int, int, str]:
    return (p.path, p.line, p.col, p.message)


def _cause(p: Problem, candidates: Sequence[Override]) -> Override | None:
    """The one override a problem follows from: the one whose ids it names, or the only
    candidate; None when several could have caused it."""
    text = p.message + " " + p.hint
    named = [o for o in candidates if any(f"'{n}'" in text for n in o.names)]
    if len(named) == 1:
        return named[0]
    return candidates[0] if len(candidates) == 1 else None


def _root(o: Override, caused: list[Problem], shipped: Container[str]) -> Problem:
    """One message at the layer item for every problem it caused in earlier files."""
    first, rest = caused[0], caused[1:]
    n = len(caused)
    files = "the shipped files" if all(p.path in shipped for p in caused) else \
        "the files of an earlier layer"
    at = f"{first.path}:{first.line}:{first.col}: {first.message}"
    follow = (f"{n} problems follow in {files} that rely on it; the first: {at}" if n > 1
              else f"a problem follows in {files} that relies on it: {at}")
    message = f"{o.kind} '{o.id}' replaces the one at {o.old.where()}, and {follow}"
    noun = "values" if o.kind == "scale" else "choices"
    keep = (f"keep the {noun} the earlier one had ({', '.join(o.lost)})" if o.lost else
            "keep what the earlier files use")
    hint = (f"a layer replaces the whole {o.kind}, it does not add to it: {keep}, or give "
            f"yours another id")
    if rest:
        where = ", ".join(f"{p.path}:{p.line}:{p.col}" for p in rest[:SHOWN])
        more = len(rest) - SHOWN
        hint += f"; the others are at {where}" + (f" and {more} more" if more > 0 else "")
    return Problem(o.new.path, o.new.line, o.new.col, message, hint, code="root-cause")


def blame_layers(errors: Iterable[Problem], overrides: Sequence[Override],
                 layer_of: Mapping[str, int], alone: Callable[[int], Iterable[Problem]],
                 shipped: Container[str] = ()) -> list[Problem]:
    """`errors` with those a later layer caused replaced by one message per cause.

    `layer_of`: a file's shown path -> its layer; `alone(n)`: the errors of layers 0..n
    loaded without the later ones; `shipped`: the shown paths of the shipped files.
    """
    out: list[Problem] = []
    by_cause: dict[Override, list[Problem]] = {}
    clean: dict[int, set[tuple[str, int, int, str]]] = {}
    for p in sorted(errors, key=Problem.sort_key):
        layer = layer_of.get(p.path)
        later = [o for o in overrides if layer is not None and o.new.layer > layer >= o.old.layer]
        if layer is None or not later:
            out.append(p)
            continue
        if layer not in clean:
            clean[layer] = {_key(q) for q in alone(layer)}
        if _key(p) in clean[layer]:
            out.append(p)  # there without the later layers too: the earlier file's own mistake
            continue
        cause = _cause(p, later)
        if cause is None:
            causes = "; ".join(o.describe() for o in later)
            out.append(replace(p, hint=(p.hint + "; " if p.hint else "")
                               + f"the files of this layer load without it on their own: it "
                                 f"follows from what a later layer replaces ({causes})"))
        else:
            by_cause.setdefault(cause, []).append(p)
    out += [_root(o, caused, shipped) for o, caused in by_cause.items()]
    return out
