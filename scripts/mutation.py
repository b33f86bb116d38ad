"""Mutation check: do the tests notice when the reasoning code is subtly wrong?

For each target module, mutants are made with `ast` (one small change each: a comparison
swapped, `and` for `or`, `any` for `all`, a flipped boolean, a `not` removed, an `if`
negated, a returned value replaced with None, a `.casefold()`/`.lower()` dropped, an integer
one off), and a focused selection of the tests is run against each. A mutant the tests fail
on is *killed*; one they pass on *survived*. Mutants that cannot change behaviour are listed,
each with its reason, in `scripts/mutation_equivalent.txt` and reported apart.

Everything runs in a temporary copy of the checkout (the package, tests and knowledge): the
working tree is never written, so an interrupted run leaves nothing behind.

    python scripts/mutation.py                       # every default module
    python scripts/mutation.py --module strata --max 20
    python scripts/mutation.py --module lang/ops.py --tests "tests/test_conditions.py"
    python scripts/mutation.py --list                # only list the mutants
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import os
import shlex
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = Path(__file__).with_name("mutation_equivalent.txt")
LANG_TESTS = "tests/test_lang_mutants.py tests/test_conditions.py"
# module -> the fast tests that should notice a change in it
DEFAULT: dict[str, str] = {
    "advisor/lang/truth.py": LANG_TESTS,
    "advisor/lang/ops.py": LANG_TESTS,
    "advisor/lang/values.py": LANG_TESTS + " tests/test_values_mutants.py tests/test_values.py",
    "advisor/lang/check.py": LANG_TESTS + " tests/test_values_mutants.py tests/test_values.py",
    "advisor/load/strata.py": "tests/test_strata_mutants.py tests/test_count_cycle.py",
    "advisor/reason/reasoner.py": "tests/test_reasoner_mutants.py tests/test_reasoner.py",
}
PYTEST = ["-x", "-q", "-p", "no:cacheprovider"]
COPIED = ("advisor", "tests", "knowledge", "rules", "pyproject.toml")

SWAPS: dict[type, type] = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
                           ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn,
                           ast.NotIn: ast.In}
SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
          ast.NotEq: "!=", ast.In: "in", ast.NotIn: "not in"}


@dataclass(frozen=True)
class Mutant:
    path: str  # relative to the checkout
    line: int
    col: int
    change: str  # "a < b -> a <= b"
    source: str  # the whole mutated module

    @property
    def key(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.change}"


def _short(node: ast.AST) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _skipped(tree: ast.Module) -> set[int]:
    """Nodes never mutated: docstrings, annotations, decorators and `if TYPE_CHECKING:`."""
    skip: set[int] = set()

    def mark(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) \
                and node.test.id == "TYPE_CHECKING":
            mark(node)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for d in node.decorator_list:
                mark(d)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            mark(node.returns)
            for a in (*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs):
                mark(a.annotation)
        if isinstance(node, ast.AnnAssign):
            mark(node.annotation)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body \
                and isinstance(node.body[0], ast.Expr) \
                and isinstance(node.body[0].value, ast.Constant):
            mark(node.body[0])
        if isinstance(node, ast.ImportFrom):
            mark(node)
    return skip


def _replace(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list) and any(v is old for v in value):
                value[next(i for i, v in enumerate(value) if v is old)] = new
                return


Edit = Callable[[ast.AST, ast.Module], None]  # mutates the node (in a copy of the tree)


def _edits(node: ast.AST) -> Iterator[tuple[str, Edit]]:
    """The mutations of one node: (what changes, how to make the change)."""
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in SWAPS:
                new = SWAPS[type(op)]

                def swap(n: ast.AST, t: ast.Module, i: int = i, new: type = new) -> None:
                    n.ops[i] = new()  # type: ignore[attr-defined]
                yield f"'{SYMBOL[type(op)]}' -> '{SYMBOL[new]}'", swap
    elif isinstance(node, ast.BoolOp):
        other = "or" if isinstance(node.op, ast.And) else "and"

        def flip(n: ast.AST, t: ast.Module) -> None:
            n.op = ast.Or() if isinstance(n.op, ast.And) else ast.And()  # type: ignore
        yield f"'{'and' if other == 'or' else 'or'}' -> '{other}'", flip
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
            and node.func.id in ("any", "all"):
        new_name = "all" if node.func.id == "any" else "any"

        def rename(n: ast.AST, t: ast.Module, new_name: str = new_name) -> None:
            n.func.id = new_name  # type: ignore[attr-defined]
        yield f"'{node.func.id}(' -> '{new_name}('", rename
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr in ("casefold", "lower") and not node.args:
        def unfold(n: ast.AST, t: ast.Module) -> None:
            _replace(t, n, n.func.value)  # type: ignore[attr-defined]
        yield f"drop .{node.func.attr}()", unfold
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        def negate_const(n: ast.AST, t: ast.Module) -> None:
            n.value = not n.value  # type: ignore[attr-defined]
        yield f"{node.value} -> {not node.value}", negate_const
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        for delta in (1, -1):
            def shift(n: ast.AST, t: ast.Module, delta: int = delta) -> None:
                n.value += delta  # type: ignore[attr-defined]
            yield f"{node.value} -> {node.value + delta}", shift
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        def unnot(n: ast.AST, t: ast.Module) -> None:
            _replace(t, n, n.operand)  # type: ignore[attr-defined]
        yield f"drop 'not' of 'not {_short(node.operand)}'", unnot
    elif isinstance(node, ast.If | ast.IfExp):
        def negate(n: ast.AST, t: ast.Module) -> None:
            n.test = ast.UnaryOp(ast.Not(), n.test)  # type: ignore[attr-defined]
        yield f"negate 'if {_short(node.test)}'", negate
    elif isinstance(node, ast.Return) and node.value is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None):
        def to_none(n: ast.AST, t: ast.Module) -> None:
            n.value = ast.Constant(None)  # type: ignore[attr-defined]
        yield f"'return {_short(node.value)}' -> 'return None'", to_none


def mutants(path: str) -> list[Mutant]:
    source = (ROOT / path).read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip = _skipped(tree)
    nodes = list(ast.walk(tree))
    unmutated = ast.unparse(tree)
    out: list[Mutant] = []
    for index, node in enumerate(nodes):
        if id(node) in skip:
            continue
        for change, edit in _edits(node):
            mutated = copy.deepcopy(tree)
            edit(list(ast.walk(mutated))[index], mutated)
            ast.fix_missing_locations(mutated)
            text = ast.unparse(mutated)
            if text != unmutated:
                out.append(Mutant(path, getattr(node, "lineno", 0),
                                  getattr(node, "col_offset", -1) + 1, change, text + "\n"))
    return sorted(out, key=lambda m: (m.line, m.col, m.change))


def equivalents() -> dict[str, str]:
    """`path:line: change | reason` lines of scripts/mutation_equivalent.txt."""
    found: dict[str, str] = {}
    if EQUIVALENT.exists():
        for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                key, _, reason = line.partition(" | ")
                found[key.strip()] = reason.strip()
    return found


def run_tests(work: Path, tests: str, timeout: float) -> tuple[bool, float]:
    """Whether the tests pass in the copy at `work`, and how long they took.

    The tests run in a forked child (pytest and the heavy libraries are imported once, in
    this process; the package is not, so each child imports the module as it is on disk).
    A child that outlives `timeout` (a mutant that loops) is killed with its process group.
    """
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 3
        try:
            os.setsid()
            os.chdir(work)
            sys.path.insert(0, str(work))
            sys.dont_write_bytecode = True
            os.environ.update(PYTHONPATH=str(work), PYTHONDONTWRITEBYTECODE="1")
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            import pytest

            code = int(pytest.main([*PYTEST, *shlex.split(tests)]))
        finally:
            os._exit(code)
    code = -1
    try:
        while time.monotonic() - start < timeout:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                break
            time.sleep(0.02)
    finally:
        if code == -1:  # still running: timed out or interrupted
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    return code == 0, time.monotonic() - start


def _preload() -> None:
    """Import the test runner and the heavy libraries once, before any fork (not the
    package, nor pytest plugins such as hypothesis, which pytest must import itself)."""
    import pydantic  # noqa: F401
    import pytest  # noqa: F401
    import rich  # noqa: F401
    import yaml  # noqa: F401


def _copy(work: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "_kb", "*.pyc", ".venv")
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, work / name, ignore=ignore)
        else:
            shutil.copy2(src, work / name)


def _target(name: str) -> str:
    hits = [m for m in DEFAULT if m == name or m.endswith("/" + name)
            or m.endswith("/" + name + ".py")]
    if len(hits) != 1:
        path = Path(name)
        if (ROOT / path).is_file():
            return path.as_posix()
        sys.exit(f"unknown module {name!r}; known: {', '.join(DEFAULT)}")
    return hits[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--module", action="append", help="a target (path or short name such "
                    "as strata, lang/ops.py); repeatable; default: all of " + ", ".join(DEFAULT))
    ap.add_argument("--max", type=int, default=0, help="at most N mutants per module")
    ap.add_argument("--tests", help="the pytest selection (default: per module, see DEFAULT)")
    ap.add_argument("--list", action="store_true", help="only list the mutants")
    args = ap.parse_args(argv)
    targets = [_target(m) for m in args.module] if args.module else list(DEFAULT)
    known = equivalents()
    plan = {t: mutants(t)[: args.max or None] for t in targets}
    if args.list:
        for ms in plan.values():
            for m in ms:
                print(f"{m.key}" + ("   [equivalent]" if m.key in known else ""))
        print(f"{sum(map(len, plan.values()))} mutants")
        return 0
    _preload()
    started = time.monotonic()
    totals: list[tuple[str, int, int, int, int]] = []
    with tempfile.TemporaryDirectory(prefix="advisor-mutation-") as tmp:
        work = Path(tmp)
        _copy(work)
        for target, ms in plan.items():
            tests = args.tests or DEFAULT.get(target, LANG_TESTS)
            ok, base = run_tests(work, tests, timeout=600)
            if not ok:
                print(f"{target}: the tests fail without any mutant: {tests}")
                return 2
            print(f"== {target}: {len(ms)} mutants, tests: {tests} ({base:.1f}s unmutated)")
            file = work / target
            original = file.read_text(encoding="utf-8")
            killed = survived = equivalent = 0
            try:
                file.write_text("raise RuntimeError('mutation canary')\n", encoding="utf-8")
                if run_tests(work, tests, timeout=max(30.0, 4 * base))[0]:
                    print(f"{target}: the tests pass with the module broken: they do not "
                          f"import it (from the copy): {tests}")
                    return 2
                for m in ms:
                    if m.key in known:
                        equivalent += 1
                        print(f"  equivalent  {m.key}  ({known[m.key]})")
                        continue
                    file.write_text(m.source, encoding="utf-8")
                    passed, took = run_tests(work, tests, timeout=max(30.0, 4 * base))
                    file.write_text(original, encoding="utf-8")
                    killed += not passed
                    survived += passed
                    print(f"  {'SURVIVED' if passed else 'killed  '}  {m.key}  ({took:.1f}s)",
                          flush=True)
            finally:
                file.write_text(original, encoding="utf-8")
            totals.append((target, len(ms), killed, survived, equivalent))
    print("\nmodule                        mutants killed survived equivalent kill rate")
    for target, n, k, s, e in totals:
        rate = f"{100 * k / (k + s):.1f}%" if k + s else "-"
        print(f"{target:<30}{n:>7}{k:>7}{s:>9}{e:>11}{rate:>10}")
    n, k, s, e = (sum(t[i] for t in totals) for i in range(1, 5))
    print(f"{'all':<30}{n:>7}{k:>7}{s:>9}{e:>11}"
          f"{(f'{100 * k / (k + s):.1f}%' if k + s else '-'):>10}")
    stale = [key for key in known if not any(key == m.key for ms in plan.values() for m in ms)
             and any(key.startswith(t + ":") for t in targets) and not args.max]
    for key in stale:
        print(f"note: no such mutant any more (update {EQUIVALENT.name}): {key}")
    print(f"run time {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
