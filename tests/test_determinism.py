"""Determinism: 20 runs, each with the files in a different order and a different hash seed,
give byte-identical JSON and Markdown reports (the timestamp line aside); and the shipped
knowledge laid out differently (rule files renamed, the rules inside them shuffled) gives the
same Markdown reports, rationale, recommendation order and trace included."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SCRIPT = """
import random, sys
from advisor.load.builder import build
from advisor.load.sources import collect
from advisor.load.paths import shipped_dirs
from advisor.reason.engine import Engine
from advisor.load.answers import load_answers
from advisor.report.formats import render_report
files = collect([shipped_dirs()])
random.Random(int(sys.argv[1])).shuffle(files)
kb = build(files)
engine = Engine(kb)
for path in sys.argv[2:]:
    a = engine.assess(load_answers(path, kb))
    sys.stdout.write(render_report(kb, a, "en", "json", None))
    sys.stdout.write(render_report(kb, a, "zh", "md", "TIMESTAMP"))
"""


def test_twenty_runs_are_byte_identical():
    cases = [str(next((ROOT / "knowledge" / "cases").glob(f"{c}_*.yaml"))) for c in
             ("c1", "c4", "c8")]
    outputs = set()
    for run in range(20):
        env = {**os.environ, "PYTHONHASHSEED": str(run * 7919 % 4294967295)}
        proc = subprocess.run([sys.executable, "-c", SCRIPT, str(run), *cases], env=env,
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert proc.returncode == 0, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    text = outputs.pop()
    assert text.count('"schema_version": 4') == 3 and "TIMESTAMP" in text


LAYOUT_SCRIPT = """
import sys
from pathlib import Path
from advisor.load.builder import load_kb
from advisor.reason.engine import Engine
from advisor.load.answers import load_answers
from advisor.report.formats import render_report
root = Path(sys.argv[1])
kb = load_kb([[root / "knowledge", root / "rules"]])
engine = Engine(kb)
for path in sys.argv[2:]:
    a = engine.assess(load_answers(path, kb))
    for lang in ("en", "zh"):
        sys.stdout.write(render_report(kb, a, lang, "md", "TIMESTAMP"))
"""


def _layout(dest: Path, seed: int) -> Path:
    """The shipped knowledge base copied to `dest` with its rule files renamed into another
    order and the rules inside each file shuffled (seed 0: as shipped)."""
    shutil.copytree(ROOT / "knowledge", dest / "knowledge", ignore=shutil.ignore_patterns(
        "cases"))
    shutil.copytree(ROOT / "rules", dest / "rules")
    if seed == 0:
        return dest
    rng = random.Random(seed)
    files = sorted((dest / "rules").glob("*.yaml"))
    names = [f.name for f in files]
    rng.shuffle(names)
    for i, (path, name) in enumerate(zip(files, names, strict=True)):
        text = path.read_text(encoding="utf-8")
        start = text.index("\n  - id:") + 1  # the first rule of the file's `rules:` list
        blocks = [b if b.endswith("\n") else b + "\n"
                  for b in re.split(r"(?m)^(?=  - id:)", text[start:]) if b]
        rng.shuffle(blocks)
        path.unlink()
        (dest / "rules" / f"{i:02d}_{name}").write_text(text[:start] + "".join(blocks),
                                                      encoding="utf-8")
    return dest


def test_the_report_does_not_depend_on_how_the_rule_files_are_laid_out(tmp_path):
    """Rules of one stratum tie; ties are broken by rule id (not by file or position), and
    equal-priority recommendations by dimension, then as written. Several layouts,
    each under another hash seed, must give the same reports byte for byte."""
    cases = [str(next((ROOT / "knowledge" / "cases").glob(f"{c}_*.yaml"))) for c in
             ("c1", "c4", "c5", "c8")]
    outputs: dict[str, int] = {}
    for seed in range(4):
        root = _layout(tmp_path / f"layout{seed}", seed)
        env = {**os.environ, "PYTHONHASHSEED": str(seed * 104729 + 1)}
        proc = subprocess.run([sys.executable, "-c", LAYOUT_SCRIPT, str(root), *cases],
                              env=env, capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert proc.returncode == 0, proc.stderr
        text = "".join(line for line in proc.stdout.splitlines(keepends=True)
                       if "TIMESTAMP" not in line)
        outputs.setdefault(text, seed)
    assert len(outputs) == 1, f"layouts {sorted(outputs.values())} give different reports"
    text = next(iter(outputs))
    assert text.count("# Change assessment") == 4 and "TIMESTAMP" not in text
