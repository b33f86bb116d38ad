"""The HTML report: one well-formed, self-contained page, deterministic, and escaped.

Structure is checked with the standard library's HTML parser instead of string matching where
it matters: which tags and attributes exist, and that every element is closed in order.
"""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import pytest
from conftest import fixed_report
from test_render_markdown import PAYLOAD, poisoned

from advisor.report import html

VOID = {"meta", "br", "hr", "img", "input", "link"}
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section",
    "article",
    "div", "p", "span", "strong", "em", "code", "br", "h1", "h2", "h3", "h4", "dl", "dt", "dd",
    "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
    "svg", "desc", "line", "rect", "text", "tspan",
}


class Page(HTMLParser):
    """Collects tags and attributes, and checks that elements nest and close properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    assert not parser.errors, parser.errors[:5]
    assert not parser.stack, f"unclosed: {parser.stack}"
    return parser


@pytest.fixture(scope="module")
def c1():
    report = fixed_report("c1")
    return report, html.render(report, "GENERATED")


def test_one_self_contained_document(c1):
    _, page = c1
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert page.count("<html") == page.count("<body") == page.count("</html>") == 1
    assert '<meta charset="utf-8">' in page
    lowered = page.lower()
    for banned in ("<script", "javascript:", "http:", "https:", "src=", "href=", "url(",
                   "@import", "<link", "<iframe", "<object"):
        assert banned not in lowered, banned
    parsed = parse(page)
    assert set(parsed.tags) <= ALLOWED_TAGS, set(parsed.tags) - ALLOWED_TAGS
    assert not [name for name, _ in parsed.attrs if name.startswith("on")]


def test_chart_has_one_bar_per_dimension(c1):
    report, page = c1
    assert page.count("<svg") == 1
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg
    dims = report.scores.dimensions
    assert svg.count('class="bar ') == len([d for d in dims if d.score is not None]) == 6
    for d in dims:
        assert html.e(d.title) in svg or all(html.e(w) in svg for w in d.title.split())
        assert f">{d.score}</tspan>" in svg
    assert [int(t) for t in re.findall(r'font-size="11.5">(\d+)</text>', svg)] == \
        [0, 25, 50, 75, 100]
    for severity in re.findall(r'class="bar bar-(\w+)"', svg):
        assert severity in html.SEVERITIES


def test_sections_and_verdict_present(c1):
    report, page = c1
    for f in report.verdict:
        assert html.e(f.label) in page
        shown = f.value_label.upper() if f.kind == "level" else f.value_label
        assert html.e(shown) in page
    for key in ("verdict", "scores", "findings", "flags", "recommendations", "notes"):
        assert f"<h2>{html.e(report.word(key))}</h2>" in page
    assert page.count('<article class="rec ') == len(report.recommendations)
    assert page.count("<li><h3>") == len(report.trace)
    assert set(re.findall(r"\b(?:sev|edge)-(\w+)", page.split("</style>")[1])) <= \
        set(html.SEVERITIES)
    assert "GENERATED" in page


def test_print_styles(c1):
    _, page = c1
    style = page[page.index("<style>"):page.index("</style>")]
    assert "@media print" in style
    assert "break-inside:avoid" in style
    assert "@page" in style
    assert "details" not in page  # the trace is a normal section, so it prints


def test_chinese_page():
    report = fixed_report("c8", "zh")
    page = html.render(report)
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh">')
    assert '"Noto Sans CJK SC"' in page and '"Microsoft YaHei"' in page
    assert report.word("recommendations") in page
    parse(page)


def test_deterministic():
    first = html.render(fixed_report("c4"), "GENERATED").encode()
    again = html.render(fixed_report("c4"), "GENERATED").encode()
    assert first == again
    assert html.render(fixed_report("c4")).count("GENERATED") == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_report_text_is_escaped(lang):
    report = poisoned(fixed_report("c4", lang))
    report.lang = lang
    page = html.render(report, PAYLOAD)
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert not re.search(r"<[^>]*onerror", lowered)
    assert '"quotes" &' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;quotes&quot; &amp; ampersands" in page
    parsed = parse(page)
    assert set(parsed.tags) <= ALLOWED_TAGS
    assert not [name for name, _ in parsed.attrs if name.startswith("on")]
    # the payload reaches the reader as text, intact
    assert PAYLOAD in "".join(parsed.text)


def test_unsafe_language_and_severity_do_not_reach_attributes():
    report = fixed_report("c1")
    report.lang = 'en" onload="x'
    report.verdict[0].severity = '"><script>'
    page = html.render(report)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<script" not in page
    assert 'class="card edge-fair"' in page


def test_unknown_answers_and_provisional_are_shown():
    report = fixed_report("library/13")
    report.dont_know = [("goals.clarity", "How clear are the goals?", ["Rule A", "Rule B"])]
    page = html.render(report)
    assert f"<h2>{html.e(report.word('dont_know'))}</h2>" in page
    assert "How clear are the goals?" in page and "Rule A; Rule B" in page
    assert f"<h2>{html.e(report.word('provisional'))}</h2>" in page
    assert report.best_question is not None
    assert html.e(report.best_question[0]) in page
    insufficient = [d for d in report.scores.dimensions if d.low_confidence]
    assert insufficient
    assert page.count(f"{html.e(report.word('insufficient_evidence'))}</") >= len(insufficient)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_users_text_from_the_engine_is_escaped(mini_kb, lang):
    from test_render_markdown import user_report

    report = user_report(mini_kb, lang)
    page = html.render(report)
    assert "<script" not in page.lower() and "<img" not in page.lower()
    parsed = parse(page)
    assert set(parsed.tags) <= ALLOWED_TAGS
    # in the <title>, the heading, the notes and the free-text answer
    assert "".join(parsed.text).count(PAYLOAD) == 4


def test_bar_colours_stay_ordered_in_greyscale():
    def grey(colour: str) -> float:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    greys = [grey(html.PALETTE[s][2]) for s in html.SEVERITIES]
    assert greys == sorted(greys, reverse=True)
    assert min(a - b for a, b in itertools.pairwise(greys)) > 20
