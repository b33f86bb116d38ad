"""Explanations as rich renderables: derivation trees, what-if deltas, swings (why-not:
`whynot`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..i18n import t
from ..model import KnowledgeBase
from ..model.confidence import unconfirmed
from ..reason.explain import Node
from ..reason.levers import ChangeSet
from ..reason.whatif import Delta, Swing
from .explain_words import confidence_note, source_note
from .words import prompt_of, scale_label, value_label


def _fact_label(kb: KnowledgeBase, fid: str, lang: str) -> str:
    fact = kb.facts[fid]
    return fact.label.get(lang) or fid


def _level(level: str | None, lang: str, answer: bool) -> Text:
    """An answer's confidence, or a conclusion's "to verify" mark (explain_words.py)."""
    shown = confidence_note(level, lang, answer)
    return Text(shown, style="fair" if unconfirmed(level) else "muted") if shown else Text()


def _node_text(kb: KnowledgeBase, node: Node, lang: str,
               sources: Mapping[str, str] | None = None,
               levels: Mapping[str, str | None] | None = None) -> Text:
    level = (levels or {}).get(node.id) if node.kind != "rule" else None
    if node.kind == "recommendation":
        rec = kb.recommendations[node.id]
        return Text.assemble((f"{t(lang, 'recommendation')}: ", "muted"),
                             (rec.title.get(lang), "heading"), _level(level, lang, False),
                             " ", (f"({node.id})", "muted"))
    if node.kind == "rule":
        rule = kb.rule(node.id)
        text = Text.assemble((rule.title.get(lang), "heading"), " ", (f"({rule.id})", "rule.id"))
        text.append(f"\n{rule.because.get(lang)}", style="muted")
        return text
    if node.kind == "answer":
        shown = value_label(kb, node.id, node.value, lang) if node.value is not None \
            else t(lang, "unknown")
        text = Text.assemble((f"{t(lang, 'answer')}: ", "muted"),
                             prompt_of(kb, node.id, lang), " → ", (shown, "heading"))
        if (sources or {}).get(node.id):
            text.append(source_note((sources or {})[node.id], lang), style="muted")
        return text.append_text(_level(level, lang, True)) if node.value is not None else text
    label = _fact_label(kb, node.id, lang)
    if node.kind == "conflict":
        values = dict.fromkeys(value_label(kb, node.id, v, lang) for _, v in node.superseded or ())
        text = Text.assemble(label, " → ", (t(lang, "conflicting").format(
            values=" / ".join(values)), "bad"))
        for rule_id, value in node.superseded or ():
            text.append("\n" + t(lang, "conflict_rule").format(
                rule=kb.rule(rule_id).title.get(lang),
                value=value_label(kb, node.id, value, lang)), style="muted")
        return text
    if node.value is None:
        return Text.assemble(label, " → ", (t(lang, "not_concluded"), "muted"))
    text = Text.assemble(label, " → ", (value_label(kb, node.id, node.value, lang), "heading"),
                         _level(level, lang, False))
    if node.kind == "seen":
        text.append(f"  ({t(lang, 'see_above')})", style="muted")
    if node.assumed:
        fact = kb.facts[node.id]
        text.append(f"  ({t(lang, 'assumed')}) {fact.default_because.get(lang)}", style="fair")
    for rule_id, value in node.superseded or ():
        text.append("\n" + t(lang, "superseded").format(
            rule=rule_id, value=value_label(kb, node.id, value, lang),
            kept=value_label(kb, node.id, node.value, lang)), style="muted")
    return text


def derivation(kb: KnowledgeBase, node: Node, lang: str,
               sources: Mapping[str, str] | None = None,
               levels: Mapping[str, str | None] | None = None) -> RenderableType:
    """The derivation tree, down to the answers; `sources` (fact id -> the user's note of
    where the answer came from) is shown next to each answer that has one, `levels` (fact or
    recommendation id -> confidence) after each answer, and as "to verify" after each
    conclusion that rests on an assumed answer."""
    def add(tree: Tree, n: Node) -> None:
        branch = tree.add(_node_text(kb, n, lang, sources, levels))
        for child in n.children or ():
            add(branch, child)

    root = Tree(_node_text(kb, node, lang, sources, levels), guide_style="muted")
    for child in node.children or ():
        add(root, child)
    return root


def delta(kb: KnowledgeBase, d: Delta, lang: str) -> RenderableType:
    parts: list[RenderableType] = []
    if d.answers:
        table = Table(title=t(lang, "answers_changed"), title_justify="left", box=None,
                      show_header=False, padding=(0, 1))
        for fid, old, new in d.answers:
            table.add_row(prompt_of(kb, fid, lang), value_label(kb, fid, _typed(old), lang),
                          "→", value_label(kb, fid, _typed(new), lang))
        parts.append(table)
    if d.empty:
        parts.append(Text(t(lang, "no_difference"), style="muted"))
        return Group(*parts)
    if d.facts:
        table = Table(title=t(lang, "conclusions_changed"), title_justify="left", box=None,
                      show_header=False, padding=(0, 1))
        table.add_column(overflow="fold")
        table.add_column(no_wrap=True)
        table.add_column()
        table.add_column(no_wrap=True)
        table.add_column(overflow="fold", ratio=1)
        for c in d.facts:
            if not kb.facts[c.fact].report and kb.facts[c.fact].type == "count":
                continue
            why = []
            if c.rules_now:
                why.append(t(lang, "now_from") + " " + ", ".join(c.rules_now))
            if c.rules_gone:
                why.append(t(lang, "no_longer") + " " + ", ".join(c.rules_gone))
            table.add_row(_fact_label(kb, c.fact, lang),
                          value_label(kb, c.fact, c.before, lang) if c.before is not None
                          else "—", "→",
                          value_label(kb, c.fact, c.after, lang) if c.after is not None
                          else "—", Text("; ".join(why), style="muted"))
        parts.append(table)
    if d.readiness:
        parts.append(_readiness_table(kb, d, lang))
    if d.advice:
        table = Table(title=t(lang, "advice_changed"), title_justify="left", box=None,
                      show_header=False, padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column(overflow="fold", ratio=1)
        table.add_column(no_wrap=True)
        for a in d.advice:
            table.add_row(Text("+" if a.added else "−", style="bad" if a.added else "good"),
                          kb.recommendations[a.id].title.get(lang),
                          Text(f"({', '.join(a.rules)})", style="rule.id"))
        parts.append(table)
    return Group(*parts)


def _readiness_table(kb: KnowledgeBase, d: Delta, lang: str) -> Table:
    """Dimension levels and scores before and after, in the report's words."""
    table = Table(title=t(lang, "readiness_changed"), title_justify="left", box=None,
                  show_header=False, padding=(0, 1))
    scale = kb.scoring.level_scale if kb.scoring else ""

    def shown(level: str | None, score: int | None) -> str:
        word = scale_label(kb, scale, level, lang) if level else t(lang, "insufficient_evidence")
        return f"{word} ({score})" if score is not None else word

    for r in d.readiness:
        table.add_row(kb.dimension(r.dimension).title.get(lang),
                      shown(r.before, r.score_before), "→", shown(r.after, r.score_after))
    return table


