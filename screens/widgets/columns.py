"""Column widths that fit a DataTable into the terminal: fixed columns, the rest shared."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import DataTable

CELL_PADDING = 2  # DataTable's default cell_padding=1 on each side
SCROLLBAR = 2
MINIMUM = 8


def fit_widths(available: int, widths: list[int | float | None]) -> list[int]:
    """Widths for columns: an int is fixed; None (one share) or a float (that many shares)
    divides what is left, each at least MINIMUM."""
    shares = [1.0 if w is None else w for w in widths]
    fixed = sum(w for w in widths if isinstance(w, int))
    total_shares = sum(w for w in shares if isinstance(w, float)) or 1.0
    room = available - SCROLLBAR - CELL_PADDING * len(widths) - fixed
    result = [
        w if isinstance(w, int) else max(int(room * w / total_shares), MINIMUM) for w in shares
    ]
    flexible = [i for i, w in enumerate(shares) if isinstance(w, float)]
    if flexible:  # rounding leftovers go to the first shared column
        result[flexible[0]] += max(room - sum(result[i] for i in flexible), 0)
    return result


def set_columns(
    table: DataTable, available: int, columns: list[tuple[str, int | float | None]]
) -> list[int]:
    """Clear `table` and give it `columns` (label, fixed width or None) that fit `available`.

    A fixed width is at least its label's width, so a heading is never cut."""
    widths = [max(w, cell_len(label)) if isinstance(w, int) else w for label, w in columns]
    fitted = fit_widths(available, widths)
    table.clear(columns=True)
    for (label, _), width in zip(columns, fitted, strict=True):
        table.add_column(label, width=width)
    return fitted
