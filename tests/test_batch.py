"""Batch assessments: many cases, processes, summaries, and bad files that do not stop it."""

from __future__ import annotations

import csv
import json
import re
import shutil
from types import SimpleNamespace

import pytest

from tests.conftest import ROOT, run_cli

CASES = ROOT / "knowledge" / "cases"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The eight acceptance cases, a few generated ones, and one broken file."""
    from advisor.load.builder import load_kb
    from advisor.load.paths import shipped_dirs
    from benchmarks.generate import write_cases

    base = tmp_path_factory.mktemp("batch") / "cases"
    base.mkdir()
    for path in CASES.glob("c*.yaml"):
        shutil.copy(path, base / path.name)
    write_cases(load_kb([shipped_dirs()]), base / "generated", 12, seed=3)
    (base / "zz_broken.yaml").write_text("case: broken\nanswers:\n  scope.breadth: everywhere\n")
    return base


def strip(text: str) -> str:
    return re.sub(r"Generated.*", "", text)


def test_serial_and_parallel_runs_are_identical(folder, tmp_path):
    outs = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        r = run_cli("assess", str(folder), "--out", str(out), "--jobs", str(jobs),
                    "--format", "md", timeout=300)
        assert r.code == 1  # one case failed
        assert "20 assessed, 1 failed" in r.out
        assert "zz_broken.yaml:3:18: error: 'everywhere' is not a choice" in r.err
        outs[jobs] = {p.name: strip(p.read_text()) for p in sorted(out.iterdir())}
    assert outs[1] == outs[2]
    assert len(outs[1]) == 20 + 2  # a report per good case, the CSV and the JSON


def test_summary_files(folder, tmp_path):
    out = tmp_path / "out"
    run_cli("assess", str(folder), "--out", str(out), timeout=300)
    with (out / "summary.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 21
    c8 = next(r for r in rows if r["file"].endswith("c8_pension_system_staff_cuts.yaml"))
    assert (c8["risk.overall"], c8["decision.launch_gate"]) == ("critical", "hold")
    assert "Technical risk: critical" in c8["top_findings"]
    broken = next(r for r in rows if r["ok"] == "no")
    assert "everywhere" in broken["error"]
    data = json.loads((out / "summary.json").read_text())
    assert [d["file"] for d in data] == [r["file"] for r in rows]
    assert (out / "c1_city_one_stop_big_bang.md").read_text().startswith("# ")


def test_output_folder_is_never_the_input_folder(folder):
    r = run_cli("assess", str(folder), "--out", str(folder))
    assert r.code == 2 and "holds the answers files" in r.err


def test_single_case_output_never_overwrites_an_input(tmp_path):
    case = tmp_path / "c1.yaml"
    shutil.copy(next(CASES.glob("c1_*.yaml")), case)
    before = case.read_text()
    r = run_cli("assess", str(case), "--out", str(case))
    assert r.code == 2 and "overwrite an input file" in r.err
    assert case.read_text() == before
    r = run_cli("assess", str(case), "--out", str(tmp_path / "report.html"), "--format", "html")
    assert r.code == 0 and (tmp_path / "report.html").read_text().startswith("<!DOCTYPE html>")


def test_a_case_named_summary_never_overwrites_the_batch_summary():
    from advisor.cli.batch import report_names
    rows = [SimpleNamespace(file="cases/summary.yaml"), SimpleNamespace(file="b/summary.yaml")]
    names = [name for _, name in report_names(rows, "json")]  # type: ignore[arg-type]
    assert names == ["summary-2.json", "summary-3.json"]
