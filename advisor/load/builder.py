"""Build one validated `KnowledgeBase` from knowledge and rule files.

Files are read from one or more layers: a later layer may override an id of an earlier one;
two definitions of one id in the same layer are an error. Every problem found in any file is
collected and reported together, each located at `file:line:col`. The result does not depend
on the order in which files were read: definitions are put in a canonical order (layer, file
path, position), and the rule strata that make conclusions order-independent are computed
from what each rule reads and sets.

This is the only module that validates files against their schemas (pydantic); a knowledge
base served from the cache never imports it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import Problem, SourceError, did_you_mean
from ..i18n import t
from ..model import Dimension, FactDef, KnowledgeBase, Reference, Scale, Text
from .context import DEFAULT_DIMENSION, Context, Entry
from .critical import critical_flags, critical_recommendations, critical_rules
from .facts import facts_section
from .layer_blame import Override, blame_layers
from .paths import shipped_dirs
from .rules import recommendations_section, rules_section
from .scoring import scoring_section
from .sources import Layer, SourceFile, collect
from .strata import stratify
from .tables import tables_section
from .yamlio import Document, load

# kb.yaml's report: keys whose tool word has another name
REPORT_WORDS = {"title": "report_title", "not_determined": "cannot_assess",
                "not_determined_because": "cannot_assess_because"}
SECTIONS = ("dimensions", "scales", "facts", "derived", "recommendations", "rules",
            "references", "tables")


def load_kb(dirs: Sequence[Layer], warnings: list[Problem] | None = None) -> KnowledgeBase:
    """Load the layers in `dirs` (see `sources.collect`) into a validated knowledge base.

    Errors raise `SourceError`; warnings (such as a missing translation) are appended to
    `warnings` when a list is given.
    """
    return build(collect(dirs), warnings)


def build(files: Iterable[SourceFile], warnings: list[Problem] | None = None) -> KnowledgeBase:
    """Build a knowledge base from files given in any order."""
    files = list(files)
    kb, tables = _build(files)
    found = tables.ctx.problems
    errors = [p for p in found if p.severity == "error"]
    if warnings is not None:
        warnings.extend(sorted({p for p in found if p.severity != "error"},
                               key=Problem.sort_key))
    if errors and tables.overrides:
        # errors in earlier layers' files that a later layer's replacement caused: said
        # once, at the replacing item (rebuilding the earlier layers alone to be sure)
        shipped = [d.resolve() for d in shipped_dirs()]
        errors = blame_layers(errors, tables.layer_overrides(),
                              {f.shown: f.layer for f in files},
                              lambda top: _errors([f for f in files if f.layer <= top]),
                              {f.shown for f in files
                               if any(f.path.resolve().is_relative_to(d) for d in shipped)})
    if errors or kb is None:
        raise SourceError(errors or found)
    return kb


def _errors(files: list[SourceFile]) -> list[Problem]:
    _, tables = _build(files)
    return [p for p in tables.ctx.problems if p.severity == "error"]


def _build(files: list[SourceFile]) -> tuple[KnowledgeBase | None, _Tables]:
    # pydantic (the file schemas) is imported only when files must be validated: a knowledge
    # base served from the cache never needs it, and it costs ~150 ms at import
    from .schema import KnowledgeFile
    from .validate import validate

    tables = _Tables()
    digest = hashlib.sha256()
    for src in sorted(files, key=lambda f: (f.layer, f.rel)):
        try:
            doc = load(src.path, src.shown)
        except SourceError as exc:
            tables.ctx.problems.extend(exc.problems)
            continue
        if doc.data is None:
            tables.ctx.problems.append(doc.problem((), "the file is empty", severity="warning"))
            continue
        parsed, problems = validate(KnowledgeFile, doc)
        tables.ctx.problems.extend(problems)
        digest.update(src.rel.encode() + b"\0" + src.path.read_bytes() + b"\0")
        if parsed is not None:
            tables.add_file(src, doc, parsed)
    return tables.finish(digest.hexdigest()[:16]), tables


@dataclass
class _Tables:
    """Definitions by section and id (first pass), then the knowledge base (second pass)."""

    ctx: Context = field(default_factory=Context)
    meta: list[Entry] = field(default_factory=list)
    scoring: list[Entry] = field(default_factory=list)
    sections: dict[str, dict[str, Entry]] = field(default_factory=dict)
    overrides: list[tuple[str, Entry, Entry]] = field(default_factory=list)  # kind, old, new

    def add_file(self, src: SourceFile, doc: Document, parsed: Any) -> None:
        if parsed.kb is not None:
            self.meta.append(Entry(parsed.kb.id, src.layer, src, doc, ("kb",), parsed.kb, 0))
        if parsed.scoring is not None:
            self.scoring.append(Entry("scoring", src.layer, src, doc, ("scoring",),
                                      parsed.scoring, 0))
        for section in SECTIONS:
            for i, item in enumerate(getattr(parsed, section, None) or []):
                if item is None:  # invalid on its own: already reported
                    continue
                self._add("facts" if section == "derived" else section,
                          Entry(item.id, src.layer, src, doc, (section, i), item, i,
                                parsed.dimension))

    def _add(self, section: str, entry: Entry) -> None:
        table = self.sections.setdefault(section, {})
        old = table.get(entry.id)
        kind = "fact" if section == "facts" else section.rstrip("s")
        if old is not None:
            where = old.origin()
            same_layer = old.layer == entry.layer
            self.ctx.problems.append(entry.problem(
                ("id",), f"duplicate {kind} id '{entry.id}' (first defined at {where.path}:"
                         f"{where.line})" if same_layer else
                f"{kind} '{entry.id}' overrides the one defined at {where.path}:{where.line}",
                **({} if same_layer else {"severity": "note", "code": "override"})))
            if same_layer:
                return
            self.overrides.append((kind, old, entry))
        table[entry.id] = entry

    def layer_overrides(self) -> list[Override]:
        """The replacements made by later layers, with what each can break."""
        facts = self.sections.get("facts", {}).values()
        out = []
        for kind, old, new in self.overrides:
            names = {new.id}
            if kind == "scale":
                names |= {e.id for e in facts if getattr(e.data, "scale", None) == new.id}
            values = "values" if kind == "scale" else "choices"
            kept = {c.id for c in getattr(new.data, values, None) or ()}
            lost = tuple(c.id for c in getattr(old.data, values, None) or () if c.id not in kept)
            out.append(Override(kind, new.id, new.origin(), old.origin(), frozenset(names),
                                lost))
        return out

    def ordered(self, section: str) -> list[Entry]:
        entries = self.sections.get(section, {}).values()
        return sorted(entries, key=lambda e: (e.layer, e.src.rel, e.index))

    def finish(self, digest: str) -> KnowledgeBase | None:
        ctx = self.ctx
        meta = self._meta()
        if meta is None:
            return None
        ctx.langs = tuple(meta.data.languages)
        ctx.dims = self._dimensions()
        ctx.scales = {e.id: Scale(e.id, ctx.choices(e, e.data.values, ("values",)))
                      for e in self.ordered("scales")}
        fact_entries = self.ordered("facts")
        facts = facts_section(ctx, fact_entries)
        facts.update(critical_flags(ctx, fact_entries, facts))
        prio = self._priorities(meta)
        recs = recommendations_section(ctx, self.ordered("recommendations"), prio)
        recs.update(critical_recommendations(ctx, fact_entries, facts))
        scoring = scoring_section(ctx, self.scoring, facts)
        references = {e.id: Reference(e.id, ctx.text(e, ("title",), e.data.title),
                                      e.data.publisher, e.data.year, e.data.url or "")
                      for e in self.ordered("references")}
        rules = rules_section(ctx, self.ordered("rules"), facts, recs, scoring, references)
        rules += critical_rules(ctx, fact_entries, facts, prio.ids, references)
        table_rules, tables = tables_section(ctx, self.ordered("tables"), facts, recs,
                                             references, {r.id for r in rules})
        rules += table_rules
        for fid in meta.data.verdict:
            if fid not in facts or not facts[fid].derived:
                ctx.problems.append(meta.problem(("verdict",), f"verdict names '{fid}', which "
                                                               "is not a derived fact",
                                                 did_you_mean(fid, facts)))
        for i, gid in enumerate(meta.data.goals or ()):
            if not (gid in recs or (gid in facts and facts[gid].derived)):
                ctx.problems.append(meta.problem(("goals", i), f"goal '{gid}' is neither a "
                                                               "derived fact nor a "
                                                               "recommendation",
                                                 did_you_mean(gid, [*facts, *recs])))
        strata = stratify(rules, facts, ctx.problems)
        ctx.problems[:] = _root_causes_only(ctx.problems, ctx.scales, facts)
        if any(p.severity == "error" for p in ctx.problems):
            return None
        return KnowledgeBase(
            id=meta.data.id, version=meta.data.version,
            title=ctx.text(meta, ("title",), meta.data.title), languages=ctx.langs,
            dimensions=tuple(ctx.dims), scales=ctx.scales, facts=facts, rules=rules,
            recommendations=recs, priorities=prio, verdict=tuple(meta.data.verdict),
            goals=tuple(meta.data.goals) if meta.data.goals is not None else None,
            scoring=scoring, strata=strata, digest=digest,
            firing_budget=meta.data.firing_budget or 0, references=references,
            words=self._words(meta), tables=tables)

    def _priorities(self, meta: Entry) -> Scale:
        """The priority scale; a knowledge base without recommendations needs none."""
        name = meta.data.priority_scale
        if name is None:
            recs = self.ordered("recommendations")
            if recs:
                self.ctx.problems.append(recs[0].problem(
                    (), f"recommendation '{recs[0].id}' needs a priority scale, and the "
                        "knowledge base names none", "add priority_scale: <scale id> to kb:"))
            return Scale("priority", ())
        prio = self.ctx.scales.get(name)
        if prio is None:
            self.ctx.problems.append(meta.problem(("priority_scale",), f"unknown scale '{name}'",
                                                  did_you_mean(name, self.ctx.scales)))
            return Scale("priority", ())
        return prio

    def _words(self, meta: Entry) -> dict[str, Text]:
        """kb.yaml's report words, keyed by the tool word each one replaces."""
        given = meta.data.report
        if given is None:
            return {}
        return {REPORT_WORDS.get(k, k): self.ctx.text(meta, ("report", k), v)
                for k, v in given.model_dump(exclude_none=True).items()}

    def _meta(self) -> Entry | None:
        if not self.meta:
            self.ctx.problems.append(Problem("<knowledge base>", 0, 0, "no file declares the "
                                             "knowledge base ('kb:' section)",
                                             "add a kb: section with id, version, title "
                                             "and languages"))
            return None
        top = max(e.layer for e in self.meta)
        same = [e for e in self.meta if e.layer == top]
        for extra in same[1:]:
            self.ctx.problems.append(extra.doc.problem(("kb",), "a second 'kb:' section in "
                                                                "the same layer", key=True))
        return same[0]

    def _dimensions(self) -> list[Dimension]:
        out = [Dimension(e.data.id, self.ctx.text(e, ("title",), e.data.title),
                         self.ctx.text(e, ("description",), e.data.description),
                         e.data.source or "")
               for e in self.ordered("dimensions")]
        return out or [default_dimension(self.ctx.langs)]


