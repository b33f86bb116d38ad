"""`advisor rules export --format clips`: the knowledge base as source for another engine.

The format is checked here rather than by argparse `choices`, so a misspelt one gets a
"did you mean" like every other bad name on the command line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..authoring.clips_export import export_text
from ..errors import AdvisorError, did_you_mean
from ..model import KnowledgeBase
from .console import write_report
from .options import add_kb_options, load_knowledge

FORMATS: dict[str, Callable[[KnowledgeBase], str]] = {"clips": export_text}


def register(rsub: Any) -> None:
    """Add `export` to the `rules` tools (`rsub`: their subparsers)."""
    p = rsub.add_parser("export", help="write the knowledge base for another rule engine",
                        description="Write the rules as CLIPS source (deftemplates, "
                                    "deffunctions, defrules) that reach the same "
                                    "conclusions; run it with CLIPS or clipspy.")
    p.add_argument("--format", required=True, metavar="FORMAT",
                   help="the target: " + ", ".join(FORMATS))
    p.add_argument("--out", metavar="FILE", type=Path,
                   help="write to FILE (default: standard output)")
    add_kb_options(p)
    p.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    write = FORMATS.get(args.format)
    if write is None:
        hint = did_you_mean(args.format, FORMATS) or "the formats are: " + ", ".join(FORMATS)
        raise AdvisorError(f"--format {args.format}: not an export format; {hint}")
    text = write(load_knowledge(args))
    if args.out:
        write_report(args.out, text)
    else:
        sys.stdout.write(text)
    return 0
