"""The client brief: reasons in the case's own facts, first actions with owners, what would
lower the verdict (a search over levers), the Word document, what-if and diff in scores, and
no internal words in anything a client reads."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from advisor.load.answers import load_answers
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_cases, shipped_dirs
from advisor.reason.engine import Engine
from advisor.reason.levers import smallest_changes
from advisor.report.formats import render_docx, render_report
from advisor.report.view import build
from tests.conftest import run_cli

KB = load_kb([shipped_dirs()])
ENGINE = Engine(KB)
CASES = sorted(shipped_cases().glob("c*.yaml"))


def case(prefix: str):
    return load_answers(sorted(shipped_cases().glob(f"{prefix}_*.yaml"))[0], KB)


def test_c1_brief_gives_case_specific_reasons_and_numbered_actions():
    r = run_cli("assess", str(sorted(shipped_cases().glob("c1_*.yaml"))[0]), "--lang", "en",
                env={"COLUMNS": "100"})
    assert r.code == 0
    lines = r.out.splitlines()
    assert len(lines) <= 40
    first = "\n".join(lines)
    assert "PILOT FIRST" in first and "HIGH" in first
    assert "Why" in first and "First actions" in first
    # the reasons name this case's facts: its 3% reserve, its front line only informed
    assert "3%" in first and "only informed" in first
    assert "1.  [critical]" in first and "Owner:" in first
    assert "What would lower the overall risk" in first


@pytest.mark.parametrize("prefix,size", [("c2", 1), ("c3", 1), ("c6", 2), ("c8", 1)])
def test_smallest_changes_lower_the_overall_risk_with_levers_only(prefix, size):
    answers = case(prefix)
    sets = smallest_changes(ENGINE, answers)
    assert sets and all(len(s.changes) == size for s in sets)
    ranks = KB.scales["risk"].ids
    for s in sets:
        assert all(KB.facts[f].lever for f, _, _ in s.changes)
        after = ENGINE.assess(answers.with_changes({f: new for f, _, new in s.changes}))
        assert ranks.index(after.value("risk.overall")) < ranks.index(s.before)


def test_c1_needs_several_changes_and_never_the_stage():
    [s] = smallest_changes(ENGINE, case("c1"))
    moved = {f for f, _, _ in s.changes}
    assert len(moved) >= 4 and "plan.stage" not in moved and "scope.public_facing" not in moved
    assert (s.before, s.after) == ("high", "medium")


def test_a_large_change_at_medium_cannot_be_lowered_by_levers():
    """C7 is large: a large change is never rated low, so no lever can lower it."""
    assert smallest_changes(ENGINE, case("c7")) == []
    report = build(ENGINE.assess(case("c7")), KB, "en", [])
    assert report.brief.lower_searched and not report.brief.lower


def test_a_low_case_has_nothing_to_lower():
    assert smallest_changes(ENGINE, case("c5")) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_word_document_holds_the_brief_and_tables(lang):
    answers = case("c1")
    a = ENGINE.assess(answers)
    data = render_docx(KB, a, lang, "GENERATED", smallest_changes(ENGINE, answers))
    d = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in d.paragraphs)
    assert answers.case in text
    verdict = KB.scales["risk"].label("high", lang).upper()
    assert verdict in text
    assert len(d.tables) >= 3  # readiness, findings, recommendations
    header = [c.text for c in d.tables[-1].rows[0].cells]
    assert len(header) == 5 and len(d.tables[-1].rows) == len(a.recommendations) + 1
    footer = d.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer
    if lang == "zh":
        fonts = {r.element.rPr.rFonts.get(qn("w:eastAsia")) for p in d.paragraphs
                 for r in p.runs if r.text.strip()}
        assert fonts == {"Microsoft YaHei"}


def test_docx_from_the_cli(tmp_path: Path):
    out = tmp_path / "c1.docx"
    r = run_cli("assess", str(CASES[0]), "--format", "docx", "--out", str(out))
    assert r.code == 0 and out.stat().st_size > 10_000
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "C1 - City one-stop portal" in text and "PILOT FIRST" in text
    r = run_cli("assess", str(CASES[0]), "--format", "docx")
    assert r.code == 2 and "--out" in r.err and "Traceback" not in r.err


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_internal_words_reach_the_client(fmt, lang):
    """No "seed", no default: markers, no fact ids in the body of any shipped case's report."""
    fact_ids = [f.id for f in KB.input_facts]
    for path in CASES:
        answers = load_answers(path, KB)
        text = render_report(KB, ENGINE.assess(answers), lang, fmt, None)
        body = text.split("Appendix")[0].split("附录")[0]
        assert "seed" not in text.lower() and "default:" not in text
        assert not [f for f in fact_ids if f in body], path.name


def test_whatif_reports_the_score_change():
    r = run_cli("whatif", str(CASES[0]), "--set", "perf.review_cadence=none", "--lang", "en")
    assert r.code == 0
    assert "Performance and continuous improvement" in r.out and "59" in r.out \
        and "41" in r.out


def test_diff_warns_when_the_files_are_not_the_same_effort():
    c3, c5 = (str(p) for p in CASES if p.name[:2] in ("c3", "c5"))
    r = run_cli("diff", c3, c5, "--lang", "en")
    assert r.code == 0 and "two different cases" in r.err
    r = run_cli("diff", c3, c3, "--lang", "en")
    assert "two different cases" not in r.err
