"""Load knowledge and rule files into one validated `KnowledgeBase`.

Files are read from one or more folders (layers): a later layer may override an id of an
earlier one; two definitions of one id in the same layer are an error. Every problem found
in any file is collected and reported together, each located at `file:line:col`.

The result does not depend on the order in which files were read: rules are put in a
canonical order (layer, file path, position), and the rule strata that make conclusions
order-independent are computed from what each rule reads and sets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, SourceError, did_you_mean
from ..lang import conditions as cond
from ..model import (
    Choice,
    Dimension,
    Example,
    FactDef,
    KnowledgeBase,
    Origin,
    Question,
    Recommendation,
    Rule,
    Scale,
    Scoring,
    Text,
)
from .scoring import ScoringSection
from .strata import stratify
from .yamlio import Document, display_path, iter_yaml_files, load

SKIP_DIRS = {"cases", "tests"}


@dataclass(frozen=True)
class SourceFile:
    """A file to load: its layer (0 = shipped), path, and how to show its path."""

    layer: int
    path: Path
    shown: str
    rel: str  # relative to its layer root: part of the canonical order


def collect(dirs: Sequence[Path | Sequence[Path]]) -> list[SourceFile]:
    """The YAML files of each layer. A layer is a folder or a group of folders."""
    out: list[SourceFile] = []
    problems: list[Problem] = []
    for layer, entry in enumerate(dirs):
        group = [entry] if isinstance(entry, (str, Path)) else list(entry)
        for folder in map(Path, group):
            if not folder.exists():
                problems.append(Problem(str(folder), 0, 0, "knowledge-base folder not found"))
                continue
            if folder.is_file():
                out.append(SourceFile(layer, folder, display_path(folder), folder.name))
                continue
            if not folder.is_dir():
                problems.append(Problem(str(folder), 0, 0, "is neither a file nor a folder (a "
                                                           "pipe or a device?)",
                                        "give a folder of YAML files, or one YAML file"))
                continue
            for path in iter_yaml_files(folder):
                rel = path.relative_to(folder)
                if SKIP_DIRS & set(rel.parts[:-1]):
                    continue
                out.append(SourceFile(layer, path, display_path(path),
                                      f"{folder.name}/{rel.as_posix()}"))
    if problems:
        raise SourceError(problems)
    return out


def load_kb(dirs: Sequence[Path | Sequence[Path]],
            warnings: list[Problem] | None = None) -> KnowledgeBase:
    """Load the layers in `dirs` (see `collect`) into a validated knowledge base.

    Errors raise `SourceError`; warnings (such as a missing translation) are appended to
    `warnings` when a list is given.
    """
    return build(collect(dirs), warnings)


def build(files: Iterable[SourceFile], warnings: list[Problem] | None = None) -> KnowledgeBase:
    """Build a knowledge base from files given in any order."""
    from .schema import KnowledgeFile, validate

    builder = _Builder()
    docs: list[tuple[SourceFile, Document, Any]] = []
    for src in sorted(files, key=lambda f: (f.layer, f.rel)):
        try:
            doc = load(src.path, src.shown)
        except SourceError as exc:
            builder.problems.extend(exc.problems)
            continue
        if doc.data is None:
            builder.problems.append(doc.problem((), "the file is empty", severity="warning"))
            continue
        parsed, problems = validate(KnowledgeFile, doc)
        builder.problems.extend(problems)
        builder.digest.update(src.rel.encode() + b"\0" + src.path.read_bytes() + b"\0")
        if parsed is not None:
            docs.append((src, doc, parsed))
    for src, doc, parsed in docs:
        builder.collect(src, doc, parsed)
    kb = builder.finish()
    errors = [p for p in builder.problems if p.severity == "error"]
    if warnings is not None:
        warnings.extend(sorted({p for p in builder.problems if p.severity != "error"},
                               key=Problem.sort_key))
    if errors or kb is None:
        raise SourceError(errors or builder.problems)
    return kb


@dataclass
class _Entry:
    """One definition of an id, with the raw file data kept for the second pass."""

    id: str
    layer: int
    src: SourceFile
    doc: Document
    path: tuple
    data: Any
    index: int
    dimension: str | None = None

    def origin(self) -> Origin:
        m = self.doc.mark(self.path)
        return Origin(self.src.shown, m.line, m.col, self.layer, self.index)


@dataclass
class _Builder(ScoringSection):
    problems: list[Problem] = field(default_factory=list)
    digest: Any = field(default_factory=hashlib.sha256)
    meta: list[_Entry] = field(default_factory=list)
    scoring: list[_Entry] = field(default_factory=list)
    sections: dict[str, dict[str, _Entry]] = field(default_factory=dict)
    overrides: list[tuple[_Entry, _Entry]] = field(default_factory=list)
    file_dims: dict[str, str | None] = field(default_factory=dict)

    # ---------------------------------------------------------------- first pass: ids
    def collect(self, src: SourceFile, doc: Document, parsed: Any) -> None:
        if getattr(parsed, "kb", None) is not None:
            self.meta.append(_Entry(parsed.kb.id, src.layer, src, doc, ("kb",), parsed.kb, 0))
        if getattr(parsed, "scoring", None) is not None:
            self.scoring.append(_Entry("scoring", src.layer, src, doc, ("scoring",),
                                       parsed.scoring, 0))
        for section in ("dimensions", "scales", "facts", "derived", "recommendations", "rules"):
            items = getattr(parsed, section, None) or []
            for i, item in enumerate(items):
                if item is None:  # invalid on its own: already reported
                    continue
                entry = _Entry(item.id, src.layer, src, doc, (section, i), item, i,
                               getattr(parsed, "dimension", None))
                self._add("facts" if section == "derived" else section, entry)

    def _add(self, section: str, entry: _Entry) -> None:
        table = self.sections.setdefault(section, {})
        old = table.get(entry.id)
        if old is not None and old.layer == entry.layer:
            where = old.origin()
            kind = section.rstrip("s") if section != "facts" else "fact"
            self.problems.append(entry.doc.problem(
                (*entry.path, "id"), f"duplicate {kind} id '{entry.id}' (first defined at "
                                     f"{where.path}:{where.line})"))
            return
        if old is not None:
            self.overrides.append((old, entry))
            where = old.origin()
            kind = "fact" if section == "facts" else section.rstrip("s")
            self.problems.append(entry.doc.problem(
                (*entry.path, "id"), f"{kind} '{entry.id}' overrides the one defined at "
                                     f"{where.path}:{where.line}", severity="note",
                code="override"))
        table[entry.id] = entry

    # ---------------------------------------------------------------- second pass
    def finish(self) -> KnowledgeBase | None:
        meta = self._meta()
        if meta is None:
            return None
        langs = tuple(meta.data.languages)
        self.langs = langs
        self.dims = self._dimensions()
        self.scales = self._scales()
        facts = self._facts()
        self.facts = facts
        prio = self.scales.get(meta.data.priority_scale)
        if prio is None:
            self.problems.append(meta.doc.problem(
                (*meta.path, "priority_scale"),
                f"unknown scale '{meta.data.priority_scale}'",
                did_you_mean(meta.data.priority_scale, self.scales)))
            prio = Scale("priority", ())
        recs = self._recommendations(prio)
        scoring = self._scoring(facts)
        rules = self._rules(facts, recs, scoring)
        for fid in meta.data.verdict:
            if fid not in facts or not facts[fid].derived:
                self.problems.append(meta.doc.problem(
                    (*meta.path, "verdict"), f"verdict names '{fid}', which is not a derived "
                                             "fact", did_you_mean(fid, facts)))
        strata = stratify(rules, facts, self.problems)
        if any(p.severity == "error" for p in self.problems):
            return None
        return KnowledgeBase(
            id=meta.data.id,
            version=meta.data.version,
            title=self._text(meta, ("title",), meta.data.title),
            languages=langs,
            dimensions=tuple(self.dims),
            scales=self.scales,
            facts=facts,
            rules=rules,
            recommendations=recs,
            priorities=prio,
            verdict=tuple(meta.data.verdict),
            scoring=scoring,
            strata=strata,
            digest=self.digest.hexdigest()[:16],
            sources=tuple(sorted({e.src.shown for t in self.sections.values()
                                  for e in t.values()})),
            firing_budget=meta.data.firing_budget or 0,
        )

    def _meta(self) -> _Entry | None:
        if not self.meta:
            self.problems.append(Problem("<knowledge base>", 0, 0,
                                         "no file declares the knowledge base ('kb:' section)",
                                         "add a kb: section with id, version, title, "
                                         "languages and priority_scale"))
            return None
        top = max(e.layer for e in self.meta)
        same = [e for e in self.meta if e.layer == top]
        for extra in same[1:]:
            self.problems.append(extra.doc.problem(("kb",), "a second 'kb:' section in the "
                                                            "same layer", key=True))
        return same[0]

    def _text(self, entry: _Entry, path: tuple, data: Mapping[str, str] | None,
              required: bool = True) -> Text:
        if data is None:
            return Text()
        for lang in self.langs:
            if not (data.get(lang) or "").strip():
                self.problems.append(entry.doc.problem(
                    (*entry.path, *path), f"missing '{lang}' text", severity="warning",
                    code="translation"))
        return Text.of({k: v.strip() for k, v in data.items()})

    def _ordered(self, section: str) -> list[_Entry]:
        entries = self.sections.get(section, {}).values()
        return sorted(entries, key=lambda e: (e.layer, e.src.rel, e.index))

    def _dimensions(self) -> list[Dimension]:
        out = []
        for e in self._ordered("dimensions"):
            d = e.data
            out.append(Dimension(d.id, self._text(e, ("title",), d.title),
                                 self._text(e, ("description",), d.description),
                                 d.source or ""))
        if not out:
            self.problems.append(Problem("<knowledge base>", 0, 0, "no dimensions declared"))
        return out

    def _choices(self, e: _Entry, data: Sequence[Any] | None, path: tuple) -> tuple[Choice, ...]:
        out, seen = [], set()
        for i, c in enumerate(data or ()):
            if c.id in seen:
                self.problems.append(e.doc.problem((*e.path, *path, i, "id"),
                                                   f"duplicate choice '{c.id}'"))
            seen.add(c.id)
            out.append(Choice(c.id, self._text(e, (*path, i, "label"), c.label),
                              self._text(e, (*path, i, "help"), c.help)))
        return tuple(out)

    def _scales(self) -> dict[str, Scale]:
        return {e.id: Scale(e.id, self._choices(e, e.data.values, ("values",)))
                for e in self._ordered("scales")}

    def _dimension_of(self, e: _Entry, explicit: str | None) -> str:
        dim = explicit or e.dimension
        ids = [d.id for d in self.dims]
        if dim is None:
            self.problems.append(e.doc.problem(e.path, f"'{e.id}' has no dimension",
                                               "add dimension: to it or to its file"))
            return ""
        if dim not in ids:
            path = (*e.path, "dimension") if explicit else ("dimension",)
            self.problems.append(e.doc.problem(path, f"unknown dimension '{dim}'",
                                               did_you_mean(dim, ids)))
        return dim

    def _facts(self) -> dict[str, FactDef]:
        staged: list[tuple[_Entry, FactDef]] = []
        for e in self._ordered("facts"):
            staged.append((e, self._fact(e)))
        dim_rank = {d.id: i for i, d in enumerate(self.dims)}
        staged.sort(key=lambda p: (p[1].derived, dim_rank.get(p[1].dimension, 99),
                                   p[0].layer, p[0].src.rel, p[0].index))
        facts = {f.id: f for _, f in staged}
        # conditions of questions can only be typed once every fact is known
        for e, f in staged:
            if f.question is not None and e.data.question.ask_if is not None:
                ask = self._condition(e, ("question", "ask_if"), e.data.question.ask_if, facts)
                facts[f.id] = _replace(f, question=_replace(
                    f.question, ask_if=ask, ask_if_text=_source_text(e.data.question.ask_if)))
        for e, f in staged:
            self._check_derived(e, f, facts)
        for e, f in staged:  # counts last: every level fact now has its scale's values
            if f.type == "count":
                self._check_count(e, facts[f.id], facts)
        return facts

    def _check_count(self, e: _Entry, f: FactDef, facts: Mapping[str, FactDef]) -> None:
        if not f.count_of or not f.count_value:
            self.problems.append(e.doc.problem(e.path, "a count fact needs count_of: and "
                                                       "count_value:"))
        for i, member in enumerate(f.count_of):
            m = facts.get(member)
            if m is None:
                self.problems.append(e.doc.problem((*e.path, "count_of", i),
                                                   f"unknown fact '{member}'",
                                                   did_you_mean(member, facts)))
            elif m.type not in ("choice", "level"):
                self.problems.append(e.doc.problem(
                    (*e.path, "count_of", i), f"a count counts choice or level facts; "
                                              f"'{member}' is {m.type}"))
            elif f.count_value not in m.choice_ids:
                self.problems.append(e.doc.problem(
                    (*e.path, "count_value"), f"'{f.count_value}' is not a value of "
                                              f"'{member}'",
                    did_you_mean(f.count_value, m.choice_ids)))

    def _fact(self, e: _Entry) -> FactDef:
        d = e.data
        derived = e.path[0] == "derived"
        dim = self._dimension_of(e, d.dimension)
        choices = self._choices(e, d.choices, ("choices",))
        label = self._text(e, ("label",), d.label)
        common: dict[str, Any] = {"id": d.id, "type": d.type, "dimension": dim,
                                  "derived": derived, "choices": choices,
                                  "origin": e.origin()}
        if derived:
            return FactDef(label=label, scale=d.scale or "", merge=d.merge,
                           default=d.default,
                           default_because=self._text(e, ("default_because",),
                                                      d.default_because),
                           count_of=tuple(d.count_of or ()), count_value=d.count_value or "",
                           finding=self._text(e, ("finding",), d.finding), report=d.report,
                           **common)
        if d.type in ("choice", "level", "multi") and not choices:
            self.problems.append(e.doc.problem((*e.path, "type"),
                                               f"a {d.type} fact needs choices:"))
        for x in d.exclusive:
            if x not in {c.id for c in choices}:
                self.problems.append(e.doc.problem((*e.path, "exclusive"),
                                                   f"'{x}' is not one of its choices"))
        if d.min is not None and d.max is not None and d.min > d.max:
            self.problems.append(e.doc.problem((*e.path, "min"), "min is greater than max"))
        question = None
        if d.question is not None:
            q = d.question
            question = Question(prompt=self._text(e, ("question", "prompt"), q.prompt),
                                help=self._text(e, ("question", "help"), q.help),
                                core=q.core, followup=q.followup,
                                origin=e.origin())
            if not label:
                label = question.prompt
        return FactDef(label=label, exclusive=tuple(d.exclusive),
                       unit=self._text(e, ("unit",), d.unit), min=d.min, max=d.max,
                       integer=d.integer, question=question, **common)

    def _check_derived(self, e: _Entry, f: FactDef, facts: Mapping[str, FactDef]) -> None:
        if not f.derived:
            return
        if f.type == "level":
            scale = self.scales.get(f.scale)
            if scale is None:
                self.problems.append(e.doc.problem(
                    (*e.path, "scale") if f.scale else e.path,
                    f"unknown scale '{f.scale}'" if f.scale else "a level fact needs scale:",
                    did_you_mean(f.scale, self.scales)))
                return
            facts[f.id] = f = _replace(f, choices=scale.values)
        if f.type == "choice" and not f.choices:
            self.problems.append(e.doc.problem(e.path, "a derived choice fact needs choices:"))
        if f.default is not None:
            ok = (f.type == "flag" and f.default is True) or (
                f.type in ("level", "choice") and f.default in f.choice_ids)
            if not ok:
                self.problems.append(e.doc.problem(
                    (*e.path, "default"), f"'{f.default}' is not a valid value of '{f.id}'",
                    did_you_mean(str(f.default), f.choice_ids)))
        if f.type != "count" and (f.count_of or f.count_value):
            self.problems.append(e.doc.problem(e.path, "count_of/count_value only apply to "
                                                       "count facts"))

    def _condition(self, e: _Entry, path: tuple, data: Any,
                   facts: Mapping[str, FactDef]) -> cond.Condition | None:
        full = (*e.path, *path)

        def at(p: tuple) -> tuple[int, int, str]:
            m = e.doc.mark((*full, *p))
            return m.line, m.col, m.style

        def exact(p: tuple, text: str) -> Any:
            return e.doc.locator((*full, *p), text)

        try:
            parsed = cond.parse_value(data, at, exact=exact)
        except cond.ConditionError as exc:
            self.problems.append(Problem(e.src.shown, exc.line, exc.col, exc.message, exc.hint))
            return None
        typed, problems = cond.check(parsed, facts)
        for p in problems:
            self.problems.append(Problem(e.src.shown, p.line, p.col, p.message, p.hint))
        try:
            cond.to_dnf(typed)
        except ValueError as exc:
            self.problems.append(e.doc.problem(full, str(exc), "split it into several rules"))
        return typed

    def _recommendations(self, prio: Scale) -> dict[str, Recommendation]:
        out = {}
        for e in self._ordered("recommendations"):
            d = e.data
            if prio.values and d.priority not in prio.ids:
                self.problems.append(e.doc.problem((*e.path, "priority"),
                                                   f"unknown priority '{d.priority}'",
                                                   did_you_mean(d.priority, prio.ids)
                                                   or "priorities: " + ", ".join(prio.ids)))
            out[d.id] = Recommendation(d.id, d.priority, self._dimension_of(e, d.dimension),
                                       self._text(e, ("title",), d.title),
                                       self._text(e, ("action",), d.action), e.origin())
        return out

    def _rules(self, facts: Mapping[str, FactDef], recs: Mapping[str, Recommendation],
               scoring: Scoring) -> tuple[Rule, ...]:
        settable = {i.id for i in scoring.items if i.set_by_rules}
        out = []
        for e in self._ordered("rules"):
            d = e.data
            when = self._condition(e, ("when",), d.when, facts)
            sets = []
            for fid, value in (d.then.set or {}).items():
                typed = self._set_value(e, fid, value, facts)
                if typed is not None:
                    sets.append((fid, typed))
            for i, rid in enumerate(d.then.recommend or ()):
                if rid not in recs:
                    self.problems.append(e.doc.problem((*e.path, "then", "recommend", i),
                                                       f"unknown recommendation '{rid}'",
                                                       did_you_mean(rid, recs)))
            scores = []
            for item, value in (d.then.score or {}).items():
                if item not in settable:
                    self.problems.append(e.doc.problem(
                        (*e.path, "then", "score", item),
                        f"'{item}' is not a score item that rules can set",
                        did_you_mean(item, settable) or "declare it in scoring: items with "
                                                        "set_by_rules: true", key=True))
                elif not 0 <= value <= 1:
                    self.problems.append(e.doc.problem((*e.path, "then", "score", item),
                                                       "a score value must be between 0 and 1"))
                else:
                    scores.append((item, float(value)))
            if not (d.then.set or d.then.recommend or d.then.score):
                self.problems.append(e.doc.problem((*e.path, "then"),
                                                   "the rule concludes nothing",
                                                   "add set: or recommend:"))
            examples = tuple(
                Example(x.given, x.expect, x.fires, x.name or "",
                        Origin(e.src.shown, e.doc.mark((*e.path, "examples", i)).line,
                               e.doc.mark((*e.path, "examples", i)).col, e.layer, i))
                for i, x in enumerate(d.examples))
            out.append(Rule(
                id=d.id, title=self._text(e, ("title",), d.title),
                dimension=self._dimension_of(e, d.dimension),
                when=when if when is not None else cond.All(()),
                when_text=_source_text(d.when), sets=tuple(sets),
                recommends=tuple(dict.fromkeys(d.then.recommend or ())), scores=tuple(scores),
                because=self._text(e, ("because",), d.because), source=d.source.strip(),
                salience=d.salience, examples=examples, origin=e.origin()))
        return tuple(out)

    def _set_value(self, e: _Entry, fid: str, value: Any,
                   facts: Mapping[str, FactDef]) -> Any:
        path = (*e.path, "then", "set", fid)
        f = facts.get(fid)
        if f is None:
            self.problems.append(e.doc.problem(path, f"unknown fact '{fid}'",
                                               did_you_mean(fid, facts), key=True))
            return None
        if not f.derived:
            self.problems.append(e.doc.problem(path, f"'{fid}' is an input fact; rules can only "
                                                     "set derived facts", key=True))
            return None
        if f.type == "count":
            self.problems.append(e.doc.problem(path, f"'{fid}' is a count, computed from "
                                                     "other facts; rules cannot set it",
                                               key=True))
            return None
        if f.type == "flag":
            if value is not True:
                self.problems.append(e.doc.problem(path, f"'{fid}' is a flag; it can only be "
                                                         "set to yes"))
            return True
        raw = e.doc.raw(path)
        text = raw if isinstance(value, bool) and raw is not None else value
        if not isinstance(text, str) or text not in f.choice_ids:
            self.problems.append(e.doc.problem(path, f"'{text}' is not a value of '{fid}'",
                                               did_you_mean(str(text), f.choice_ids)
                                               or "values: " + ", ".join(f.choice_ids)))
            return None
        return text


def _replace(obj: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(obj, **changes)


def _source_text(data: Any) -> str:
    """A condition as written, on one line, for docs and explanations."""
    if isinstance(data, str):
        return " ".join(data.split())
    if isinstance(data, Mapping):
        key, body = next(iter(data.items()))
        if key == "not":
            return f"not ({_source_text(body)})"
        joiner = f" {'and' if key == 'all' else 'or'} "
        return "(" + joiner.join(_source_text(b) for b in body) + ")"
    return str(data)
