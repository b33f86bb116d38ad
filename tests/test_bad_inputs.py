"""A corpus of bad inputs, each run through the real `advisor` command.

The promise under test (README): every bad input gives ONE clear message naming
`file:line:col` and the problem, exit code 2, no traceback, and changes no saved file.
How long each input takes is measured by the benchmark (`benchmarks/run.py`), not here: a
shared, loaded machine makes any wall-clock limit in a test flaky. The only time limit here is
a generous hang guard. A unit test of one function cannot show the promise, because it is
about the whole path from the command line to stderr, so every input here runs the CLI in a
fresh process.

The corpus lives in `tests/bad_inputs/`:

- `kb/*.yaml`: knowledge or rule files, each loaded as an extra layer on top of the mini
  knowledge base (`--no-shipped --kb tests/fixtures/mini --kb <file>`);
- `answers/*.yaml`: answers files assessed against the mini knowledge base.

Each file breaks in exactly one way and starts with a header that this test reads::

    # expect: <a substring of the error message>
    # at: <line>:<col>        (or "-" where no line exists)

Inputs that cannot carry a header (an empty file, bytes that are not UTF-8, a binary file,
very deep or very large files, paths that do not exist, pipes and devices) are generated
at test time in a temporary folder; their expectation is written next to their generator.

Inputs the tool does not yet handle as promised are listed in `KNOWN_ISSUES` with the
exact checks they fail. Such a case is reported as xfail, but only while it fails exactly
those checks: if it starts failing another check, or gets fixed, the test fails so that
the list is kept true.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "bad_inputs"
MINI = ROOT / "tests" / "fixtures" / "mini"
MINI_CASE = "tests/fixtures/mini/cases/big.yaml"
KB_ARGS = ("--no-shipped", "--kb", "tests/fixtures/mini")

TIMEOUT = 120.0  # a hang guard, not a speed limit: a run still going after this is stuck
INPUT_ERROR = 2  # the exit code of every input error (errors.AdvisorError.exit_code)

HEADER = re.compile(r"\A# expect: (?P<expect>[^\n]+)\n# at: (?P<at>-|\d+:\d+)\n")
ERROR_LINE = re.compile(r"(?:^|: )error:", re.MULTILINE)  # `path:l:c: error:`, `error:`
LOCATED = re.compile(r":(\d+):(\d+): error:")


# --------------------------------------------------------------------------- cases

@dataclass
class Run:
    """How one input is run: the CLI arguments and how the tool should show the path."""

    args: tuple[str, ...]
    shown: str  # the input's path as the tool prints it
    source: Path | None = None  # the input file: its lines are checked and it is watched
    fds: tuple[int, ...] = ()  # file descriptors the command inherits (a pipe)


@dataclass(frozen=True)
class Case:
    """One bad input and what the tool must say about it."""

    id: str
    expect: str
    at: str  # "line:col" the message must name, or "-" where no line exists
    make: Callable[[Path], Run] = field(repr=False)  # builds the input in a tmp folder
    several: bool = False  # the one mistake may legitimately be named more than once
    timeout: float = TIMEOUT


def _kb_layer(rel: str) -> Run:
    """A rule file as an extra layer: the mini knowledge base is fine, so any error is
    the file's own."""
    return Run(("assess", MINI_CASE, *KB_ARGS, "--kb", rel), rel, ROOT / rel)


def _answers(rel: str) -> Run:
    """An answers file checked against the mini knowledge base, which holds every kind of
    fact (yes/no, number, choice, level, multi-select with an exclusive choice, text)."""
    return Run(("assess", rel, *KB_ARGS), rel, ROOT / rel)


# A cycle is a property of several rules at once, so its message may name more than one
# place; every other mistake must be reported exactly once.
SEVERAL = {"kb/ref_cycle.yaml", "kb/ref_self_cycle.yaml"}


def corpus_cases() -> list[Case]:
    """The files of tests/bad_inputs, with the expectation read from each header."""
    cases = []
    for path in sorted(CORPUS.glob("*/*.yaml")):
        rel = path.relative_to(ROOT).as_posix()
        cid = path.relative_to(CORPUS).as_posix()
        m = HEADER.match(path.read_text(encoding="utf-8"))
        expect, at = (m["expect"].strip(), m["at"]) if m else ("<missing header>", "-")
        runner = _kb_layer if path.parent.name == "kb" else _answers
        cases.append(Case(cid, expect, at, lambda _tmp, rel=rel, runner=runner: runner(rel),
                          several=cid in SEVERAL))
    return cases


