"""One case's answers: read and typed against the knowledge base, or written back.

The same format is the input of `advisor assess` and what the interview saves after every
answer, so both paths go through `check_value`.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import SourceError, did_you_mean
from ..model import FactDef, KnowledgeBase
from .yamlio import Document, dump, load, write_atomic

MAX_TEXT = 20_000  # characters in one free-text answer or in the notes


@dataclass
class Answers:
    """Typed answers of one case. `values` holds only known answers."""

    case: str
    values: dict[str, Any] = field(default_factory=dict)
    dont_know: tuple[str, ...] = ()
    language: str | None = None
    notes: str = ""
    expect: dict[str, Any] | None = None
    session: dict[str, Any] | None = None
    path: str = ""

    def with_changes(self, changes: Mapping[str, Any]) -> Answers:
        """A copy with some answers replaced (None means "don't know")."""
        values = dict(self.values)
        dont_know = [f for f in self.dont_know if f not in changes]
        for fid, value in changes.items():
            if value is None:
                values.pop(fid, None)
                dont_know.append(fid)
            else:
                values[fid] = value
        return Answers(self.case, values, tuple(dont_know), self.language, self.notes,
                       self.expect, self.session, self.path)


class AnswerError(ValueError):
    """A value that does not fit its fact; the message says why (and `item`, which item of
    a list answer is wrong)."""

    def __init__(self, message: str, hint: str = "", item: int | None = None):
        super().__init__(message)
        self.message, self.hint, self.item = message, hint, item


def check_value(fact: FactDef, value: Any, raw: str | None = None) -> Any:
    """Type one answer against its fact declaration; raise AnswerError if it does not fit.

    `raw` is the text as written in YAML, so `no` can still mean the choice called "no".
    """
    t = fact.type
    if t == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("yes", "no", "true", "false"):
            return value.lower() in ("yes", "true")
        raise AnswerError(f"'{fact.id}' is a yes/no question; got {_show(value)}",
                          "answer yes or no")
    if t in ("choice", "level"):
        text = raw if isinstance(value, bool) and raw is not None else value
        if isinstance(text, str) and text in fact.choice_ids:
            return text
        raise AnswerError(f"{_show(text)} is not a choice of '{fact.id}'",
                          did_you_mean(str(text), fact.choice_ids)
                          or "choices: " + ", ".join(fact.choice_ids))
    if t == "multi":
        items = value if isinstance(value, list) else None
        if items is None:
            raise AnswerError(f"'{fact.id}' takes a list of choices; got {_show(value)}",
                              "write it as [a, b]" + (f", e.g. [{value}]"
                                                      if isinstance(value, str) else ""))
        out = []
        for i, item in enumerate(items):
            if not isinstance(item, str) or item not in fact.choice_ids:
                raise AnswerError(f"{_show(item)} is not a choice of '{fact.id}'",
                                  did_you_mean(str(item), fact.choice_ids)
                                  or "choices: " + ", ".join(fact.choice_ids), item=i)
            out.append(item)
        chosen = set(out)
        for x in fact.exclusive:
            if x in chosen and len(chosen) > 1:
                raise AnswerError(f"'{x}' cannot be combined with other choices of "
                                  f"'{fact.id}'")
        return tuple(c for c in fact.choice_ids if c in chosen)
    if t == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(value, float) and not math.isfinite(value)):
            hint = ""
            if isinstance(value, str):
                with contextlib.suppress(ValueError):
                    hint = f"write it as a plain number, e.g. {float(value):g}"
            raise AnswerError(f"'{fact.id}' takes a number; got {_show(value)}", hint)
        if fact.integer and not float(value).is_integer():
            raise AnswerError(f"'{fact.id}' takes a whole number; got {value}")
        if fact.min is not None and value < fact.min:
            raise AnswerError(f"{value} is below the minimum of '{fact.id}' ({_num(fact.min)})")
        if fact.max is not None and value > fact.max:
            raise AnswerError(f"{value} is above the maximum of '{fact.id}' ({_num(fact.max)})")
        return int(value) if fact.integer else value
    if t == "text":
        if not isinstance(value, str):
            raise AnswerError(f"'{fact.id}' takes text; got {_show(value)}")
        if len(value) > MAX_TEXT:
            raise AnswerError(f"'{fact.id}' is too long ({len(value)} characters; the limit "
                              f"is {MAX_TEXT})", "keep long documents elsewhere and refer to "
                                                 "them")
        return value
    raise AnswerError(f"'{fact.id}' cannot be answered")  # pragma: no cover


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return str(value)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def load_answers(path: Path, kb: KnowledgeBase) -> Answers:
    """Read and check an answers file; every problem in it is reported at once."""
    doc = load(Path(path))
    return from_document(doc, kb)


def from_document(doc: Document, kb: KnowledgeBase) -> Answers:
    from .schema import AnswersFile, validate

    parsed, problems = validate(AnswersFile, doc)
    if parsed is None:
        raise SourceError(problems)
    values: dict[str, Any] = {}
    for fid, value in parsed.answers.items():
        path = ("answers", fid)
        fact = kb.facts.get(fid)
        if fact is None:
            problems.append(doc.problem(path, f"unknown fact '{fid}'",
                                        did_you_mean(fid, kb.facts), key=True))
            continue
        if fact.derived:
            problems.append(doc.problem(path, f"'{fid}' is concluded by the rules and cannot "
                                              "be answered", key=True))
            continue
        if value is None:
            problems.append(doc.problem(path, f"'{fid}' has no value",
                                        "remove it, or list it under dont_know:"))
            continue
        try:
            values[fid] = check_value(fact, value, doc.raw(path))
        except AnswerError as exc:
            where = path if exc.item is None else (*path, exc.item)
            problems.append(doc.problem(where, exc.message, exc.hint))
    dont_know = []
    for i, fid in enumerate(parsed.dont_know):
        if fid not in kb.facts or kb.facts[fid].derived:
            problems.append(doc.problem(("dont_know", i), f"unknown input fact '{fid}'",
                                        did_you_mean(fid, [f.id for f in kb.input_facts])))
        elif fid in values:
            problems.append(doc.problem(("dont_know", i), f"'{fid}' is both answered and "
                                                          "listed as don't know"))
        else:
            dont_know.append(fid)
    if parsed.notes is not None and len(parsed.notes) > MAX_TEXT:
        problems.append(doc.problem(("notes",), f"the notes are too long ({len(parsed.notes)} "
                                                f"characters; the limit is {MAX_TEXT})"))
    if parsed.language is not None and parsed.language not in kb.languages:
        problems.append(doc.problem(("language",), f"language '{parsed.language}' is not one "
                                                   "of the knowledge base's",
                                    "use one of: " + ", ".join(kb.languages)))
    if any(p.severity == "error" for p in problems):
        raise SourceError(problems)
    return Answers(parsed.case, values, tuple(dict.fromkeys(dont_know)), parsed.language,
                   parsed.notes or "", dict(parsed.expect) if parsed.expect else None,
                   dict(parsed.session) if parsed.session else None, doc.path)


def to_yaml(answers: Answers, kb: KnowledgeBase) -> str:
    """Answers as a YAML document, facts in the knowledge base's order."""
    order = {fid: i for i, fid in enumerate(kb.facts)}
    data: dict[str, Any] = {"case": answers.case}
    if answers.language:
        data["language"] = answers.language
    data["answers"] = {fid: list(v) if isinstance(v, tuple) else v
                       for fid, v in sorted(answers.values.items(),
                                            key=lambda kv: order.get(kv[0], len(order)))}
    if answers.dont_know:
        data["dont_know"] = sorted(answers.dont_know, key=lambda f: order.get(f, len(order)))
    if answers.notes:
        data["notes"] = answers.notes
    if answers.expect:
        data["expect"] = answers.expect
    if answers.session:
        data["session"] = answers.session
    return dump(data)


def save_answers(path: Path, answers: Answers, kb: KnowledgeBase) -> None:
    """Write the answers atomically (temp file, fsync, rename)."""
    write_atomic(Path(path), to_yaml(answers, kb))