def default_dimension(langs: Sequence[str]) -> Dimension:
    """The one section of a knowledge base that declares no dimensions: every fact, rule and
    recommendation without a dimension belongs to it."""
    return Dimension(DEFAULT_DIMENSION, Text.of({c: t(c, "general") for c in langs}), Text())


def _root_causes_only(problems: list[Problem], scales: dict[str, Scale],
                      facts: dict[str, FactDef]) -> list[Problem]:
    """One mistake, one message: a scale with a duplicate value, or a fact on a scale that
    does not exist, breaks every use of the facts on it; the errors about those uses are
    left out, and the root cause is reported first with their number."""
    dup = {sid for sid, sc in scales.items() if len(set(sc.ids)) != len(sc.ids)}
    missing = {f.scale for f in facts.values() if f.scale and f.scale not in scales}
    on_it = {fid for fid, f in facts.items() if f.scale in dup | missing}
    roots = [p for p in problems if p.severity == "error" and (
        any(p.message == f"unknown scale '{sid}'" for sid in missing) or (
            p.message.startswith("duplicate choice ")
            and any(f"'{v}'" in p.message for sid in dup for v in scales[sid].ids)))]

    def follows(p: Problem) -> bool:
        return p not in roots and p.severity == "error" and \
            any(f"'{fid}'" in p.message for fid in on_it)

    left_out = [p for p in problems if follows(p)]
    if not roots or not left_out:
        return problems
    names = ", ".join(f"'{sid}'" for sid in sorted(dup | missing))
    hint = (f"{len(left_out)} more errors about facts on the scale {names} (such as "
            f"{left_out[0].message!r}) follow from this one and are left out")
    first = roots[0]
    return [replace(first, hint=(first.hint + "; " if first.hint else "") + hint,
                    code="root-cause"), *roots[1:],
            *(p for p in problems if p not in roots and not follows(p))]
