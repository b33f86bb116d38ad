"""The benchmark: one command, one table, every figure the performance issue asks for.

    python benchmarks/run.py            # about two to four minutes on the 2-core machine
    python benchmarks/run.py --quick    # fewer repeats and a smaller batch, for a smoke run
    python benchmarks/run.py --only questions   # one section (here: the interview's questions)

Each figure is the median over repeated runs, measured side by side in the same run. The
CLIPS row (clipspy, an optional benchmark-only dependency: `pip install clipspy`) is reported
only when CLIPS reaches the same conclusions as the experta engine on every case compared.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.load.answers import Answers, load_answers  # noqa: E402
from advisor.load.builder import load_kb  # noqa: E402
from advisor.load.cache import load_cached  # noqa: E402
from advisor.load.paths import shipped_cases, shipped_dirs  # noqa: E402
from advisor.reason.engine import Engine  # noqa: E402
from benchmarks.generate import random_answers, synthetic_kb, write_cases  # noqa: E402

ROWS: list[tuple[str, str, str, str]] = []  # (measure, value, target, note)


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def row(measure: str, seconds: float, target: float | None = None, note: str = "") -> None:
    shown = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
    if target is None:
        goal = ""
    else:
        goal = ("≤ " + (f"{target * 1000:.0f} ms" if target < 1 else f"{target:g} s")
                + (" ✓" if seconds <= target else " ✗"))
    ROWS.append((measure, shown, goal, note))


def env(**extra: str) -> dict[str, str]:
    """The commands' environment. Bytecode may be written: pip compiles an installed
    package's modules, so a checkout run under PYTHONDONTWRITEBYTECODE would time the
    compiling of every module on every start, which no installed command does."""
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**base, "NO_COLOR": "1", "COLUMNS": "100", **extra}


def advisor_cmd() -> list[str]:
    script = Path(sys.executable).parent / "advisor"
    return [str(script)] if script.exists() else [sys.executable, "-m", "advisor"]


def process_time(args: list[str], repeat: int, **extra: str) -> float:
    def once() -> None:
        subprocess.run(args, capture_output=True, check=True, env=env(**extra), cwd=ROOT)

    once()  # warm the file cache and the knowledge-base cache
    return median_time(once, repeat)


def first_question(repeat: int, cache: str) -> tuple[float, float]:
    """Seconds until the first prompt (the case name) and until the first real question."""
    import pexpect

    prompts, questions = [], []
    for i in range(repeat + 1):
        path = Path(tempfile.mkdtemp()) / f"s{i}.yaml"
        t = time.perf_counter()
        child = pexpect.spawn(advisor_cmd()[0], [*advisor_cmd()[1:], "interview", "--save",
                                                  str(path), "--lang", "en"],
                              env=env(PROMPT_TOOLKIT_NO_CPR="1", ADVISOR_CACHE_DIR=cache),
                              encoding="utf-8", timeout=30)
        child.expect_exact("A name for this case")
        t_prompt = time.perf_counter() - t
        child.send("bench\r")
        child.expect_exact("Start this section")  # the opening and the first section
        t_question = time.perf_counter() - t
        child.terminate(force=True)
        if i:  # the first run warms the caches
            prompts.append(t_prompt)
            questions.append(t_question)
    return statistics.median(prompts), statistics.median(questions)


FLOOR = ("import collections, collections.abc\n"
         "for n in ('Mapping', 'MutableMapping', 'Sequence', 'Iterable', 'Hashable', "
         "'Callable'):\n    setattr(collections, n, getattr(collections.abc, n))\n"
         "import yaml, rich.console, experta")
FLOORS: dict[str, float] = {}


def startup(repeat: int, cache: str) -> None:
    floor = process_time([sys.executable, "-c", FLOOR], repeat)
    FLOORS["engine"] = floor
    row("floor: python importing yaml, rich and experta", floor,
        note="what any assessment must load")
    prompt_floor = process_time([sys.executable, "-c", "import questionary, rich.console"],
                                repeat)
    row("floor: python importing questionary and rich", prompt_floor,
        note="what the interview must load")
    row("advisor --version", process_time([*advisor_cmd(), "--version"], repeat), 0.25)
    prompt, question = first_question(repeat, cache)
    row("interview: to the first prompt (case name)", prompt)
    row("interview: to the opening and first section", question, 0.35)


def knowledge_base(repeat: int) -> None:
    dirs = [shipped_dirs()]
    row("shipped KB: load (no cache)", median_time(lambda: load_kb(dirs), repeat))
    cache = tempfile.mkdtemp()
    os.environ["ADVISOR_CACHE_DIR"] = cache
    load_cached(dirs)
    row("shipped KB: load (cached)", median_time(lambda: load_cached(dirs), repeat))
    kb = load_kb(dirs)
    row("shipped KB: compile for experta", median_time(lambda: Engine(kb), repeat))


def cases(repeat: int) -> None:
    kb = load_kb([shipped_dirs()])
    engine = Engine(kb)
    paths = sorted(shipped_cases().glob("c*.yaml"))
    for path in paths:
        answers = load_answers(path, kb)
        engine.assess(answers)
        row(f"engine: assess {path.stem[:24]}", median_time(lambda a=answers: engine.assess(a),
                                                             repeat * 5), 0.020)
    for path in paths[:2] + paths[-1:]:
        seconds = process_time([*advisor_cmd(), "assess", str(path)], repeat)
        floor = FLOORS.get("engine")
        row(f"process: advisor assess {path.stem[:2]}", seconds,
            2.5 * floor if floor else 0.5,
            f"{seconds / floor:.1f}x the floor (target 2.5x)" if floor else "")
    from advisor.reason.whatif import swings

    answers = load_answers(paths[0], kb)
    a = engine.assess(answers)
    high = [f for f, c in a.derived.items() if kb.facts[f].type == "level" and
            c.value in ("high", "critical", "weak")]
    row("swing analysis of C1", median_time(
        lambda: swings(engine, answers, high, list(kb.verdict)), repeat), 1.0)
    from advisor.reason.levers import smallest_changes

    for path in paths[:2]:
        one = load_answers(path, kb)
        row(f"smallest lever changes: {path.stem[:2]}",
            median_time(lambda o=one: smallest_changes(engine, o), repeat), 1.0)


def goal_conclusions(planner: Any, a: Any) -> dict[str, Any]:
    """What the interview works towards (the planner's goals): the verdict and every reported
    finding and risk, a level for every readiness dimension, and the recommendations."""
    out: dict[str, Any] = {g: a.value(g) for g in planner.goals}
    if planner.readiness_goal:
        for d in a.scores.get("dimensions", []):
            out[f"readiness: {d['dimension']}"] = d["level"]
    out["recommendations"] = a.recommendation_ids()
    return out


def questions() -> None:
    """The scripted interview of each shipped case, answered from its complete file, in full
    and in quick mode: the questions asked against the questions of the mode whose ask_if
    holds on the case's answers (what the interview asked before goal-driven skipping), whether
    the full interview's goal conclusions equal the complete file's, and the time of each
    choice of the next question."""
    from advisor.interview.flow import Interview
    from advisor.interview.planner import Planner, State
    from tests.scripted import FromValues  # the suite's scripted asker: one copy

    kb = load_kb([shipped_dirs()])
    engine = Engine(kb)
    groups = {"C1-C8": sorted(shipped_cases().glob("c*.yaml")),
              "library": sorted((shipped_cases() / "library").glob("*.yaml"))}
    for group, paths in groups.items():
        asked: dict[bool, list[int]] = {False: [], True: []}
        baseline: dict[bool, list[int]] = {False: [], True: []}
        choices: list[float] = []
        differ: list[str] = []
        needed: list[int] = []
        for path in paths:
            case = load_answers(path, kb)
            want = engine.assess(case)
            needed.append(_needed(kb, engine, case, Planner(kb), want))
            for quick in (False, True):
                planner = Planner(kb, quick=quick)
                choose = planner.next_question

                def timed(state: State, choose: Callable[[State], Any] = choose,
                          choices: list[float] = choices) -> Any:
                    t = time.perf_counter()
                    fact = choose(state)
                    choices.append(time.perf_counter() - t)
                    return fact

                planner.next_question = timed  # type: ignore[method-assign]
                state, asker = State(), FromValues(dict(case.values))
                Interview(planner, state, asker, lambda s: None).run()
                asked[quick].append(len(asker.asked))
                full = State(dict(case.values))
                baseline[quick].append(len([f for f in planner.questions if planner.in_mode(f)
                                            and planner.askable(f, full)]))
                if quick:
                    continue
                got = engine.assess(Answers(case.case, dict(state.answers),
                                            tuple(sorted(state.dont_know)),
                                            skipped=tuple(planner.skipped(state))))
                mine, theirs = goal_conclusions(planner, got), goal_conclusions(planner, want)
                wrong = [f"{g} {mine.get(g)} (file: {theirs[g]})" for g in theirs
                         if mine.get(g) != theirs[g]]
                if wrong:
                    differ.append(f"{path.stem[:24]}: {'; '.join(wrong)}")
        n = len(paths)
        for quick, mode in ((False, "full"), (True, "quick")):
            got_n, base_n = asked[quick], baseline[quick]
            ratio = statistics.median(a / b for a, b in zip(got_n, base_n, strict=True) if b)
            goal = f"≤ 0.60 {'✓' if ratio <= 0.60 else '✗'}" if not quick else ""
            ROWS.append((f"interview {group}: questions asked, {mode} (min/med/max)",
                         spread(got_n), "",
                         f"{n} cases; {len(planner.questions)} questions in the KB"))
            ROWS.append((f"interview {group}: today's count, {mode} (min/med/max)",
                         spread(base_n), "", "questions of the mode whose ask_if holds"))
            ROWS.append((f"interview {group}: asked / today's count, {mode}", f"{ratio:.2f}",
                         goal, f"median over cases; total {sum(got_n)}/{sum(base_n)} = "
                               f"{sum(got_n) / sum(base_n):.2f}"))
        ROWS.append((f"interview {group}: questions whose absence alone moves a goal",
                     spread(needed), "", "in hindsight: leaving any one of these out, all "
                                         "other answers given, changes a goal"))
        ROWS.append((f"interview {group}: full mode reaches the file's goals",
                     f"{n - len(differ)}/{n}", f"= {n} {'✓' if not differ else '✗'}",
                     "verdict, findings, risks, readiness levels, recommendations"))
        for d in differ:
            ROWS.append(("  differs", "", "", d))
        row(f"interview {group}: choose the next question", statistics.median(choices),
            note=f"{len(choices)} choices, full and quick")
        row(f"interview {group}: slowest choice of the next question", max(choices), 0.050)


def _needed(kb: Any, engine: Any, case: Any, planner: Any, want: Any) -> int:
    """How many of the case's answers (don't know included) change a goal conclusion when
    that one alone is left unasked (assessed as not applicable)."""
    goals = goal_conclusions(planner, want)
    count = 0
    for fid in [*case.values, *case.dont_know]:
        values = {k: v for k, v in case.values.items() if k != fid}
        unknown = tuple(f for f in case.dont_know if f != fid)
        got = engine.assess(Answers(case.case, values, unknown, skipped=(fid,)))
        count += goal_conclusions(planner, got) != goals
    return count


def spread(values: list[int]) -> str:
    return f"{min(values)}/{statistics.median(values):g}/{max(values)}"


def batch(n: int, repeat: int) -> None:
    kb = load_kb([shipped_dirs()])
    folder = Path(tempfile.mkdtemp()) / "cases"
    write_cases(kb, folder, n)
    for jobs, fmt in ((1, "md"), (2, "md"), (2, "text")):
        out = Path(tempfile.mkdtemp()) / "out"

        def once(jobs: int = jobs, out: Path = out, fmt: str = fmt) -> None:
            shutil.rmtree(out, ignore_errors=True)
            subprocess.run([*advisor_cmd(), "assess", str(folder), "--out", str(out),
                            "--jobs", str(jobs), "--format", fmt], capture_output=True,
                           env=env(), cwd=ROOT)

        once()
        target = 20.0 if (jobs, fmt) == (2, "md") else None
        row(f"batch: {n} generated cases, --jobs {jobs}, {fmt} reports",
            median_time(once, repeat), target, "a report per case + summary CSV/JSON")


def scaling(sizes: list[int], repeat: int) -> None:
    for n in sizes:
        folder = synthetic_kb(Path(tempfile.mkdtemp()) / f"kb{n}", n)
        t = time.perf_counter()
        kb = load_kb([folder])
        cold = time.perf_counter() - t
        cache = tempfile.mkdtemp()
        os.environ["ADVISOR_CACHE_DIR"] = cache
        load_cached([folder])
        cached = median_time(lambda f=folder: load_cached([f]), max(1, repeat // 2))
        t = time.perf_counter()
        engine = Engine(kb)
        compile_s = time.perf_counter() - t
        rng = random.Random(5)
        answers = [Answers("x", random_answers(rng, kb)) for _ in range(max(3, repeat))]
        engine.assess(answers[0])
        times = []
        for a in answers:
            t0 = time.perf_counter()
            engine.assess(a)
            times.append(time.perf_counter() - t0)
        note = f"{len(kb.rules)} rules, {max(kb.strata.values()) + 1} strata"
        row(f"{n} rules: load (no cache)", cold, note=note)
        row(f"{n} rules: load (cached) + compile", cached + compile_s,
            1.0 if n == 1000 else None, f"cached load {cached * 1000:.0f} ms")
        row(f"{n} rules: assess one case", statistics.median(times),
            0.150 if n == 1000 else None)


def bad_inputs() -> None:
    """The bad-input corpus of tests/test_bad_inputs.py, each run once through the CLI: the
    tool's own time per input (wall time minus `advisor --version`). The test checks the
    messages; how long they take is measured here, where a loaded machine cannot fail a test."""
    from tests.test_bad_inputs import CASES, TIMEOUT, Run, invoke

    work = Path(tempfile.mkdtemp())
    cache = work / "cache"

    def timed(run: Run, timeout: float = TIMEOUT) -> float:
        t = time.perf_counter()
        invoke(run, cache, timeout)
        return time.perf_counter() - t

    floor = min(timed(Run(("--version",), "")) for _ in range(3))
    own = sorted((max(0.0, timed(case.make(work), case.timeout) - floor), case.id)
                 for case in CASES)
    row(f"bad inputs: {len(own)} corpus inputs, median own time",
        statistics.median(t for t, _ in own), note="wall time minus advisor --version")
    row("bad inputs: slowest own time", own[-1][0], 1.0, own[-1][1])


def clips(repeat: int) -> None:
    try:
        from advisor.authoring.clips_run import ClipsEngine
    except ImportError as exc:
        ROWS.append(("CLIPS reference", "skipped", "", f"clipspy not installed ({exc})"))
        return
    kb = load_kb([shipped_dirs()])
    engine, reference = Engine(kb), ClipsEngine(kb)
    rng = random.Random(11)
    sets = [load_answers(p, kb).values for p in sorted(shipped_cases().glob("c*.yaml"))]
    sets += [random_answers(rng, kb) for _ in range(40)]
    for values in sets:
        a = engine.assess(Answers("x", values))
        derived, recs = reference.assess(values)
        if derived != {k: c.value for k, c in a.derived.items()} or \
                recs != set(a.recommendation_ids()):
            ROWS.append(("CLIPS reference", "invalid", "", "the engines disagree on a case"))
            return
    first = sets[:8]
    ours = statistics.median(median_time(lambda v=v: engine.assess(Answers("x", v)), repeat)
                             for v in first)
    theirs = statistics.median(median_time(lambda v=v: reference.assess(v), repeat)
                               for v in first)
    rules_only = statistics.median(
        median_time(lambda v=v: engine.derive(Answers("x", v)), repeat) for v in first)
    row("CLIPS (clipspy): assess an acceptance case", theirs,
        note=f"agree on {len(sets)} cases; experta/CLIPS = {ours / theirs:.1f}x")
    row("experta: the rule run alone (what CLIPS does)", rules_only,
        note=f"experta/CLIPS = {rules_only / theirs:.1f}x (target 10x); the rest of an "
             "assessment is scores, evidence and explanations")


SECTIONS = ("startup", "kb", "cases", "questions", "batch", "scaling", "bad-inputs", "clips")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=SECTIONS, action="append",
                        help="run only this section (repeatable)")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    started = time.perf_counter()
    cache = tempfile.mkdtemp()
    sections: dict[str, Callable[[], None]] = {
        "startup": lambda: startup(repeat, cache),
        "kb": lambda: knowledge_base(repeat),
        "cases": lambda: cases(repeat),
        "questions": questions,
        "batch": lambda: batch(200 if args.quick else 1000, 1 if args.quick else 3),
        "scaling": lambda: scaling([100, 1000] if args.quick else [100, 1000, 5000], repeat),
        "bad-inputs": bad_inputs,
        "clips": lambda: clips(repeat),
    }
    for name in SECTIONS:
        if not args.only or name in args.only:
            sections[name]()
    width = max(len(r[0]) for r in ROWS)
    print(f"\n{'measure':<{width}}  {'median':>10}  {'target':<12}  note")
    print("-" * (width + 40))
    for measure, value, goal, note in ROWS:
        print(f"{measure:<{width}}  {value:>10}  {goal:<12}  {note}")
    print(f"\n({os.cpu_count()} cores; benchmark took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
