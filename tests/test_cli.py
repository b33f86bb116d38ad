"""The real `advisor` command, run as a user would."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import MINI

MINI_ARGS = ("--no-shipped", "--kb", str(MINI))


def test_version(cli):
    r = cli("--version")
    assert r.code == 0 and r.out.startswith("advisor ")


def test_assess_prints_the_report(cli):
    r = cli("assess", str(MINI / "cases" / "big.yaml"), *MINI_ARGS)
    assert r.code == 0, r.err
    for text in ("Big, no pilot", "Overall risk", "CRITICAL", "Why", "First actions",
                 "--full"):
        assert text in r.out
    assert "(R9)" not in r.out  # rule ids are for the appendix and --debug
    r = cli("assess", str(MINI / "cases" / "big.yaml"), *MINI_ARGS, "--full")
    assert r.code == 0 and "All recommendations" in r.out and "because" in r.out


def test_assess_in_chinese(cli):
    r = cli("assess", str(MINI / "cases" / "big.yaml"), *MINI_ARGS, "--lang", "zh")
    assert r.code == 0 and "总体风险" in r.out and "先试点" in r.out


def test_assess_json_is_the_assessment(cli):
    r = cli("assess", str(MINI / "cases" / "big.yaml"), *MINI_ARGS, "--format", "json")
    data = json.loads(r.out)
    assert data["derived"]["risk.overall"]["value"] == "critical"
    assert data["recommendations"][0]["id"] == "rec.pilot"


def test_typo_in_rule_file_is_located_without_traceback(cli, tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(MINI, kb)
    rules = kb / "rules.yaml"
    rules.write_text(rules.read_text().replace("when: plan.size >= 100",
                                               "when: plan.sise >= 100"))
    r = cli("assess", str(kb / "cases" / "big.yaml"), "--no-shipped", "--kb", str(kb))
    assert r.code != 0
    assert "rules.yaml:5:11: error: unknown fact 'plan.sise'" in r.err
    assert "did you mean 'plan.size'" in r.err
    assert "Traceback" not in r.err + r.out


def test_bad_answers_are_located(cli, tmp_path):
    bad = tmp_path / "case.yaml"
    bad.write_text("case: x\nanswers:\n  plan.size: 5000\n  plan.kind: c\n  plan.pilott: yes\n")
    r = cli("assess", str(bad), *MINI_ARGS)
    assert r.code == 2
    assert "case.yaml:3:14: error: 5000 is above the maximum of “Size” (plan.size) (1000)" in r.err
    assert "case.yaml:4:14: error: 'c' is not a choice of “Kind” (plan.kind)" in r.err
    assert "case.yaml:5:3: error: no question has the id 'plan.pilott'" in r.err
    assert "did you mean 'plan.pilot'" in r.err
    assert "Traceback" not in r.err


def test_missing_case_file(cli, tmp_path):
    r = cli("assess", str(tmp_path / "nope.yaml"), *MINI_ARGS)
    assert r.code == 2 and "nope.yaml: error: no such file" in r.err  # or folder
    assert "Traceback" not in r.err


def test_debug_shows_the_traceback(cli, tmp_path):
    r = cli("--debug", "assess", str(tmp_path / "nope.yaml"), *MINI_ARGS)
    assert r.code != 0 and "Traceback" in r.err


def test_interview_never_overwrites_an_existing_file(cli, tmp_path):
    existing = tmp_path / "case.yaml"
    existing.write_text("case: keep me\n")
    r = cli("interview", "--save", str(existing), *MINI_ARGS)
    assert r.code == 2 and "already exists" in r.err and "--resume" in r.err
    assert existing.read_text() == "case: keep me\n"


def test_why_not_value_is_typed_like_an_answer(cli):
    """`--why-not flag=maybe` is a bad value, as in an answers file, never read as "no"."""
    r = cli("explain", "tests/fixtures/mini/cases/big.yaml", "--no-shipped", "--kb",
            "tests/fixtures/mini", "--why-not", "flag.big=maybe")
    assert r.code == 2 and "Traceback" not in r.err
    assert "'flag.big' takes yes or no; got 'maybe'" in r.err


@pytest.mark.parametrize("args,hint", [
    (("assess", "tests/fixtures/mini/cases/big.yaml", "--formt", "md"), "'--format'"),
    (("rules", "lint", "--stirct"), "'--strict'"),
    (("--debgu", "assess", "tests/fixtures/mini/cases/big.yaml"), "'--debug'"),
])
def test_a_misspelt_option_gets_a_did_you_mean(cli, args, hint):
    """Python 3.11's argparse only says "unrecognized arguments"."""
    r = cli(*args)
    assert r.code == 2 and "Traceback" not in r.err
    assert f"is not an option; did you mean {hint}?" in r.err


@pytest.mark.parametrize("code", [0, 2])
def test_the_command_leaves_with_its_code_and_all_its_output(code, tmp_path):
    """`run` skips the interpreter's teardown (`leave`): buffered output must still arrive
    whole, and the exit code be the command's."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = ("import sys\n"
              "from advisor.cli.main import leave\n"
              "sys.stdout = open(1, 'w', buffering=1 << 20, closefd=False)\n"
              "sys.stdout.write('x' * 200000)\n"
              f"leave({code})\n")
    out = tmp_path / "out.txt"
    with out.open("wb") as sink:
        proc = subprocess.run([sys.executable, "-c", script], stdout=sink, cwd=ROOT,
                              timeout=60)
    assert proc.returncode == code
    assert out.read_text() == "x" * 200000


def test_collection_pauses_until_the_knowledge_base_is_loaded(tmp_path):
    """The console command collects no garbage while it imports and loads (`collector`),
    then freezes what it built and collects as usual (not at all for one case); a library
    caller is left alone."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = ("import gc, sys\n"
              "from advisor.cli import collector\n"
              "from advisor.cli.main import build_parser\n"
              "from advisor.cli.options import load_knowledge\n"
              "args = build_parser(['assess']).parse_args(['assess', 'x.yaml'])\n"
              "if sys.argv[1] != 'library':\n"
              "    collector.pause()\n"
              "    assert not gc.isenabled()\n"
              "load_knowledge(args, one_case=sys.argv[1] == 'one case')\n"
              "print(gc.isenabled(), gc.get_freeze_count() > 0)\n")
    env = {"ADVISOR_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = {how: subprocess.run([sys.executable, "-c", script, how], capture_output=True,
                               text=True, cwd=ROOT, timeout=120, env=env)
           for how in ("command", "library", "one case")}
    assert out["command"].stdout.split() == ["True", "True"], out["command"].stderr
    assert out["library"].stdout.split() == ["True", "False"], out["library"].stderr
    # assess of one case ends soon after: it never collects
    assert out["one case"].stdout.split() == ["False", "False"], out["one case"].stderr


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_full_disk_for_the_output_is_said_plainly(fmt):
    """Standard output on a full disk (/dev/full): one plain line and exit 1, not an
    "internal error" to report."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    case = str(ROOT / "knowledge" / "cases" / "c5_small_wellrun_pilot.yaml")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "advisor", "assess", case, "--format",
                               fmt], stdout=full, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "cannot write the output: No space left on device"
