"""The report as one self-contained HTML5 page, for screen and for print.

One file a consultant can e-mail or print: styles are inline, the only picture is an inline
SVG chart, and there is no JavaScript and no reference to anything outside the file (nothing
to load, nothing that phones home, nothing that breaks offline). Every text taken from the
report goes through `html.escape`: case names, notes and answers are typed by users, and a
knowledge base is only files. Class names come from fixed sets, never from the report.
Severity is shown by colour and by the words of the value, so it survives greyscale printing.
"""

from __future__ import annotations

import re

from .html_chart import chart
from .html_style import CSS, PALETTE, SEVERITIES, e, sev  # noqa: F401 (html.e and friends are used by callers)
from .markdown_text import grouped, word
from .view import Advice, Finding, Report, Scores, dimension_note
from .words import cap


def badge(text: str, severity: str) -> str:
    return f'<span class="sev sev-{sev(severity)}">{e(text)}</span>'


def _lang(report: Report) -> str:
    return report.lang if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", report.lang) \
        else "en"


def _head(report: Report) -> str:
    cards = []
    for f in report.verdict:
        value = f.value_label.upper() if f.kind == "level" else f.value_label
        assumed = f' <span class="muted">({e(report.word("assumed"))})</span>' \
            if f.assumed else ""
        kind = " text" if f.kind == "text" else ""
        cards.append(f'<div class="card edge-{sev(f.severity)}"><p class="label">{e(f.label)}'
                     f'</p><p class="value{kind} sev-{sev(f.severity)}">{e(value)}{assumed}'
                     f"{_mark(report, f.to_verify)}</p></div>")
    return (f'<header><p class="eyebrow">{e(report.title)}</p>'
            f'<h1>{e(report.case)}</h1></header>'
            + f'<section id="verdict"><h2>{e(report.word("verdict"))}</h2>'
            f'<div class="cards">{"".join(cards)}</div></section>')


def _brief(report: Report) -> str:
    """Why, the first questions, the first actions and what would lower the verdict."""
    b, c, out = report.brief, report.colon, []
    if b.reasons:
        out.append(f'<section id="why"><h2>{e(report.word("why_verdict"))}</h2><ol>'
                   + "".join(f'<li><strong class="sev-{sev(r.severity)}">'
                             f"{e(f'{r.label} {r.value_label}'.strip())}</strong>{c}"
                             f"{e(r.text)}</li>" for r in b.reasons) + "</ol></section>")
    out.append(_first_questions(report))
    if b.actions:
        items = []
        for a in b.actions:
            who = " · ".join(f"<em>{e(cap(report.word(k)))}</em>{c}{e(v)}"
                             for k, v in (("owner", a.owner), ("done_when", a.done_when)) if v)
            items.append(f"<li>{badge(a.priority_label, a.severity)} <strong>{e(a.title)}"
                         f"</strong>{_mark(report, a.to_verify)}"
                         + (f'<br><span class="muted">{who}</span>' if who else "")
                         + "</li>")
        out.append(f'<section id="actions"><h2>{e(report.word("top_actions"))}</h2><ol>'
                   + "".join(items) + "</ol></section>")
    if b.lower_searched:
        title = report.word("what_lowers").format(what=b.lower_label, level=b.lower_from)
        sets = "".join("<li>" + "; ".join(f"{e(what)}{c}{e(old)} → <strong>{e(new)}</strong>"
                                          for what, old, new in s.changes)
                       + f" ⇒ {e(s.after)}</li>" for s in b.lower)
        body = f'<ul class="plain">{sets}</ul>' if b.lower else \
            f'<p class="muted">{e(report.word("nothing_lowers"))}</p>'
        out.append(f'<section id="lower"><h2>{e(title)}</h2>{body}</section>')
    return "".join(out)


def _mark(report: Report, marked: bool) -> str:
    """The "to verify" mark after a conclusion resting on an assumed answer (existing styles
    only, so a report with nothing to verify stays byte for byte as it was)."""
    return f'<em class="muted">{e(report.verify_mark(True))}</em>' if marked else ""


def _verify(report: Report) -> str:
    """The answers to verify first; its intro is the legend of the marks."""
    if not report.to_verify:
        return ""
    items = "".join(
        f"<li>{e(v.prompt)} → <strong>{e(v.answer)}</strong>{e(report.paren(v.level))}<br>"
        f'<span class="muted">{e(cap(report.word("rests_on_it")))}{report.colon}</span>'
        f"{e(report.semicolon.join(v.conclusions) or report.word('no_key_conclusion'))}</li>"
        for v in report.to_verify)
    return (f'<section id="to-verify"><h2>{e(report.word("to_verify"))}</h2>'
            f'<p class="muted">{e(report.word("to_verify_intro"))}</p><ol>{items}</ol>'
            "</section>")


