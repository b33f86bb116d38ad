"""The report as GitHub-flavoured Markdown: a file a consultant can hand on or paste.

It shows what the terminal report shows, in the same order, with the full "because" texts
and an appendix with the reasoning trace. Every text taken from the report is escaped, not
only the user's: the case name and notes are typed by users, and a knowledge base is just
files someone wrote, so neither may inject markup (raw HTML least of all, since most Markdown
viewers pass it through). Only `generated` may change between runs; everything else is a pure
function of the report, so the output can be compared byte for byte.
"""

from __future__ import annotations

from .markdown_text import code, esc, grouped, paragraph, paragraphs, raw_row, row, word
from .view import Advice, Finding, Report, dimension_note
from .words import cap

__all__ = ["code", "esc", "grouped", "paragraph", "paragraphs", "raw_row", "render",
           "row", "word"]


# --- sections --------------------------------------------------------------------------------

def _label(report: Report, text: str, mark: str = "**") -> str:
    """A bold (or italic) label and its colon; the colon stays outside the emphasis, since
    emphasis that ends in punctuation does not close before a Chinese character."""
    return f"{mark}{esc(text)}{mark}{report.colon}"


def _pair(report: Report, label: str, value: str) -> str:
    """Label, colon and an already escaped value, with no emphasis of its own (for use
    inside emphasis or a heading)."""
    return f"{esc(label)}{report.colon}{value}"


def _verdict(report: Report) -> list[str]:
    """The case as the table's head, then the verdict and the evidence it rests on."""
    case = f"**{esc(report.case)}**" if report.case.strip() else ""
    out = [raw_row(f"**{esc(report.word('case'))}**", case), "| --- | --- |"]
    for f in report.verdict:
        value = f.value_label.upper() if f.kind == "level" else f.value_label
        shown = (esc(value) if f.kind == "text" else f"**{esc(value)}**") + \
            (f" ({esc(report.word('assumed'))})" if f.assumed else "") + \
            _mark(report, f.to_verify)
        out.append(raw_row(f"**{esc(f.label)}**", shown))
    return out


def _brief(report: Report) -> list[list[str]]:
    """Why, the first actions and what would lower the verdict: the first page."""
    b = report.brief
    sections = []
    if b.reasons:
        sections.append([f"## {esc(report.word('why_verdict'))}", "",
                         *(f"{i}. {_label(report, f'{r.label} {r.value_label}'.strip())}"
                           f"{esc(r.text)}" for i, r in enumerate(b.reasons, 1))])
    sections.append(_first_questions(report))
    if b.actions:
        out = [f"## {esc(report.word('top_actions'))}", ""]
        for a in b.actions:
            out.append(f"{a.number}. **[{esc(a.priority_label)}] {esc(a.title)}**"
                       f"{_mark(report, a.to_verify)}")
            who = [f"{_label(report, cap(report.word(k)), '*')}{esc(v)}"
                   for k, v in (("owner", a.owner), ("done_when", a.done_when)) if v]
            if who:
                out[-1] += "  \n   " + " · ".join(who)
        sections.append(out)
    if b.lower_searched:
        title = report.word("what_lowers").format(what=b.lower_label, level=b.lower_from)
        out = [f"## {esc(title)}", ""]
        if not b.lower:
            out.append(paragraph(report.word("nothing_lowers")))
        for s in b.lower:
            out.append("- " + "; ".join(f"{esc(what)}: {esc(old)} → **{esc(new)}**"
                                         for what, old, new in s.changes)
                       + f" ⇒ {esc(s.after)}")
        sections.append(out)
    return [s for s in sections if s]


def _mark(report: Report, marked: bool) -> str:
    """" (to verify)" after a conclusion resting on an assumed answer (escaped inside: `esc`
    would drop the space before it)."""
    return report.paren(esc(report.word("verify_mark"))) if marked else ""


