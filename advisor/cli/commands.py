"""The handlers of the `advisor` commands (imported only when a command runs).

Each `cmd_<name>` takes the parsed arguments and returns an exit code; errors are raised as
`AdvisorError` and turned into messages by `cli.main`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import AdvisorError

EXIT_INTERRUPTED = 130


def kb_dirs(args: argparse.Namespace) -> list[Any]:
    """The layers to load: the shipped knowledge base (one layer) and each --kb folder."""
    from ..paths import shipped_dirs

    layers: list[Any] = [] if args.no_shipped else [shipped_dirs()]
    layers.extend(args.kb)
    if not layers:
        raise AdvisorError("no knowledge base: --no-shipped needs at least one --kb DIR")
    return layers


def load_knowledge(args: argparse.Namespace) -> Any:
    from ..load.cache import load_cached

    return load_cached(kb_dirs(args))


def make_console(file: Any = None, width: int | None = None) -> Any:
    from rich.console import Console

    from ..report.terminal import THEME

    return Console(file=file, theme=THEME, highlight=False, width=width,
                   no_color=bool(os.environ.get("NO_COLOR")) or None, soft_wrap=False)


def show_assessment(kb: Any, answers: Any, lang: str, fmt: str = "text",
                    out: Path | None = None, console: Any = None,
                    inputs: tuple[Path, ...] = ()) -> None:
    """Assess a case and print or write the report (shared by `assess` and the interview)."""
    from ..reason.engine import Engine
    from ..report.formats import render_report

    assessment = Engine(kb).assess(answers, lang)
    if out is not None:
        from ..load.yamlio import write_atomic

        guard_output(out, inputs)
        write_atomic(out, render_report(kb, assessment, lang, fmt, _stamp()))
        (console or make_console(sys.stderr)).print(f"{out}", style="muted")
        return
    if fmt == "text":
        from datetime import datetime, timezone

        from ..report import terminal
        from ..report.view import build

        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        (console or make_console()).print(terminal.render(build(assessment, kb, lang),
                                                          generated=stamp))
        return
    sys.stdout.write(render_report(kb, assessment, lang, fmt, _stamp()))


def _stamp() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def guard_output(out: Path, inputs: tuple[Path, ...]) -> None:
    """Refuse to write a report over one of the files it was made from."""
    target = out.resolve()
    for p in inputs:
        if Path(p).resolve() == target:
            raise AdvisorError(f"--out {out} would overwrite an input file; choose another "
                               "name")
    if target.suffix in (".yaml", ".yml") and target.exists():
        raise AdvisorError(f"--out {out} is an existing YAML file (an answers or rule file?); "
                           "reports are never written over YAML files")


def cmd_assess(args: argparse.Namespace) -> int:
    from ..i18n import choose
    from ..load.answers import load_answers
    from .batch import expand

    paths = expand(args.cases)
    single = len(args.cases) == 1 and not args.cases[0].is_dir()
    if not single:
        return _assess_batch(args, paths)
    kb = load_knowledge(args)
    answers = load_answers(paths[0], kb)
    show_assessment(kb, answers, choose(args.lang, answers.language, kb.languages),
                    args.format or "text", args.out, inputs=(paths[0],))
    return 0


def _assess_batch(args: argparse.Namespace, paths: list[Path]) -> int:
    """Many cases: a report per case into --out DIR, and a summary table (also CSV, JSON)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
    from rich.table import Table
    from rich.text import Text

    from ..load.yamlio import write_atomic
    from . import batch

    if not paths:
        from ..errors import Problem, SourceError

        raise SourceError([Problem(str(p), 0, 0, "no answers files (*.yaml) found")
                           for p in args.cases])
    kb = load_knowledge(args)  # validates the knowledge base once, and warms the cache
    if args.out is not None:
        if args.out.exists() and not args.out.is_dir():
            raise AdvisorError(f"--out {args.out}: with several cases, --out names a folder")
        inputs = {p.resolve() for p in paths}
        if args.out.resolve() in inputs or any(p.parent == args.out.resolve() for p in inputs):
            raise AdvisorError(f"--out {args.out} holds the answers files; choose another "
                               "folder")
        args.out.mkdir(parents=True, exist_ok=True)
    err = make_console(sys.stderr)
    show_bar = len(paths) > 20 and err.is_terminal
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                  transient=True, disable=not show_bar) as bar:
        task = bar.add_task("assessing", total=len(paths))
        # report files default to Markdown (reports to hand on); no --out, no reports
        fmt = (args.format or "md") if args.out is not None else None
        rows = batch.run(paths, kb_dirs(args), args.lang, fmt, _stamp(),
                         jobs=max(1, args.jobs), progress=lambda n: bar.advance(task, n))
    if args.out is not None:
        for row, name in batch.report_names([r for r in rows if r.ok], fmt or "md"):
            write_atomic(args.out / name, row.report)
        write_atomic(args.out / "summary.json", batch.summary_json(rows))
        write_atomic(args.out / "summary.csv", batch.summary_csv(rows, kb.verdict))
    lang = args.lang or kb.languages[0]
    table = Table(box=None, header_style="heading", padding=(0, 1), expand=True)
    table.add_column("case", overflow="fold", ratio=3)
    for fid in kb.verdict:
        table.add_column(kb.facts[fid].label.get(lang), no_wrap=True)
    table.add_column("top findings", overflow="fold", ratio=4)
    for r in rows:
        if r.ok:
            values = [kb.facts[f].choice_label(r.verdict[f], lang) for f in kb.verdict]
            table.add_row(r.case, *values, "; ".join(r.top_findings))
        else:
            table.add_row(r.file, *["—"] * len(kb.verdict), Text(r.error, style="bad"))
    console = make_console()
    console.print(table)
    failed = [r for r in rows if not r.ok]
    console.print(f"{len(rows) - len(failed)} assessed, {len(failed)} failed"
                  + (f"; reports and summary in {args.out}" if args.out else ""), style="muted")
    for r in failed:
        err.print(r.error, markup=False, highlight=False)
    return 1 if failed else 0


