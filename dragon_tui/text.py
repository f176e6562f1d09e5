"""Making user text safe to show in a terminal: control characters made visible, width clipping."""

from __future__ import annotations

import re

from rich.cells import cell_len

# C0/C1 controls (except tab/newline handled separately), DEL, and bidi overrides/isolates that
# could reorder what the user sees. ESC becomes ␛ so an ANSI sequence shows as text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "␡"
    return "�"


def printable(text: str, *, single_line: bool = False) -> str:
    """`text` with control characters replaced by visible symbols; newlines kept unless asked."""
    if single_line:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    else:
        text = text.replace("\r\n", "\n").replace("\t", "    ")
    return _CONTROL.sub(_visible, text)


def clip(text: str, cells: int, ellipsis: str = "…") -> str:
    """Clip `text` to at most `cells` display cells (CJK counts 2), never splitting a character."""
    if cell_len(text) <= cells:
        return text
    room = max(cells - cell_len(ellipsis), 0)
    out, used = [], 0
    for char in text:
        width = cell_len(char)
        if used + width > room:
            break
        out.append(char)
        used += width
    return "".join(out) + (ellipsis if cells >= cell_len(ellipsis) else "")


# Characters no file name may hold on Windows, macOS or Linux, plus the dot (a suffix is added).
_UNSAFE = re.compile(r'[<>:"/\\|?*.\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]+')


def safe_file_stem(*parts: str, cells: int = 80) -> str:
    """A file name (without suffix) from `parts` such as an account and an opportunity name:
    unsafe characters become `_`, spaces `-`, at most `cells` display cells, never empty."""
    cleaned = []
    for part in parts:
        text = _UNSAFE.sub("_", part)
        text = re.sub(r"\s+", "-", text.strip()).strip("-_")
        if text:
            cleaned.append(text)
    stem = clip("-".join(cleaned), cells, ellipsis="")
    return stem.strip("-_") or "export"
