"""The verdict table of the acceptance cases and the case library, as Markdown.

Why: docs/case-library.md shows, for every documented case, what an experienced consultant
concluded and what the knowledge base concludes now. Generating the table from the case
files keeps the page true; tests/test_acceptance.py fails when it is out of date.

Usage:
    python scripts/case_table.py            # print the table
    python scripts/case_table.py --write    # replace the table in docs/case-library.md
    python scripts/case_table.py --check    # exit 1 if docs/case-library.md is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(ROOT))

from advisor.load.answers import load_answers  # noqa: E402
from advisor.load.builder import load_kb  # noqa: E402
from advisor.load.paths import shipped_cases, shipped_dirs  # noqa: E402
from advisor.reason.engine import Engine  # noqa: E402

DOC = ROOT / "docs" / "case-library.md"
BEGIN, END = "<!-- case table: begin -->", "<!-- case table: end -->"


def _band(value: Any) -> str:
    if value is None:
        return "—"
    return " / ".join(value) if isinstance(value, list) else str(value)


def _ids(items: Any) -> list[str]:
    return [i for item in items or () for i in (item if isinstance(item, list) else [item])]


def rows() -> list[str]:
    kb = load_kb([shipped_dirs()])
    engine = Engine(kb)
    paths = sorted(shipped_cases().glob("c*.yaml")) + \
        sorted((shipped_cases() / "library").glob("*.yaml"))
    out = ["| case | expected risk | expected decision | risk | decision | evidence "
           "(key answered) | must-raise found |",
           "| --- | --- | --- | --- | --- | --- | --- |"]
    for path in paths:
        answers = load_answers(path, kb)
        a = engine.assess(answers)
        expect = answers.expect or {}
        raised = {f for f, c in a.derived.items() if c.value is True}
        wanted = _ids(expect.get("raises") or expect.get("flags"))
        found = [f for f in wanted if f in raised]
        ev = a.evidence
        name = path.relative_to(shipped_cases()).as_posix()
        out.append(
            f"| `{name}` | {_band(expect.get('risk.overall'))} | "
            f"{_band(expect.get('decision.launch_gate'))} | {a.value('risk.overall') or '—'} | "
            f"{a.value('decision.launch_gate') or '—'} | "
            f"{a.scores.get('coverage', 0):.0%} ({ev.get('key_answered', 0)}/"
            f"{ev.get('key_questions', 0)}) | {len(found)}/{len(wanted)} |")
    return out


def sources() -> list[str]:
    """Each library case with the published sources its answers rest on."""
    kb = load_kb([shipped_dirs()])
    out = []
    for path in sorted((shipped_cases() / "library").glob("*.yaml")):
        answers = load_answers(path, kb)
        out.append(f"- **{answers.case}** (`library/{path.name}`)")
        out += [f"  - {s}" for s in answers.sources]
    return out


def current_doc() -> str:
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    block = [*rows(), "", "### Sources", "", *sources()]
    return head + BEGIN + "\n" + "\n".join(block) + "\n" + END + tail


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--write", action="store_true", help="update docs/case-library.md")
    p.add_argument("--check", action="store_true", help="fail if the page is out of date")
    args = p.parse_args()
    if args.check:
        if DOC.read_text(encoding="utf-8") != current_doc():
            print("docs/case-library.md is out of date: python scripts/case_table.py --write")
            return 1
        return 0
    if args.write:
        DOC.write_text(current_doc(), encoding="utf-8")
        return 0
    print("\n".join(rows()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