def _case(args: argparse.Namespace, path: Path) -> tuple[Any, Any, str]:
    from ..i18n import choose
    from ..load.answers import load_answers

    kb = load_knowledge(args)
    answers = load_answers(path, kb)
    return kb, answers, choose(args.lang, answers.language, kb.languages)


def cmd_explain(args: argparse.Namespace) -> int:
    from ..i18n import t
    from ..reason import explain
    from ..reason.engine import Engine
    from ..report import explain as views

    kb, answers, lang = _case(args, args.case)
    engine = Engine(kb)
    a = engine.assess(answers, lang)
    console = make_console()
    try:
        if args.why:
            console.print(views.derivation(kb, explain.derivation(kb, a, args.why), lang))
            return 0
        if args.why_not:
            target, _, raw = args.why_not.partition("=")
            value = _typed_value(kb, target, raw) if raw else None
            blocked = explain.why_not(kb, a, target, value)
            values = {**explain.typed_answers(kb, a),
                      **{k: c.value for k, c in a.derived.items()}}
            unknown = {f.id for f in kb.input_facts if f.id not in values}
            console.print(views.why_not(kb, target, blocked, values, unknown, lang))
            return 0
    except KeyError as exc:
        raise AdvisorError(exc.args[0]) from None
    from ..reason.whatif import swings
    from ..report.view import severity

    findings = [fid for fid, c in a.derived.items()
                if kb.facts[fid].type == "level" and kb.facts[fid].report
                and severity(kb.facts[fid], c.value) in ("bad", "worst")]
    verdict = [f for f in kb.verdict if f in a.derived]
    found = swings(engine, answers, findings, raise_for=verdict)
    console.print(t(lang, "swing_title"), style="heading")
    console.print(views.swings(kb, found, list(dict.fromkeys(findings + verdict)), lang))
    return 0


def _typed_value(kb: Any, fid: str, raw: str) -> Any:
    """A value typed on the command line, for fact `fid` (None for '?')."""
    from ..errors import did_you_mean
    from ..load.answers import AnswerError, check_value

    fact = kb.facts.get(fid)
    if fact is None:
        hint = did_you_mean(fid, kb.facts)
        raise AdvisorError(f"unknown fact '{fid}'" + (f"; {hint}" if hint else ""))
    if raw.strip() == "?":
        return None
    value: Any = raw.strip()
    if fact.type == "multi":
        value = [v.strip() for v in raw.split(",") if v.strip()]
    elif fact.type in ("number", "count"):
        try:
            value = float(raw)
            value = int(value) if value.is_integer() else value
        except ValueError:
            raise AdvisorError(f"'{fid}' takes a number; got '{raw}'") from None
    if fact.derived:
        if fact.type == "flag":
            return raw.strip().lower() in ("yes", "true")
        if value not in fact.choice_ids:
            hint = did_you_mean(str(value), fact.choice_ids)
            raise AdvisorError(f"'{value}' is not a value of '{fid}'" +
                               (f"; {hint}" if hint else ""))
        return value
    try:
        return check_value(fact, value)
    except AnswerError as exc:
        raise AdvisorError(exc.message + (f"; {exc.hint}" if exc.hint else "")) from None