def _typed(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _bullets() -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=3, justify="right")
    grid.add_column(ratio=1, overflow="fold")
    return grid


def swings(kb: KnowledgeBase, found: list[Swing], findings: list[str], lang: str,
           limit: int = 6) -> RenderableType:
    parts: list[RenderableType] = []
    for target in findings:
        hits = [s for s in found if s.finding == target]
        label = _fact_label(kb, target, lang)
        parts.append(Text(label, style="heading"))
        grid = _bullets()
        parts.append(grid)
        if not hits:
            grid.add_row("", Text(t(lang, "no_single_change"), style="muted"))
            continue
        seen: set[tuple[str, Any]] = set()
        shown = 0
        for s in hits:
            key = (s.fact, s.level_after)
            if key in seen:
                continue  # one line per question and outcome: the first value found
            seen.add(key)
            shown += 1
            if shown > limit:
                grid.add_row("", Text(t(lang, "and_more").format(
                    n=len({(h.fact, h.level_after) for h in hits}) - limit), style="muted"))
                break
            if kb.facts[target].type == "choice":  # no better or worse: just another value
                grid.add_row("•", Text(t(lang, "swing_change_line").format(
                    question=prompt_of(kb, s.fact, lang), answer=_threshold(kb, s, lang),
                    now=value_label(kb, s.fact, s.answer_before, lang), finding=label,
                    before=value_label(kb, target, s.level_before, lang),
                    after=value_label(kb, target, s.level_after, lang)), style="heading"))
                continue
            falls = _better(kb, s) == (kb.facts[target].merge != "lowest")
            verb = t(lang, "would_drop" if falls else "would_rise")
            grid.add_row("•", Text(t(lang, "swing_line").format(
                question=prompt_of(kb, s.fact, lang),
                answer=_threshold(kb, s, lang),
                now=value_label(kb, s.fact, s.answer_before, lang),
                finding=label, verb=verb,
                before=value_label(kb, target, s.level_before, lang),
                after=value_label(kb, target, s.level_after, lang)),
                style="good" if _better(kb, s) else "bad"))
    return Group(*parts)


def _threshold(kb: KnowledgeBase, s: Swing, lang: str) -> str:
    """A numeric swing as the threshold it crosses ("at least 5%"), not as one number that
    happens to sit across it; other answers as they are."""
    shown = value_label(kb, s.fact, s.answer_after, lang)
    old, new = s.answer_before, s.answer_after
    if kb.facts[s.fact].type == "number" and isinstance(old, int | float) and \
            isinstance(new, int | float) and old != new:
        return t(lang, "at_least" if new > old else "at_most").format(value=shown)
    return shown


def _better(kb: KnowledgeBase, s: Swing) -> bool:
    fact = kb.facts[s.finding]
    ids = fact.choice_ids
    if s.level_before not in ids or s.level_after not in ids:
        return s.level_after is None
    lower = ids.index(s.level_after) < ids.index(s.level_before)
    return lower if fact.merge != "lowest" else not lower


def lower_sets(kb: KnowledgeBase, sets: list[ChangeSet], lang: str) -> RenderableType:
    """When no single answer moves the overall verdict: the smallest sets of lever changes
    that would, or that none would."""
    if not sets:
        return Text(t(lang, "nothing_lowers"), style="muted")
    grid = _bullets()
    for s in sets:
        changes = "; ".join(f"{prompt_of(kb, f, lang)} → {value_label(kb, f, new, lang)}"
                            for f, _, new in s.changes)
        grid.add_row("•", Text(t(lang, "set_lowers").format(
            changes=changes, finding=_fact_label(kb, s.target, lang),
            before=value_label(kb, s.target, s.before, lang),
            after=value_label(kb, s.target, s.after, lang)), style="good"))
    return Group(Text(t(lang, "smallest_sets"), style="heading"), grid)
