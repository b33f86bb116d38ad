"""The knowledge base as a graph: questions -> facts -> rules -> derived facts -> ... ->
recommendations, in Mermaid or Graphviz dot."""

from __future__ import annotations

from ..lang import facts_read
from ..model import KnowledgeBase


def graph(kb: KnowledgeBase, fmt: str) -> str:
    """The graph as text; node names are stable, so two versions can be diffed."""
    nodes: dict[str, tuple[str, str]] = {}  # id -> (kind, label)
    edges: list[tuple[str, str]] = []
    for rule in kb.rules:
        rid = f"rule:{rule.id}"
        nodes[rid] = ("rule", rule.id)
        for fid in facts_read(rule.when):
            kind = "derived" if kb.facts[fid].derived else "question"
            nodes[f"fact:{fid}"] = (kind, fid)
            edges.append((f"fact:{fid}", rid))
        for fid, _ in rule.sets:
            nodes[f"fact:{fid}"] = ("derived", fid)
            edges.append((rid, f"fact:{fid}"))
        for rec in rule.recommends:
            nodes[f"rec:{rec}"] = ("recommendation", rec)
            edges.append((rid, f"rec:{rec}"))
    for f in kb.derived_facts:
        for m in f.count_of:
            nodes[f"fact:{f.id}"] = ("derived", f.id)
            nodes.setdefault(f"fact:{m}", ("derived", m))
            edges.append((f"fact:{m}", f"fact:{f.id}"))
    names = {key: f"n{i}" for i, key in enumerate(sorted(nodes))}
    edges = sorted(set(edges))
    if fmt == "dot":
        shapes = {"question": "box", "derived": "ellipse", "rule": "diamond",
                  "recommendation": "note"}
        lines = ["digraph knowledge {", "  rankdir=LR;"]
        for key in sorted(nodes):
            kind, label = nodes[key]
            lines.append(f'  {names[key]} [label="{label}", shape={shapes[kind]}];')
        lines += [f"  {names[a]} -> {names[b]};" for a, b in edges]
        return "\n".join([*lines, "}"]) + "\n"
    brackets = {"question": ('["', '"]'), "derived": ('(["', '"])'), "rule": ('{{"', '"}}'),
                "recommendation": ('[/"', '"/]')}
    lines = ["flowchart LR"]
    for key in sorted(nodes):
        kind, label = nodes[key]
        left, right = brackets[kind]
        lines.append(f"  {names[key]}{left}{label}{right}")
    lines += [f"  {names[a]} --> {names[b]}" for a, b in edges]
    return "\n".join(lines) + "\n"
