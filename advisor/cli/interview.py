"""`advisor interview`: the guided interview, saved after every answer, then the report."""

from __future__ import annotations

import argparse
import shlex
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import AdvisorError, Interrupted
from ..i18n import choose, t
from ..interview import session as sessions
from ..interview.flow import Interview
from ..interview.planner import Planner, State
from ..model import KnowledgeBase
from ..report import screens as views
from ..report.terminal import print_report
from .assess import FORMATS, show_assessment
from .console import guard_output, make_console
from .options import LANGS, add_kb_options, load_knowledge


def register(sub: Any) -> None:
    p = sub.add_parser("interview", help="answer guided questions, then get the report",
                       description="A guided interview about one change effort. Answers are "
                                   "saved after every question.")
    p.add_argument("--quick", action="store_true",
                   help="ask only the core questions and the knock-out follow-ups")
    p.add_argument("--lang", choices=LANGS, help="interview and report language")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="the report at the end (as for assess)")
    p.add_argument("--out", metavar="FILE", type=Path, help="write the final report to FILE")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--save", metavar="FILE", type=Path,
                       help="where to save the answers (default: a new file in the current "
                            "folder)")
    where.add_argument("--resume", metavar="FILE", type=Path, help="continue a saved interview")
    add_kb_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # questionary (prompt_toolkit) takes ~0.1 s to import, and only the interview needs it.
    from ..interview.prompts import QuestionaryAsker

    kb = load_knowledge(args)
    console = make_console()
    if args.out is not None:  # a report location that cannot be written fails now, not
        guard_output(args.out)  # after the questions have been answered
    sess, lang = _open(args, kb, console)
    if not sys.stdin.isatty():
        raise AdvisorError("the interview needs a terminal to ask its questions; to assess "
                           "answers from a file, use 'advisor assess FILE'")

    screens = {"opening": lambda p: views.opening(kb, p, lang),
               "section": lambda p: views.section(kb, p[0], p[1], lang),
               "question": lambda p: views.question(kb, p[0], p[1], lang),
               "answer": lambda p: views.answer(kb, p[0], p[1], lang, *p[2:]),
               "unsure": lambda p: views.unsure(p, lang),
               "why": lambda p: views.why(kb, p[0], p[1], lang),
               "review": lambda p: views.review(kb, p, lang)}

    def show(kind: str, payload: Any) -> None:
        print_report(console, screens[kind](payload), lang)

    asker = QuestionaryAsker(kb, lang, show, lambda fid, v: views.words(kb, fid, v, lang))
    with sessions.locked(sess.path):
        return _interview(args, kb, sess, lang, asker, console)


def _interview(args: argparse.Namespace, kb: KnowledgeBase, sess: sessions.Session, lang: str,
               asker: Any, console: Any) -> int:
    """Ask, save after every answer, then show the report."""
    try:
        if not sess.case:
            sess.case = asker.ask_text(t(lang, "case_name"), sess.path.stem)
            sess.save(kb)
            console.print(f"{t(lang, 'saving_to')} {sess.path}", style="muted", markup=False)

        def save(state: State) -> None:
            sess.state = state
            if (problem := sess.try_save(kb)) is not None:
                console.print(f"warning: {problem}; {t(lang, 'save_retry')}", style="fair",
                              markup=False)

        planner = Planner(kb, quick=sess.quick)
        finished = Interview(planner, sess.state, asker, save).run()
        sess.skipped = planner.skipped(sess.state)
    except KeyboardInterrupt:
        if not sess.case:
            raise Interrupted("interrupted") from None
        sess.save(kb)
        # the command on a line of its own, unwrapped, so it can be copied and pasted whole
        raise Interrupted(f"\n{t(lang, 'resume_with')}\n  "
                          f"{_resume_command(args, sess.path, lang)}") from None
    if not finished:  # "save and exit": the answers are on disk; the report comes later
        sess.save(kb)
        console.print(f"{t(lang, 'saved_exit')}\n  {_resume_command(args, sess.path, lang)}",
                      style="muted", markup=False, highlight=False, soft_wrap=True)
        return 0
    sess.complete = True
    if (problem := sess.try_save(kb)) is not None:  # the last chance: show what was entered
        console.print(f"warning: {problem}; {t(lang, 'save_failed')}", style="fair",
                      markup=False)
        console.print(sess.text(kb), markup=False, highlight=False)
    else:
        console.print(f"{t(lang, 'answers_saved')} {sess.path}", style="muted", markup=False)
    show_assessment(kb, sess.answers(), lang, args.format, args.out, console=console,
                    inputs=(sess.path,))
    return 0


def _open(args: argparse.Namespace, kb: KnowledgeBase, console: Any
          ) -> tuple[sessions.Session, str]:
    """The session to continue (--resume) or a new one, and the language to speak."""
    if args.resume:
        sess, warnings = sessions.resume(args.resume, kb)
        for w in warnings:
            console.print(f"warning: {w}", style="fair", markup=False)
        lang = choose(args.lang, sess.language, kb.languages)
        sess.language = lang
        sess.quick = args.quick = args.quick or sess.quick
        console.print(f"{t(lang, 'resumed')}: {sess.case} ({sess.path})", style="muted",
                      markup=False)
        return sess, lang
    lang = choose(args.lang, None, kb.languages)
    path = args.save or Path(f"interview-{datetime.now():%Y%m%d-%H%M%S}.yaml")
    if path.is_dir():
        raise AdvisorError(f"--save {path} is a folder; name the file to save the answers to")
    if path.exists():
        raise AdvisorError(f"{path} already exists; continue it with "
                           f"'advisor interview --resume {path}', or choose another file")
    if not path.resolve().parent.is_dir():
        raise AdvisorError(f"--save {path}: the folder {path.parent} does not exist")
    return sessions.new(path, "", lang, args.quick, kb), lang


def _resume_command(args: argparse.Namespace, path: Path, lang: str) -> str:
    parts = ["advisor", "interview", "--resume", str(path)]
    if args.quick:
        parts.append("--quick")
    parts += ["--lang", lang]
    for d in args.kb:
        parts += ["--kb", str(d)]
    if args.no_shipped:
        parts.append("--no-shipped")
    return " ".join(shlex.quote(p) for p in parts)