def _write(tmp: Path, name: str, data: bytes) -> Path:
    """Write a generated input once per session (the 9 MB one is not cheap)."""
    path = tmp / name
    if not path.exists():
        path.write_bytes(data)
    return path


def _gen_answers(name: str, data: Callable[[], bytes]) -> Callable[[Path], Run]:
    """A generator of an answers file whose bytes cannot carry a header comment."""

    def make(tmp: Path) -> Run:
        path = _write(tmp, name, data())
        return Run(("assess", str(path), *KB_ARGS), str(path), path)

    return make


def _fixed(*args: str, shown: str) -> Callable[[Path], Run]:
    """A command about a path that needs no file written (missing or special paths)."""
    return lambda _tmp: Run(tuple(args), shown)


def _empty_folder(tmp: Path) -> Run:
    """A folder as the case file: `assess` treats it as a batch, which here is empty."""
    folder = tmp / "no_answers_here"
    folder.mkdir(exist_ok=True)
    return Run(("assess", str(folder), *KB_ARGS), str(folder))


def _fifo(tmp: Path) -> Run:
    """A named pipe that nobody writes to: reading it never ends on its own."""
    path = tmp / "fifo.yaml"
    if not path.exists():
        os.mkfifo(path)
    return Run(("assess", str(path), *KB_ARGS), str(path))


def _kb_pipe(_tmp: Path) -> Run:
    """A rule layer given through a pipe, as `--kb <(generate_rules)` does in a shell."""
    read_end, write_end = os.pipe()
    os.write(write_end, (CORPUS / "kb" / "cond_unknown_fact.yaml").read_bytes())
    os.close(write_end)
    shown = f"/dev/fd/{read_end}"
    return Run(("assess", MINI_CASE, *KB_ARGS, "--kb", shown), shown, fds=(read_end,))


def _loop_link(folder: Path) -> Path:
    """`folder/loop.yaml`, a symlink to itself (what a careless `ln -s` leaves)."""
    folder.mkdir(exist_ok=True)
    link = folder / "loop.yaml"
    if not link.is_symlink():
        link.symlink_to("loop.yaml")
    return link


def _kb_folder_with_loop(tmp: Path) -> Run:
    """A layer folder holding a symlink loop: it must not be skipped in silence."""
    link = _loop_link(tmp / "loop_layer")
    return Run(("assess", MINI_CASE, *KB_ARGS, "--kb", str(link.parent)), str(link))


def _kb_loop_file(tmp: Path) -> Run:
    """The symlink loop given as the layer itself: not "no such file"."""
    link = _loop_link(tmp / "loop_file")
    return Run(("assess", MINI_CASE, *KB_ARGS, "--kb", str(link)), str(link))


def _case_loop(tmp: Path) -> Run:
    link = _loop_link(tmp / "loop_case")
    return Run(("assess", str(link), *KB_ARGS), str(link))


def _kb_dangling_link(tmp: Path) -> Run:
    """A layer folder with a link to a rule file that was moved away."""
    folder = tmp / "dangling_layer"
    folder.mkdir(exist_ok=True)
    link = folder / "rules.yaml"
    if not link.is_symlink():
        link.symlink_to("moved_away.yaml")
    return Run(("assess", MINI_CASE, *KB_ARGS, "--kb", str(folder)), str(link))


MAX_BYTES = 8 * 1024 * 1024  # the loader's limit (yamlio.MAX_BYTES)


