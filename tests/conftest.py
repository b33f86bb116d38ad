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
    from advisor.kb import load_kb

    return load_kb([MINI])


@pytest.fixture(scope="session")
def mini_engine(mini_kb):
    from advisor.engine import Engine

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
