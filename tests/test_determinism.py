"""Determinism: 20 runs, each with the files in a different order and a different hash seed,
give byte-identical JSON and Markdown reports (the timestamp line aside)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = """
import random, sys
from advisor.load.builder import build
from advisor.load.sources import collect
from advisor.paths import shipped_dirs
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
    assert text.count('"schema_version": 3') == 3 and "TIMESTAMP" in text
