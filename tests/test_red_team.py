"""Faults a hostile tester found: nothing destroyed, nothing injected, no internal errors."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest

from advisor.errors import AdvisorError
from advisor.interview import session
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_dirs
from advisor.load.yamlio import load
from tests.conftest import ROOT, run_cli

C1 = str(ROOT / "knowledge" / "cases" / "c1_city_one_stop_big_bang.yaml")


@pytest.mark.parametrize("target", ["/dev/null", "folder", "nodir/report.md", "C4.YAML"])
def test_out_never_replaces_what_is_not_a_report(tmp_path: Path, target: str):
    (tmp_path / "folder").mkdir()
    (tmp_path / "C4.YAML").write_text("case: keep me\n")
    out = target if target.startswith("/") else str(tmp_path / target)
    r = run_cli("assess", C1, "--out", out)
    assert r.code == 2 and "Traceback" not in r.err and "internal error" not in r.err
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    assert (tmp_path / "C4.YAML").read_text() == "case: keep me\n"


def test_terminal_escapes_and_markup_in_user_text_are_shown_as_text(tmp_path: Path):
    case = tmp_path / "evil.yaml"
    case.write_text('case: "evil \\e]52;c;SGVsbG8=\\a \\e[2J [link=https://x.y]click[/link] [/]"\n'
                    'notes: "note \\e[31mred"\nanswers: {scope.breadth: single_team}\n')
    r = run_cli("assess", str(case), "--full")
    assert r.code == 0, r.err
    assert "\x1b" not in r.out and "\x07" not in r.out
    assert "[link=https://x.y]click[/link]" in r.out  # shown, not turned into a link


def test_summary_csv_cells_are_never_formulas(tmp_path: Path):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "a.yaml").write_text('case: "=HYPERLINK(\\"http://x\\",\\"y\\")"\nanswers: {}\n')
    out = tmp_path / "out"
    run_cli("assess", str(cases), "--out", str(out))
    with (out / "summary.csv").open(encoding="utf-8") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["case"].startswith("'=")


@pytest.mark.parametrize("jobs", ["0", "-1", "many"])
def test_jobs_must_be_a_positive_number(jobs: str):
    r = run_cli("assess", str(ROOT / "knowledge" / "cases"), "--jobs", jobs)
    assert r.code == 2 and "--jobs" in r.err and "Traceback" not in r.err


def test_interview_without_a_terminal_says_so(tmp_path: Path):
    r = run_cli("interview", "--save", str(tmp_path / "x.yaml"))
    assert r.code == 2 and "needs a terminal" in r.err and "internal error" not in r.err


def test_interview_checks_where_it_will_write_before_asking(tmp_path: Path):
    r = run_cli("interview", "--save", str(tmp_path), "--out", str(tmp_path / "r.md"))
    assert r.code == 2


def test_yaml_numbers_are_read_as_yaml_1_2(tmp_path: Path):
    f = tmp_path / "n.yaml"
    f.write_text("a: 0200\nb: 1:30\nc: 0x1F\nd: 1_000\ne: '0200'\n")
    assert load(f).data == {"a": 200, "b": "1:30", "c": 31, "d": 1000, "e": "0200"}


def test_resume_refuses_a_case_file_and_survives_a_damaged_session(tmp_path: Path):
    kb = load_kb([shipped_dirs()])
    with pytest.raises(AdvisorError, match="not an interview session"):
        session.resume(Path(C1), kb)
    damaged = tmp_path / "s.yaml"
    damaged.write_text("case: s\nanswers: {scope.breadth: single_team}\n"
                       "session: {history: 5, kb: x}\n")
    sess, warnings = session.resume(damaged, kb)
    assert sess.state.history == ["scope.breadth"] and warnings == []