def _verify(report: Report) -> list[str]:
    """The answers to verify first, with the key conclusions resting on each; its intro is
    the legend of the "to verify" marks."""
    if not report.to_verify:
        return []
    out = [f"## {esc(report.word('to_verify'))}", "", paragraph(report.word("to_verify_intro")),
           ""]
    for i, v in enumerate(report.to_verify, 1):
        rests = report.semicolon.join(v.conclusions) or report.word("no_key_conclusion")
        out.append(f"{i}. {esc(v.prompt)} → **{esc(v.answer)}**{report.paren(esc(v.level))}  \n"
                   f"   {_label(report, cap(report.word('rests_on_it')), '*')}{esc(rests)}")
    return out


def _num(value: int | None) -> str:
    return "—" if value is None else str(value)


def _scores(report: Report) -> list[str]:
    s = report.scores
    if s is None:
        return []
    out = [f"## {esc(report.word('scores'))}", "",
           row(*(cap(report.word(k)) for k in ("dimension", "level", "score", "evidence",
                                                 "why"))),
           "| --- | --- | ---: | ---: | --- |"]
    for d in s.dimensions:
        out.append(raw_row(esc(d.title), esc(d.level_label), _num(d.score),
                           f"{d.coverage:.0%}", esc(dimension_note(report, d)) or "—"))
    index = "—" if s.readiness_index is None else \
        f"{s.readiness_index} ({esc(s.readiness_label)})"
    out += ["", f"- {_label(report, report.word('readiness_index'))}{index}",
            f"- {_label(report, report.word('evidence'))}{s.coverage:.0%}"]
    return out


def _finding(report: Report, f: Finding) -> str:
    return (f"- **{_pair(report, f.label, esc(f.value_label))}**"
            f"{_mark(report, f.to_verify)}  \n"
            f"  {esc(f.because)}").rstrip()


def _findings(report: Report) -> list[str]:
    if not report.has_findings:
        return []
    out = [f"## {esc(report.word('findings'))}", ""]
    if not report.findings:
        return [*out, paragraph(report.word("no_findings"))]
    for _, group in grouped(report.findings, lambda f: f.dimension):
        out += [f"### {esc(group[0].dimension_title)}", "",
                *(_finding(report, f) for f in group), ""]
    return out[:-1]


def _flags(report: Report) -> list[str]:
    if not report.flags:
        return []
    return [f"## {esc(report.word('flags'))}", "",
            *(f"- {_label(report, f.label)}{esc(f.value_label)}"
              f"{_mark(report, f.to_verify)}" for f in report.flags)]


def _advice(report: Report, n: int, r: Advice) -> list[str]:
    who = [f"{_label(report, cap(report.word(k)))}{esc(v)}"
           for k, v in (("owner", r.owner), ("done_when", r.done_when)) if v]
    return [f"#### {n}. {esc(r.title)}{_mark(report, r.to_verify)}", "",
            f"*{esc(r.dimension_title)}*", "",
            paragraph(r.action), "",
            *((f"- {w}" for w in who) if who else ()), *([""] if who else []),
            f"{_label(report, cap(report.word('because')))}{esc(r.because)}".rstrip(), ""]


def _recommendations(report: Report) -> list[str]:
    """Grouped by priority (the report orders them so), numbered across groups so a reader
    can refer to "recommendation 7"."""
    if not report.has_recommendations:
        return []
    out = [f"## {esc(report.word('recommendations'))}", ""]
    if not report.recommendations:
        return [*out, paragraph(report.word("no_recommendations"))]
    n = 0
    for _, group in grouped(report.recommendations, lambda r: r.priority):
        out += [f"### {_pair(report, report.word('priority'), esc(group[0].priority_label))}",
                ""]
        for r in group:
            n += 1
            out += _advice(report, n, r)
    return out[:-1]


def _assumptions(report: Report) -> list[str]:
    if not report.assumptions:
        return []
    return [f"## {esc(report.word('assumptions'))}", "",
            *(f"- **{_pair(report, f.label, esc(f.value_label))}** "
              f"({esc(report.word('assumed'))})  \n  {esc(f.because)}".rstrip()
              for f in report.assumptions)]


