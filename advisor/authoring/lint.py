"""Static checks over a knowledge base, each located at `file:line:col`.

Loading already rejects what cannot work (unknown facts and choices, type mismatches,
duplicate ids, cycles, undefined recommendations) and warns about missing translations.
`lint` adds what loads but is almost certainly a mistake: rules that can never fire,
questions nobody reads, conclusions nobody uses, recommendations never made, empty sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .. import lang
from ..errors import Problem, SourceError
from ..load.cache import load_cached
from ..model import KnowledgeBase, Origin, Rule, Text
from .lint_cases import case_files, case_problems, never_holding
from .lint_model import internal_words, score_orders
from .lint_overlap import choice_overlaps, domain
from .lint_tables import table_problems


def lint_dirs(dirs: list[Any]) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Load and lint; returns the knowledge base (None if it did not load) and problems."""
    warnings: list[Problem] = []
    try:
        kb = load_cached(dirs, warnings)
    except SourceError as exc:
        return None, list(exc.problems)
    found = set(warnings) | set(lint(kb)) | set(case_problems(kb, case_files(dirs)))
    return kb, sorted(found, key=Problem.sort_key)


def _at(origin: Origin, message: str, hint: str = "", severity: str = "warning",
        code: str = "", leaf: lang.Leaf | None = None) -> Problem:
    line, col = (leaf.line, leaf.col) if leaf is not None and leaf.line else \
        (origin.line, origin.col)
    return Problem(origin.path, line, col, message, hint, severity, code)


def lint(kb: KnowledgeBase) -> list[Problem]:
    problems: list[Problem] = []
    problems += _never_fire(kb)
    problems += choice_overlaps(kb)
    problems += never_holding(kb)
    problems += _unprovided(kb)
    problems += _unread_questions(kb)
    problems += _unused_derived(kb)
    problems += _recommendations(kb)
    problems += _texts(kb)
    problems += _chinese_punctuation(kb)
    problems += score_orders(kb)
    problems += table_problems(kb)
    problems += internal_words(kb, _texts_with_origins(kb))
    return problems


# --------------------------------------------------------------------------- never fire

def _never_fire(kb: KnowledgeBase) -> Iterable[Problem]:
    for rule in kb.rules:
        dead = [_contradiction(kb, clause) for clause in rule.clauses]
        leaf = dead[0] if dead and all(d is not None for d in dead) else None
        if leaf is not None:
            yield _at(rule.origin, f"rule {rule.id} can never fire: its condition "
                                   f"contradicts itself on '{leaf.fact}'",
                      "no answer can satisfy every leaf on this fact at once",
                      severity="error", code="never-fires", leaf=leaf)


def _contradiction(kb: KnowledgeBase, clause: tuple[lang.Term, ...]) -> lang.Leaf | None:
    """A leaf of a fact whose literals in this clause no value can satisfy, or None."""
    by_fact: dict[str, list[lang.Term]] = {}
    for lit in clause:
        by_fact.setdefault(lit.leaf.fact, []).append(lit)
    for fid, lits in by_fact.items():
        fact = kb.facts[fid]
        if len(lits) < 2:
            continue
        if not any(all(lang.leaf_holds(lit.leaf, v) == lit.positive for lit in lits)
                   for v in domain(fact, lits)):
            return lits[-1].leaf
    return None


# --------------------------------------------------------------------------- providers

def _unprovided(kb: KnowledgeBase) -> Iterable[Problem]:
    """Rules that read facts nothing can provide: no question asks for them, or no rule
    concludes them (and they have no default)."""
    for rule in kb.rules:
        for leaf in lang.leaves(rule.when):
            fact = kb.facts[leaf.fact]
            if not fact.derived and fact.question is None:
                yield _at(rule.origin, f"rule {rule.id} reads '{fact.id}', which no question "
                                       "asks for", "only an answers file can provide it; add "
                                                   "a question: to the fact",
                          code="unasked-fact", leaf=leaf)
            elif fact.derived and fact.type != "count" and fact.default is None \
                    and not kb.setters(fact.id):
                yield _at(rule.origin, f"rule {rule.id} reads '{fact.id}', which no rule "
                                       "concludes and which has no default",
                          "so it is always unknown", code="unprovided-fact", leaf=leaf)


def _readers(kb: KnowledgeBase) -> set[str]:
    read = set()
    for r in kb.rules:
        read |= set(lang.facts_read(r.when))
    for f in kb.facts.values():
        read |= set(f.count_of)
        if f.question is not None:
            read |= set(lang.facts_read(f.question.ask_if))
            read |= set(lang.facts_read(f.question.critical_if))
    for item in kb.scoring.items:
        read |= {item.fact} | set(lang.facts_read(item.applies_if))
        for when, _ in item.cases:
            read |= set(lang.facts_read(when))
    return read


def _unread_questions(kb: KnowledgeBase) -> Iterable[Problem]:
    """Questions no conclusion depends on: neither a rule nor a score reads the answer, and
    no other question's condition depends on it."""
    read = _readers(kb)
    for f in kb.input_facts:
        if f.question is not None and f.id not in read and f.type != "text":
            yield _at(f.origin, f"nothing reads '{f.id}' (no rule, score or question "
                                "condition), so the interview will never ask it",
                      "write a rule or a score item that uses it, or remove the question",
                      code="unread-question")


