"""The readiness chart of the HTML report: an inline SVG, one bar per dimension.

Colours come from the palette (not CSS), so the SVG still reads when copied out alone.
"""

from __future__ import annotations

from .html_style import PALETTE, e, sev
from .view import Report


def _width(text: str, size: float) -> float:
    """A rough rendered width: CJK glyphs are square, Latin ones a little over half."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.56 for ch in text)


def _wrap(text: str, size: float, room: float) -> list[str]:
    """A chart label in at most two lines (SVG text does not wrap by itself)."""
    if _width(text, size) <= room:
        return [text]
    words = text.split(" ")
    if len(words) > 1:
        for i in range(len(words) - 1, 0, -1):
            if _width(" ".join(words[:i]), size) <= room:
                return [" ".join(words[:i]), " ".join(words[i:])]
    half = (len(text) + 1) // 2
    return [text[:half], text[half:]]


def chart(report: Report) -> str:
    """A horizontal bar per dimension on a 0-100 axis, labelled with title, score and level.

    Colours come from the palette (not CSS), so the SVG still reads when copied out alone.
    """
    s = report.scores
    if s is None or not s.dimensions:
        return ""
    size, row, bar_h, width = 13.0, 40, 18, 760
    label_w = min(max(_width(d.title, size) for d in s.dimensions) + 16, 300)
    x0, bar_w = label_w, width - label_w - 130
    top, height = 8, 8 + row * len(s.dimensions) + 28
    title = f"{report.word('scores')} (0–100)"
    desc = "; ".join(f"{d.title}: {'—' if d.score is None else d.score} ({d.level_label})"
                     for d in s.dimensions)
    out = [f'<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'font-size="{size:g}" font-family="inherit">',
           f'<title id="chart-title">{e(title)}</title>', f'<desc id="chart-desc">{e(desc)}</desc>']
    axis_y = top + row * len(s.dimensions)
    for tick in (0, 25, 50, 75, 100):
        x = x0 + bar_w * tick / 100
        out.append(f'<line x1="{x:g}" y1="{top}" x2="{x:g}" y2="{axis_y}" '
                   f'stroke="{"#8a94a3" if tick == 0 else "#d9dee5"}" stroke-width="1"/>')
        out.append(f'<text x="{x:g}" y="{axis_y + 18}" text-anchor="middle" fill="#5f6b7a" '
                   f'font-size="11.5">{tick}</text>')
    for i, d in enumerate(s.dimensions):
        y = top + row * i + (row - bar_h) / 2
        lines = _wrap(d.title, size, label_w - 16)
        first = y + bar_h / 2 + 4.5 - (len(lines) - 1) * 8
        spans = "".join(f'<tspan x="{x0 - 12:g}" y="{first + 16 * k:g}">{e(t)}</tspan>'
                        for k, t in enumerate(lines))
        out.append(f'<text text-anchor="end" fill="#1f2933">{spans}</text>')
        out.append(f'<rect x="{x0:g}" y="{y:g}" width="{bar_w:g}" height="{bar_h}" '
                   f'fill="#f0f2f5"/>')
        shown = "—" if d.score is None else str(d.score)
        if d.score is not None:
            length = bar_w * max(0, min(d.score, 100)) / 100
            out.append(f'<rect class="bar bar-{sev(d.severity)}" x="{x0:g}" y="{y:g}" '
                       f'width="{length:g}" height="{bar_h}" '
                       f'fill="{PALETTE[sev(d.severity)][2]}"/>')
        out.append(f'<text x="{x0 + bar_w + 10:g}" y="{y + bar_h / 2 + 4.5:g}" '
                   f'fill="{PALETTE[sev(d.severity)][0]}"><tspan font-weight="700">{shown}'
                   f'</tspan> {e(d.level_label)}</text>')
    out.append("</svg>")
    return "\n".join(out)
