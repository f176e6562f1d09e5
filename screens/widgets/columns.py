"""Column widths that fit a DataTable into the terminal: fixed columns, the rest shared."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

CELL_PADDING = 2  # DataTable's default cell_padding=1 on each side
SCROLLBAR = 2
MINIMUM = 8


def fit_widths(
    available: int, widths: list[int | float | None], most: list[int | None] | None = None
) -> list[int]:
    """Widths for columns: an int is fixed; None (one share) or a float (that many shares)
    divides what is left, each at least MINIMUM (the widest give back what the minimums take
    beyond the screen). `most`: the widest a shared column's cells are (None: no bound); a
    column given more keeps only that, and the rest is shared again among the others (on a
    wide screen the names are whole before the stage gets spare room)."""
    most = most or [None] * len(widths)
    shares = [1.0 if w is None else w for w in widths]
    result = [w if isinstance(w, int) else MINIMUM for w in shares]
    room = available - SCROLLBAR - CELL_PADDING * len(widths)
    room -= sum(w for w in widths if isinstance(w, int))
    flexible = shared = [i for i, w in enumerate(shares) if isinstance(w, float)]
    # a column is bound to its cells only when its share is more (never under MINIMUM)
    cap = [0 if m is None else max(m, MINIMUM) for m in most]
    while flexible:
        total = sum(shares[i] for i in flexible)
        bound = [i for i in flexible if cap[i] and room * shares[i] / total >= cap[i]]
        if not bound:
            break
        for i in bound:
            result[i] = cap[i]
            room -= cap[i]
        flexible = [i for i in flexible if i not in bound]
    total = sum(shares[i] for i in flexible) or 1.0
    for i in flexible:
        result[i] = max(int(room * shares[i] / total), MINIMUM)
    left = room - sum(result[i] for i in flexible)
    for i in sorted(shared, key=lambda i: -result[i]):  # MINIMUM made them too wide:
        take = min(-left, result[i] - MINIMUM)  # the widest give the cells back
        if take > 0:
            result[i] -= take
            left += take
    for i in flexible:  # rounding leftovers go to the first shared column with room for them
        give = left if most[i] is None else min(left, most[i] - result[i])
        if give > 0:
            result[i] += give
            left -= give
    return result


def set_columns(
    table: DataTable,
    available: int,
    columns: list[tuple[str, int | float | None]],
    most: list[int | None] | None = None,
) -> list[int]:
    """Clear `table` and give it `columns` (label, fixed width or None) that fit `available`
    (`most`: see `fit_widths`).

    A fixed width is at least its label's width, and a heading wider than its shared column
    wraps onto a second line (or more), so a heading is never cut ("Opportun")."""
    widths = [max(w, cell_len(label)) if isinstance(w, int) else w for label, w in columns]
    fitted = fit_widths(available, widths, most)
    table.clear(columns=True)
    headings = [
        heading_lines(label, width) for (label, _), width in zip(columns, fitted, strict=True)
    ]
    table.header_height = max(map(len, headings), default=1)
    for lines, width in zip(headings, fitted, strict=True):
        table.add_column(Text("\n".join(lines)), width=width)
    return fitted


def heading_lines(label: str, width: int) -> list[str]:
    """A column's heading in lines of at most `width` cells: broken between words, a Latin word
    longer than the column with a hyphen ("Opportu-" / "nity"), Chinese anywhere."""
    from dragon_tui.export.text import wrap

    if cell_len(label) <= width or width < 2:
        return [label]
    if cell_len(label) != len(label):
        return wrap(label, width) or [label]
    lines: list[str] = []
    line = ""
    for word in label.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def add_wrapped_row(
    table: DataTable,
    cells: list[str | Text],
    *,
    key: str | None = None,
    single_line: bool = True,
) -> None:
    """Add a row whose text cells are wrapped here to their columns' widths (a CJK-aware wrap,
    control characters made visible), at the height of its tallest cell. The table then need
    not render every cell to measure it (`height=None`): for thousands of rows that held tens
    of MB of rendered lines. A Text cell (a label, a figure) is added as it is. With
    `single_line=False` a cell's own line breaks are kept (a summary's paragraphs)."""
    from dragon_tui.export.text import wrap
    from dragon_tui.text import printable

    shown: list[str | Text] = []
    height = 1
    for cell, column in zip(cells, table.ordered_columns, strict=False):
        if isinstance(cell, Text):
            shown.append(cell)
            continue
        text = printable(cell, single_line=True) if single_line else cell
        lines = wrap(text, column.width) or [""]
        height = max(height, len(lines))
        shown.append(Text("\n".join(lines)))
    table.add_row(*shown, key=key, height=height)
