"""Chinese line breaking for the terminal: no line may start with a closing mark.

Chinese text has no spaces, so rich folds it at the exact column width, and a closing mark
(。，、；：）」』！？) can start a line, which Chinese typesetting forbids. `fix_lines` takes
the rendered lines and, where a line starts with one, carries the last character of the
line above down with it ("push-in" kinsoku), when the lines below have room for it.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

Chars = list[tuple[str, Style | None]]

CLOSING = set("。，、；：）」』！？》〉】…")


def _chars(line: list[Segment]) -> Chars:
    return [(ch, seg.style) for seg in line for ch in seg.text]


def _segments(chars: Chars) -> list[Segment]:
    out: list[Segment] = []
    for ch, style in chars:
        if out and out[-1].style == style:
            out[-1] = Segment(out[-1].text + ch, style)
        else:
            out.append(Segment(ch, style))
    return out


def _cell_end(chars: Chars, start: int) -> int:
    """The index after the last character of the text block that begins at `start` (a block
    ends at two spaces, the gap between grid columns, or at the end of the line)."""
    end = start
    i = start
    while i < len(chars):
        if chars[i][0] == " " and (i + 1 >= len(chars) or chars[i + 1][0] == " "):
            break
        if chars[i][0] != " ":
            end = i + 1
        i += 1
    return end


def _fits(line: Chars, k: int, ch: tuple[str, Style | None],
          lines: list[Chars], i: int, depth: int = 0) -> bool:
    """Insert `ch` (two columns wide) at the start `k` of the text block of line `i`, making
    room at the block's end: from the padding after it, or by carrying the block's last
    character on to the next line's block in turn. False (lines unchanged) if it cannot."""
    end = _cell_end(line, k)
    if line[end:end + 2] == [(" ", None), (" ", None)] or \
            [c for c, _ in line[end:end + 2]] == [" ", " "]:
        line.insert(k, ch)
        del line[end + 1:end + 3]
        return True
    nxt = i + 1
    last = end - 1
    if depth > 8 or cell_len(line[last][0]) != 2:
        return False
    if nxt >= len(lines) or _cell_end(lines[nxt], k) == k or \
            next((j for j, (c, _) in enumerate(lines[nxt]) if c != " "), None) != k:
        return False  # the block's last line is full (rare): left as rich laid it out
    carried = line[last]
    trial = list(lines[nxt])
    if not _fits(trial, k, carried, lines, nxt, depth + 1):
        return False
    lines[nxt][:] = trial
    del line[last]
    line.insert(k, ch)
    return True


def _kinsoku(lines: list[Chars], i: int) -> bool:
    """Fix line `i` if it starts with a closing mark; True if it changed anything."""
    prev, cur = lines[i - 1], lines[i]
    k = next((j for j, (ch, _) in enumerate(cur) if ch != " "), None)
    if k is None or cur[k][0] not in CLOSING or k >= len(prev):
        return False
    last = _cell_end(prev, k) - 1
    if last < k or cell_len(prev[last][0]) != 2 or prev[last][0] in CLOSING:
        return False
    trial = list(cur)
    if not _fits(trial, k, prev[last], lines, i):
        return False
    cur[:] = trial
    prev[last:last + 1] = [(" ", None), (" ", None)]
    return True


def fix_lines(lines: list[list[Segment]]) -> list[list[Segment]]:
    """The rendered lines with line-start closing marks pushed in."""
    chars = [_chars(line) for line in lines]
    for i in range(1, len(chars)):
        _kinsoku(chars, i)
    return [_segments(c) for c in chars]
