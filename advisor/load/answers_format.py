"""The answers-file format, declared once: its keys, what each holds, and how a file is
checked against them. The same table gives the format's JSON Schema (`advisor schema`).

An answers file is what a consultant writes (and what the interview saves), so its messages
are in plain words and name the key and what it should hold. The answers themselves are
typed by the one value parser against the knowledge base (`answers.from_document`); this
module checks only the envelope around them, which is why it needs no schema library: with
a cached knowledge base, an assessment then imports no validation library at all (pydantic
alone costs more start-up time than the rest of an assessment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import Problem, did_you_mean
from ..model.confidence import LEVELS
from .document import Document

FACT_ID = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$"
LANG = r"^[a-z]{2}(-[A-Za-z]{2,4})?$"
# The format's version. A file without `schema_version:` is version 1; version 2 added
# `answer_sources:`, version 3 `answer_confidence:`. A file says the lowest version that
# reads it (`to_yaml` writes 2 or 3 only when the file uses what they added), so a file that
# uses nothing new stays readable by an older advisor.
VERSION = 3
MAX_SOURCE = 500  # characters in one answer's source note: a short reference, not a document


@dataclass(frozen=True)
class Key:
    """One top-level key: the kind of value it holds and what it means."""

    name: str
    kind: str  # text, texts (a list of texts), mapping, ids (a list of question ids),
    # version (a whole number from 1 to VERSION)
    description: str
    required: bool = False
    pattern: str = ""  # for text: what the text must look like
    shape: str = ""  # what it should be, in words (default: from its kind)


KEYS = (
    Key("schema_version", "version", f"The format's version (1 to {VERSION}; none means 1)"),
    Key("case", "text", "The case's name", required=True),
    Key("language", "text", "Report language (en, zh)", pattern=LANG),
    Key("answers", "mapping", "Answers by question id: `scope.breadth: citywide`",
        shape="lines of 'question id: answer'"),
    Key("dont_know", "ids", "Questions answered \"don't know\""),
    Key("answer_sources", "mapping", "Where an answer came from, by question id: "
        "`scope.breadth: project charter v2` (version 2)",
        shape="lines of 'question id: where the answer came from'"),
    Key("answer_confidence", "mapping", "How sure an answer is, by question id: "
        "`scope.breadth: assumed` (confirmed, stated, assumed; version 3)",
        shape="lines of 'question id: confirmed, stated or assumed'"),
    Key("notes", "text", "Free notes about the case"),
    Key("sources", "texts", "Published sources the answers rest on, by title (case files)"),
    Key("expect", "mapping", "Expected conclusions, checked by `advisor rules test`"),
    Key("session", "mapping", "Interview progress (written by `advisor interview`)"),
)
_BY_NAME = {k.name: k for k in KEYS}
_KNOWLEDGE_KEYS = {"kb", "dimension", "dimensions", "scales", "facts", "derived",
                   "recommendations", "rules", "scoring", "references"}
_KIND_WORDS = {"text": "text", "mapping": "a mapping of 'key: value' lines",
               "ids": "a list of question ids, such as [plan.pilot, plan.fallback]",
               "texts": "a list of texts, one per source",
               "version": f"a whole number from 1 to {VERSION}"}


def value_kind(value: Any) -> str:
    """What a value is, in a file author's words ("a list", "yes/no")."""
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return "a number" if isinstance(value, int | float) else "text"


def _fits(key: Key, value: Any) -> bool:
    if key.kind == "text":
        return isinstance(value, str)
    if key.kind == "mapping":
        return isinstance(value, dict)
    if key.kind == "version":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 1
    return isinstance(value, list)


def check_envelope(doc: Document) -> list[Problem]:
    """Every problem with the file's top-level keys (empty when it is well formed)."""
    data = doc.data
    if data is None:
        return [doc.problem((), "the file is empty")]
    if not isinstance(data, dict):
        return [doc.problem((), f"the file must be a mapping of keys, not {value_kind(data)}",
                            "start with `case: <a name>`, then `answers:`")]
    problems = []
    for name in data:
        if name not in _BY_NAME:
            hint = f"'{name}:' belongs in a knowledge file (give it with --kb)" \
                if name in _KNOWLEDGE_KEYS else did_you_mean(str(name), _BY_NAME, 0.7)
            problems.append(doc.problem((name,), f"unknown key '{name}'",
                                        hint or "keys: " + ", ".join(_BY_NAME), key=True))
    for key in KEYS:
        if key.name not in data:
            if key.required:
                problems.append(doc.problem((), f"missing required key '{key.name}'",
                                            f"add `{key.name}:` ({key.description.lower()})"))
            continue
        value = data[key.name]
        if value is None and not key.required:
            continue
        if key.kind == "version" and _fits(key, value) and value > VERSION:
            problems.append(doc.problem((key.name,), f"{key.name}: this file is format "
                                                     f"version {value}; this advisor reads "
                                                     f"versions 1 to {VERSION}",
                                        "update advisor to read it"))
        elif not _fits(key, value):
            shape = key.shape or _KIND_WORDS[key.kind]
            problems.append(doc.problem((key.name,), f"{key.name}: should be {shape}, not "
                                                     f"{value_kind(value)}"))
        elif key.pattern and not re.fullmatch(key.pattern, value):
            problems.append(doc.problem((key.name,), f"{key.name}: '{value}' is not a "
                                                     "language code",
                                        "use a code such as en or zh"))
        elif key.kind == "texts":
            for i, item in enumerate(value):
                if not isinstance(item, str) or not item.strip():
                    problems.append(doc.problem((key.name, i), f"{key.name}: item {i + 1} "
                                                               "should be text"))
        elif key.kind == "ids":
            for i, item in enumerate(value):
                if not isinstance(item, str) or not re.fullmatch(FACT_ID, item):
                    problems.append(doc.problem((key.name, i), f"{key.name}: {item!r} is not "
                                                               "a question id"))
    return problems


def json_schema() -> dict[str, Any]:
    """The format as a JSON Schema (draft 2020-12), for editors."""
    props: dict[str, Any] = {}
    for key in KEYS:
        if key.kind == "text":
            prop: dict[str, Any] = {"type": "string"}
            if key.pattern:
                prop["pattern"] = key.pattern
        elif key.kind == "mapping":
            prop = {"type": "object"}
            if key.name in ("answers", "answer_sources", "answer_confidence"):
                prop["propertyNames"] = {"pattern": FACT_ID}
            if key.name == "answer_sources":
                prop["additionalProperties"] = {"type": "string", "minLength": 1,
                                                "maxLength": MAX_SOURCE}
            if key.name == "answer_confidence":
                prop["additionalProperties"] = {"enum": list(LEVELS)}
        elif key.kind == "version":
            prop = {"type": "integer", "minimum": 1, "maximum": VERSION}
        elif key.kind == "texts":
            prop = {"type": "array", "items": {"type": "string", "minLength": 1}}
        else:
            prop = {"type": "array", "items": {"type": "string", "pattern": FACT_ID}}
        props[key.name] = {**prop, "description": key.description}
    return {"type": "object", "additionalProperties": False,
            "required": [k.name for k in KEYS if k.required], "properties": props}
