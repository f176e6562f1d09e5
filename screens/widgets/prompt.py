"""A one-line text prompt (e.g. the reason an opportunity was lost); dismisses with the text or None."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from dragon_tui.text import printable


class PromptScreen(ModalScreen[str | None]):
    """Enter submits (blank is refused when `required`), escape cancels.

    `check(text)` returns what is wrong with the text (shown under the field, the dialog stays
    open with the text in place) or None.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self,
        question: str,
        *,
        value: str = "",
        required: bool = True,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.required = required
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-dialog"):
            yield Static(printable(self.question), markup=False, id="prompt-question")
            yield Input(value=self.value, id="prompt-input")
            yield Static("", id="prompt-error", classes="form-error", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.required and not event.value.strip():
            self.query_one(Input).add_class("-invalid")
            return
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one(Input).add_class("-invalid")
            self.query_one("#prompt-error", Static).update(printable(problem, single_line=True))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