def _references(report: Report) -> str:
    if not report.references:
        return ""
    return (f'<section id="references"><h2>{e(report.word("references"))}</h2><ul>'
            + "".join(f"<li>{e(r)}</li>" for r in report.references) + "</ul></section>")


def _footer(report: Report, generated: str | None) -> str:
    meta = [(report.word("knowledge_base"), report.kb_line)]
    if generated:
        meta.append((report.word("generated"), generated))
    return ('<footer><dl class="meta">'
            + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in meta) + "</dl></footer>")


def _first_questions(report: Report) -> str:
    if not report.first_questions:
        return ""
    items = "".join(f"<li>{e(prompt)}</li>" for prompt in report.first_questions)
    return (f'<section id="first-questions"><h2>{e(report.word("first_questions"))}</h2>'
            f'<p class="muted">{e(report.word("first_questions_intro"))}</p>'
            f"<ol>{items}</ol></section>")


def _scores(report: Report) -> str:
    s = report.scores
    if s is None:
        return ""
    rows = []
    for d in s.dimensions:
        rows.append(f"<tr><td>{e(d.title)}</td><td>{badge(d.level_label, d.severity)}</td>"
                    f"<td class=\"num\">{'—' if d.score is None else d.score}</td>"
                    f"<td class=\"num\">{d.coverage:.0%}</td>"
                    f"<td>{e(dimension_note(report, d)) or '—'}</td></tr>")
    num = ' class="num"'
    head = "".join(f"<th{num if k in ('score', 'evidence') else ''}>{e(cap(report.word(k)))}</th>"
                   for k in ("dimension", "level", "score", "evidence", "why"))
    index = "—" if s.readiness_index is None else \
        f"{s.readiness_index} {badge(s.readiness_label, _index_severity(s))}"
    stats = [(report.word("readiness_index"), index, ""),
             (report.word("evidence"), f"{s.coverage:.0%}", "")]
    boxes = "".join(f'<div class="stat"><p class="label">{e(label)}</p><p class="big">{big}'
                    f"</p>{_small(small)}</div>" for label, big, small in stats)
    return (f'<section id="scores"><h2>{e(report.word("scores"))}</h2>{chart(report)}'
            f'<table class="scores"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
            f'</tbody></table><div class="stats">{boxes}</div></section>')


def _small(html: str) -> str:
    return f'<p class="small">{html}</p>' if html else ""


def _index_severity(s: Scores) -> str:
    """The readiness index is on the dimensions' level scale but the report carries no
    severity for it: borrow the one of a dimension at the same level."""
    return next((d.severity for d in s.dimensions if d.level_label == s.readiness_label),
                "fair")


def _finding_row(report: Report, f: Finding) -> str:
    return (f"<tr><td>{e(f.label)}</td><td>{badge(f.value_label, f.severity)}"
            f"{_mark(report, f.to_verify)}</td>"
            f"<td>{e(f.because)}</td></tr>")


def _findings(report: Report) -> str:
    if not report.has_findings:
        return ""
    out = [f'<section id="findings"><h2>{e(report.word("findings"))}</h2>']
    if not report.findings:
        out.append(f'<p class="muted">{e(report.word("no_findings"))}</p>')
    for _, group in grouped(report.findings, lambda f: f.dimension):
        out.append(f"<h3>{e(group[0].dimension_title)}</h3><table class=\"findings\"><tbody>"
                   + "".join(_finding_row(report, f) for f in group) + "</tbody></table>")
    return "".join(out) + "</section>"


def _flags(report: Report) -> str:
    if not report.flags:
        return ""
    return (f'<section id="flags"><h2>{e(report.word("flags"))}</h2><ul class="plain">'
            + "".join(f"<li>{badge(f.label, f.severity)} {e(f.value_label)}"
                      f"{_mark(report, f.to_verify)}</li>" for f in report.flags)
            + "</ul></section>")


def _advice(report: Report, n: int, r: Advice) -> str:
    c = report.colon
    who = "".join(f"<p class=\"who\"><strong>{e(cap(report.word(k)))}</strong>{c}{e(v)}</p>"
                  for k, v in (("owner", r.owner), ("done_when", r.done_when)) if v)
    return (f'<article class="rec edge-{sev(r.severity)}"><h4><span class="n">{n}.</span>'
            f'{e(r.title)}{_mark(report, r.to_verify)}</h4>'
            f'<p class="dim">{e(r.dimension_title)}</p><p>{e(r.action)}</p>'
            f'{who}<p class="why"><strong>{e(cap(report.word("because")))}</strong>'
            f'{c}{e(r.because)}</p></article>')


def _recommendations(report: Report) -> str:
    if not report.has_recommendations:
        return ""
    out = [f'<section id="recommendations"><h2>{e(report.word("recommendations"))}</h2>']
    if not report.recommendations:
        out.append(f'<p class="muted">{e(report.word("no_recommendations"))}</p>')
    n = 0
    for _, group in grouped(report.recommendations, lambda r: r.priority):
        out.append(f"<h3>{e(report.word('priority'))}{report.colon}"
                   f"{badge(group[0].priority_label, group[0].severity)}</h3>")
        for r in group:
            n += 1
            out.append(_advice(report, n, r))
    return "".join(out) + "</section>"


