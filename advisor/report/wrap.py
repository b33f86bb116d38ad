"""Line breaking for the interview's texts: at spaces for English, between any two Chinese
characters for Chinese, with the Chinese rules (kinsoku) that no line starts with a closing
mark and none ends with an opening one.

rich breaks lines only at spaces, so a Chinese sentence is one long "word": it is pushed to
the next line whole (leaving the line above half empty) and then cut at the column edge.
`Para` finds the break opportunities itself and lets rich do the rest (styles, indents).
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from .kinsoku import CLOSING

OPENING = set("（「『《〈【“‘([")
_CLOSING = CLOSING | set("”’)]")


def _wide(ch: str) -> bool:
    return cell_len(ch) == 2


def _units(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the pieces between which a line may break: a run of spaces, a word of
    narrow characters, or one wide character; closing marks stick to what precedes them and
    opening marks to what follows."""
    i, n = 0, len(text)
    while i < n:
        j = i
        if text[j] == " ":
            while j < n and text[j] == " ":
                j += 1
        else:
            while j < n and text[j] in OPENING:
                j += 1
            if j < n and _wide(text[j]):
                j += 1
            else:
                while j < n and text[j] != " " and not _wide(text[j]) and text[j] not in OPENING:
                    j += 1
            while j < n and text[j] in _CLOSING:
                j += 1
        yield i, max(j, i + 1)
        i = max(j, i + 1)


def break_offsets(text: str, width: int) -> list[int]:
    """Where each line after the first starts, filling lines greedily up to `width` cells."""
    offsets: list[int] = []
    used = 0
    for start, end in _units(text):
        piece = text[start:end]
        cells = cell_len(piece)
        if piece.isspace():
            used += cells
            continue
        if used and used + cells > width:  # the spaces before it end the line above
            offsets.append(start)
            used = 0
        used += cells
    return offsets


class Para:
    """A paragraph (one rich `Text`, styles kept) wrapped by `break_offsets`; explicit line
    breaks in the text start new lines."""

    def __init__(self, text: Text | str, style: str = ""):
        self.text = text if isinstance(text, Text) else Text(text, style=style)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for line in self.text.split("\n"):
            plain = line.plain
            pieces = line.divide(break_offsets(plain, width))
            for piece in pieces:
                piece.rstrip()
                piece.overflow = "fold"
                yield piece
