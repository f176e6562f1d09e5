"""Plain-text layout by display width: CJK characters take two cells (rich.cells.cell_len).

`wrap` never cuts a character and prefers to break Latin text at spaces; `pad` and `table`
align columns in both languages.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rich.cells import cell_len

from dragon_tui.text import clip, printable


def pad(text: str, width: int, align: str = "left") -> str:
    """`text` clipped or padded with spaces to exactly `width` cells."""
    text = clip(text, width)
    room = width - cell_len(text)
    return " " * room + text if align == "right" else text + " " * room


CACHED_TEXT = 600  # characters: a table cell's text is wrapped once for each width it gets


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Lines of at most `width` cells. Breaks at spaces and after a hyphen between letters for
    Latin words ("decision-" / "maker"), anywhere between CJK."""
    if len(text) <= CACHED_TEXT:
        return list(_wrap_kept(text, width, indent))
    return _wrap(text, width, indent)


@lru_cache(maxsize=8192)
def _wrap_kept(text: str, width: int, indent: str) -> tuple[str, ...]:
    # the same cells are wrapped again each time a screen shows them (the funnel's deals)
    return tuple(_wrap(text, width, indent))


def _wrap(text: str, width: int, indent: str) -> list[str]:
    width = max(width, 2 + cell_len(indent))
    lines: list[str] = []
    start = cell_len(indent)
    for paragraph in printable(text).split("\n"):
        if start + cell_len(paragraph) <= width:  # fits: nothing to break
            lines.append((indent + paragraph).rstrip())
            continue
        line, used = indent, start
        word, word_width = "", 0

        def flush() -> None:
            """The pending Latin word onto the line, on a new line if it does not fit."""
            nonlocal line, used, word, word_width
            if used + word_width > width and used > start:
                lines.append(line.rstrip())
                line, used = indent, start
            while word_width > width - used:  # a word longer than a line: hard-split
                piece = clip(word, width - used, ellipsis="")
                lines.append(line + piece)
                word = word[len(piece) :]
                word_width = cell_len(word)
                line, used = indent, start
            line, used = line + word, used + word_width
            word, word_width = "", 0

        for char in paragraph + "\0":
            char_width = cell_len(char)
            if char == "\0" or char == " " or char_width == 2:
                if word:
                    flush()
                if char == "\0":
                    break
                if used + char_width > width:
                    lines.append(line.rstrip())
                    line, used = indent, start
                    if char == " ":
                        continue
                line, used = line + char, used + char_width
            else:
                word += char
                word_width += char_width
                if char == "-" and len(word) > 1 and word[-2].isalpha():
                    flush()  # a line may break after the hyphen of a compound word
        lines.append(line.rstrip())
    return lines


def table(
    rows: Sequence[Sequence[str]],
    widths: Sequence[int],
    aligns: Sequence[str] | None = None,
    sep: str = "  ",
) -> list[str]:
    """Rows laid out in fixed-width columns (cells clipped to fit)."""
    aligns = aligns or ["left"] * len(widths)
    return [
        sep.join(
            pad(printable(str(cell), single_line=True), w, a)
            for cell, w, a in zip(row, widths, aligns, strict=False)
        ).rstrip()
        for row in rows
    ]


def rule(width: int, char: str = "─") -> str:
    return char * width