def _rest(report: Report) -> str:
    """Assumptions, unknown answers and notes: what limits the verdict."""
    out = []
    if report.assumptions:
        out.append(f'<section id="assumptions"><h2>{e(report.word("assumptions"))}</h2>'
                   f'<table class="findings"><tbody>' + "".join(
                       f"<tr><td>{e(f.label)}</td><td>{badge(f.value_label, 'fair')}</td>"
                       f"<td><em>{e(report.word('assumed'))}.</em> {e(f.because)}</td></tr>"
                       for f in report.assumptions) + "</tbody></table></section>")
    if report.dont_know:
        items = "".join(
            f'<li>{e(prompt)}'
            + (f'<br><span class="muted">{e(report.word("would_settle"))}{report.colon}'
               f"</span>{e('; '.join(settles))}" if settles else "") + "</li>"
            for fid, prompt, settles in report.dont_know)
        out.append(f'<section id="dont-know"><h2>{e(report.word("dont_know"))}</h2>'
                   f'<p class="muted">{e(report.word("dont_know_intro"))}</p>'
                   f'<ul class="plain">{items}</ul></section>')
    texts = [(label, text) for label, text in report.texts if text.strip()]
    if report.notes.strip() or texts:  # the case's notes, then the free-text answers
        paras = [p.strip() for p in re.split(r"\n\s*\n", report.notes.strip()) if p.strip()]
        out.append(f'<section id="notes" class="notes"><h2>{e(report.word("notes"))}</h2>'
                   + "".join(f"<p>{e(p)}</p>" for p in paras)
                   + "".join(f"<p><strong>{e(label)}</strong>{report.colon}{e(text.strip())}"
                             f"</p>" for label, text in texts) + "</section>")
    return "".join(out)


def _provisional(report: Report) -> str:
    """Rules waiting only for missing answers: an appendix, printed after the report."""
    if not report.provisional:
        return ""
    items = "".join(
        f"<li><strong>{e(p.title)}</strong><br>"
        f"{e(report.word('could_conclude'))}{report.colon}{e(p.concludes)}<br>"
        f'<span class="muted">{e(report.word("waiting_for"))}{report.colon}'
        f"{e(' / '.join(p.waiting_for))}</span></li>" for p in report.provisional)
    best = ""
    if report.best_question:
        prompt, n = report.best_question
        best = (f'<p class="callout"><strong>{e(report.word("best_question").format(n=n))}'
                f"</strong> {e(prompt)}</p>")
    return (f'<section id="provisional" class="appendix"><h2>{e(report.word("provisional"))}'
            f'</h2><p class="muted">{e(report.word("provisional_intro"))}</p>'
            f'<ul class="plain">{items}</ul>{best}</section>')


def _trace(report: Report) -> str:
    """A normal section, not a closed <details>: a closed one would not print."""
    if not report.trace:
        return ""
    c = report.colon
    steps = []
    for n, st in enumerate(report.trace, 1):
        matched = "<br>".join(f"{e(q)} → <strong>{e(v)}</strong>" + (
            f'<span class="muted">{report.source_note(e(note))}</span>' if note else "")
            for q, v, note in st.matched)
        rows = [(cap(word(report, "matched")), matched or "—"),
                (cap(word(report, "concluded")), e(st.concluded) or "—"),
                (cap(report.word("because")), e(st.because) or "—"),
                (cap(word(report, "source")), e(st.source) or "—")]
        steps.append(f'<li><h3><span class="muted">{n}.</span> <code>{e(st.rule)}</code> '
                     f'{e(st.title)}</h3><p class="muted">{e(st.dimension_title)}</p><dl>'
                     + "".join(f"<dt>{e(k)}{c.strip()}</dt><dd>{v}</dd>" for k, v in rows)
                     + "</dl></li>")
    return (f'<section id="trace" class="appendix"><h2>{e(word(report, "trace"))}</h2>'
            f'<p class="muted">{e(word(report, "trace_intro"))}</p>'
            f'<ol class="trace">{"".join(steps)}</ol></section>')


def render(report: Report, generated: str | None = None) -> str:
    """The whole report as one HTML document; `generated` is the only part that varies."""
    title = f"{report.title} — {report.case}" if report.case else report.title
    body = (_head(report) + _brief(report) + _verify(report) + _scores(report) + _findings(report)
            + _flags(report) + _recommendations(report) + _rest(report) + _references(report)
            + _provisional(report) + _trace(report) + _footer(report, generated))
    return (f'<!DOCTYPE html>\n<html lang="{_lang(report)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            + body.replace("</section>", "</section>\n")
            + "</main>\n</body>\n</html>\n")
