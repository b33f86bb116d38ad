"""Each third-party library is imported in one place (read from the source with ast)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

OWNERS = {
    "experta": {"reason/engine.py"},
    "questionary": {"interview/prompts.py"},
    "prompt_toolkit": {"interview/prompts.py"},
    "yaml": {"load/yamlio.py"},
    "pydantic": {"load/schema.py"},
    "rich": {"cli/commands.py", "cli/rules.py", "report/terminal.py", "report/screens.py",
             "report/explain.py"},
}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_each_library_is_imported_by_its_owner_only():
    package = ROOT / "advisor"
    offenders = []
    for path in package.rglob("*.py"):
        rel = path.relative_to(package).as_posix()
        for lib in imports(path) & set(OWNERS):
            if rel not in OWNERS[lib]:
                offenders.append(f"{rel} imports {lib}")
    assert not offenders


def test_engine_never_prints_and_model_imports_nothing_of_ours():
    engine = (ROOT / "advisor" / "reason" / "engine.py").read_text()
    assert "print(" not in engine
    assert imports(ROOT / "advisor" / "model.py") <= {"__future__", "collections", "dataclasses",
                                                     "typing"}


def test_no_eval_exec_or_unsafe_yaml():
    for path in (ROOT / "advisor").rglob("*.py"):
        text = path.read_text()
        for bad in ("eval(", "exec(", "yaml.load(", "unsafe_load", "pickle"):
            assert bad not in text, f"{path.name} contains {bad}"
