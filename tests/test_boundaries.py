"""The house's boundaries, read from the source with `ast`:

- each third-party library is imported in one place;
- the layers only import downwards: errors < lang < the model (model/ and the tool's own
  words, i18n/) < load < reason < authoring < interview < report < cli. Relative imports count as
  much as absolute ones; imports under `if TYPE_CHECKING:` do not run, so they may name a
  type from a higher layer (the model names the checked-condition type of `lang`).
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "advisor"

OWNERS = {
    "experta": {"reason/rete.py"},
    "questionary": {"interview/prompts.py"},
    "prompt_toolkit": {"interview/prompts.py"},
    "yaml": {"load/yamlio.py"},
    "docx": {"report/docx_report.py"},
    "clips": {"authoring/clips_run.py"},  # optional (clipspy): the tests' and benchmark's runner
    "pydantic": {"load/schema_base.py", "load/schema.py", "load/schema_tables.py",
                 "load/validate.py", "load/json_schemas.py"},
    "rich": {"report/terminal.py", "report/terminal_parts.py", "report/kinsoku.py",
             "report/wrap.py", "report/screens.py", "report/explain.py", "report/whynot.py",
             "cli/console.py", "cli/assess.py", "cli/rules.py", "cli/rules_read.py"},
}

LAYERS = ["errors", "lang", "model", "load", "reason", "authoring", "interview", "report", "cli"]
# one layer: the in-memory ground
GROUND = {"model", "i18n"}


def layer_of(parts: tuple[str, ...]) -> int:
    """The layer of a module given by its parts below `advisor` (() is the package root)."""
    if parts and parts[0] == "__main__":
        return len(LAYERS)
    top = "model" if parts and parts[0] in GROUND else parts[0] if parts else ""
    # the package root (`__init__`, and names it holds such as `__version__`) is the bottom
    return LAYERS.index(top) if top in LAYERS else -1


def _runtime_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import that runs: everything but the body of `if TYPE_CHECKING:`."""
    out: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) \
                and node.test.id == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            out.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def _targets(node: ast.Import | ast.ImportFrom, here: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The modules of our package an import names, as parts below `advisor`."""
    if isinstance(node, ast.Import):
        return [tuple(a.name.split(".")[1:]) for a in node.names
                if a.name.split(".")[0] == "advisor"]
    if node.level == 0:
        if not node.module or node.module.split(".")[0] != "advisor":
            return []
        base = tuple(node.module.split(".")[1:])
    else:
        package = here[:-1]  # the module's package
        base = package[: len(package) - (node.level - 1)] + tuple(
            (node.module or "").split(".") if node.module else ())
    # `from .. import lang` names a module: judge it by the name imported
    if node.module is None:
        return [(*base, a.name) for a in node.names]
    return [base]


def upward_imports(package: Path) -> list[str]:
    """Each import from a higher layer, as 'importer -> imported'."""
    found = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).with_suffix("").parts
        here = layer_of(parts)
        for node in _runtime_imports(ast.parse(path.read_text(), str(path))):
            for target in _targets(node, parts):
                if target and layer_of(target) > here:
                    found.append(f"{'/'.join(parts)} -> {'.'.join(target)}")
    return found


def libraries(path: Path) -> set[str]:
    found = set()
    for node in _runtime_imports(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_each_library_is_imported_by_its_owners_only():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        for lib in libraries(path) & set(OWNERS):
            if rel not in OWNERS[lib]:
                offenders.append(f"{rel} imports {lib}")
    assert not offenders


def test_layers_only_import_downwards():
    assert upward_imports(PACKAGE) == []


def test_a_seeded_upward_import_is_caught(tmp_path):
    """The check itself: an import of the engine added to the model (relative, as the
    house writes them) must be reported, and so must an absolute one in the loader."""
    copy = tmp_path / "advisor"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "_kb"))
    facts = copy / "model" / "facts.py"
    facts.write_text(facts.read_text() + "\nfrom ..reason import engine  # seeded\n")
    answers = copy / "load" / "answers.py"
    answers.write_text(answers.read_text() + "\nimport advisor.report.view  # seeded\n")
    assert upward_imports(copy) == ["load/answers -> report.view", "model/facts -> reason"]


def test_engine_never_prints_and_the_model_imports_only_the_standard_library():
    for name in ("engine.py", "rete.py", "rete_match.py"):
        assert "print(" not in (PACKAGE / "reason" / name).read_text()
    for path in (PACKAGE / "model").glob("*.py"):
        tree = ast.parse(path.read_text())
        ours = [n for n in _runtime_imports(tree) if isinstance(n, ast.ImportFrom)
                and n.level == 2]
        assert not ours, f"{path.name} imports from above the model"


def test_no_eval_exec_or_unsafe_yaml():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        for bad in ("eval(", "exec(", "yaml.load(", "unsafe_load"):
            assert bad not in text, f"{path.name} contains {bad}"


def test_pickle_is_read_only_by_the_caches_whitelisting_unpickler():
    """The knowledge-base cache is a pickle (load/cache.py); it is read by an unpickler
    whose find_class knows only the model's classes, never by pickle.load(s)."""
    users = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                   if "pickle" in p.read_text())
    assert users == ["load/cache.py"]
    text = (PACKAGE / "load" / "cache.py").read_text()
    assert "pickle.load(" not in text and "pickle.loads(" not in text
    assert "def find_class(self, module: str, name: str)" in text


MAX_LINES = 300


def test_every_module_is_small_enough_to_read_at_once():
    """The house rule: a module over 300 lines is holding two things and should be split."""
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if "_kb" not in p.parts and (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}
