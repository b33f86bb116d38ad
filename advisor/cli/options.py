"""What several commands share: the knowledge-base options, loading a case, and reading a
value typed on the command line (through the one value parser)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .. import lang
from ..errors import AdvisorError, did_you_mean
from ..i18n import choose
from ..load.answers import Answers, load_answers
from ..load.cache import load_cached
from ..load.paths import shipped_dirs
from ..load.sources import Layer
from ..model import KnowledgeBase
from . import collector
from .console import show_warnings

LANGS = ("en", "zh")


def add_kb_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("knowledge base")
    group.add_argument("--kb", metavar="DIR", action="append", default=[], type=Path,
                       help="add a folder of knowledge and rule files on top of the shipped "
                            "ones (repeatable; later folders override earlier ones)")
    group.add_argument("--no-shipped", action="store_true",
                       help="do not load the shipped knowledge base: use only --kb folders")


def kb_dirs(args: argparse.Namespace) -> list[Layer]:
    """The layers to load: the shipped knowledge base (one layer) and each --kb folder."""
    layers: list[Layer] = [] if args.no_shipped else [shipped_dirs()]
    layers.extend(args.kb)
    if not layers:
        raise AdvisorError("no knowledge base: --no-shipped needs at least one --kb DIR")
    return layers


def load_knowledge(args: argparse.Namespace, *, one_case: bool = False) -> KnowledgeBase:
    """The knowledge base the options name; from here on the garbage collector runs, unless
    the command assesses `one_case` and ends (see `collector`)."""
    kb = load_cached(kb_dirs(args))
    if not one_case:
        collector.resume()
    return kb


def read_case(args: argparse.Namespace, path: Path) -> tuple[KnowledgeBase, Answers, str]:
    """The knowledge base, one case's answers, and the language to speak."""
    kb = load_knowledge(args)
    answers = load_answers(path, kb)
    show_warnings(answers.warnings)
    return kb, answers, choose(args.lang, answers.language, kb.languages)


def typed_value(kb: KnowledgeBase, fid: str, raw: str) -> Any:
    """A value typed on the command line for fact `fid` (None for `?`, "don't know")."""
    fact = kb.facts.get(fid)
    if fact is None:
        hint = did_you_mean(fid, kb.facts)
        raise AdvisorError(f"unknown fact '{fid}'" + (f"; {hint}" if hint else ""))
    if raw.strip() == "?":
        return None
    try:
        return lang.from_word(fact, raw)
    except lang.ValueProblem as exc:
        raise AdvisorError(exc.message + (f"; {exc.hint}" if exc.hint else "")) from None