def _unused_derived(kb: KnowledgeBase) -> Iterable[Problem]:
    read = _readers(kb) | set(kb.verdict)
    for f in kb.derived_facts:
        if not f.report and f.id not in read:
            yield _at(f.origin, f"nothing reads or reports '{f.id}'",
                      "read it in a rule, or set report: true", code="unused-derived")
        if f.type != "count" and not kb.setters(f.id) and f.default is None:
            yield _at(f.origin, f"no rule concludes '{f.id}'", code="never-concluded")


def _recommendations(kb: KnowledgeBase) -> Iterable[Problem]:
    made = {rec for r in kb.rules for rec in r.recommends}
    for rec in kb.recommendations.values():
        if rec.id not in made:
            yield _at(rec.origin, f"no rule recommends '{rec.id}'",
                      "add a rule with then: recommend: [...]", code="never-recommended")


def _texts(kb: KnowledgeBase) -> Iterable[Problem]:
    for r in kb.rules:
        if not r.source.strip() and not r.references:
            yield _at(r.origin, f"rule {r.id} cites no source",
                      "name the framework, audit report or policy it rests on (a reference "
                      "id, see references:)", severity="note", code="no-source")
        elif r.source.strip() and kb.references:
            yield _at(r.origin, f"rule {r.id} names its source in free text",
                      "cite reference ids, so reports can list the real titles",
                      severity="note", code="free-source")
        if not r.because:
            yield _at(r.origin, f"rule {r.id} has no because", severity="error",
                      code="no-because")
        for code in kb.languages:
            if _restates(kb, r, code):
                yield _at(r.origin, f"rule {r.id}: the {code} because only restates the rule",
                          "say why the conclusion follows", code="weak-because")


# words that join a restatement ("if A and B then C") without giving a reason
_JOINERS = {"en": {"if", "then", "and", "or", "not", "a", "an", "the", "is", "are", "it",
                   "its", "so", "means", "mean", "with", "of", "has", "have", "does", "do", "be",
                   "yes", "no", "thus", "hence", "therefore", "implies", "to"},
            "zh": set("如果若则且和与或即为是就那么因此所以有的了")}


def _restates(kb: KnowledgeBase, r: Rule, code: str) -> bool:
    """A because restates its rule when every word of it is already in the rule's title, its
    condition or the names of what it reads and concludes ("If mammal and chews cud then
    ungulate"): it says what the rule does, not why the conclusion follows."""
    def words(text: str) -> set[str]:
        if code == "zh":
            return set(re.findall(r"[\u3400-\u9fff]", text))
        return set(re.findall(r"[^\W\d_]+", text.lower()))
    because = words(r.because.get(code))
    if not because:
        return False
    facts = [t.leaf.fact for clause in r.clauses for t in clause] + [f for f, _ in r.sets]
    said = " ".join([r.title.get(code), r.when_text.replace("_", " ").replace(".", " "),
                     *(kb.facts[f].label.get(code) for f in facts if f in kb.facts),
                     *(str(v) for _, v in r.sets)])
    return because <= words(said) | _JOINERS.get(code, set())


_CJK = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’"
_ASCII_PUNCT = re.compile(rf"(?<=[{_CJK}])[,;:?!()]|[,;:?!()](?=[{_CJK}])")


def _texts_with_origins(kb: KnowledgeBase) -> Iterable[tuple[str, Origin, Text]]:
    for r in kb.rules:
        yield f"rule {r.id}", r.origin, r.title
        yield f"rule {r.id}", r.origin, r.because
    for rec in kb.recommendations.values():
        yield rec.id, rec.origin, rec.title
        yield rec.id, rec.origin, rec.action
    for f in kb.facts.values():
        yield f.id, f.origin, f.label
        yield f.id, f.origin, f.finding
        yield f.id, f.origin, f.default_because
        if f.question is not None:
            yield f.id, f.origin, f.question.prompt
            yield f.id, f.origin, f.question.help
        for c in f.choices:
            yield f.id, f.origin, c.label
            yield f.id, f.origin, c.help


def _chinese_punctuation(kb: KnowledgeBase) -> Iterable[Problem]:
    """Chinese text should use full-width punctuation (，；：（）) next to Chinese characters."""
    if "zh" not in kb.languages:
        return
    seen = set()
    for owner, origin, text in _texts_with_origins(kb):
        zh = text.get("zh") if text.has("zh") else ""
        m = _ASCII_PUNCT.search(zh)
        if m and (owner, m.group()) not in seen:
            seen.add((owner, m.group()))
            yield _at(origin, f"{owner}: Chinese text uses the ASCII '{m.group()}' "
                              f"(…{zh[max(m.start() - 6, 0):m.start() + 6]}…)",
                      "use full-width punctuation in Chinese: ，；：？！（）",
                      code="zh-punctuation")


def summary(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    notes = sum(1 for p in problems if p.severity == "note")
    return ", ".join(f"{n} {word}{'' if n == 1 else 's'}"
                     for n, word in ((errors, "error"), (warnings, "warning"), (notes, "note")))
