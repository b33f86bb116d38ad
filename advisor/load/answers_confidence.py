"""The answers file's `answer_confidence:` block (format version 3): how sure each answer is.

Kept apart from `answers` (which reads the rest of the file) because it is one optional
block with its own checks: a known question, an answer a rule can read, one of the levels.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import Problem, did_you_mean
from ..model import FactDef, KnowledgeBase
from ..model.confidence import LEVELS
from .answers_format import value_kind
from .document import Document

_HINT = "use one of: " + ", ".join(LEVELS) + " (an answer with no level is stated)"


def read_confidence(doc: Document, data: Mapping[str, Any], kb: KnowledgeBase,
                    renamed: Mapping[str, FactDef],
                    problems: list[Problem]) -> dict[str, tuple[str, str]]:
    """The levels by the key they are written under: (question id, level); problems are
    added to `problems`."""
    out: dict[str, tuple[str, str]] = {}
    for fid, level in (data.get("answer_confidence") or {}).items():
        path = ("answer_confidence", fid)
        fact = kb.facts.get(fid)
        if fact is None and fid in renamed:
            fact = renamed[fid]
        if fact is None:
            problems.append(doc.problem(path, f"answer_confidence: no question has the id "
                                              f"'{fid}'",
                                        did_you_mean(fid, [f.id for f in kb.input_facts]),
                                        key=True))
        elif fact.derived:
            problems.append(doc.problem(path, f"answer_confidence: '{fid}' is concluded by "
                                              "the rules; only answers have a confidence",
                                        key=True))
        elif not isinstance(level, str):
            problems.append(doc.problem(path, f"the confidence of '{fact.id}' should be a "
                                              f"word, not {value_kind(level)}", _HINT))
        elif level not in LEVELS:
            problems.append(doc.problem(path, f"the confidence of '{fact.id}' is '{level}', "
                                              "which is not a level",
                                        did_you_mean(level, LEVELS) or _HINT))
        else:
            out[fid] = (fact.id, level)
    return out
