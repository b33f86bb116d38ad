"""One case's answers: read and typed against the knowledge base, or written back.

The same format is the input of `advisor assess` and what the interview saves after every
answer; both paths type values with the one value parser (`lang.coerce`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import lang
from ..errors import Problem, SourceError, did_you_mean
from ..lang.values import MAX_TEXT
from ..model import FactDef, KnowledgeBase
from .answers_confidence import read_confidence
from .answers_format import MAX_SOURCE, check_envelope, value_kind
from .files import write_atomic
from .yamlio import Document, dump, load


@dataclass
class Answers:
    """Typed answers of one case. `values` holds only known answers."""

    case: str
    values: dict[str, Any] = field(default_factory=dict)
    dont_know: tuple[str, ...] = ()
    language: str | None = None
    notes: str = ""
    sources: tuple[str, ...] = ()  # published sources a case file rests on
    expect: dict[str, Any] | None = None
    session: dict[str, Any] | None = None
    path: str = ""
    warnings: tuple[Problem, ...] = ()  # what was read but not used, or read under a new id
    skipped: tuple[str, ...] = ()  # questions the interview did not ask: no answer could
    # have changed a conclusion, so the assessment treats them as not applicable
    answer_sources: dict[str, str] = field(default_factory=dict)  # question id -> where
    # its answer (or its "don't know") came from, as the user wrote it (format version 2)
    answer_confidence: dict[str, str] = field(default_factory=dict)  # question id -> how
    # sure its answer is (model.confidence.LEVELS); none given: stated (format version 3)

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
        skipped = tuple(f for f in self.skipped if f not in changes)
        # a changed answer is a hypothesis: the source of the old one does not vouch for it
        sources = {f: s for f, s in self.answer_sources.items() if f not in changes}
        levels = {f: c for f, c in self.answer_confidence.items() if f not in changes}
        return replace(self, values=values, dont_know=tuple(dont_know), skipped=skipped,
                       answer_sources=sources, answer_confidence=levels)


def load_answers(path: Path, kb: KnowledgeBase) -> Answers:
    """Read and check an answers file; every problem in it is reported at once."""
    doc = load(Path(path))
    return from_document(doc, kb)


def from_document(doc: Document, kb: KnowledgeBase) -> Answers:
    """Typed answers from a loaded file; every problem in it is reported at once."""
    problems = check_envelope(doc)
    if problems:
        raise SourceError(problems)
    data: dict[str, Any] = {k: v for k, v in doc.data.items() if v is not None}
    values: dict[str, Any] = {}
    notes_for_user: list[Problem] = []
    renamed = {f.renamed_from: f for f in kb.input_facts if f.renamed_from}
    for fid, value in (data.get("answers") or {}).items():
        path = ("answers", fid)
        fact = kb.facts.get(fid)
        if fact is None and fid in renamed:
            fact = renamed[fid]
            notes_for_user.append(doc.problem(path, f"'{fid}' is now called '{fact.id}'; the "
                                                    "answer was read as that", severity="note",
                                              key=True))
        if fact is None:
            problems.append(doc.problem(path, f"no question has the id '{fid}'",
                                        did_you_mean(fid, kb.facts), key=True))
            continue
        if fact.derived:
            problems.append(doc.problem(path, f"'{fid}' is concluded by the rules and cannot "
                                              "be answered", key=True))
            continue
        if value is None:
            problems.append(doc.problem(path, f"{_question(fact, data)} has no value",
                                        "remove it, or list it under dont_know:"))
            continue
        value, raw = _renamed_value(fact, value, doc.raw(path))
        try:
            values[fact.id] = lang.coerce(fact, value, raw)
        except lang.ValueProblem as exc:
            where = path if exc.item is None else (*path, exc.item)
            problems.append(doc.problem(where, exc.naming(fact, _question(fact, data)),
                                        exc.hint))
    dont_know = []
    for i, fid in enumerate(data.get("dont_know") or ()):
        fid = renamed[fid].id if fid in renamed and fid not in kb.facts else fid
        if fid not in kb.facts or kb.facts[fid].derived:
            problems.append(doc.problem(("dont_know", i), f"unknown input fact '{fid}'",
                                        did_you_mean(fid, [f.id for f in kb.input_facts])))
        elif fid in values:
            problems.append(doc.problem(("dont_know", i), f"{_question(kb.facts[fid], data)} "
                                                          "is both answered and listed as "
                                                          "don't know"))
        else:
            dont_know.append(fid)
    notes, language = data.get("notes", ""), data.get("language")
    if len(notes) > MAX_TEXT:
        problems.append(doc.problem(("notes",), f"the notes are too long ({len(notes)} "
                                                f"characters; the limit is {MAX_TEXT})"))
    if language is not None and language not in kb.languages:
        problems.append(doc.problem(("language",), f"language '{language}' is not one of "
                                                   "the knowledge base's",
                                    "use one of: " + ", ".join(kb.languages)))
    sources = _answer_sources(doc, data, kb, renamed, problems)
    levels = read_confidence(doc, data, kb, renamed, problems)
    if any(p.severity == "error" for p in problems):
        raise SourceError(problems)
    answered = {*values, *dont_know}
    answer_sources = _answered_only(doc, kb, data, sources, answered, "answer_sources",
                                    "a source", "answer the question, or list it under "
                                    "dont_know:", notes_for_user)
    answer_confidence = _answered_only(doc, kb, data, levels, set(values), "answer_confidence",
                                       "a confidence", "answer the question, or remove the line",
                                       notes_for_user)
    for fid, reason in not_applicable(kb, values):
        del values[fid]
        answer_sources.pop(fid, None)
        answer_confidence.pop(fid, None)
        notes_for_user.append(doc.problem(("answers", fid), f"'{fid}' was answered, but its "
                                                            f"question does not apply ({reason}); "
                                                            "the answer is not used",
                                          severity="warning", key=True))
    session = data.get("session") or None
    return Answers(data["case"], values, tuple(dict.fromkeys(dont_know)), language, notes,
                   tuple(data.get("sources") or ()), data.get("expect") or None,
                   session, doc.path, tuple(problems) + tuple(notes_for_user),
                   _skipped(session, kb, values, dont_know), answer_sources,
                   answer_confidence)


def _answered_only(doc: Document, kb: KnowledgeBase, data: Mapping[str, Any],
                   items: Mapping[str, tuple[str, str]], answered: set[str], section: str,
                   what: str, hint: str, notes: list[Problem]) -> dict[str, str]:
    """A note or level by question, kept only for an answered question; any other is a
    warning in `notes` and is not used."""
    out = {}
    for key, (fid, item) in items.items():
        if fid in answered:
            out[fid] = item
            continue
        word = what.split()[-1]
        notes.append(doc.problem(
            (section, key), f"{_question(kb.facts[fid], data)} has {what} but no answer; the "
                            f"{word} is not used", hint, severity="warning", key=True))
    return out


def _answer_sources(doc: Document, data: Mapping[str, Any], kb: KnowledgeBase,
                    renamed: Mapping[str, FactDef],
                    problems: list[Problem]) -> dict[str, tuple[str, str]]:
    """The source notes, each on one line, by the key they are written under: (question id,
    note); problems are added to `problems`."""
    out: dict[str, tuple[str, str]] = {}
    for fid, note in (data.get("answer_sources") or {}).items():
        path = ("answer_sources", fid)
        fact = kb.facts.get(fid)
        if fact is None and fid in renamed:
            fact = renamed[fid]
        if fact is None:
            problems.append(doc.problem(path, f"answer_sources: no question has the id '{fid}'",
                                        did_you_mean(fid, [f.id for f in kb.input_facts]),
                                        key=True))
            continue
        if fact.derived:
            problems.append(doc.problem(path, f"answer_sources: '{fid}' is concluded by the "
                                              "rules; only answers have a source", key=True))
            continue
        hint = "write where the answer came from, such as \"project charter v2\""
        if not isinstance(note, str):
            problems.append(doc.problem(path, f"the source of {_question(fact, data)} should "
                                              f"be text, not {value_kind(note)}",
                                        hint + "; put a number or a date in quotes"))
        elif not note.strip():
            problems.append(doc.problem(path, f"the source of {_question(fact, data)} is "
                                              "empty", hint + ", or remove the line"))
        elif len(note) > MAX_SOURCE:
            problems.append(doc.problem(path, f"the source of {_question(fact, data)} is too "
                                              f"long ({len(note)} characters; the limit is "
                                              f"{MAX_SOURCE})",
                                        "name the document or the interview; keep its text "
                                        "elsewhere"))
        else:
            out[fid] = (fact.id, " ".join(note.split()))
    return out


def _skipped(session: Any, kb: KnowledgeBase, values: Mapping[str, Any],
             dont_know: list[str]) -> tuple[str, ...]:
    """The questions an interview recorded as not asked (`session: skipped:`), those still
    unanswered; anything else there is ignored (the block is the tool's own)."""
    listed = session.get("skipped") if isinstance(session, dict) else None
    if not isinstance(listed, list):
        return ()
    return tuple(f for f in listed if isinstance(f, str) and f in kb.facts
                 and not kb.facts[f].derived and f not in values and f not in dont_know)


def _question(fact: FactDef, data: Mapping[str, Any]) -> str:
    """A question as an answers file's author knows it: its short label in the file's
    language, then its id."""
    code = data.get("language")
    label = fact.label.get(code if isinstance(code, str) else "en")
    return f"“{label}” ({fact.id})" if label else f"'{fact.id}'"


def _renamed_value(fact: FactDef, value: Any, raw: str | None) -> tuple[Any, str | None]:
    """An answer written with a choice the knowledge base has since renamed, as the new one."""
    renames = dict(fact.renamed_values)
    if not renames:
        return value, raw
    for word in (raw, value if isinstance(value, str) else None,
                 ("yes" if value else "no") if isinstance(value, bool) else None):
        if word is not None and word in renames:
            return renames[word], renames[word]
    return value, raw


def not_applicable(kb: KnowledgeBase, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Answers to follow-up questions whose condition is false whatever is still unanswered,
    with the condition in words (the interview would never have asked them)."""
    open_ = kb.input_ids.difference(values)
    follow_ups = kb.follow_ups
    out = []
    for fid in values:
        ask_if = follow_ups.get(fid)
        if ask_if is not None and lang.evaluate3(ask_if, values.get, open_.__contains__) is False:
            out.append((fid, lang.render(ask_if)))
    return out


def to_yaml(answers: Answers, kb: KnowledgeBase) -> str:
    """Answers as a YAML document, facts in the knowledge base's order; `schema_version`
    only when the file needs version 2 (answer sources) or 3 (answer confidence)."""
    order = {fid: i for i, fid in enumerate(kb.facts)}
    data: dict[str, Any] = {"case": answers.case}
    if answers.language:
        data["language"] = answers.language
    data["answers"] = {fid: list(v) if isinstance(v, tuple) else v
                       for fid, v in sorted(answers.values.items(),
                                            key=lambda kv: order.get(kv[0], len(order)))}
    if answers.dont_know:
        data["dont_know"] = sorted(answers.dont_know, key=lambda f: order.get(f, len(order)))
    if answers.answer_sources:
        data["answer_sources"] = {f: answers.answer_sources[f] for f in
                                  sorted(answers.answer_sources,
                                         key=lambda f: (order.get(f, len(order)), f))}
    if answers.answer_confidence:
        data["answer_confidence"] = {f: answers.answer_confidence[f] for f in
                                     sorted(answers.answer_confidence,
                                            key=lambda f: (order.get(f, len(order)), f))}
    version = 3 if answers.answer_confidence else 2 if answers.answer_sources else 0
    if version:  # the lowest version that reads the file
        data = {"schema_version": version, **data}
    if answers.notes:
        data["notes"] = answers.notes
    if answers.sources:
        data["sources"] = list(answers.sources)
    if answers.expect:
        data["expect"] = answers.expect
    if answers.session:
        data["session"] = answers.session
    return dump(data)


def save_answers(path: Path, answers: Answers, kb: KnowledgeBase) -> None:
    """Write the answers atomically (temp file, fsync, rename)."""
    write_atomic(Path(path), to_yaml(answers, kb))
