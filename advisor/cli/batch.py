"""Assessing many cases: serially or spread over processes, with identical results.

Each worker loads the knowledge base (from the cache) and compiles the engine once, then
assesses its share of the cases. A case that cannot be read is reported and skipped; it
never ends the batch.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import AdvisorError, Problem, SourceError
from ..i18n import choose
from ..load.answers import load_answers
from ..load.cache import load_cached
from ..reason.engine import Engine
from ..report.formats import render_report
from ..report.words import severity

EXTENSIONS = {"text": ".txt", "md": ".md", "html": ".html", "json": ".json"}


@dataclass
class Row:
    """One case of the batch: its verdict and top findings, or why it failed."""

    file: str
    case: str = ""
    ok: bool = True
    verdict: dict[str, str] = field(default_factory=dict)  # fact -> value
    top_findings: list[str] = field(default_factory=list)  # "label: value", worst first
    error: str = ""
    report: str = ""  # the rendered report (not part of the summary)


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given, folders as their answers files (sorted); missing paths raise."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml"))
        elif p.exists() or p.is_symlink():  # reading a broken link names its problem
            out.append(p)
        else:
            raise SourceError([Problem(str(p), 0, 0, "no such file or folder")])
    return list(dict.fromkeys(out))


_WORKER: dict[str, Any] = {}


def _init(dirs: list[Any], lang: str | None, fmt: str | None, stamp: str) -> None:
    kb = load_cached(dirs)
    _WORKER.update(kb=kb, engine=Engine(kb), lang=lang, fmt=fmt, stamp=stamp)


def _assess(path: str) -> Row:

    kb, engine = _WORKER["kb"], _WORKER["engine"]
    try:
        answers = load_answers(Path(path), kb)
    except (SourceError, AdvisorError) as exc:
        return Row(path, ok=False, error=exc.render())
    lang = choose(_WORKER["lang"], answers.language, kb.languages)
    try:
        a = engine.assess(answers, lang)
    except AdvisorError as exc:
        return Row(path, answers.case, ok=False, error=exc.render())
    verdict = {f: str(a.value(f)) for f in kb.verdict}
    ranked = []
    for fid, c in a.derived.items():
        fact = kb.facts[fid]
        if fid in kb.verdict or not fact.report or fact.type != "level" or c.assumed:
            continue
        rank = {"worst": 0, "bad": 1}.get(severity(fact, c.value))
        if rank is not None:
            ranked.append((rank, list(kb.facts).index(fid),
                           f"{fact.label.get(lang)}: {fact.choice_label(c.value, lang)}"))
    top = [text for _, _, text in sorted(ranked)[:3]]
    fmt = _WORKER["fmt"]
    report = render_report(kb, a, lang, fmt, _WORKER["stamp"]) if fmt else ""
    return Row(path, answers.case, True, verdict, top, report=report)


def run(paths: Sequence[Path], dirs: list[Any], lang: str | None, fmt: str | None, stamp: str,
        jobs: int = 1, progress: Callable[[int], None] | None = None) -> list[Row]:
    """Assess every case; rows come back in the order of `paths` whatever `jobs` is."""
    names = [str(p) for p in paths]
    rows: list[Row] = []
    if jobs <= 1:
        _init(dirs, lang, fmt, stamp)
        for name in names:
            rows.append(_assess(name))
            if progress:
                progress(1)
        return rows
    # only a parallel batch needs the process pool (costly to import for one case)
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                             initargs=(dirs, lang, fmt, stamp)) as pool:
        for row in pool.map(_assess, names, chunksize=max(1, min(32, len(names) // (4 * jobs)))):
            rows.append(row)
            if progress:
                progress(1)
    return rows


def summary_json(rows: Sequence[Row]) -> str:
    import json  # a batch's summaries only: `assess` on one case imports this module too

    data = [{k: v for k, v in asdict(r).items() if k != "report"} for r in rows]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def summary_csv(rows: Sequence[Row], verdict: Sequence[str]) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "case", "ok", *verdict, "top_findings", "error"])
    for r in rows:
        writer.writerow([_cell(x) for x in (r.file, r.case, "yes" if r.ok else "no",
                                            *(r.verdict.get(f, "") for f in verdict),
                                            "; ".join(r.top_findings),
                                            r.error.replace("\n", " | "))])
    return buffer.getvalue()


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (a case named =HYPERLINK(...))."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def report_names(rows: Sequence[Row], fmt: str) -> Iterator[tuple[Row, str]]:
    """A unique report file name per case: the answers file's name with the format's suffix,
    never the name of the batch's own summary files (a case called summary.yaml)."""
    used: set[str] = {"summary.json", "summary.csv"}
    for r in rows:
        stem = Path(r.file).stem
        name, n = stem + EXTENSIONS[fmt], 1
        while name in used:
            n += 1
            name = f"{stem}-{n}{EXTENSIONS[fmt]}"
        used.add(name)
        yield r, name
