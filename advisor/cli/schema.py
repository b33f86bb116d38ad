"""`advisor schema`: the JSON Schemas of the files authors write, for their editors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import AdvisorError
from ..load.files import write_atomic

NAMES = ("knowledge", "rules", "answers", "assessment")


def register(sub: Any) -> None:
    p = sub.add_parser("schema", help="JSON Schemas for the files authors write",
                       description="Print (or write to --out DIR) the JSON Schemas of "
                                   "knowledge, rule and answers files and of the Assessment "
                                   "JSON.")
    p.add_argument("name", nargs="?", choices=NAMES,
                   help="one schema to print (default: list them)")
    p.add_argument("--out", metavar="DIR", type=Path, help="write all of them to DIR")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Building every file model costs ~0.1 s; only this command needs them all.
    from ..load.json_schemas import SCHEMA_FILES, json_schemas

    schemas = json_schemas()
    if args.out:
        if args.out.exists() and not args.out.is_dir():
            raise AdvisorError(f"--out {args.out}: is a file; --out names a folder")
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
