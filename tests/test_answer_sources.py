"""Source notes on answers (`answer_sources:`): carried into the Assessment JSON, shown next
to the answer in every report and in `advisor explain --why`, and always as plain text."""

from __future__ import annotations

import json

from advisor.load.answers import Answers
from advisor.model.assessment import SCHEMA_VERSION, Assessment
from advisor.reason.engine import Engine

PAYLOAD = '<script>alert(1)</script> **bold** [x](http://e.vil) | `x` \x1b[31mred'
VALUES = {"plan.pilot": False, "plan.size": 500, "people.groups": ("staff",)}


def _assess(kb, sources, lang="en", dont_know=("plan.maturity",)):
    answers = Answers("Sources", dict(VALUES), dont_know, lang, answer_sources=sources)
    return Engine(kb).assess(answers, lang)


def test_the_assessment_json_carries_the_notes_in_the_knowledge_base_order(mini_kb):
    a = _assess(mini_kb, {"plan.size": "charter v2", "plan.maturity": "PMO, 3 Dec",
                          "plan.pilot": "deputy director", "plan.kind": "no answer"})
    data = json.loads(a.to_json())
    assert data["schema_version"] == SCHEMA_VERSION == 4
    # only answered and don't-know facts, in the order of the facts
    assert list(data["answer_sources"].items()) == [
        ("plan.pilot", "deputy director"), ("plan.size", "charter v2"),
        ("plan.maturity", "PMO, 3 Dec")]
    assert Assessment.from_json(a.to_json()).to_json() == a.to_json()


def test_a_version_2_assessment_reads_with_no_sources(mini_kb):
    data = json.loads(_assess(mini_kb, {}).to_json())
    assert data["answer_sources"] == {}
    del data["answer_sources"]
    assert Assessment.from_dict({**data, "schema_version": 2}).answer_sources == {}


def _report(kb, lang, note=PAYLOAD):
    from advisor.report.view import build

    return build(_assess(kb, {"plan.pilot": note, "plan.size": "charter v2"}, lang), kb, lang)


def test_the_trace_shows_the_note_next_to_its_answer(mini_kb):
    report = _report(mini_kb, "en")
    step = next(s for s in report.trace if s.rule == "R1")
    assert step.matched == [("How many people?", "500 people", "charter v2")]
    step = next(s for s in report.trace if s.rule == "R2")
    assert step.matched[0][2] == ""  # a conclusion has no source
    assert "\x1b" not in step.matched[1][2] and "<script>" in step.matched[1][2]


def test_markdown_escapes_the_note(mini_kb):
    from advisor.report import markdown

    text = markdown.render(_report(mini_kb, "en"))
    assert "→ 500 people (Source: charter v2)" in text
    assert "<script" not in text and "**bold**" not in text and "[x](http" not in text
    assert "\x1b" not in text
    assert text.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3  # R2, R10, R11


def test_html_escapes_the_note(mini_kb):
    from advisor.report import html

    page = html.render(_report(mini_kb, "en"))
    assert '<strong>500 people</strong><span class="muted"> (Source: charter v2)</span>' in page
    assert "<script>alert" not in page and "\x1b" not in page
    assert "(Source: &lt;script&gt;alert(1)&lt;/script&gt; **bold**" in page


def test_text_report_shows_the_note_without_escapes_or_markup(mini_kb):
    from advisor.report.terminal import to_text

    text = to_text(_report(mini_kb, "en"), "GENERATED")
    assert "How many people? = 500 people (Source: charter v2)" in text
    assert "\x1b" not in text and "[31mred" in text  # the escape is removed, the rest stays


def test_chinese_reports_say_source_in_chinese(mini_kb):
    from advisor.report import markdown

    text = markdown.render(_report(mini_kb, "zh", note="项目章程第2版"))
    assert "（来源：项目章程第2版）" in text and "（来源：charter v2）" in text


def test_word_lists_the_answers_with_a_source(mini_kb):
    import io

    docx = __import__("pytest").importorskip("docx")
    from advisor.report import docx_report

    doc = docx.Document(io.BytesIO(docx_report.render(_report(mini_kb, "en"))))
    texts = [p.text for p in doc.paragraphs]
    heading = texts.index("Sources of the answers")
    assert texts[heading + 2] == "How many people? → 500 people (Source: charter v2)"
    assert texts[heading + 1].startswith("Is there a pilot? → no (Source: <script>alert(1)")
    assert "\x1b" not in texts[heading + 1]


def test_explain_why_shows_the_note_of_each_answer_it_rests_on(tmp_path, cli):
    f = tmp_path / "case.yaml"
    f.write_text("case: Sources\nanswers:\n  plan.pilot: no\n  plan.size: 500\n"
                 "answer_sources:\n  plan.size: project charter v2\n"
                 '  plan.pilot: "[bold red]deputy director[/], 3 Dec \\e[31minterview"\n',
                 encoding="utf-8")
    kb = ("--no-shipped", "--kb", "tests/fixtures/mini")
    wide = {"COLUMNS": "300"}
    r = cli("explain", str(f), "--why", "rec.pilot", *kb, env=wide)
    assert r.code == 0, r.err
    out = " ".join(r.out.split())  # the tree wraps long lines
    assert "→ 500 people (Source: project charter v2)" in out
    # rich markup and a terminal escape in the note are shown as text, never applied
    assert "(Source: [bold red]deputy director[/], 3 Dec [31minterview)" in out
    assert "\x1b" not in r.out
    zh = cli("explain", str(f), "--why", "rec.pilot", "--lang", "zh", *kb, env=wide)
    assert "（来源：project charter v2）" in " ".join(zh.out.split())


def test_explain_why_without_sources_is_unchanged(mini_kb):
    from rich.console import Console

    from advisor.reason import explain
    from advisor.report import explain as views
    from advisor.report.terminal import THEME

    a = _assess(mini_kb, {})
    node = explain.derivation(mini_kb, a, "rec.pilot")
    consoles = [Console(width=100, record=True, theme=THEME, file=__import__("io").StringIO())
                for _ in range(2)]
    consoles[0].print(views.derivation(mini_kb, node, "en"))
    consoles[1].print(views.derivation(mini_kb, node, "en", a.answer_sources))
    assert consoles[0].export_text() == consoles[1].export_text()
    assert "Source" not in consoles[0].export_text()
