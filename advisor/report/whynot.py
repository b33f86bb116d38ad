"""The why-not tree as a rich renderable: rules, derived facts and answers, in words.

Questions are shown by their text and derived facts by their label, as `--why` shows them;
the condition each leaf comes from (with fact ids) is added only with `--debug`.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from rich.tree import Tree

from ..i18n import t
from ..model import KnowledgeBase
from ..reason.whynot import Reason, RuleWhy
from .words import conclusion_text, prompt_of, value_label


def why_not_tree(kb: KnowledgeBase, target: str, found: list[RuleWhy], lang: str,
                 debug: bool = False, conflicting: bool = False) -> RenderableType:
    """One tree per rule that could have concluded `target`; `conflicting`: the target is
    a choice fact the rules disagreed on, so even a rule that fired gave it no value."""
    if not found:
        return Text(t(lang, "no_rule_concludes").format(target=_name(kb, target, lang)),
                    style="muted")
    parts: list[RenderableType] = []
    for why in found:
        tree = Tree(_rule_text(kb, why, lang), guide_style="muted")
        if conflicting and why.fired:
            tree.add(Text(t(lang, "why_conflict").format(fact=_name(kb, target, lang)),
                          style="bad"))
        _add_reasons(kb, tree, why, lang, debug)
        parts += [tree, Text("")]
    return Group(*parts)


def _name(kb: KnowledgeBase, target: str, lang: str) -> str:
    if target in kb.recommendations:
        return kb.recommendations[target].title.get(lang)
    if target in kb.facts:
        return kb.facts[target].label.get(lang) or target
    return target


def _rule_text(kb: KnowledgeBase, why: RuleWhy, lang: str) -> Text:
    rule = why.rule
    text = Text.assemble((rule.title.get(lang), "heading"), " ", (f"({rule.id})", "rule.id"),
                         "  → ", conclusion_text(kb, rule, lang))
    fired = t(lang, "fired" if why.fired else "did_not_fire")
    text.append(f"  [{fired}]", style="good" if why.fired else "bad")
    return text


def _add_reasons(kb: KnowledgeBase, tree: Tree, why: RuleWhy, lang: str, debug: bool) -> None:
    for r in why.reasons:
        _add_reason(kb, tree, r, lang, debug)
    for r in why.held_unknown:
        tree.add(_reason_text(kb, r, lang, debug))


def _add_reason(kb: KnowledgeBase, tree: Tree, r: Reason, lang: str, debug: bool) -> None:
    """A reason; under it a count's facts that did not count (each with its own reasons),
    then the rules that could have set its fact."""
    branch = tree.add(_reason_text(kb, r, lang, debug))
    for m in r.members:
        _add_reason(kb, branch, m, lang, debug)
    for sub in r.rules:
        child = branch.add(_rule_text(kb, sub, lang))
        _add_reasons(kb, child, sub, lang, debug)


def _reason_text(kb: KnowledgeBase, r: Reason, lang: str, debug: bool) -> Text:
    fid = r.leaf.fact
    fact = kb.facts[fid]
    label = fact.label.get(lang) or fid
    if r.kind == "held_unknown":
        words = t(lang, "held_unknown_fact").format(fact=label) if fact.derived else \
            t(lang, "held_unknown").format(question=prompt_of(kb, fid, lang))
        text = Text(words, style="fair")
    elif r.kind == "not_answered":
        text = Text(t(lang, "why_not_answered").format(question=prompt_of(kb, fid, lang)),
                    style="fair")
    elif r.kind == "answered":
        text = Text(t(lang, "why_answered").format(
            answer=value_label(kb, fid, r.value, lang), question=prompt_of(kb, fid, lang)),
            style="bad")
    else:
        key = {"not_concluded": "why_not_concluded", "concluded": "why_concluded",
               "conflict": "why_conflict", "seen": "why_seen"}[r.kind]
        text = Text(t(lang, key).format(fact=label, value=value_label(kb, fid, r.value, lang)),
                    style="muted" if r.kind == "seen" else "bad")
    if debug:
        text.append(f"   [{r.leaf.text}]", style="muted")
    return text