def cmd_whatif(args: argparse.Namespace) -> int:
    from ..reason.engine import Engine
    from ..reason.whatif import whatif
    from ..report import explain as views

    kb, answers, lang = _case(args, args.case)
    changes = {}
    for item in args.changes:
        fid, sep, raw = item.partition("=")
        if not sep:
            raise AdvisorError(f"--set {item}: write FACT=VALUE")
        fid = fid.strip()
        if fid in kb.facts and kb.facts[fid].derived:
            raise AdvisorError(f"'{fid}' is concluded by the rules; --set changes answers")
        changes[fid] = _typed_value(kb, fid, raw)
    _, _, delta = whatif(Engine(kb), answers, changes, lang)
    make_console().print(views.delta(kb, delta, lang))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from ..load.answers import load_answers
    from ..reason.engine import Engine
    from ..reason.whatif import compare
    from ..report import explain as views

    kb, old, lang = _case(args, args.old)
    new = load_answers(args.new, kb)
    engine = Engine(kb)
    delta = compare(kb, engine.assess(old, lang), engine.assess(new, lang))
    make_console().print(views.delta(kb, delta, lang))
    return 0


def _resume_command(args: argparse.Namespace, path: Path, lang: str) -> str:
    import shlex

    parts = ["advisor", "interview", "--resume", str(path)]
    if args.quick:
        parts.append("--quick")
    parts += ["--lang", lang]
    for d in args.kb:
        parts += ["--kb", str(d)]
    if args.no_shipped:
        parts.append("--no-shipped")
    return " ".join(shlex.quote(p) for p in parts)


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from ..load.schema import SCHEMA_FILES, json_schemas
    from ..load.yamlio import write_atomic

    schemas = json_schemas()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, schema in schemas.items():
            write_atomic(args.out / SCHEMA_FILES[name][0],
                         json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
        return 0
    if args.name:
        sys.stdout.write(json.dumps(schemas[args.name], indent=2, ensure_ascii=False) + "\n")
        return 0
    for name, (filename, title) in SCHEMA_FILES.items():
        print(f"{name:<11} {filename:<24} {title}")
    return 0


def cmd_interview(args: argparse.Namespace) -> int:
    from datetime import datetime

    from ..i18n import choose, t
    from ..interview import session as sessions
    from ..interview.planner import Interview, Planner
    from ..interview.prompts import QuestionaryAsker
    from ..report import screens as views

    kb = load_knowledge(args)
    console = make_console()
    if args.resume:
        sess, warnings = sessions.resume(args.resume, kb)
        for w in warnings:
            console.print(f"[fair]warning:[/] {w}")
        lang = choose(args.lang, sess.language, kb.languages)
        sess.language = lang
        args.quick = args.quick or sess.quick
        sess.quick = args.quick
        console.print(f"{t(lang, 'resumed')}: {sess.case} ({sess.path})", style="muted")
    else:
        lang = choose(args.lang, None, kb.languages)
        path = args.save or Path(f"interview-{datetime.now():%Y%m%d-%H%M%S}.yaml")
        if path.exists():
            raise AdvisorError(f"{path} already exists; continue it with "
                               f"'advisor interview --resume {path}', or choose another file")
        sess = sessions.new(path, "", lang, args.quick, kb)

    def show(kind: str, payload: Any) -> None:
        if kind == "section":
            console.print(views.section(kb, payload, lang))
        elif kind == "question":
            console.print(views.question(kb, *payload, lang))
        elif kind == "why":
            console.print(views.why(kb, *payload, lang))
        elif kind == "review":
            console.print(views.review(kb, payload, lang))

    asker = QuestionaryAsker(kb, lang, show)
    try:
        if not sess.case:
            sess.case = asker.ask_text(t(lang, "case_name"), sess.path.stem)
            sess.save(kb)
            console.print(f"{t(lang, 'saving_to')} {sess.path}", style="muted")

        def save(state: Any) -> None:
            sess.state = state
            sess.save(kb)

        Interview(Planner(kb, quick=sess.quick), sess.state, asker, save).run()
    except KeyboardInterrupt:
        if sess.case:
            sess.save(kb)
            console.print(f"\n{t(lang, 'resume_with')}")
            # one unwrapped line, so it can be copied and pasted whole
            console.print(f"  {_resume_command(args, sess.path, lang)}", soft_wrap=True,
                          markup=False)
        return EXIT_INTERRUPTED
    sess.complete = True
    sess.save(kb)
    console.print(f"{t(lang, 'answers_saved')} {sess.path}", style="muted")
    show_assessment(kb, sess.answers(), lang, args.format, args.out, console=console,
                    inputs=(sess.path,))
    return 0