def _first_questions(report: Report) -> list[str]:
    if not report.first_questions:
        return []
    return [f"## {esc(report.word('first_questions'))}", "",
            paragraph(report.word("first_questions_intro")), "",
            *(f"{i}. {esc(prompt)}" for i, prompt in enumerate(report.first_questions, 1))]


def _provisional(report: Report) -> list[str]:
    if not report.provisional:
        return []
    out = [f"## {esc(report.word('provisional'))}", "",
           paragraph(report.word("provisional_intro")), ""]
    for p in report.provisional:
        out.append(f"- **{esc(p.title)}**  \n"
                   f"  {_pair(report, report.word('could_conclude'), esc(p.concludes))}  \n"
                   f"  {_label(report, report.word('waiting_for'), '*')}"
                   f"{esc(' / '.join(p.waiting_for))}")
    if report.best_question:
        prompt, n = report.best_question
        out += ["", f"> **{esc(report.word('best_question').format(n=n))}** {esc(prompt)}"]
    return out


def _dont_know(report: Report) -> list[str]:
    if not report.dont_know:
        return []
    out = [f"## {esc(report.word('dont_know'))}", "",
           paragraph(report.word("dont_know_intro")), ""]
    for _fid, prompt, settles in report.dont_know:
        line = f"- {esc(prompt)}"
        if settles:
            line += (f"  \n  {_label(report, report.word('would_settle'), '*')}"
                     f"{esc('; '.join(settles))}")
        out.append(line)
    return out


def _notes(report: Report) -> list[str]:
    """The case's notes, then the free-text answers (both typed by users)."""
    texts = [(label, text) for label, text in report.texts if text.strip()]
    if not report.notes.strip() and not texts:
        return []
    out = [f"## {esc(report.word('notes'))}", ""]
    for p in paragraphs(report.notes):
        out += [p, ""]
    out += [f"- {_label(report, label)}{esc(text)}" for label, text in texts]
    return out if texts else out[:-1]


def _trace(report: Report) -> list[str]:
    """Every firing as a numbered heading and four labelled lines: long, but it is the
    appendix a reviewer reads to check one conclusion, so nothing is shortened."""
    if not report.trace:
        return []
    out = [f"## {esc(word(report, 'trace'))}", "", paragraph(word(report, "trace_intro")), ""]
    for n, step in enumerate(report.trace, 1):
        matched = "; ".join(f"{esc(q)} → {esc(v)}{report.source_note(esc(note))}"
                            for q, v, note in step.matched) or "—"
        out += [f"### {n}. {code(step.rule)} {esc(step.title)}", "",
                f"*{esc(step.dimension_title)}*", "",
                f"- {_label(report, cap(word(report, 'matched')))}{matched}",
                f"- {_label(report, cap(word(report, 'concluded')))}"
                f"{esc(step.concluded) or '—'}",
                f"- {_label(report, cap(report.word('because')))}{esc(step.because) or '—'}",
                f"- {_label(report, cap(word(report, 'source')))}{esc(step.source) or '—'}",
                ""]
    return out[:-1]


def _references(report: Report) -> list[str]:
    if not report.references:
        return []
    return [f"## {esc(report.word('references'))}", "",
            *(f"- {esc(ref)}" for ref in report.references)]


def _footer(report: Report, generated: str | None) -> list[str]:
    bits = [_pair(report, report.word("knowledge_base"), esc(report.kb_line))]
    if generated:
        bits.append(_pair(report, report.word("generated"), esc(generated)))
    return ["---", "", "*" + " · ".join(bits) + "*"]


def render(report: Report, generated: str | None = None) -> str:
    """The whole report as Markdown: the brief first, the reasoning trace as an appendix and
    the knowledge base and `generated` (the one line that changes between runs) in a footer."""
    sections = [
        [f"# {esc(report.title)}", "", *_verdict(report)], *_brief(report),
        _verify(report), _scores(report), _findings(report), _flags(report),
        _recommendations(report),
        _assumptions(report), _dont_know(report), _notes(report), _references(report),
        _provisional(report), _trace(report), _footer(report, generated),
    ]
    return "\n\n".join("\n".join(s) for s in sections if s) + "\n"
