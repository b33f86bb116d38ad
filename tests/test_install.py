"""A non-editable install of a copy of the checkout works from any directory."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT

IGNORE = shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info", ".pytest_cache",
                                "build", "dist", ".ruff_cache", ".hypothesis")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("install")
    copy = base / "checkout"
    shutil.copytree(ROOT, copy, ignore=IGNORE)
    env_dir = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True, timeout=120)
    py = env_dir / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True, check=True).stdout
    # Dependencies come from this test environment (no network needed); the project itself
    # is built from the copy as a wheel and installed for real, not in editable mode.
    Path(site.strip(), "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    proc = subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps",
                           "--no-build-isolation", "--disable-pip-version-check", str(copy)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    shutil.rmtree(copy)  # nothing may depend on the checkout any more
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    return env_dir, elsewhere


def test_installed_command_finds_the_shipped_knowledge_base(installed):
    env_dir, elsewhere = installed
    where = subprocess.run([str(env_dir / "bin" / "python"), "-c",
                            "import advisor, advisor.load.paths as p; print(advisor.__file__); "
                            "print(p.shipped_cases())"],
                           capture_output=True, text=True, cwd=elsewhere, check=True).stdout
    module, cases = where.split()
    assert str(env_dir) in module, "advisor was imported from outside the new environment"
    case = sorted(Path(cases).glob("c1_*.yaml"))[0]
    proc = subprocess.run([str(env_dir / "bin" / "advisor"), "assess", str(case)],
                          capture_output=True, text=True, cwd=elsewhere, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "100"})
    assert proc.returncode == 0, proc.stderr
    assert "Overall risk" in proc.stdout and "First actions" in proc.stdout
    js = subprocess.run([str(env_dir / "bin" / "advisor"), "assess", str(case), "--format",
                         "json"], capture_output=True, text=True, cwd=elsewhere, timeout=120)
    assert json.loads(js.stdout)["fired"]
