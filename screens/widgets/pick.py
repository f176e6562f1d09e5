"""A modal list to pick one of several entries (e.g. an earlier checklist by date)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..base import literal
from .footer import Footer
from .footer_language import TranslatedFooter


class PickScreen(TranslatedFooter, ModalScreen[str | None]):
    """Enter picks the highlighted entry (dismisses with its id), escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pick.cancel")]

    def __init__(
        self, title: str, entries: list[tuple[str, Text | str]], lang: str, current: str | None
    ) -> None:
        super().__init__()
        self.heading = title
        self.entries = entries
        self.lang = lang
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-dialog"):
            yield Static(literal(self.heading), classes="section-title")
            yield OptionList(
                *[
                    Option(text if isinstance(text, Text) else literal(text), id=entry_id)
                    for entry_id, text in self.entries
                ],
                id="pick-list",
            )
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [entry_id for entry_id, _ in self.entries]
        if self.current in ids:
            options.highlighted = ids.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
