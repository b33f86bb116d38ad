"""Lint checks of the readiness model and of client texts.

- Score values must follow a fact's declared order: a better answer never scores lower, or
  readiness would fall when an answer improves (the monotonicity the tests hold the whole
  knowledge base to).
- Texts a client reads must not carry the tool's or the authors' internal words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

from ..errors import Problem
from ..model import KnowledgeBase, Origin, Text

INTERNAL = re.compile(r"\bseed\b|\bdefault:|\bfact id\b", re.IGNORECASE)


def score_orders(kb: KnowledgeBase) -> Iterator[Problem]:
    for item in kb.scoring.items:
        fact = kb.facts.get(item.fact)
        if fact is None or not item.values or not fact.order:
            continue
        table = dict(item.values)
        ranked = [(v, table[v]) for v in fact.order if v in table]
        for (better, high), (worse, low) in itertools.pairwise(ranked):
            if high < low:
                o = item.origin
                yield Problem(o.path, o.line, o.col,
                              f"score item '{item.id}' gives {better!r} ({high:g}) less than "
                              f"the worse answer {worse!r} ({low:g})",
                              "a better answer must never score lower (see the fact's order:)",
                              "error", "score-order")


def internal_words(kb: KnowledgeBase,
                   texts: Iterable[tuple[str, Origin, Text]]) -> Iterator[Problem]:
    """Client texts that mention the tool's internals (a 'seed', 'default:' and the like)."""
    seen: set[str] = set()
    for owner, origin, text in texts:
        for code, value in text.values:
            m = INTERNAL.search(value)
            if m and owner not in seen:
                seen.add(owner)
                yield Problem(origin.path, origin.line, origin.col,
                              f"{owner}: the {code} text says '{m.group()}', which a client "
                              "should not read", "name the real document or say it in plain "
                              "words", "warning", "internal-word")
    for r in kb.rules:
        found = INTERNAL.search(r.source)
        if found and r.id not in seen:
            o = r.origin
            yield Problem(o.path, o.line, o.col, f"rule {r.id}: its source says "
                                                 f"'{found.group()}'",
                          "cite the real title (a reference id)", "warning", "internal-word")
