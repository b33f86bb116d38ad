"""experta, and the fixes it needs: the only module that imports it.

1. *Import on Python >= 3.10.* experta pins frozendict 1.2, which reads `collections.Mapping`
   (moved to `collections.abc` in 3.3 and removed in 3.10). `_import_experta` puts the old
   names back before importing; nothing else in the process reads them.
2. *The agenda tie bug.* experta's `DepthStrategy` removes a stale activation by bisecting to
   it and checking only the neighbouring slots; with three or more activations of equal key
   the stale one can survive and fire even though its `NOT` pattern is now matched, and which
   one survives depends on hash order. `StableStrategy` removes activations by equality over
   the whole run of equal keys and breaks ties by a fixed order (salience, then the canonical
   rule order, then the fact ids), so a run is the same in every process.
3. *Quiet and lean runs.* experta logs every declaration, activation and firing through its
   watchers (formatting the firing's facts before the call), and on every `reset` scans all
   the engine's members with `inspect.getmembers` for `DefFacts`; nothing here reads those
   logs or declares deffacts of its own, so the watchers are silenced (`_Silent`) and the
   engine class (`KnowledgeEngine`) names experta's one deffacts (the initial fact) instead
   of searching for it: a tenth of a case's rule run.

The matcher's fixes (4, speed of matching, and 5, of compiling) are in `rete_match`, which
takes experta's names from here, so the shim always runs first. The engine (`engine`) uses
the names exported at the bottom, never experta directly.
"""

from __future__ import annotations

import bisect
import collections
import collections.abc
import functools
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any


def _import_experta() -> Any:
    """Import experta on any supported Python (see the module docstring, fix 1)."""
    for name in ("Mapping", "MutableMapping", "Sequence", "Iterable", "Hashable", "Callable"):
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))
    root = logging.getLogger()
    handlers = list(root.handlers)
    import experta
    from experta import engine as experta_engine

    # experta.engine calls logging.basicConfig() on import; undo that side effect.
    for handler in root.handlers[len(handlers):]:
        root.removeHandler(handler)
    del experta_engine
    _silence_watchers()
    return experta


def _silence_watchers() -> None:
    """Every watcher experta logs through, silenced (see the module docstring, fix 3): in
    its `watchers` module, and where a module bound one by name at import."""
    from experta import watchers
    from experta.matchers.rete import check, nodes

    for module in (watchers, check, nodes):
        for name in ("RULES", "ACTIVATIONS", "FACTS", "AGENDA", "MATCH", "MATCHER", "ENGINE"):
            if hasattr(module, name):
                setattr(module, name, _Silent())


class _Silent:
    """A watcher that logs nothing (see the module docstring, fix 3)."""

    level = logging.NOTSET  # experta's `watchers.worth` reads it: never worth logging

    def _nothing(self, *_args: Any, **_kwargs: Any) -> None:
        return None

    debug = info = warning = error = setLevel = _nothing


experta = _import_experta()
from experta import NOT, P  # noqa: E402
from experta import Rule as ExpertaRule  # noqa: E402
from experta.abstract import Strategy  # noqa: E402
from experta.fact import InitialFact  # noqa: E402
from experta.matchers import ReteMatcher  # noqa: E402
from experta.matchers.rete import mixins  # noqa: E402
from experta.matchers.rete.abstract import OneInputNode  # noqa: E402
from experta.matchers.rete.check import FeatureCheck, SameContextCheck, TypeCheck  # noqa: E402
from experta.matchers.rete.nodes import (  # noqa: E402
    ConflictSetNode,
    FeatureTesterNode,
    NotNode,
    OrdinaryMatchNode,
)
from experta.matchers.rete.token import Token  # noqa: E402
from experta.matchers.rete.utils import extract_facts, generate_checks, wire_rule  # noqa: E402


class StableStrategy(Strategy):
    """A deterministic agenda (see the module docstring, fix 2)."""

    @staticmethod
    def key(activation: Any) -> tuple:
        rank = getattr(activation.rule, "rank", (0, 0))
        facts = tuple(sorted((f["__factid__"] for f in activation.facts), reverse=True))
        # The agenda pops its largest key: higher salience first, then lower rule rank.
        return (activation.rule.salience, -rank[0], -rank[1], facts)

    def _update_agenda(self, agenda: Any, added: Iterable[Any], removed: Iterable[Any]) -> None:
        acts = agenda.activations
        for act in removed:
            act.key = self.key(act)
            lo = bisect.bisect_left(acts, act)
            hi = bisect.bisect_right(acts, act)
            for i in range(lo, hi):
                if acts[i] == act:
                    del acts[i]
                    break
        for act in added:
            act.key = self.key(act)
            bisect.insort(acts, act)


_Fact: Any = experta.Fact


class Value(_Fact):
    """One fact of a case: `name` is the fact id, `value` its (frozen) value."""



def make_rule(patterns: Sequence[Any], salience: int, action: Callable[..., None]) -> Any:
    """experta's `Rule(*patterns, salience=salience)(action)`, without its inspection of the
    action's signature (which only decides which keywords to pass on; the engine's actions
    take `**kwargs`, so every keyword is passed, as experta would): a tenth of compiling."""
    rule = ExpertaRule(*patterns, salience=salience)
    rule._wrapped = action
    return functools.update_wrapper(rule, action)


_Engine: Any = experta.KnowledgeEngine


class KnowledgeEngine(_Engine):
    """experta's engine without deffacts (see the module docstring, fix 3)."""

    def get_deffacts(self) -> list[Any]:
        # experta's own, which declares the initial fact; the case's answers are declared
        # by the engine after each reset
        initial = self._declare_initial_fact
        initial.ke = self
        return [initial]
__all__ = [
    "NOT",
    "ConflictSetNode",
    "ExpertaRule",
    "FeatureCheck",
    "FeatureTesterNode",
    "InitialFact",
    "KnowledgeEngine",
    "NotNode",
    "OneInputNode",
    "OrdinaryMatchNode",
    "P",
    "ReteMatcher",
    "SameContextCheck",
    "StableStrategy",
    "Token",
    "TypeCheck",
    "Value",
    "experta",
    "extract_facts",
    "generate_checks",
    "make_rule",
    "mixins",
    "wire_rule",
]