def _too_large() -> bytes:
    """9 MB of an otherwise valid answers file: only its size is wrong."""
    line = b"  " + b"x" * 97 + b"\n"
    return b"case: too large\nnotes: |\n" + line * ((MAX_BYTES + 2**20) // len(line) + 1)


GENERATED: list[Case] = [
    Case("gen/empty_file", "the file is empty", "-", _gen_answers("empty.yaml", bytes)),
    Case("gen/non_utf8", "not valid UTF-8 (byte 0xe9)", "4:11",
         _gen_answers("latin1.yaml",
                      lambda: b"case: Latin-1\nanswers:\n  plan.kind: a\nnotes: caf\xe9\n")),
    # The column counts characters, as every other message does (an editor shows 中文 as
    # two columns, not six bytes).
    Case("gen/non_utf8_after_multibyte", "not valid UTF-8 (byte 0xe9)", "2:10",
         _gen_answers("zh_latin1.yaml",
                      lambda: "case: x\nnotes: 中文".encode() + b"\xe9\n")),
    Case("gen/utf16", "not valid UTF-8 (byte 0xff)", "1:1",
         _gen_answers("utf16.yaml", lambda: "case: UTF-16\n".encode("utf-16"))),
    Case("gen/binary_png", "not valid UTF-8 (byte 0x89)", "1:1",
         _gen_answers("image.yaml", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")),
    # Valid UTF-8, but control characters YAML does not allow.
    Case("gen/control_characters", "control character (U+0000)", "1:10",
         _gen_answers("control.yaml", lambda: b"case: NUL\x00\x01\x02\nanswers: {}\n")),
    Case("gen/deep_1000_lists", "nest", "2:1007",
         _gen_answers("deep1000.yaml",
                      lambda: b"case: deep\nnotes: " + b"[" * 1000 + b"]" * 1000 + b"\n")),
    Case("gen/deep_300_lists", "nested too deeply", "2:208",
         _gen_answers("deep300.yaml",
                      lambda: b"case: deep\nnotes: " + b"[" * 300 + b"]" * 300 + b"\n")),
    Case("gen/too_large_9mb", "file is too large", "-",
         _gen_answers("too_large.yaml", _too_large)),
    # 1 MB, an eighth of the size limit: 500,001 small values in one flow list.
    # a whole-file limit, found before parsing, like the size limit: no line to name
    Case("gen/many_values_1mb", "too many values", "-",
         _gen_answers("many_values.yaml",
                      lambda: b"case: many\nnotes: [" + b",".join([b"1"] * 500_001) + b"]\n")),
    Case("paths/missing_case", "no such file", "-",
         _fixed("assess", "tests/bad_inputs/no_such_case.yaml", *KB_ARGS,
                shown="tests/bad_inputs/no_such_case.yaml")),
    Case("paths/missing_kb_folder", "knowledge-base folder not found", "-",
         _fixed("assess", MINI_CASE, *KB_ARGS, "--kb", "tests/bad_inputs/no_such_kb",
                shown="tests/bad_inputs/no_such_kb")),
    Case("paths/case_is_empty_folder", "no answers files (*.yaml) found", "-", _empty_folder),
    Case("paths/explain_folder", "is a folder, not a file", "-",
         _fixed("explain", "tests/fixtures/mini", *KB_ARGS, shown="tests/fixtures/mini")),
    Case("paths/case_through_file", "no such file", "-",
         _fixed("assess", f"{MINI_CASE}/x.yaml", *KB_ARGS, shown=f"{MINI_CASE}/x.yaml")),
    Case("paths/kb_through_file", "not found", "-",
         _fixed("assess", MINI_CASE, *KB_ARGS, "--kb", "tests/fixtures/mini/kb.yaml/x",
                shown="tests/fixtures/mini/kb.yaml/x")),
    Case("paths/case_fifo", "is not a regular file", "-", _fifo),
    Case("paths/case_dev_zero", "is not a regular file", "-",
         _fixed("assess", "/dev/zero", *KB_ARGS, shown="/dev/zero")),
    # a pipe is refused rather than read: it could block, and it cannot be read twice
    Case("paths/kb_layer_through_pipe", "neither a file nor a folder", "-", _kb_pipe),
    Case("paths/kb_folder_symlink_loop", "symlink loop", "-", _kb_folder_with_loop),
    Case("paths/kb_file_symlink_loop", "symlink loop", "-", _kb_loop_file),
    Case("paths/case_symlink_loop", "symlink loop", "-", _case_loop),
    Case("paths/kb_folder_dangling_link", "broken symlink", "-", _kb_dangling_link),
]

CASES = corpus_cases() + GENERATED

# id -> (the checks it fails today, why). A case here must fail exactly these checks.
KNOWN_ISSUES: dict[str, tuple[frozenset[str], str]] = {}


# --------------------------------------------------------------------------- running

@dataclass
class Outcome:
    code: int | None  # None: killed by the hang guard
    out: str
    err: str


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "COLUMNS": "200",
            "ADVISOR_CACHE_DIR": str(cache)}


def invoke(run: Run, cache: Path, timeout: float) -> Outcome:
    """Run `python -m advisor` from the repository root."""
    try:
        proc = subprocess.run([sys.executable, "-m", "advisor", *run.args], cwd=ROOT,
                              env=_env(cache), capture_output=True, timeout=timeout,
                              pass_fds=run.fds, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        return Outcome(None, _text(exc.stdout), _text(exc.stderr))
    finally:
        for fd in run.fds:
            with contextlib.suppress(OSError):
                os.close(fd)
    return Outcome(proc.returncode, _text(proc.stdout), _text(proc.stderr))


def _text(data: bytes | str | None) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    return data or ""


def snapshot(paths: Iterable[Path]) -> dict[str, bytes]:
    """path -> bytes of every regular file under `paths` (a FIFO or device is skipped,
    because reading one would block or never end)."""
    out: dict[str, bytes] = {}
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for f in files:
            if f.is_file():
                out[str(f)] = f.read_bytes()
    return out


@pytest.fixture(scope="module")
def gen_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where generated inputs (and the knowledge-base cache) live, apart from the repo."""
    return tmp_path_factory.mktemp("bad_inputs")


def check(case: Case, run: Run, result: Outcome) -> dict[str, str]:
    """The promises this outcome breaks: check name -> what was seen."""
    if result.code is None:
        return {"hang": f"no answer within {case.timeout:g} s (killed)"}
    failures: dict[str, str] = {}
    both = result.out + result.err
    if result.code != INPUT_ERROR:
        failures["exit"] = f"exit code {result.code}, expected {INPUT_ERROR}"
    if "Traceback" in both or "internal error" in both:
        failures["crash"] = "a traceback or an internal error"
    message = result.err.replace(run.shown, "<file>") if run.shown else result.err
    if case.expect not in message:
        failures["message"] = f"{case.expect!r} not in the message"
    if case.at != "-":
        if f"{run.shown}:{case.at}:" not in result.err:
            failures["location"] = f"'{run.shown}:{case.at}:' not named"
    elif not result.err.startswith(f"{run.shown}:"):
        failures["location"] = f"the message does not start with '{run.shown}:'"
    elif run.source is not None and (m := LOCATED.search(result.err)):
        lines = max(1, len(run.source.read_bytes().splitlines()))  # an empty file has 1
        if not 1 <= int(m[1]) <= lines:
            failures["location"] = f"line {m[1]} does not exist (the file has {lines})"
    count = len(ERROR_LINE.findall(result.err))
    if count < 1 or (count > 1 and not case.several):
        failures["count"] = f"{count} errors reported for one mistake"
    return failures


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case: Case, gen_dir: Path) -> None:
    """One bad input: exit 2, one located message naming the problem, no traceback, and
    no saved file changed."""
    run = case.make(gen_dir)
    watched = [CORPUS, MINI] + ([run.source] if run.source is not None else [])
    before = snapshot(watched)
    result = invoke(run, gen_dir / "cache", case.timeout)
    failures = check(case, run, result)
    if snapshot(watched) != before:
        failures["saved"] = "a saved file changed"
    shown = "\n".join(f"  {k}: {v}" for k, v in failures.items())
    context = f"{shown}\n--- stderr ---\n{result.err[:2000]}"
    known = KNOWN_ISSUES.get(case.id)
    if known is None:
        assert not failures, f"{case.id} is not handled as promised:\n{context}"
        return
    checks, reason = known
    assert failures, f"{case.id} is fixed: remove it from KNOWN_ISSUES"
    assert set(failures) == checks, (
        f"{case.id} fails other checks than the known issue ({sorted(checks)}):\n{context}")
    pytest.xfail(reason)


# --------------------------------------------------------------------------- the rest

def test_corpus_size() -> None:
    """The corpus must stay broad; the count is printed so it is visible in the log."""
    files = [c for c in CASES if not c.id.startswith(("gen/", "paths/"))]
    print(f"bad inputs: {len(files)} corpus files + {len(GENERATED)} generated "
          f"= {len(CASES)}")
    assert len(files) + len(GENERATED) >= 200
    assert {c.id.split("/")[0] for c in files} == {"kb", "answers"}


def test_every_corpus_file_has_a_header() -> None:
    """A file without its header would silently test nothing useful."""
    missing = [c.id for c in CASES if c.expect == "<missing header>"]
    assert not missing, f"no '# expect:' / '# at:' header: {missing}"


@pytest.mark.parametrize("kind", ["answers", "kb"])
def test_utf8_bom_loads(kind: str, gen_dir: Path) -> None:
    """A UTF-8 byte-order mark (what some Windows editors write) is not a mistake."""
    bom = b"\xef\xbb\xbf"
    if kind == "answers":
        path = _write(gen_dir, "bom_answers.yaml",
                      bom + b"case: With a BOM\nanswers:\n  plan.size: 10\n")
        args: tuple[str, ...] = ("assess", str(path), *KB_ARGS)
    else:
        rule = (b"dimension: plan\nrules:\n  - id: BOM1\n    title: {en: BOM, zh: BOM}\n"
                b"    when: plan.size >= 10\n    then: {set: {risk.delivery: high}}\n"
                b"    because: {en: Many people., zh: \xe4\xba\xba\xe5\xa4\x9a}\n"
                b"    source: test\n")
        path = _write(gen_dir, "bom_rules.yaml", bom + rule)
        args = ("assess", MINI_CASE, *KB_ARGS, "--kb", str(path))
    result = invoke(Run(args, str(path)), gen_dir / "cache", TIMEOUT)
    assert result.code == 0, result.err
    assert "Overall risk" in result.out


PAYLOADS = {
    "object_apply_os_system": '!!python/object/apply:os.system ["touch {marker}"]',
    "object_apply_kwds": '!!python/object/apply:os.system {{args: ["touch {marker}"]}}',
    "object_new_os_system": '!!python/object/new:os.system ["touch {marker}"]',
    "name_os_system": "!!python/name:os.system ''",
    "module_os": "!!python/module:os ''",
    "subprocess_check_output":
        '!!python/object/apply:subprocess.check_output [["touch", "{marker}"]]',
}
RULE = """dimension: plan
rules:
  - id: X1
    title: {{en: Payload, zh: 载荷}}
    when: plan.size >= 10
    then: {{set: {{risk.delivery: high}}}}
    because: {{en: Many people., zh: 人多。}}
    source: {payload}
"""  # the payload is at 8:13
ANSWERS = """case: Payload
answers:
  plan.size: {payload}
"""  # the payload is at 3:14


@pytest.mark.parametrize("where", ["rules", "answers"])
@pytest.mark.parametrize("name", list(PAYLOADS))
def test_yaml_code_execution_payloads(name: str, where: str, gen_dir: Path) -> None:
    """PyYAML's known code-execution tags must be refused, located, and never run:
    a rule layer or an answers file may come from someone else."""
    marker = Path("/tmp") / f"pwned_{uuid.uuid4().hex}"
    payload = PAYLOADS[name].format(marker=marker)
    template, at = (RULE, "8:13") if where == "rules" else (ANSWERS, "3:14")
    path = gen_dir / f"payload_{name}_{where}.yaml"
    path.write_text(template.format(payload=payload), encoding="utf-8")
    if where == "rules":
        args: tuple[str, ...] = ("assess", MINI_CASE, *KB_ARGS, "--kb", str(path))
    else:
        args = ("assess", str(path), *KB_ARGS)
    try:
        result = invoke(Run(args, str(path)), gen_dir / "cache", TIMEOUT)
        assert not marker.exists(), f"the payload ran: {marker} was created"
    finally:
        marker.unlink(missing_ok=True)
    assert result.code == INPUT_ERROR, result.err
    assert "Traceback" not in result.out + result.err
    assert f"{path}:{at}: error: unsupported YAML tag" in result.err, result.err
    assert len(ERROR_LINE.findall(result.err)) == 1, result.err
