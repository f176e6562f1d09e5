"""A yes/no confirmation dialog for destructive actions; dismisses with True or False."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from dragon_tui.labels import t
from dragon_tui.text import printable


class ConfirmScreen(ModalScreen[bool]):
    """Asks a question; `y`/enter on Yes confirms, `n`/escape cancels."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.answer_True"),
        Binding("n,escape", "answer(False)", "No", id="confirm.answer_False"),
    ]

    def __init__(self, question: str, lang: str = "zh") -> None:
        super().__init__()
        self.question = question
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(printable(self.question), markup=False, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(t("action.yes", self.lang) + " (y)", variant="error", id="yes")
                yield Button(t("action.no", self.lang) + " (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
