"""Shared fixtures: the small test knowledge base, the shipped one, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"


@pytest.fixture(scope="session")
def mini_kb():
    from advisor.load.builder import load_kb

    return load_kb([MINI])


@pytest.fixture(scope="session")
def mini_engine(mini_kb):
    from advisor.reason.engine import Engine

    return Engine(mini_kb)


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None,
            timeout: float = 60) -> Result:
    """Run the real `advisor` command in a fresh process."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=cwd or ROOT,
                          env=full_env, capture_output=True, text=True, timeout=timeout)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return run_cli


GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_configure(config):
    """Keep the tests' knowledge-base cache apart from the user's."""
    import tempfile

    os.environ.setdefault("ADVISOR_CACHE_DIR", tempfile.mkdtemp(prefix="advisor-cache-"))


def pytest_addoption(parser):
    parser.addoption("--regen-goldens", action="store_true", default=False,
                     help="rewrite the golden files from the current output")


@pytest.fixture
def golden(request):
    """Compare text with tests/golden/<name>; rewrite it only with --regen-goldens."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--regen-goldens"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path}; run pytest --regen-goldens"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"{name} differs from its golden file (pytest --regen-goldens)"

    return check


def fixed_report(case_prefix: str, lang: str = "en"):
    """The report of a shipped acceptance case (for golden and renderer tests)."""
    from advisor.load.answers import load_answers
    from advisor.load.builder import load_kb
    from advisor.load.paths import shipped_cases, shipped_dirs
    from advisor.reason.engine import Engine
    from advisor.report.view import build

    kb = load_kb([shipped_dirs()])
    path = sorted(shipped_cases().glob(f"{case_prefix}_*.yaml"))[0]
    return build(Engine(kb).assess(load_answers(path, kb)), kb, lang)


def pytest_sessionfinish(session, exitstatus):
    """In CI (ADVISOR_NO_SKIPS=1, set by .ci/run) a skipped test is a failure: CI installs
    everything the suite needs, so a skip there means a test silently tested nothing."""
    if not os.environ.get("ADVISOR_NO_SKIPS"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped:
        reporter.ensure_newline()
        reporter.write_line(f"ADVISOR_NO_SKIPS: {len(skipped)} tests were skipped; "
                            "CI must run every test", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
