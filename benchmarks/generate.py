"""Generated inputs for the benchmark and the differential tests: random answer sets for a
knowledge base, and synthetic knowledge bases of any size (with chains and negations)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from advisor import lang
from advisor.model import FactDef, KnowledgeBase


def thresholds(kb: KnowledgeBase, fact: FactDef) -> list[float]:
    out = []
    for rule in kb.rules:
        for leaf in lang.leaves(rule.when):
            if leaf.fact == fact.id and isinstance(leaf.value, (int, float)) \
                    and not isinstance(leaf.value, bool):
                out += [leaf.value - 1, leaf.value, leaf.value + 1]
    return out


def random_value(rng: random.Random, kb: KnowledgeBase, fact: FactDef) -> Any:
    if fact.type == "bool":
        return rng.random() < 0.5
    if fact.type in ("choice", "level"):
        return rng.choice(fact.choice_ids)
    if fact.type == "multi":
        if fact.exclusive and rng.random() < 0.15:
            return (rng.choice(fact.exclusive),)
        pool = [c for c in fact.choice_ids if c not in fact.exclusive]
        chosen = set(rng.sample(pool, rng.randint(1, len(pool))))
        return tuple(c for c in fact.choice_ids if c in chosen)
    if fact.type == "number":
        lo = fact.min if fact.min is not None else 0
        hi = fact.max if fact.max is not None else 1000
        options = [v for v in thresholds(kb, fact) if lo <= v <= hi]
        value = rng.choice(options) if options and rng.random() < 0.7 else \
            rng.uniform(lo, min(hi, lo + 5000))
        return round(value) if fact.integer else round(value, 2)
    return "free text"


def random_answers(rng: random.Random, kb: KnowledgeBase, known: float = 0.85) -> dict:
    """A valid answer set: each input fact answered with probability `known`."""
    return {f.id: random_value(rng, kb, f) for f in kb.input_facts
            if f.type != "text" and rng.random() < known}


def write_cases(kb: KnowledgeBase, folder: Path, n: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        values = random_answers(rng, kb)
        data = {"case": f"generated {i:04d}", "language": "en",
                "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}}
        path = folder / f"case{i:04d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        paths.append(path)
    return paths


def synthetic_kb(folder: Path, rules: int, seed: int = 7) -> Path:
    """A knowledge base of about `rules` rules over 3 dimensions: input facts of every type,
    derived levels and flags chained several strata deep, negations and defaults."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    n_inputs = max(20, rules // 5)
    dims = ["alpha", "beta", "gamma"]
    text = lambda s: {"en": s, "zh": s + "(中)"}  # noqa: E731
    facts, derived, rule_list, recs = [], [], [], []
    kinds = ["bool", "choice", "level", "number", "multi"]
    choices = [{"id": c, "label": text(c)} for c in ("a", "b", "c", "d")]
    for i in range(n_inputs):
        kind = kinds[i % len(kinds)]
        fact: dict[str, Any] = {"id": f"in.f{i}", "type": kind, "dimension": dims[i % 3],
                                "label": text(f"input {i}"),
                                "question": {"prompt": text(f"Question {i}?"),
                                             "core": i % 4 == 0}}
        if kind in ("choice", "level", "multi"):
            fact["choices"] = choices
        if kind == "number":
            fact.update(integer=True, min=0, max=100)
        facts.append(fact)
    layers = 4
    levels = [[f"lv{layer}.x{j}" for j in range(max(3, rules // 40))] for layer in range(layers)]
    for layer in levels:
        for fid in layer:
            derived.append({"id": fid, "type": "level", "scale": "risk", "dimension": dims[0],
                            "default": "medium", "label": text(fid)})
    flags = [f"flag.g{j}" for j in range(max(3, rules // 40))]
    for fid in flags:
        derived.append({"id": fid, "type": "flag", "dimension": dims[1], "label": text(fid),
                        "finding": text(fid)})
    for j in range(max(3, rules // 50)):
        recs.append({"id": f"rec.r{j}", "priority": "high", "dimension": dims[j % 3],
                     "title": text(f"Recommendation {j}"), "action": text("Do it.")})

    def leaf(i: int) -> str:
        f = facts[i]
        if f["type"] == "bool":
            return f"{f['id']} == {rng.choice(['yes', 'no'])}"
        if f["type"] == "choice":
            return f"{f['id']} in [{rng.choice('abcd')}, {rng.choice('abcd')}]"
        if f["type"] == "level":
            return f"{f['id']} >= {rng.choice('abcd')}"
        if f["type"] == "number":
            return f"{f['id']} {rng.choice(['<', '>=', '>'])} {rng.randint(5, 95)}"
        return f"{f['id']} contains any [{rng.choice('abcd')}, {rng.choice('abcd')}]"

    for r in range(rules):
        layer = r % (layers + 1)
        parts = [leaf(rng.randrange(n_inputs)) for _ in range(rng.randint(1, 3))]
        if layer > 0:
            parts.append(f"{rng.choice(levels[layer - 1])} >= {rng.choice(['medium', 'high'])}")
        if layer > 0 and rng.random() < 0.3:
            parts.append({"not": rng.choice(flags)})  # flags are set in stratum 0 only
        if rng.random() < 0.2:
            parts.append({"any": [leaf(rng.randrange(n_inputs)), leaf(rng.randrange(n_inputs))]})
        then: dict[str, Any]
        if layer < layers:
            target = rng.choice(levels[layer])
            then = {"set": {target: rng.choice(["low", "medium", "high", "critical"])}}
        else:
            then = {"recommend": [rng.choice(recs)["id"]]}
        if layer == 0 and rng.random() < 0.3:
            then = {"set": {rng.choice(flags): True}}
        rule_list.append({"id": f"S{r:05d}", "title": text(f"rule {r}"),
                          "dimension": dims[r % 3], "when": {"all": parts}, "then": then,
                          "because": text(f"Because of reason {r}."), "source": "synthetic"})
    files = {
        "kb.yaml": {"kb": {"id": f"synthetic{rules}", "version": "1",
                           "title": text("Synthetic"), "languages": ["en", "zh"],
                           "priority_scale": "priority", "verdict": [levels[-1][0]]},
                    "dimensions": [{"id": d, "title": text(d)} for d in dims],
                    "scales": [{"id": "risk", "values": [{"id": v, "label": text(v)} for v in
                                                         ("low", "medium", "high", "critical")]},
                               {"id": "priority", "values": [{"id": "high",
                                                              "label": text("high")}]}]},
        "facts.yaml": {"facts": facts},
        "derived.yaml": {"derived": derived, "recommendations": recs},
        "rules.yaml": {"rules": rule_list},
    }
    for name, data in files.items():
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return folder
