"""The report as a Word document (python-docx is imported only here).

A consultant hands on a Word file: the client edits it, adds a letterhead, prints it. The
document holds what the other formats hold, in the same order: a title page with the
verdict, the brief (reasons, first questions, first actions, what would lower the verdict),
readiness, findings, warning signs, every recommendation with its owner and "done when",
unknowns, notes and references; page numbers in the footer. Chinese text gets an East Asian
font on every run, so Word shows it as Chinese rather than in a fallback font.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from .view import Report, dimension_note
from .words import cap

FONT = {"en": ("Calibri", "Calibri"), "zh": ("Calibri", "Microsoft YaHei")}
SEVERITY_RGB = {"good": RGBColor(0x1B, 0x7F, 0x3B), "fair": RGBColor(0x9A, 0x67, 0x00),
                "bad": RGBColor(0xB0, 0x1E, 0x1E), "worst": RGBColor(0x8B, 0x00, 0x00)}


class _Writer:
    """Adds paragraphs, headings and tables, every run in the report's fonts."""

    def __init__(self, report: Report):
        self.report = report
        self.doc: Any = Document()
        self.latin, self.east = FONT.get(report.lang, FONT["en"])
        for name in ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet"):
            style = self.doc.styles[name]
            style.font.name = self.latin
            style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), self.east)
        self.doc.styles["Normal"].font.size = Pt(10.5)

    def _fonts(self, run: Any) -> Any:
        run.font.name = self.latin
        run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), self.east)
        return run

    def para(self, text: str = "", style: str | None = None, bold: bool = False,
             severity: str = "", size: float | None = None) -> Any:
        p = self.doc.add_paragraph(style=style)
        if text:
            self.run(p, text, bold=bold, severity=severity, size=size)
        return p

    def run(self, p: Any, text: str, bold: bool = False, severity: str = "",
            size: float | None = None, italic: bool = False) -> Any:
        r = self._fonts(p.add_run(text))
        r.bold, r.italic = bold, italic
        if severity in SEVERITY_RGB:
            r.font.color.rgb = SEVERITY_RGB[severity]
        if size:
            r.font.size = Pt(size)
        return r

    def numbered(self, n: int) -> Any:
        """A paragraph that starts "n." with a hanging indent. Word's own numbered lists
        continue their numbers across lists; each list here starts at 1."""
        p = self.doc.add_paragraph()
        p.paragraph_format.left_indent = Pt(18)
        p.paragraph_format.first_line_indent = Pt(-18)
        self.run(p, f"{n}.\t")
        return p

    def heading(self, text: str, level: int = 1) -> None:
        h = self.doc.add_heading(level=level)
        self._fonts(h.add_run(text))

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        t = self.doc.add_table(rows=1, cols=len(header))
        t.style = "Light Grid Accent 1"
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            cell.paragraphs[0].text = ""
            self.run(cell.paragraphs[0], text, bold=True)
        for values in rows:
            cells = t.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                self.run(cell.paragraphs[0], text)

    def page_numbers(self) -> None:
        """"Page N" in the footer, as a PAGE field Word fills in."""
        p = self.doc.sections[0].footer.paragraphs[0]
        self.run(p, self.report.word("page") + " ", size=9)
        run = self._fonts(p.add_run())
        after = self.report.word("page_after")
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._r.append(fld)
            else:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
        if after:
            self.run(p, " " + after, size=9)


def render(report: Report, generated: str | None = None) -> bytes:
    """The document as bytes (write them with the CLI's atomic writer)."""
    w = _Writer(report)
    _title_page(w, generated)
    _brief(w)
    _readiness(w)
    _findings(w)
    _recommendations(w)
    _rest(w)
    w.page_numbers()
    out = io.BytesIO()
    w.doc.save(out)
    return out.getvalue()


def _title_page(w: _Writer, generated: str | None) -> None:
    r = w.report
    w.para(r.title, style="Title")
    w.para(r.case, bold=True, size=16)
    for f in r.verdict:
        p = w.para()
        w.run(p, f"{f.label}{r.colon}")
        w.run(p, f.value_label.upper() if f.kind == "level" else f.value_label, bold=True,
              severity=f.severity)
        if f.to_verify:
            w.run(p, r.verify_mark(True), italic=True)
    p = w.para()
    w.run(p, f"{r.word('knowledge_base')}{r.colon}{r.kb_line}", size=9, italic=True)
    if generated:
        w.run(p, f"\n{r.word('generated')}{r.colon}{generated}", size=9, italic=True)
    w.para().add_run().add_break(WD_BREAK.PAGE)


