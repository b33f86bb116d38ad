"""Running exported CLIPS source through clipspy: the reference engine of the tests and the
benchmark.

The only clipspy importer (an optional dependency: `pip install clipspy`); nothing in the
tool itself imports this module, so `advisor rules export` works without it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import clips

from ..errors import EngineError
from ..model import KnowledgeBase
from .clips_export import compile_kb
from .clips_patterns import template_of


def _python(value: Any) -> Any:
    """A CLIPS value read back as the engine's Python value (TRUE/FALSE are bools)."""
    if isinstance(value, clips.Symbol):
        if value in ("TRUE", "FALSE"):
            return value == "TRUE"
        return str(value)
    return value


class ClipsEngine:
    """The knowledge base compiled once into a CLIPS environment; `assess` runs one case.

    `source`: a file written by `advisor rules export --format clips` for `kb`, loaded as
    it is (what a CLIPS user would load); without it the constructs are built in memory.
    """

    def __init__(self, kb: KnowledgeBase, source: Path | None = None):
        self.kb = kb
        self.env = clips.Environment()
        if source is not None:
            self.env.load(str(source))
        else:
            for construct in compile_kb(kb):
                self.env.build(construct)
        # Answers go in through deffunctions, not `Template.assert_fact`: clipspy's fact
        # wrapper retains the fact, and a retained fact retracted by `reset` is never
        # reclaimed when CLIPS is driven through its API (memory and `assess` time then grow
        # with every case). The functions return TRUE, so no wrapper is made.
        self._put_scalars: Callable[..., Any] = self.env.find_function("put-scalars")
        self._put_multi: Callable[..., Any] = self.env.find_function("put-multi")
        self._results: Callable[[], Any] = self.env.find_function("results")
        self._clashes: Callable[[], Any] = self.env.find_function("clashes")
        # Only facts the knowledge base declares are asserted (the engine ignores others).
        # The order of assertion cannot change a result: nothing fires before `run`.
        self._order = tuple((fid, template_of(f)) for fid, f in kb.facts.items())

    def assess(self, values: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
        """Run the rules on one case's answers (fact id -> value).

        Returns the final value of every derived fact that has one, and the ids of the
        recommendations made. Raises EngineError when two rules set a choice fact to
        different values, as the engine does.
        """
        env = self.env
        env.reset()
        pairs: list[Any] = []
        for fid, template in self._order:
            # values given for derived facts are ignored, as the engine ignores them
            if fid in values and template in ("fv", "fm"):
                if template == "fv":
                    pairs += (fid, values[fid])
                else:
                    self._put_multi(fid, values[fid])
        self._put_scalars(*pairs)
        env.run()
        clash = self._clashes()
        if clash:
            name, old, new, first, second = (_python(v) for v in clash)
            raise EngineError(f"rules {first} and {second} set '{name}' to different values "
                              f"('{old}' and '{new}'); make it a level fact with a scale so "
                              "one value can win, or make the rules exclusive")
        out = self._results()
        end = 1 + 2 * out[0]
        return {out[i]: _python(out[i + 1]) for i in range(1, end, 2)}, set(out[end:])