def _brief(w: _Writer) -> None:
    r, b = w.report, w.report.brief
    if b.reasons:
        w.heading(r.word("why_verdict"))
        for i, reason in enumerate(b.reasons, 1):
            p = w.numbered(i)
            w.run(p, f"{reason.label} {reason.value_label}".strip() + r.colon, bold=True,
                  severity=reason.severity)
            w.run(p, reason.text)
    if r.first_questions:
        w.heading(r.word("first_questions"))
        w.para(r.word("first_questions_intro"))
        for i, q in enumerate(r.first_questions, 1):
            w.run(w.numbered(i), q)
    if b.actions:
        w.heading(r.word("top_actions"))
        for a in b.actions:
            p = w.numbered(a.number)
            w.run(p, f"[{a.priority_label}] ", severity=a.severity)
            w.run(p, a.title, bold=True)
            if a.to_verify:
                w.run(p, r.verify_mark(True), italic=True)
            if a.owner or a.done_when:
                w.run(p, "\n" + " · ".join(f"{r.word(k)}{r.colon}{v}" for k, v in
                                           (("owner", a.owner), ("done_when", a.done_when))
                                           if v), italic=True)
    if b.lower_searched:
        w.heading(r.word("what_lowers").format(what=b.lower_label, level=b.lower_from))
        if not b.lower:
            w.para(r.word("nothing_lowers"))
        for s in b.lower:
            changes = "; ".join(f"{what}{r.colon}{old} → {new}" for what, old, new in s.changes)
            w.para(f"{changes} → {s.after}", style="List Bullet")
    if r.to_verify:  # the intro is the legend of the "to verify" marks
        w.heading(r.word("to_verify"))
        w.para(r.word("to_verify_intro"))
        for i, v in enumerate(r.to_verify, 1):
            p = w.numbered(i)
            w.run(p, f"{v.prompt} → ")
            w.run(p, v.answer, bold=True)
            w.run(p, r.paren(v.level))
            w.run(p, f"\n{cap(r.word('rests_on_it'))}{r.colon}"
                     + (r.semicolon.join(v.conclusions) or r.word("no_key_conclusion")),
                  italic=True)


def _readiness(w: _Writer) -> None:
    r, s = w.report, w.report.scores
    if s is None:
        return
    w.heading(r.word("scores"))
    w.table([r.word(k) for k in ("dimension", "level", "score", "evidence", "why")],
            [[d.title, d.level_label, "—" if d.score is None else str(d.score),
              f"{d.coverage:.0%}", dimension_note(r, d) or "—"] for d in s.dimensions])


def _findings(w: _Writer) -> None:
    r = w.report
    if r.has_findings:
        w.heading(r.word("findings"))
    if r.has_findings and not r.findings:
        w.para(r.word("no_findings"))
    elif r.findings:
        w.table([r.word("dimension"), r.word("finding"), r.word("level"), r.word("because")],
                [[f.dimension_title, f.label, f.value_label + r.verify_mark(f.to_verify),
                  f.because] for f in r.findings])
    if r.flags:
        w.heading(r.word("flags"))
        for f in r.flags:
            p = w.para(style="List Bullet")
            w.run(p, f"{f.label}{r.colon}", bold=True, severity="bad")
            w.run(p, f.value_label + r.verify_mark(f.to_verify))


def _recommendations(w: _Writer) -> None:
    r = w.report
    if not r.has_recommendations:
        return
    w.heading(r.word("recommendations"))
    if not r.recommendations:
        w.para(r.word("no_recommendations"))
        return
    w.table(["#", r.word("priority"), r.word("recommendation"), r.word("owner"),
             r.word("done_when")],
            [[str(a.number), a.priority_label, a.title + r.verify_mark(a.to_verify),
              a.owner or "—", a.done_when or "—"]
             for a in r.recommendations])
    for a in r.recommendations:
        w.heading(f"{a.number}. {a.title}", level=2)
        w.para(a.action)
        if a.because:
            p = w.para()
            w.run(p, f"{r.word('because')}{r.colon}", italic=True)
            w.run(p, a.because, italic=True)


def _rest(w: _Writer) -> None:
    r = w.report
    if r.dont_know:
        w.heading(r.word("dont_know"))
        for _fid, prompt, _ in r.dont_know:
            w.para(prompt, style="List Bullet")
    if r.notes.strip():
        w.heading(r.word("notes"))
        w.para(r.notes.strip())
    if r.answer_sources:  # Word has no reasoning trace: the answers with a source instead
        w.heading(r.word("answer_sources"))
        for prompt, value, note in r.answer_sources:
            p = w.para(style="List Bullet")
            w.run(p, f"{prompt} → ")
            w.run(p, value, bold=True)
            w.run(p, r.source_note(note), italic=True)
    if r.references:
        w.heading(r.word("references"))
        for ref in r.references:
            w.para(ref, style="List Bullet")
